//! End-to-end: `orgdeck orgs ...` against an in-process sandbox, through the real
//! binary. Each test checks the exit code, what was printed, and the effect on the
//! server by reading it back with another command.

use crate::support::cli::{AGENT, Case, Sandbox, strings_of};

#[test]
fn orgs_list_shows_every_org_and_filters_by_status() {
    let sandbox = Sandbox::start();
    let case = Case::for_sandbox("orgs-list", &sandbox);

    let all = case.run(&["--profile", "t", "orgs", "list"]);
    all.ok()
        .stdout_has("ID")
        .stdout_has("DOMAINS")
        .stdout_has("co-acme-01")
        .stdout_has("Acme Ltd")
        .stdout_has("co-acme-12")
        .stdout_has("Vandelay Imports");

    let suspended = case.run(&["orgs", "list", "--status", "suspended"]);
    suspended.ok().stdout_has("co-acme-06");
    assert!(
        !suspended.stdout.contains("co-acme-01"),
        "{}",
        suspended.dump()
    );

    let json = case.run(&["--json", "orgs", "list", "--status", "suspended"]);
    let ids = strings_of(&json.ok().json(), "id");
    assert_eq!(ids, ["co-acme-06"], "{}", json.dump());
}

#[test]
fn orgs_show_prints_every_field() {
    let sandbox = Sandbox::start();
    let case = Case::for_sandbox("orgs-show", &sandbox);
    case.run(&["orgs", "show", "co-acme-01"])
        .ok()
        .stdout_has("Acme Ltd")
        .stdout_has("acme-ltd.com, acme-ltd.co.uk")
        .stdout_has("https://crm.example.com/accounts/1001")
        .stdout_has("Flagship account")
        .stdout_has("active");

    let org = case.run(&["--json", "orgs", "show", "co-acme-01"]).json();
    assert_eq!(org["id"], "co-acme-01");
    assert_eq!(org["name"], "Acme Ltd");
    assert_eq!(org["status"], "active");
}

#[test]
fn orgs_lookup_finds_the_owner_of_a_domain_in_any_case() {
    let sandbox = Sandbox::start();
    let case = Case::for_sandbox("orgs-lookup", &sandbox);
    for domain in [
        "northwind-traders.com",
        "NORTHWIND-TRADERS.com",
        "NwTraders.IO",
    ] {
        let run = case.run(&["--json", "orgs", "lookup", domain]);
        assert_eq!(run.ok().json()["id"], "co-acme-02", "{}", run.dump());
    }
    case.run(&["orgs", "lookup", "NORTHWIND-traders.COM"])
        .ok()
        .stdout_has("Northwind Traders");
    case.run(&["orgs", "lookup", "nobody-owns-this.example"])
        .code(3);
}

#[test]
fn orgs_create_with_several_domains_is_readable_afterwards() {
    let sandbox = Sandbox::start();
    let case = Case::for_sandbox("orgs-create", &sandbox);
    let created = case.run(&[
        "orgs",
        "create",
        "--name",
        "Newco",
        "--domain",
        "newco.io",
        "--domain",
        "newco.com",
        "--external-ref",
        "https://crm.example.com/accounts/9",
        "--notes",
        "made by a test",
    ]);
    created.ok().stdout_has("created Newco (");
    let id = created
        .stdout
        .lines()
        .find_map(|line| line.strip_prefix("id"))
        .map(|rest| rest.trim().to_owned())
        .unwrap_or_else(|| panic!("no id line\n{}", created.dump()));

    let org = case.run(&["--json", "orgs", "show", &id]).json();
    assert_eq!(org["name"], "Newco");
    assert_eq!(org["domains"], serde_json::json!(["newco.io", "newco.com"]));
    assert_eq!(org["external_ref"], "https://crm.example.com/accounts/9");
    assert_eq!(org["notes"], "made by a test");
    assert_eq!(org["status"], "active");

    let found = case.run(&["--json", "orgs", "lookup", "NEWCO.COM"]).json();
    assert_eq!(found["id"], id.as_str());

    let listed = case.run(&["--json", "orgs", "list"]).json();
    assert!(strings_of(&listed, "id").contains(&id));
}

#[test]
fn orgs_create_in_json_mode_answers_the_new_org() {
    let sandbox = Sandbox::start();
    let case = Case::for_sandbox("orgs-create-json", &sandbox);
    let run = case.run(&["--json", "orgs", "create", "--name", "Jsonco"]);
    let org = run.ok().json();
    assert_eq!(org["name"], "Jsonco", "{}", run.dump());
    assert_eq!(org["domains"], serde_json::json!([]));
    let id = org["id"].as_str().expect("an id");
    assert_eq!(
        case.run(&["--json", "orgs", "show", id]).json()["name"],
        "Jsonco"
    );
}

#[test]
fn orgs_update_changes_name_domains_and_clears_fields() {
    let sandbox = Sandbox::start();
    let case = Case::for_sandbox("orgs-update", &sandbox);
    let show = || case.run(&["--json", "orgs", "show", "co-acme-03"]).json();

    case.run(&["orgs", "update", "co-acme-03", "--name", "Initech Software"])
        .ok()
        .stdout_has("Initech Software");
    assert_eq!(show()["name"], "Initech Software");
    // Only the name changed.
    assert_eq!(
        show()["domains"],
        serde_json::json!(["initech-software.com"])
    );

    case.run(&[
        "orgs",
        "update",
        "co-acme-03",
        "--domain",
        "initech.example",
        "--domain",
        "initrode.example",
    ])
    .ok();
    assert_eq!(
        show()["domains"],
        serde_json::json!(["initech.example", "initrode.example"])
    );
    // The old domain is free again, the new one is found.
    case.run(&["orgs", "lookup", "initech-software.com"])
        .code(3);
    assert_eq!(
        case.run(&["--json", "orgs", "lookup", "INITRODE.example"])
            .json()["id"],
        "co-acme-03"
    );

    case.run(&["orgs", "update", "co-acme-03", "--external-ref", ""])
        .ok();
    let org = show();
    assert!(org["external_ref"].is_null(), "{org}");
    assert_eq!(org["name"], "Initech Software");

    case.run(&["orgs", "update", "co-acme-03", "--no-domains"])
        .ok();
    assert_eq!(show()["domains"], serde_json::json!([]));
}

#[test]
fn orgs_update_without_changes_is_a_usage_error() {
    let sandbox = Sandbox::start();
    let case = Case::for_sandbox("orgs-update-nothing", &sandbox);
    case.run(&["orgs", "update", "co-acme-03"])
        .code(2)
        .stderr_has("nothing to change");
}

#[test]
fn orgs_suspend_and_activate_flip_the_status() {
    let sandbox = Sandbox::start();
    let case = Case::for_sandbox("orgs-suspend", &sandbox);
    let suspended_ids = || {
        strings_of(
            &case
                .run(&["--json", "orgs", "list", "--status", "suspended"])
                .json(),
            "id",
        )
    };

    case.run(&["orgs", "suspend", "co-acme-05"])
        .ok()
        .stdout_has("suspended Stark Logistics (co-acme-05)");
    assert!(suspended_ids().contains(&"co-acme-05".to_owned()));
    assert_eq!(
        case.run(&["--json", "orgs", "show", "co-acme-05"]).json()["status"],
        "suspended"
    );

    case.run(&["orgs", "activate", "co-acme-05"])
        .ok()
        .stdout_has("reactivated Stark Logistics (co-acme-05)");
    assert!(!suspended_ids().contains(&"co-acme-05".to_owned()));
    assert_eq!(
        case.run(&["--json", "orgs", "show", "co-acme-05"]).json()["status"],
        "active"
    );
}

#[test]
fn orgs_delete_with_yes_removes_the_org_and_orphans_its_members() {
    let sandbox = Sandbox::start();
    let case = Case::for_sandbox("orgs-delete", &sandbox);
    let members = strings_of(
        &case
            .run(&["--json", "users", "list", "--org", "co-acme-03"])
            .json(),
        "email",
    );
    assert!(members.contains(&"peter.gibbons@initech-software.com".to_owned()));

    case.run(&["orgs", "delete", "co-acme-03", "--yes"])
        .ok()
        .stdout_has("deleted Initech (co-acme-03)");

    case.run(&["orgs", "show", "co-acme-03"]).code(3);
    let listed = case.run(&["--json", "orgs", "list"]).json();
    assert!(!strings_of(&listed, "id").contains(&"co-acme-03".to_owned()));
    let after = case.run(&["--json", "users", "list", "--org", "co-acme-03"]);
    assert_eq!(after.ok().json(), serde_json::json!([]), "{}", after.dump());

    // The members keep their accounts, now without an organization.
    let everyone = case.run(&["--json", "users", "list"]).json();
    let peter = everyone
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["email"] == "peter.gibbons@initech-software.com")
        .expect("the member still exists");
    assert!(peter["organization"].is_null(), "{peter}");
    // Its domain is free again.
    case.run(&["orgs", "lookup", "initech-software.com"])
        .code(3);
}

#[test]
fn orgs_delete_without_yes_off_a_terminal_refuses_and_changes_nothing() {
    let sandbox = Sandbox::start();
    let case = Case::for_sandbox("orgs-delete-no-yes", &sandbox);
    // The harness runs the binary with stdin from /dev/null: not a terminal.
    case.run(&["orgs", "delete", "co-acme-03"])
        .code(2)
        .stderr_has("--yes")
        .stderr_has("Initech");
    case.run(&["orgs", "show", "co-acme-03"])
        .ok()
        .stdout_has("Initech");
    assert!(case.audit_text().is_empty(), "{}", case.audit_text());
}

#[test]
fn six_domains_are_rejected_with_a_field_line() {
    let sandbox = Sandbox::start();
    let case = Case::for_sandbox("orgs-six-domains", &sandbox);
    let mut args = vec!["orgs", "create", "--name", "Sixco"];
    for domain in [
        "a.sixco.com",
        "b.sixco.com",
        "c.sixco.com",
        "d.sixco.com",
        "e.sixco.com",
        "f.sixco.com",
    ] {
        args.extend(["--domain", domain]);
    }
    case.run(&args)
        .code(3)
        .stderr_has("domains[5]:")
        .field_line("domains[5]")
        .stderr_has("hint:");
    let listed = case.run(&["--json", "orgs", "list"]).json();
    assert!(!strings_of(&listed, "name").contains(&"Sixco".to_owned()));
}

#[test]
fn a_domain_of_another_org_is_rejected_with_a_domains_line() {
    let sandbox = Sandbox::start();
    let case = Case::for_sandbox("orgs-dup-domain", &sandbox);
    case.run(&[
        "orgs",
        "create",
        "--name",
        "Copycat",
        "--domain",
        "ACME-LTD.com",
    ])
    .code(3)
    .field_line("domains[0]")
    .stderr_has("Acme Ltd");
    let listed = case.run(&["--json", "orgs", "list"]).json();
    assert!(!strings_of(&listed, "name").contains(&"Copycat".to_owned()));
    // Same for an update that would take another org's domain.
    case.run(&["orgs", "update", "co-acme-05", "--domain", "acme-ltd.co.uk"])
        .code(3)
        .stderr_has("domains");
    assert_eq!(
        case.run(&["--json", "orgs", "show", "co-acme-05"]).json()["domains"],
        serde_json::json!(["stark-logistics.com"])
    );
}

#[test]
fn a_blank_name_is_rejected_as_display_name() {
    let sandbox = Sandbox::start();
    let case = Case::for_sandbox("orgs-blank-name", &sandbox);
    case.run(&["orgs", "update", "co-acme-01", "--name", "   "])
        .code(3)
        .field_line("display-name");
    case.run(&["orgs", "create", "--name", " "])
        .code(3)
        .field_line("display-name");
    assert_eq!(
        case.run(&["--json", "orgs", "show", "co-acme-01"]).json()["name"],
        "Acme Ltd"
    );
}

#[test]
fn an_unknown_org_id_is_rejected() {
    let sandbox = Sandbox::start();
    let case = Case::for_sandbox("orgs-unknown", &sandbox);
    case.run(&["orgs", "show", "co-acme-99"])
        .code(3)
        .stderr_has("co-acme-99");
    case.run(&["orgs", "suspend", "co-acme-99"]).code(3);
    case.run(&["orgs", "delete", "co-acme-99", "--yes"]).code(3);
}

#[test]
fn an_agent_may_not_create_organizations() {
    let sandbox = Sandbox::start();
    let case = Case::for_sandbox("orgs-agent", &sandbox);
    case.run_as(Some(AGENT), &["orgs", "create", "--name", "Agentco"])
        .code(4)
        .stderr_has("hint:");
    // It may still read, and the org was not created.
    let listed = case.run_as(Some(AGENT), &["--json", "orgs", "list"]);
    assert!(!strings_of(&listed.ok().json(), "name").contains(&"Agentco".to_owned()));
    let audit = case.audit_entries();
    assert_eq!(audit.len(), 1, "{audit:?}");
    assert_eq!(audit[0]["status"], 403);
    assert_eq!(audit[0]["outcome"], "rejected");
}
