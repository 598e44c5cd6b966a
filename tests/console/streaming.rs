//! A long people list streams in (`ClientEvent::Rows`, then `Reply::Streamed`):
//! its rows show from the first batch and grow, a refresh keeps the list held
//! until the new one is whole, and what a failure or a miscount leaves.

use crate::support::console::{Console, timeout};
use crate::support::ops;
use crossterm::event::KeyCode;
use orgdeck::api::client::{ClientEvent, RequestId};
use orgdeck::api::model::{Party, Reply};
use orgdeck::app::Msg;
use orgdeck::app::NoticeKind;
use orgdeck::app::remote::Status;

const BATCH: usize = 8;

/// acme's who-am-I answered, then `keys`, with the people read they send left in
/// flight: the console, that read's id, and the whole list the seed would answer.
fn people_loading(keys: impl FnOnce(&mut Console)) -> (Console, RequestId, Vec<Party>) {
    let mut console = Console::with_profiles(&[("acme", false)], false);
    console.answer_reads();
    keys(&mut console);
    let list = ops::list_people();
    let sent = console
        .unanswered()
        .into_iter()
        .find(|s| s.op == list)
        .expect("the people are read");
    let Some(Ok(Reply::Parties(page))) = console.reply_for(0, &list) else {
        panic!("the seed answers the people read");
    };
    let all = page.items;
    assert!(all.len() > BATCH * 3, "the seed fits these tests");
    (console, sent.id, all)
}

/// `:users`, with the people read in flight.
fn users_loading() -> (Console, RequestId, Vec<Party>) {
    people_loading(|console| console.command("users"))
}

fn rows(console: &mut Console, id: RequestId, from: usize, batch: &[Party]) -> bool {
    console.send(Msg::Client {
        tenant: 0,
        event: Box::new(ClientEvent::Rows {
            id,
            from: from as u64,
            reply: ops::parties_reply(batch.to_vec()),
        }),
    })
}

/// Every row of `all` in batches, then the end of the stream.
fn stream_all(console: &mut Console, id: RequestId, all: &[Party]) {
    for (n, batch) in all.chunks(BATCH).enumerate() {
        rows(console, id, n * BATCH, batch);
    }
    streamed(console, id, all.len());
}

fn streamed(console: &mut Console, id: RequestId, count: usize) {
    console.answer(id, Ok(Reply::Streamed { rows: count as u64 }));
}

fn selected_email(console: &Console) -> Option<String> {
    console
        .app
        .selected_person()
        .map(|(_, p)| ops::email(p).to_owned())
}

fn title(console: &mut Console) -> String {
    console
        .screen(80, 24)
        .lines()
        .nth(1)
        .unwrap_or_default()
        .to_owned()
}

fn held(console: &Console) -> Option<Vec<String>> {
    let people = console.app.tenants[0].people.data.as_ref()?;
    Some(people.iter().map(|p| ops::email(p).to_owned()).collect())
}

#[test]
fn the_people_are_read_as_a_stream() {
    let (console, id, _) = users_loading();
    assert!(
        !console.io.refreshed.contains(&id),
        "nothing is held to revalidate"
    );
    assert!(console.app.tenants[0].people.is_loading());
}

#[test]
fn rows_show_after_the_first_batch_grow_and_the_cursor_stays_on_its_row() {
    let (mut console, id, all) = users_loading();
    assert!(console.app.level().rows.is_empty());
    assert!(rows(&mut console, id, 0, &all[..BATCH]), "a redraw is due");
    assert_eq!(console.app.level().rows.len(), BATCH);
    assert!(console.app.tenants[0].people.is_partial());
    let screen = console.screen(80, 24);
    assert!(
        screen.contains(&format!("all users ({BATCH} so far)")),
        "{screen}"
    );
    assert!(
        screen.lines().next().unwrap().contains("loading"),
        "{screen}"
    );
    for _ in 0..3 {
        console.ch('j');
    }
    let (selected, offset) = (console.app.level().selected, console.app.level().offset);
    assert!(rows(&mut console, id, BATCH, &all[BATCH..BATCH * 3]));
    assert_eq!(console.app.level().rows.len(), BATCH * 3);
    assert_eq!(
        console.app.level().rows,
        (0..BATCH * 3).collect::<Vec<_>>(),
        "the new rows follow the old, in the list's order"
    );
    assert_eq!(console.app.level().selected, selected);
    assert_eq!(console.app.level().offset, offset);
    assert_eq!(
        selected_email(&console).as_deref(),
        Some(ops::email(&all[3]))
    );

    for (n, batch) in all[BATCH * 3..].chunks(BATCH).enumerate() {
        rows(&mut console, id, BATCH * 3 + n * BATCH, batch);
    }
    streamed(&mut console, id, all.len());
    let people = &console.app.tenants[0].people;
    assert!(!people.is_partial());
    assert!(matches!(people.status, Status::Loaded { .. }));
    assert_eq!(console.app.level().rows.len(), all.len());
    assert_eq!(
        selected_email(&console).as_deref(),
        Some(ops::email(&all[3]))
    );
    assert!(
        title(&mut console).contains(&format!("all users ({})", all.len())),
        "{}",
        console.screen(80, 24)
    );
}

#[test]
fn a_filter_holds_while_rows_arrive() {
    let (mut console, id, all) = users_loading();
    // The first rows are staff: the needle's first matches come a few batches in.
    let first = BATCH * 3;
    rows(&mut console, id, 0, &all[..first]);
    let needle = ".com";
    let matching = |people: &[Party]| -> Vec<String> {
        people
            .iter()
            .map(ops::email)
            .filter(|email| email.to_lowercase().contains(needle))
            .map(str::to_owned)
            .collect()
    };
    let (early, total) = (matching(&all[..first]), matching(&all));
    assert!(
        !early.is_empty() && total.len() > early.len(),
        "the seed fits: {early:?} {total:?}"
    );
    console.ch('/');
    console.type_text(needle);
    console.press(KeyCode::Enter);
    assert_eq!(console.app.level().rows.len(), early.len());
    console.ch('j');
    let chosen = selected_email(&console);
    for (n, batch) in all[first..].chunks(BATCH).enumerate() {
        rows(&mut console, id, first + n * BATCH, batch);
        assert_eq!(selected_email(&console), chosen, "the cursor holds");
    }
    streamed(&mut console, id, all.len());
    assert_eq!(console.app.level().filter, needle);
    let people = console.app.tenants[0].people.data.as_deref().unwrap();
    let shown: Vec<String> = console
        .app
        .level()
        .rows
        .iter()
        .map(|&row| ops::email(&people[row]).to_owned())
        .collect();
    assert_eq!(shown, total);
}

#[test]
fn g_while_the_rows_arrive_follows_the_end() {
    let (mut console, id, all) = users_loading();
    rows(&mut console, id, 0, &all[..BATCH]);
    console.ch('G');
    assert_eq!(console.app.level().selected, BATCH - 1);
    rows(&mut console, id, BATCH, &all[BATCH..BATCH * 2]);
    assert_eq!(console.app.level().selected, BATCH * 2 - 1);
    for (n, batch) in all[BATCH * 2..].chunks(BATCH).enumerate() {
        rows(&mut console, id, BATCH * 2 + n * BATCH, batch);
    }
    streamed(&mut console, id, all.len());
    assert_eq!(
        selected_email(&console).as_deref(),
        Some(ops::email(all.last().unwrap()))
    );

    // Any other key after G means the operator has moved on.
    let (mut console, id, all) = users_loading();
    rows(&mut console, id, 0, &all[..BATCH]);
    console.ch('G');
    console.ch('k');
    stream_all(&mut console, id, &all);
    assert_eq!(
        selected_email(&console).as_deref(),
        Some(ops::email(&all[BATCH - 2]))
    );
}

#[test]
fn rows_from_the_start_again_replace_what_an_earlier_attempt_sent() {
    let (mut console, id, all) = users_loading();
    rows(&mut console, id, 0, &all[..BATCH * 2]);
    // The read was tried again: its rows come anew, from a shorter list.
    let retried: Vec<Party> = all[BATCH..].to_vec();
    rows(&mut console, id, 0, &retried[..BATCH]);
    assert_eq!(console.app.level().rows.len(), BATCH);
    assert_eq!(
        held(&console).unwrap()[0],
        ops::email(&retried[0]),
        "the first attempt's rows are gone"
    );
    stream_all(&mut console, id, &retried);
    assert_eq!(held(&console).unwrap().len(), retried.len());
    assert_eq!(console.app.level().rows.len(), retried.len());
}

#[test]
fn a_refresh_keeps_the_list_held_until_the_new_one_is_whole() {
    let (mut console, id, all) = users_loading();
    stream_all(&mut console, id, &all);
    console.ch('j');
    console.ch('j');
    let before = held(&console).unwrap();
    console.ch('r');
    let refresh = console
        .unanswered()
        .into_iter()
        .find(|s| ops::is_list_people(&s.op))
        .expect("r reads the people again");
    assert!(
        console.io.refreshed.contains(&refresh.id),
        "a whole list is revalidated"
    );
    // The new list lacks the first person.
    let renewed: Vec<Party> = all[1..].to_vec();
    for (n, batch) in renewed.chunks(BATCH).enumerate() {
        assert!(!rows(&mut console, refresh.id, n * BATCH, batch));
        assert_eq!(held(&console).unwrap(), before, "the held list stays");
        assert_eq!(console.app.level().rows.len(), all.len());
    }
    streamed(&mut console, refresh.id, renewed.len());
    let now: Vec<String> = renewed.iter().map(|p| ops::email(p).to_owned()).collect();
    assert_eq!(held(&console).unwrap(), now);
    assert_eq!(console.app.level().rows.len(), renewed.len());
    assert!(!console.app.tenants[0].people.is_partial());
}

#[test]
fn a_row_count_that_does_not_add_up_is_reported_and_the_list_read_again() {
    let (mut console, id, all) = users_loading();
    rows(&mut console, id, 0, &all[..BATCH]);
    let before = console.sent_count();
    streamed(&mut console, id, BATCH + 5);
    let notice = console.app.notice.clone().expect("the miscount is told");
    assert_eq!(notice.kind, NoticeKind::Error);
    assert!(
        notice.text.contains(&format!(
            "ended after {BATCH} rows where the server sent {}",
            BATCH + 5
        )),
        "{notice:?}"
    );
    let again = console.io.sent[before..]
        .iter()
        .find(|s| ops::is_list_people(&s.op))
        .expect("the people are read again")
        .clone();
    assert!(
        !console.io.refreshed.contains(&again.id),
        "rows that did not add up are not revalidated"
    );
    assert_eq!(
        console.app.level().rows.len(),
        BATCH,
        "what came stays shown"
    );
    stream_all(&mut console, again.id, &all);
    assert_eq!(console.app.level().rows.len(), all.len());

    // A server that miscounts again is told, not read in a loop.
    console.ch('r');
    let refresh = console
        .unanswered()
        .into_iter()
        .find(|s| ops::is_list_people(&s.op))
        .unwrap();
    rows(&mut console, refresh.id, 0, &all[..BATCH]);
    streamed(&mut console, refresh.id, BATCH + 1);
    let first = console.sent_count();
    assert_eq!(
        held(&console).unwrap().len(),
        all.len(),
        "the whole list held stays, stale"
    );
    let retried = console
        .unanswered()
        .into_iter()
        .find(|s| ops::is_list_people(&s.op))
        .expect("read again once");
    rows(&mut console, retried.id, 0, &all[..BATCH]);
    streamed(&mut console, retried.id, BATCH + 1);
    assert!(
        console.io.sent[first..]
            .iter()
            .all(|s| !ops::is_list_people(&s.op)),
        "not a third time"
    );
    assert!(console.app.tenants[0].people.is_stale());
    let notice = console.app.notice.clone().unwrap();
    assert!(notice.hint.unwrap().contains("press r"));
}

#[test]
fn a_failure_part_way_keeps_what_arrived_marked_stale() {
    let (mut console, id, all) = users_loading();
    rows(&mut console, id, 0, &all[..BATCH * 2]);
    console.answer(id, Err(timeout()));
    let people = &console.app.tenants[0].people;
    assert_eq!(people.data.as_ref().map(Vec::len), Some(BATCH * 2));
    assert!(people.is_partial() && people.is_stale());
    assert_eq!(console.app.level().rows.len(), BATCH * 2);
    let screen = console.screen(80, 24);
    assert!(screen.contains("STALE"), "{screen}");

    let before = console.sent_count();
    console.ch('r');
    let again = console.io.sent[before..]
        .iter()
        .find(|s| ops::is_list_people(&s.op))
        .expect("r reads the people again")
        .clone();
    assert!(
        !console.io.refreshed.contains(&again.id),
        "only a whole list may be revalidated"
    );
    stream_all(&mut console, again.id, &all);
    assert_eq!(console.app.level().rows.len(), all.len());
    assert!(!console.app.tenants[0].people.is_stale());
}

#[test]
fn rows_for_another_read_or_a_superseded_one_are_dropped() {
    let (mut console, id, all) = users_loading();
    assert!(!rows(&mut console, 9_999, 0, &all[..3]), "an unknown id");
    rows(&mut console, id, 0, &all[..BATCH]);
    console.ch('r');
    let again = console
        .unanswered()
        .into_iter()
        .find(|s| ops::is_list_people(&s.op) && s.id != id)
        .expect("r sends a new read, which supersedes the first");
    assert!(!rows(&mut console, id, BATCH, &all[BATCH..BATCH * 2]));
    assert_eq!(console.app.level().rows.len(), BATCH);
    stream_all(&mut console, again.id, &all);
    assert_eq!(console.app.level().rows.len(), all.len());
    let orgs = console
        .unanswered()
        .into_iter()
        .find(|s| ops::is_list_orgs(&s.op))
        .expect("the organizations follow the people");
    assert!(!rows(&mut console, orgs.id, 0, &all[..3]));
    assert_eq!(held(&console).unwrap().len(), all.len());
}

#[test]
fn a_whole_answer_still_is_the_list() {
    let (mut console, id, all) = users_loading();
    rows(&mut console, id, 0, &all[..BATCH]);
    console.answer(id, Ok(ops::parties_reply(all.clone())));
    assert_eq!(console.app.level().rows.len(), all.len());
    assert!(!console.app.tenants[0].people.is_partial());
}

/// The Acme row of the organizations list, its cells single-spaced.
fn acme_row(screen: &str) -> String {
    screen
        .lines()
        .find(|line| line.contains("Acme Ltd"))
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// Enter on the tenant: its organizations screen reads the people, for its
/// counts, and the organizations, answered here.
fn orgs_with_people_loading() -> (Console, RequestId, Vec<Party>) {
    let (mut console, people, all) = people_loading(|console| console.press(KeyCode::Enter));
    let orgs = console
        .unanswered()
        .into_iter()
        .find(|s| ops::is_list_orgs(&s.op))
        .expect("and the organizations");
    let reply = console.reply_for(0, &orgs.op).unwrap();
    console.answer(orgs.id, reply);
    (console, people, all)
}

#[test]
fn organization_counts_show_once_the_people_are_in_as_a_whole_answer_counts_them() {
    let (mut console, people, all) = orgs_with_people_loading();
    rows(&mut console, people, 0, &all[..BATCH]);
    let screen = console.screen(80, 24);
    assert!(
        acme_row(&screen).contains("active … …"),
        "counts from the first rows would be wrong:\n{screen}"
    );
    console.press(KeyCode::Char('i'));
    let details = console.screen(80, 24);
    assert!(details.contains("people still loading"), "{details}");
    console.press(KeyCode::Esc);
    for (n, batch) in all[BATCH..].chunks(BATCH).enumerate() {
        rows(&mut console, people, BATCH + n * BATCH, batch);
    }
    streamed(&mut console, people, all.len());
    let streamed_screen = console.screen(80, 24);

    let (mut whole, people, all) = orgs_with_people_loading();
    whole.answer(people, Ok(ops::parties_reply(all)));
    let whole_screen = whole.screen(80, 24);
    assert!(
        acme_row(&whole_screen).contains("active 5 2"),
        "{whole_screen}"
    );
    assert_eq!(streamed_screen, whole_screen, "every count the same");
}

#[test]
fn erasing_a_filter_back_gives_the_rows_it_had() {
    let (mut console, id, all) = users_loading();
    stream_all(&mut console, id, &all);
    console.ch('/');
    let mut typed = Vec::new();
    for c in "a.co".chars() {
        console.ch(c);
        typed.push(console.app.level().rows.clone());
    }
    for at in (0..typed.len() - 1).rev() {
        console.press(KeyCode::Backspace);
        assert_eq!(console.app.level().rows, typed[at], "after erasing to {at}");
    }
    console.press(KeyCode::Backspace);
    assert_eq!(console.app.level().rows.len(), all.len());
}
