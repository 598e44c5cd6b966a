//! End-to-end tests of the console on Flowkiwi: the real `orgdeck
//! --sandbox=flowkiwi` in a PTY at 80x24, as the demo partner (Jane, who owns
//! Acme Corp and Acme Labs alone; Acme Labs still has instances). An
//! organization renamed through merge-patch; a delete the server refuses while
//! instances remain, its reason on screen; the last owner kept before sending;
//! an invitation refused under Email, one sent, one resent (its new expiry
//! shown, then the server's wait) and revoked.

use crate::support::e2e::*;

fn console(name: &str) -> Console {
    let mut options = Options::sandbox();
    options.args.push("--sandbox=flowkiwi".to_owned());
    Console::with_options(name, options)
}

/// From the tenants list into the demo partner's organizations.
fn open_organizations(console: &mut Console) {
    console.wait_for("the tenant reachable", |s| s.contains(" ms"));
    console.send(ENTER);
    console.wait_for("the organizations", |s| {
        s.contains("partner organizations (") && s.contains("Acme Labs")
    });
}

/// Moves the cursor to the row that holds `name`, from where the screen shows
/// the cursor now.
fn select(console: &mut Console, name: &str) {
    let screen = console.screen();
    let lines: Vec<&str> = screen.lines().collect();
    let at = |wanted: &dyn Fn(&str) -> bool| lines.iter().position(|l| wanted(l));
    let cursor = at(&|l: &str| l.starts_with("› ")).expect("a cursor");
    let row = at(&|l: &str| {
        l.trim_start_matches("› ").trim_start().starts_with(name) && l.contains("  ")
    })
    .unwrap_or_else(|| panic!("no row {name}:\n{screen}"));
    let key = if row > cursor { "j" } else { "k" };
    for _ in 0..row.abs_diff(cursor) {
        console.send(key);
    }
    console.wait_for_text(&format!("› {name}"));
}

#[test]
fn an_organization_is_renamed_through_merge_patch() {
    let mut console = console("fk-rename");
    open_organizations(&mut console);
    select(&mut console, "Acme Corp");
    console.send("e");
    console.wait_for_text("Rename Acme Corp");
    console.send(" NZ");
    console.send(ENTER);
    let saved = console.wait_for("the rename saved and listed", |s| {
        s.contains("Saved Acme Corp NZ") && s.contains("› Acme Corp NZ")
    });
    assert!(!saved.contains("Rename Acme Corp"), "{saved}");
}

#[test]
fn a_delete_refused_while_instances_remain_shows_the_servers_reason() {
    let mut console = console("fk-delete");
    open_organizations(&mut console);
    select(&mut console, "Acme Labs");
    console.send("d");
    console.wait_for_text("Delete Acme Labs?");
    console.send("Acme Labs");
    console.send(TAB);
    console.send(ENTER);
    let refused = console.wait_for("the server's refusal", |s| {
        s.contains("instances")
            && !s.contains("Delete Acme Labs?")
            && !s.contains("Delete Acme Labs…")
    });
    assert!(refused.contains("› Acme Labs"), "still listed: {refused}");
}

#[test]
fn the_last_owner_is_not_removed_and_the_console_says_so_before_sending() {
    let mut console = console("fk-last-owner");
    open_organizations(&mut console);
    select(&mut console, "Acme Labs");
    console.send(ENTER);
    console.wait_for("the owners and members", |s| {
        s.contains("[Owners & members]") && s.contains("› jane@acme.example")
    });
    console.send("d");
    let refused = console.wait_for_text("jane@acme.example is the last owner of Acme Labs");
    assert!(!refused.contains("Remove jane@acme.example"), "{refused}");
}

#[test]
fn invitations_are_sent_refused_under_email_resent_and_revoked() {
    let mut console = console("fk-invite");
    open_organizations(&mut console);
    select(&mut console, "Acme Corp");
    console.send(ENTER);
    console.wait_for_text("[Owners & members]");
    console.send(TAB);
    console.wait_for("the invitations", |s| {
        s.contains("[Invitations]") && s.contains("ravi@acme.example")
    });

    console.send("n");
    console.wait_for_text("Invite");
    console.send("not-an-email");
    console.send(ENTER);
    console.wait_for_text("✗ must be an email address such as name@example.com");
    for _ in 0.."not-an-email".len() {
        console.send(BACKSPACE);
    }
    console.send("newbie@acme.example");
    console.send(ENTER);
    console.wait_for("the invitation sent and listed", |s| {
        s.contains("Invited newbie@acme.example") && s.contains("newbie@acme.example   ")
    });

    select(&mut console, "ravi@acme.example");
    console.send("R");
    console.wait_for_text("Invitation sent again to ravi@acme.example; expires in 7d");
    console.send("R");
    console.wait_for_text("server asks to wait");

    console.send("d");
    console.wait_for_text("Revoke the invitation of ravi@acme.example?");
    console.send(TAB);
    console.send(ENTER);
    let revoked = console.wait_for("the revoke done and shown", |s| {
        s.contains("Revoked the invitation of ravi@acme.example")
            && s.lines()
                .any(|l| l.contains("ravi@acme.example") && l.contains("revoked"))
    });
    assert!(
        !revoked.contains("d delete"),
        "nothing left to revoke there: {revoked}"
    );
}
