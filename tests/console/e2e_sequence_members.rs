//! End to end: the real `orgdeck` in a PTY at 80x24 on a Sequence profile, an
//! `orgdeck sandbox --backend sequence` process behind it (the shipped seed).
//! A third member is added to Harbor Health Inc's organization, picked by name
//! from the customers the server's search finds, then one of the first two is
//! removed: the dialog names who goes and who stays, and the tab
//! follows the server's answers.

use crate::support::e2e::*;

const CLIENT: &str = "seq-northwind-client:seq-northwind-secret";

fn console(base_url: &str) -> Console {
    let config = format!(
        "[profiles.billing]\nbackend = \"sequence\"\nbase_url = \"{base_url}\"\ntoken_env = \"ORGDECK_E2E_TOKEN\"\ntimeout_ms = 20000\n"
    );
    let options = Options::sandbox()
        .config(config)
        .env("ORGDECK_E2E_TOKEN", CLIENT);
    Console::with_options("sequence-members", options)
}

#[test]
fn a_member_added_then_one_removed_with_the_dialog_naming_who_stays() {
    let sandbox = start_sandbox(&["--backend", "sequence"]);
    let mut console = console(&sandbox.base_url);
    console.wait_for("the tenant reachable", |s| s.contains(" ms"));
    console.send(ENTER);
    console.wait_for_text("customer organizations (10)");
    console.send("/");
    console.send("Harbor Health");
    console.send(ENTER);
    console.wait_for_text("matching");
    console.send(ENTER);
    console.wait_for("the owner and both members", |s| {
        s.contains("Harbor Health Inc: [Owner & members] (3)") && s.contains("Ember Foods Inc")
    });

    console.send("n");
    console.wait_for_text("Add members");
    console.send("Vertex Rob");
    console.wait_for_text("› Vertex Robotics Inc (");
    console.send(ENTER);
    console.wait_for_text("• Vertex Robotics Inc (vertex29.example, ");
    console.send(ENTER);
    console.wait_for("the third member listed", |s| {
        s.contains("Harbor Health Inc: [Owner & members] (4)") && s.contains("Vertex Robotics Inc")
    });
    assert!(
        status_line(&console.screen())
            .starts_with("Added Vertex Robotics Inc to Harbor Health Inc"),
        "{}",
        console.screen()
    );

    // The owner first, then Harbor Clinics Inc.
    console.send("g");
    console.send("j");
    console.send("d");
    let dialog = console.wait_for_text("Remove Harbor Clinics Inc from Harbor Health Inc?");
    let text: String = body(&dialog)
        .iter()
        .map(|line| line.trim_matches(|c: char| c == ' ' || c == '│'))
        .collect::<Vec<_>>()
        .join(" ");
    assert!(text.contains("Goes: Harbor Clinics Inc"), "{dialog}");
    assert!(
        text.contains("Stays: Harbor Health Inc (owner), Ember Foods Inc, Vertex Robotics Inc"),
        "{dialog}"
    );
    console.send(TAB);
    console.send(ENTER);
    console.wait_for("the member removed", |s| {
        s.contains("Harbor Health Inc: [Owner & members] (3)")
            && !body(s).iter().any(|row| row.contains("Harbor Clinics Inc"))
            && status_line(s).contains("Removed Harbor Clinics Inc from Harbor Health Inc")
    });
}
