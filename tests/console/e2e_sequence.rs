//! End-to-end tests of the console on Sequence: the real `orgdeck` in a PTY at
//! 80x24, on a profile of the Sequence backend, against `orgdeck sandbox
//! --backend sequence` in a process of its own. The organizations are read
//! through every customer and show how far the reading has come; an
//! organization is created from two customers picked by name, and one whose
//! answer is lost is settled by reading the owner back: exactly one made, and
//! said so.

use crate::support::e2e::*;

const TOKEN: &str = "seq-northwind-client:seq-northwind-secret";

fn console(name: &str, base_url: &str) -> Console {
    let config = format!(
        "[profiles.billing]\nbackend = \"sequence\"\nbase_url = \"{base_url}\"\ntoken_env = \"ORGDECK_E2E_TOKEN\"\nallow_http = true\ntimeout_ms = 20000\n"
    );
    let options = Options::sandbox()
        .config(config)
        .env("ORGDECK_E2E_TOKEN", TOKEN);
    Console::with_options(name, options)
}

/// From the tenants list into the organizations, once the tenant answered.
fn open_organizations(console: &mut Console) {
    console.wait_for("the tenant reachable", |s| s.contains(" ms"));
    console.send(ENTER);
}

#[test]
fn organizations_appear_while_the_customers_are_read_and_the_title_says_how_far() {
    // Generated customers come first (the newest), so the walk reads thousands
    // of them before the seed's organizations; the latency makes it take a while.
    let sandbox = start_sandbox(&[
        "--backend",
        "sequence",
        "--customers",
        "3000",
        "--latency-ms",
        "40",
    ]);
    let mut console = console("seq-progress", &sandbox.base_url);
    open_organizations(&mut console);
    let reading = console.wait_for("the reading under way", |s| {
        s.contains("reading customers… ") && s.contains(" of 3,040)")
    });
    assert!(
        reading.contains("billing: customer organizations (0 so far; reading customers… "),
        "{reading}"
    );
    let done = console.wait_for_text("billing: customer organizations (10)");
    assert!(done.contains("Acme Holdings Ltd"), "{done}");
    assert!(!done.contains("reading customers"), "{done}");
}

/// Opens the create form on the organizations and picks Acme Retail as the
/// owner and Cobalt Labs as its member, by name, ready to submit.
fn picked_acme_retail_and_cobalt(console: &mut Console) {
    open_organizations(console);
    console.wait_for_text("billing: customer organizations (10)");
    console.send("n");
    console.wait_for_text("New customer organization");
    console.send("Acme Ret");
    console.wait_for_text("1 match: Enter adds");
    console.send(ENTER);
    console.wait_for_text("• Acme Retail Inc (");
    console.send(TAB);
    console.send("Cobalt Lab");
    console.wait_for_text("› Cobalt Labs Inc (");
    console.send(ENTER);
    console.wait_for_text("• Cobalt Labs Inc (");
}

#[test]
fn an_organization_is_created_from_two_customers_picked_by_name() {
    let sandbox = start_sandbox(&["--backend", "sequence"]);
    let mut console = console("seq-create", &sandbox.base_url);
    picked_acme_retail_and_cobalt(&mut console);
    console.send(ENTER);
    let created = console.wait_for_text("Created Acme Retail Inc");
    assert!(!created.contains("New customer organization"), "{created}");
    let list = console.wait_for_text("billing: customer organizations (11)");
    let row = list
        .lines()
        .find(|l| l.contains("Acme Retail Inc"))
        .unwrap_or_default();
    assert!(row.contains(" 1 "), "one member: {list}");
}

#[test]
fn a_create_whose_answer_is_lost_makes_one_organization_and_says_so() {
    // Every write is applied and its answer dropped: the console cannot hear
    // the create's 201 and must settle it by reading the owner back.
    let sandbox = start_sandbox(&[
        "--backend",
        "sequence",
        "--drop-rate",
        "1",
        "--fault-scope",
        "writes",
    ]);
    let mut console = console("seq-lost", &sandbox.base_url);
    picked_acme_retail_and_cobalt(&mut console);
    console.send(ENTER);
    let settled = console.wait_for("the create settled", |s| {
        status_line(s).contains("Created Acme Retail Inc")
    });
    let said = status_line(&settled).to_owned();
    assert!(
        said.contains("the server answered 201"),
        "the message says the answer was not heard: {said}"
    );
    let list = console.wait_for_text("billing: customer organizations (11)");
    let rows = list
        .lines()
        .filter(|l| l.contains("Acme Retail Inc") && l.contains(" 1 "))
        .count();
    assert_eq!(rows, 1, "exactly one organization made: {list}");
}
