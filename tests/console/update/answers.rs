//! Answers (unknown, superseded, failed, unchanged), ticks and refreshes, countdowns, and the bugs once found here.

use super::*;

// ---------------------------------------------------------------- answers

#[test]
fn answers_for_unknown_or_superseded_requests_change_nothing() {
    let mut console = Console::orgs();
    let orgs_before = console.app.tenants[0].orgs.clone();
    assert!(!console.answer_for(0, 999, Ok(ops::nodes_reply(vec![]))));
    assert!(!console.answer_for(1, 999, Ok(ops::parties_reply(vec![]))));
    assert_eq!(console.app.tenants[0].orgs, orgs_before);

    // Two refreshes: the first one's answers are superseded.
    console.ch('r');
    let first = console.unanswered();
    console.ch('r');
    let second = console.unanswered()[first.len()..].to_vec();
    assert_eq!(second.len(), 2);
    let orgs_status = console.app.tenants[0].orgs.status.clone();
    for sent in &first {
        let empty = if ops::is_list_orgs(&sent.op) {
            ops::nodes_reply(vec![])
        } else {
            ops::parties_reply(vec![])
        };
        console.answer(sent.id, Ok(empty));
    }
    assert_eq!(
        console.app.tenants[0].orgs.status, orgs_status,
        "still loading"
    );
    assert_eq!(console.app.tenants[0].orgs.data, orgs_before.data);
    assert_eq!(
        console.app.tenants[0].people.data.as_ref().unwrap().len(),
        60
    );
    assert_eq!(console.app.level().rows.len(), 12);

    // An answer to a request that is already answered is ignored too.
    console.answer_reads();
    assert!(matches!(
        console.app.tenants[0].orgs.status,
        Status::Loaded { .. }
    ));
    let id = second[0].id;
    assert!(!console.answer(id, Ok(ops::nodes_reply(vec![]))));
    assert_eq!(console.app.level().rows.len(), 12);
}

#[test]
fn a_failed_refresh_keeps_the_last_good_data() {
    let mut console = Console::orgs();
    console.ch('r');
    for sent in console.unanswered() {
        console.answer(sent.id, Err(timeout()));
    }
    let t = &console.app.tenants[0];
    assert!(t.orgs.is_stale());
    assert!(t.people.is_stale());
    assert_eq!(t.orgs.trouble().unwrap().cause, "no answer within 10s");
    assert_eq!(console.app.level().rows.len(), 12);
    assert_eq!(console.app.load_state(), Some(("STALE".to_owned(), true)));
}

#[test]
fn a_failing_tenant_shows_why_and_can_still_be_opened_later() {
    let mut console = Console::with_profiles(&[("acme", false), ("offline", false)], false);
    console.answer_reads();
    let t = &console.app.tenants[1];
    assert!(matches!(t.me.status, Status::Failed { .. }));
    assert!(
        t.me.trouble()
            .unwrap()
            .cause
            .contains("could not connect to offline")
    );
    assert_eq!(t.latency, None);
    assert!(console.app.tenants[0].latency.is_some());
}

#[test]
fn entering_a_tenant_with_a_setup_error_is_refused_with_the_reason() {
    let mut console = with_broken_tenant();
    console.ch('j');
    let before = console.sent_count();
    console.press(KeyCode::Enter);
    assert_eq!(console.app.screen(), &Screen::Tenants);
    let notice = console.app.notice.clone().unwrap();
    assert_eq!(notice.kind, NoticeKind::Error);
    assert!(notice.text.contains("not readable"));
    assert_eq!(console.sent_count(), before);
    // A demo tenant has no profile to fix; a configured one has.
    let hint = notice.hint.unwrap();
    assert!(hint.starts_with("the log says why the sandbox"), "{hint}");
    console.app.surroundings.sandbox = false;
    console.press(KeyCode::Enter);
    let hint = console.app.notice.clone().unwrap().hint.unwrap();
    assert!(
        hint.starts_with("fix the profile in the config file"),
        "{hint}"
    );
}

/// acme, and "broken" whose set-up failed (so it has no client).
fn with_broken_tenant() -> Console {
    let mut broken = Tenant::new("broken", "https://broken.example", false);
    broken.setup_error = Some("the token file /home/op/token is not readable".into());
    let acme = Tenant::new("acme", "https://acme.example", false);
    let mut console = Console::with_tenants(vec![acme, broken], &[1], false);
    assert_eq!(console.answer_reads(), 1, "only acme is asked");
    console
}

// ---------------------------------------------------------------- ticks

fn age_tenant(console: &mut Console, tenant: usize, by: Duration) {
    let past = Instant::now()
        .checked_sub(by)
        .expect("the clock goes back that far");
    let t = &mut console.app.tenants[tenant];
    for status in [&mut t.orgs.status, &mut t.people.status, &mut t.me.status] {
        if let Status::Loaded { at } | Status::Failed { at, .. } = status {
            *at = past;
        }
    }
}

#[test]
fn a_tick_refreshes_a_screen_whose_data_is_due() {
    let mut console = Console::orgs();
    let before = console.sent_count();
    console.send(Msg::Tick);
    assert_eq!(console.sent_count(), before, "fresh data is not reloaded");

    age_tenant(&mut console, 0, Duration::from_secs(31));
    console.send(Msg::Tick);
    let sent = &console.io.sent[before..];
    assert!(sent.iter().all(|s| s.tenant == 0));
    assert_eq!(reads(&sent_since(&console, before)), (1, 1));
    // While those are under way, ticks send nothing more.
    let before = console.sent_count();
    console.send(Msg::Tick);
    assert_eq!(console.sent_count(), before);
}

#[test]
fn a_tick_with_a_form_or_dialog_open_sends_no_refresh() {
    let mut console = Console::orgs();
    age_tenant(&mut console, 0, Duration::from_secs(120));
    let before = console.sent_count();
    console.ch('n');
    console.type_text("Half typed");
    console.send(Msg::Tick);
    assert_eq!(console.sent_count(), before);
    assert_eq!(
        console.form().field("display-name").unwrap().value(),
        "Half typed"
    );
    // The form holds a change: Esc asks first, y discards it.
    console.press(KeyCode::Esc);
    console.ch('y');
    console.ch('s');
    console.send(Msg::Tick);
    assert_eq!(console.sent_count(), before);
    console.press(KeyCode::Esc);
    console.send(Msg::Tick);
    assert_eq!(reads(&sent_since(&console, before)), (1, 1));
}

#[test]
fn refresh_every_sets_when_a_tick_reloads() {
    let mut console = Console::orgs();
    console.app.refresh_every = Duration::from_secs(3600);
    age_tenant(&mut console, 0, Duration::from_secs(120));
    let before = console.sent_count();
    console.send(Msg::Tick);
    assert_eq!(console.sent_count(), before);
    console.app.refresh_every = Duration::from_secs(60);
    console.send(Msg::Tick);
    assert_eq!(reads(&sent_since(&console, before)), (1, 1));
}

#[test]
fn a_tick_on_the_tenants_pane_asks_due_tenants_again() {
    let mut console = Console::with_profiles(&[("acme", false), ("globex", false)], false);
    console.answer_reads();
    let before = console.sent_count();
    console.send(Msg::Tick);
    assert_eq!(console.sent_count(), before);
    age_tenant(&mut console, 1, Duration::from_secs(60));
    console.send(Msg::Tick);
    let sent = &console.io.sent[before..];
    assert_eq!(sent.len(), 1);
    assert_eq!((sent[0].tenant, &sent[0].op), (1, &Operation::WhoAmI));
}

#[test]
fn key_releases_are_ignored_and_ctrl_c_quits_from_anywhere() {
    let mut console = Console::orgs();
    let mut release =
        crossterm::event::KeyEvent::new(KeyCode::Char('j'), crossterm::event::KeyModifiers::NONE);
    release.kind = crossterm::event::KeyEventKind::Release;
    assert!(!console.send(Msg::Key(release)));
    assert_eq!(selected(&console), 0);
    console.ch('n');
    console.send(ctrl('c'));
    assert!(console.app.quit);
}

// ---------------------------------------------------------------- bugs

#[test]
fn actions_offered_in_an_organization_detail_view_do_something() {
    let mut console = Console::orgs();
    let acme = seed_tenant("acme").orgs[0].clone();
    console.ch('i');
    let suspend = ops::suspend_org(&acme.id);
    let delete = ops::delete_org(&acme.id);
    for (c, action, operation) in [
        ('s', Action::Suspend, suspend),
        ('d', Action::Delete, delete),
    ] {
        assert!(
            console.app.action_available(action),
            "{action:?} is offered"
        );
        console.app.notice = None;
        console.ch(c);
        // Doing something is asking to confirm that very change, not any overlay or
        // an error notice.
        assert_eq!(
            console.dialog().operation(),
            Some(&operation),
            "{c} is offered on the details of {} but did not ask to confirm it",
            acme.name
        );
        assert_eq!(console.app.notice, None, "{c}");
        console.app.overlay = None;
    }
}

#[test]
fn actions_offered_on_an_empty_people_tab_do_something() {
    let mut console = Console::orgs();
    console.select_org("Initech");
    console.press(KeyCode::Enter);
    console.press(KeyCode::Tab);
    assert!(console.app.level().rows.is_empty());
    for (c, action) in [('e', Action::Edit), ('s', Action::Suspend)] {
        assert!(
            !console.app.action_available(action),
            "{c} ({action:?}) is offered with nobody selected"
        );
    }
}

#[test]
fn filter_is_not_offered_where_it_does_nothing() {
    let mut console = Console::orgs();
    console.ch('i');
    console.ch('/');
    assert!(!console.app.level().filtering, "the filter does not open");
    assert!(!console.app.action_available(Action::Filter));
}

#[test]
fn the_refreshing_notice_ends_with_the_refresh() {
    let mut console = Console::orgs();
    console.app.notice = None;
    console.ch('r');
    // The header's spinner says a refresh is under way; no notice is needed.
    let (state, _) = console.app.load_state().expect("a load state");
    assert!(state.contains("loading"), "{state}");
    assert_eq!(console.app.notice, None, "a notice for the refresh itself");
    let refresh = console.unanswered();
    assert!(!refresh.is_empty(), "r sent nothing");
    for sent in refresh {
        console.answer(sent.id, Err(timeout()));
    }
    // The spinner ends with the refresh, and what is left says how it ended.
    let (state, stale) = console.app.load_state().expect("a load state");
    assert!(!state.contains("loading"), "{state}");
    assert!(stale, "a failed refresh leaves the lists stale: {state}");
    assert!(
        console.app.tenants[0].orgs.trouble().is_some(),
        "the failure is kept"
    );
}

#[test]
fn commands_refuse_a_tenant_with_a_setup_error_like_enter_does() {
    let mut console = with_broken_tenant();
    console.command("tenant broken");
    let refused_in_line = matches!(
        &console.app.overlay,
        Some(Overlay::Command(line)) if line.error.as_deref().is_some_and(|e| e.contains("not readable"))
    );
    let refused_in_notice = console
        .app
        .notice
        .as_ref()
        .is_some_and(|n| n.kind == NoticeKind::Error && n.text.contains("not readable"));
    assert!(
        refused_in_line || refused_in_notice,
        "screen {:?}, notice {:?}",
        console.app.screen(),
        console.app.notice
    );
}

#[test]
fn cancelled_superseded_answers_are_dropped_quietly() {
    let mut console = Console::orgs();
    console.ch('r');
    let first = console.unanswered();
    console.ch('r');
    let notice = console.app.notice.clone();
    for sent in &first {
        assert!(console.answer(
            sent.id,
            Err(ApiError::Cancelled {
                superseded: true,
                write: false,
            }),
        ));
    }
    assert_eq!(console.app.notice, notice);
    assert!(console.app.tenants[0].orgs.is_loading());
    assert!(console.app.tenants[0].orgs.trouble().is_none());
    assert_eq!(console.answer_reads(), 2);
    assert!(matches!(
        console.app.tenants[0].orgs.status,
        Status::Loaded { .. }
    ));
}

#[test]
fn a_refresh_of_held_data_revalidates_and_unchanged_keeps_it() {
    let mut console = Console::orgs();
    let people_before = console.app.tenants[0].people.data.clone();
    console.ch('r');
    let refreshes = console.unanswered();
    assert_eq!(refreshes.len(), 2, "organizations and people are re-read");
    for sent in &refreshes {
        assert!(
            console.io.refreshed.contains(&sent.id),
            "{:?} was sent as a plain read, though its data is held",
            sent.op
        );
        console.answer(sent.id, Ok(Reply::Unchanged));
    }
    let people = &console.app.tenants[0].people;
    assert!(matches!(people.status, Status::Loaded { .. }));
    assert_eq!(
        people.data, people_before,
        "unchanged data is kept as it is"
    );
    assert_eq!(console.app.level().rows.len(), 12);
}

#[test]
fn after_a_dropped_answer_unchanged_is_not_trusted() {
    let mut console = Console::orgs();
    console.ch('r');
    let first = console.unanswered();
    console.ch('r');
    let second = console.unanswered()[first.len()..].to_vec();
    // The first refresh's answers arrive after the second was sent: they are stale and
    // dropped, so the client's cache may now describe data the console never took in.
    for sent in &first {
        let data = if ops::is_list_orgs(&sent.op) {
            ops::nodes_reply(vec![])
        } else {
            ops::parties_reply(vec![])
        };
        console.answer(sent.id, Ok(data));
    }
    // The second refresh answers "unchanged", which may mean the dropped data.
    for sent in &second {
        console.answer(sent.id, Ok(Reply::Unchanged));
    }
    let again = console.unanswered();
    assert_eq!(again.len(), 2, "both are read again");
    for sent in &again {
        assert!(
            !console.io.refreshed.contains(&sent.id),
            "{:?} must be a full read, not another revalidation",
            sent.op
        );
    }
    console.answer_reads();
    assert_eq!(
        console.app.tenants[0].people.data.as_ref().unwrap().len(),
        60
    );
    assert!(matches!(
        console.app.tenants[0].people.status,
        Status::Loaded { .. }
    ));
}

#[test]
fn a_long_server_wait_counts_down_in_the_status_line_and_esc_stops_it() {
    use orgdeck::api::client::ClientEvent;
    let mut console = Console::orgs();
    console.ch('r');
    let orgs_read = console
        .unanswered()
        .into_iter()
        .find(|s| ops::is_list_orgs(&s.op))
        .expect("the refresh reads the organizations")
        .id;
    let retrying = |wait: u64| Msg::Client {
        tenant: 0,
        event: Box::new(ClientEvent::Retrying {
            id: orgs_read,
            attempt: 1,
            wait: Duration::from_secs(wait),
            cause: "rate limited: the server asks to wait".into(),
            server_asked: true,
        }),
    };
    // A short wait passes unremarked.
    console.send(retrying(1));
    assert!(!console.screen(140, 40).contains("retrying in"));

    assert!(console.send(retrying(25)));
    let screen = console.screen(140, 40);
    assert!(screen.contains("retrying in 25s"), "{screen}");
    assert!(screen.contains("rate limited"), "{screen}");
    assert!(screen.contains("Esc stops waiting"), "{screen}");
    // The loop wakes for the next second of the countdown, an overlay open or not.
    console.ch('?');
    let tick = console.app.next_tick().expect("a countdown ticks");
    assert!(tick <= Duration::from_secs(1), "{tick:?}");
    console.press(KeyCode::Esc);

    // Esc stops the wait through the request's cancel, and stays on this screen.
    let screen_before = console.app.screen().clone();
    console.press(KeyCode::Esc);
    assert_eq!(console.io.cancelled, [(0, orgs_read)]);
    assert_eq!(*console.app.screen(), screen_before);
    let notice = console.app.notice.clone().expect("a notice");
    assert!(notice.text.contains("Stopped waiting"), "{notice:?}");
    assert!(!console.screen(140, 40).contains("retrying in"));
    console.answer(
        orgs_read,
        Err(ApiError::Cancelled {
            superseded: false,
            write: false,
        }),
    );
    // With nothing waiting, Esc is Back again: from the organizations to the tenants.
    assert!(screen_before == ops::orgs_screen(0), "{screen_before:?}");
    console.press(KeyCode::Esc);
    assert_eq!(*console.app.screen(), Screen::Tenants);
}

#[test]
fn a_finished_read_ends_its_countdown() {
    use orgdeck::api::client::ClientEvent;
    let mut console = Console::orgs();
    console.ch('r');
    let reads = console.unanswered();
    for sent in &reads {
        console.send(Msg::Client {
            tenant: 0,
            event: Box::new(ClientEvent::Retrying {
                id: sent.id,
                attempt: 1,
                wait: Duration::from_secs(40),
                cause: "busy".into(),
                server_asked: true,
            }),
        });
    }
    assert!(console.screen(140, 40).contains("retrying in 40s"));
    console.answer_reads();
    assert!(!console.screen(140, 40).contains("retrying in"));
    assert!(console.app.waits.text(console.app.now).is_none());
}
