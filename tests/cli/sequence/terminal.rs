//! The Sequence commands on a terminal: `set-members` asks, and asks again when
//! the list changed while it waited for the answer; `orgs list` says how far its
//! walk through the customers has read.

use super::{ACME_GROUP, ACME_LOGISTICS, ACME_RETAIL, ATLAS, CLIENT, case, members, run};
use crate::support::Faults;
use crate::support::cli::{Sandbox, TOKEN_ENV};
use crate::support::pty;

/// Only a guard against a hung test: every wait below ends on what it waits for.
const HANG: std::time::Duration = std::time::Duration::from_secs(30);

fn said(console: &pty::Console, text: &str) -> bool {
    console.now(|now| String::from_utf8_lossy(now.raw).contains(text))
}

fn wait_for(console: &pty::Console, text: &str, times: usize) {
    console
        .wait_now(HANG, text, |now| {
            String::from_utf8_lossy(now.raw).matches(text).count() >= times
        })
        .unwrap_or_else(|err| panic!("{err}"));
}

#[test]
fn asked_on_a_terminal_set_members_asks_again_when_the_list_changed_meanwhile() {
    let sandbox = Sandbox::sequence(None, Faults::default());
    let case = case("seq-set-asked", &sandbox);
    let mut console = pty::Console::spawn(pty::Spawn {
        binary: std::path::Path::new(env!("CARGO_BIN_EXE_orgdeck")),
        config: &case.config,
        state_dir: &case.state,
        home: &case.dir,
        env: vec![(TOKEN_ENV.to_owned(), CLIENT.to_owned())],
        args: [
            "--profile",
            "t",
            "orgs",
            "set-members",
            ACME_GROUP,
            "--member",
            ACME_RETAIL,
        ]
        .map(str::to_owned)
        .to_vec(),
        rows: 40,
        cols: 200,
    })
    .unwrap_or_else(|err| panic!("{err}"));
    wait_for(&console, "[y/N]", 1);
    assert!(said(&console, "goes   Acme Logistics Inc"));
    // Someone adds a member while the question waits: the answer is not taken
    // for the list it was not given on.
    run(
        &case,
        &["orgs", "add-members", ACME_GROUP, "--member", ATLAS],
    )
    .ok();
    console.send("y\r").expect("the answer is typed");
    wait_for(
        &console,
        "changed while you were answering: asking again",
        1,
    );
    wait_for(&console, "[y/N]", 2);
    assert!(said(&console, "goes   Atlas Printing Inc"));
    assert_eq!(
        members(&case, ACME_GROUP),
        [ACME_RETAIL, ACME_LOGISTICS, ATLAS]
    );
    console.send("y\r").expect("the answer is typed");
    wait_for(&console, "replaced the members of Acme Holdings Ltd (", 1);
    wait_for(&console, "1 stay, 2 go, 0 join", 1);
    assert_eq!(members(&case, ACME_GROUP), [ACME_RETAIL]);
    console.close();
}

#[test]
fn orgs_list_says_how_far_it_has_read_on_a_terminal_only() {
    let sandbox = Sandbox::sequence(Some(960), Faults::default());
    let case = case("seq-walk", &sandbox);
    let console = pty::Console::spawn(pty::Spawn {
        binary: std::path::Path::new(env!("CARGO_BIN_EXE_orgdeck")),
        config: &case.config,
        state_dir: &case.state,
        home: &case.dir,
        env: vec![(TOKEN_ENV.to_owned(), CLIENT.to_owned())],
        args: ["--profile", "t", "orgs", "list"]
            .map(str::to_owned)
            .to_vec(),
        rows: 40,
        cols: 200,
    })
    .unwrap_or_else(|err| panic!("{err}"));
    console
        .wait_now(HANG, "the end of the list", |now| now.eof)
        .unwrap_or_else(|err| panic!("{err}"));
    let text = console.now(|now| String::from_utf8_lossy(now.raw).into_owned());
    // A thousand customers in ten pages: the first, then each tenth of the way.
    assert!(text.contains("reading customers… 100 of 1,000"), "{text}");
    assert!(text.contains("reading customers… 900 of 1,000"), "{text}");
    assert_eq!(text.matches("reading customers…").count(), 9, "{text}");
    assert!(text.contains(ACME_GROUP), "{text}");
    // A script's stderr carries errors only.
    run(&case, &["orgs", "list"])
        .ok()
        .stderr_lacks("reading")
        .stdout_has(ACME_GROUP);
}
