//! End to end on the real binary at 80x24: `:requests` lists the calls the
//! console made to its sandbox, never with the demo token; `:messages` holds a
//! notice whole; Esc returns to where they were opened from.

use crate::support::e2e::*;

#[test]
fn requests_and_messages_on_the_sandbox_never_show_the_token() {
    let mut console = Console::sandbox("e2e-requests");
    console.wait_for("every demo tenant checked", |s| {
        !s.contains("checking…") && s.contains(" ms")
    });
    console.send(":requests");
    console.send(ENTER);
    let screen = console.wait_for("the request log with who-am-I's calls", |s| {
        s.contains("Requests of this run") && s.contains("GET") && s.contains("200")
    });
    assert!(!screen.contains("sandbox-acme"), "{screen}");
    assert!(!screen.contains("sandbox-globex"), "{screen}");
    // A command that fails names itself in the log.
    console.send(":nosuchthing");
    console.send(ENTER);
    console.wait_for_text("unknown command");
    console.esc();
    console.send(":messages");
    console.send(ENTER);
    let screen = console.wait_for("the notice in the messages view", |s| {
        s.contains("Messages of this run") && s.contains("nosuchthing")
    });
    assert!(!screen.contains("sandbox-acme"), "{screen}");
    console.esc();
    console.wait_for_text("Requests of this run");
    console.esc();
    console.wait_for_text("Tenants (");
}
