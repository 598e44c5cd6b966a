//! A long people list is shown from its first rows while the rest arrives: what the
//! console does with such a preview, and with the whole answer (or a failure) after it.

use crate::support::console::{Console, timeout};
use crate::support::ops;
use crossterm::event::KeyCode;
use orgdeck::api::client::{ClientEvent, RequestId};
use orgdeck::api::model::{Party, Reply};
use orgdeck::app::Msg;
use orgdeck::app::remote::Status;

const PREVIEWED: usize = 20;

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
    assert!(all.len() > PREVIEWED);
    (console, sent.id, all)
}

/// `:users`, with the people read in flight.
fn users_loading() -> (Console, RequestId, Vec<Party>) {
    people_loading(|console| console.command("users"))
}

fn preview(console: &mut Console, id: RequestId, first: &[Party]) -> bool {
    console.send(Msg::Client {
        tenant: 0,
        event: Box::new(ClientEvent::Preview {
            id,
            reply: ops::parties_reply(first.to_vec()),
        }),
    })
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

#[test]
fn the_first_rows_show_at_once_and_the_whole_list_replaces_them_under_the_cursor() {
    let (mut console, id, all) = users_loading();
    assert!(console.app.level().rows.is_empty());
    assert!(
        preview(&mut console, id, &all[..PREVIEWED]),
        "a redraw is due"
    );
    assert_eq!(console.app.level().rows.len(), PREVIEWED);
    assert!(console.app.tenants[0].people.is_partial());
    assert!(console.app.tenants[0].people.is_loading());
    let screen = console.screen(80, 24);
    assert!(
        screen.contains(&format!("all users ({PREVIEWED} so far)")),
        "{screen}"
    );
    assert!(
        screen.lines().next().unwrap().contains("loading"),
        "{screen}"
    );

    for _ in 0..3 {
        console.ch('j');
    }
    let chosen = selected_email(&console);
    assert_eq!(chosen.as_deref(), Some(ops::email(&all[3])));

    console.answer(id, Ok(ops::parties_reply(all.clone())));
    let people = &console.app.tenants[0].people;
    assert!(!people.is_partial());
    assert!(matches!(people.status, Status::Loaded { .. }));
    assert_eq!(console.app.level().rows.len(), all.len());
    assert_eq!(selected_email(&console), chosen, "the cursor stays put");
    assert!(
        title(&mut console).contains(&format!("all users ({})", all.len())),
        "{}",
        console.screen(80, 24)
    );
}

#[test]
fn g_while_the_list_arrives_ends_on_the_last_row_of_the_whole_list() {
    let (mut console, id, all) = users_loading();
    preview(&mut console, id, &all[..PREVIEWED]);
    console.ch('G');
    assert_eq!(console.app.level().selected, PREVIEWED - 1);
    // A second preview (a retried read) moves it on with the rows.
    preview(&mut console, id, &all[..PREVIEWED + 5]);
    assert_eq!(console.app.level().selected, PREVIEWED + 4);
    console.answer(id, Ok(ops::parties_reply(all.clone())));
    assert_eq!(
        selected_email(&console).as_deref(),
        Some(ops::email(all.last().unwrap()))
    );

    // Any other key after G means the operator has moved on.
    let (mut console, id, all) = users_loading();
    preview(&mut console, id, &all[..PREVIEWED]);
    console.ch('G');
    console.ch('k');
    console.answer(id, Ok(ops::parties_reply(all.clone())));
    assert_eq!(
        selected_email(&console).as_deref(),
        Some(ops::email(&all[PREVIEWED - 2]))
    );
}

#[test]
fn a_filter_typed_over_the_first_rows_applies_to_the_whole_list_when_it_lands() {
    let (mut console, id, all) = users_loading();
    preview(&mut console, id, &all[..PREVIEWED]);
    // A needle matching people both inside and beyond the previewed part.
    let needle = ".com";
    let matching = |people: &[Party]| {
        people
            .iter()
            .filter(|p| ops::email(p).to_lowercase().contains(needle))
            .count()
    };
    let (early, total) = (matching(&all[..PREVIEWED]), matching(&all));
    assert!(early > 0 && total > early, "the seed fits this test");
    console.ch('/');
    console.type_text(needle);
    assert_eq!(console.app.level().rows.len(), early);
    console.answer(id, Ok(ops::parties_reply(all.clone())));
    assert_eq!(console.app.level().rows.len(), total);
    assert_eq!(console.app.level().filter, needle);
}

#[test]
fn a_failed_load_takes_its_preview_away_and_the_retry_is_a_full_read() {
    let (mut console, id, all) = users_loading();
    preview(&mut console, id, &all[..PREVIEWED]);
    console.answer(id, Err(timeout()));
    let people = &console.app.tenants[0].people;
    assert!(
        people.data.is_none(),
        "a fragment is never left as the list"
    );
    assert!(!people.is_partial());
    assert!(console.app.level().rows.is_empty());
    let screen = console.screen(80, 24);
    assert!(screen.contains("could not load"), "{screen}");

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
}

#[test]
fn previews_never_replace_a_whole_list_or_land_for_a_request_nobody_waits_for() {
    let (mut console, id, all) = users_loading();
    console.answer(id, Ok(ops::parties_reply(all.clone())));
    assert!(
        !preview(&mut console, id, &all[..3]),
        "a preview after its answer"
    );
    console.ch('r');
    let refresh = console
        .unanswered()
        .into_iter()
        .find(|s| ops::is_list_people(&s.op))
        .expect("r re-reads the people");
    assert!(
        !preview(&mut console, refresh.id, &all[..3]),
        "a preview while a whole list is held"
    );
    assert!(!preview(&mut console, 9_999, &all[..3]), "an unknown id");
    let people = &console.app.tenants[0].people;
    assert_eq!(people.data.as_ref().map(Vec::len), Some(all.len()));
    assert!(!people.is_partial());

    // Nor does one for another list (the organizations, read once people are in).
    let orgs = console
        .unanswered()
        .into_iter()
        .find(|s| ops::is_list_orgs(&s.op))
        .expect("the organizations follow the people");
    assert!(!preview(&mut console, orgs.id, &all[..3]));
    assert_eq!(
        console.app.tenants[0].people.data.as_ref().map(Vec::len),
        Some(all.len())
    );
}

#[test]
fn a_superseded_load_keeps_showing_its_preview_until_the_new_one_answers() {
    let (mut console, id, all) = users_loading();
    preview(&mut console, id, &all[..PREVIEWED]);
    console.ch('r');
    let again = console
        .unanswered()
        .into_iter()
        .find(|s| ops::is_list_people(&s.op) && s.id != id)
        .expect("r sends a new read, which supersedes the first");
    assert!(
        !console.io.refreshed.contains(&again.id),
        "a preview is not a list to revalidate"
    );
    assert_eq!(console.app.level().rows.len(), PREVIEWED);
    assert!(
        !preview(&mut console, id, &all[..PREVIEWED + 3]),
        "the superseded read's previews are dropped"
    );
    assert!(preview(&mut console, again.id, &all[..PREVIEWED + 1]));
    assert_eq!(console.app.level().rows.len(), PREVIEWED + 1);
    console.answer(again.id, Ok(ops::parties_reply(all.clone())));
    assert_eq!(console.app.level().rows.len(), all.len());
}

#[test]
fn organization_counts_wait_for_the_whole_people_list() {
    // Enter on the tenant: its organizations screen reads the people, for its counts.
    let (mut console, people, all) = people_loading(|console| console.press(KeyCode::Enter));
    let orgs = console
        .unanswered()
        .into_iter()
        .find(|s| ops::is_list_orgs(&s.op))
        .expect("and the organizations");
    let reply = console.reply_for(0, &orgs.op).unwrap();
    console.answer(orgs.id, reply);
    preview(&mut console, people, &all[..PREVIEWED]);

    let acme_row = |screen: &str| {
        screen
            .lines()
            .find(|line| line.contains("Acme Ltd"))
            .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_default()
    };
    let screen = console.screen(80, 24);
    assert!(
        acme_row(&screen).contains("active … …"),
        "counts from the first rows would be wrong:\n{screen}"
    );
    console.press(KeyCode::Char('i'));
    let details = console.screen(80, 24);
    assert!(details.contains("people still loading"), "{details}");
    console.press(KeyCode::Esc);

    console.answer(people, Ok(ops::parties_reply(all)));
    let screen = console.screen(80, 24);
    assert!(acme_row(&screen).contains("active 5 2"), "{screen}");
}
