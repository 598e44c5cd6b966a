//! End-to-end: `orgdeck whoami`, `users list`, `invite` and `invites ...` against an
//! in-process sandbox, through the real binary.

use crate::support::cli::{
    ADMIN_EMAIL, AGENT, CUSTOMER_EMAIL, Case, PENDING_ACME, Sandbox, strings_of,
};
use serde_json::Value;

fn people(case: &Case, args: &[&str]) -> Vec<Value> {
    let mut full = vec!["--json"];
    full.extend_from_slice(args);
    let run = case.run(&full);
    run.ok()
        .json()
        .as_array()
        .unwrap_or_else(|| panic!("not a list\n{}", run.dump()))
        .clone()
}

fn emails(people: &[Value]) -> Vec<String> {
    strings_of(&Value::Array(people.to_vec()), "email")
}

#[test]
fn whoami_names_the_user_tenant_and_profile() {
    let sandbox = Sandbox::start();
    let case = Case::for_sandbox("whoami", &sandbox);
    case.run(&["whoami"])
        .ok()
        .stdout_has("Margaret Okafor")
        .stdout_has(ADMIN_EMAIL)
        .stdout_has("admin")
        .stdout_has("tnt-acme")
        .stdout_has("profile t")
        .stdout_has(&sandbox.base_url());

    let me = case.run(&["whoami", "--json"]).json();
    assert_eq!(me["profile"], "t");
    assert_eq!(me["read_only"], false);
    assert!(
        me["base_url"]
            .as_str()
            .is_some_and(|u| u.starts_with(&sandbox.base_url())),
        "{me}"
    );
    assert_eq!(me["user"]["email"], ADMIN_EMAIL);
    assert_eq!(me["user"]["role"], "admin");

    let agent = case.run_as(Some(AGENT), &["--json", "whoami"]).json();
    assert_eq!(agent["user"]["role"], "agent");
}

#[test]
fn users_list_filters_by_status_org_and_type() {
    let sandbox = Sandbox::start();
    let case = Case::for_sandbox("users-list", &sandbox);

    case.run(&["users", "list"])
        .ok()
        .stdout_has("EMAIL")
        .stdout_has(ADMIN_EMAIL)
        .stdout_has(CUSTOMER_EMAIL);

    let everyone = people(&case, &["users", "list"]);
    let pending = people(&case, &["users", "list", "--status", "pending"]);
    assert!(!pending.is_empty() && pending.len() < everyone.len());
    assert!(
        pending.iter().all(|p| p["status"] == "pending"),
        "{pending:?}"
    );

    let members = people(&case, &["users", "list", "--org", "co-acme-01"]);
    assert_eq!(members.len(), 7, "{members:?}");
    assert!(members.iter().all(|p| p["organization"] == "co-acme-01"));

    let agents = people(&case, &["users", "list", "--type", "agent"]);
    assert!(!agents.is_empty());
    assert!(agents.iter().all(|p| p["role"] == "agent"), "{agents:?}");

    let staff = people(
        &case,
        &["users", "list", "--type", "agent", "--type", "admin"],
    );
    assert!(staff.len() > agents.len());
    assert!(staff.iter().all(|p| p["role"] != "customer"));

    let inactive = people(
        &case,
        &[
            "users",
            "list",
            "--status",
            "pending",
            "--status",
            "suspended",
        ],
    );
    assert!(inactive.iter().all(|p| p["status"] != "active"));
    assert!(inactive.iter().any(|p| p["status"] == "suspended"));

    let mut combined = emails(&people(
        &case,
        &[
            "users",
            "list",
            "--status",
            "pending",
            "--org",
            "co-acme-01",
            "--type",
            "customer",
        ],
    ));
    combined.sort();
    let mut expected = PENDING_ACME.map(str::to_owned).to_vec();
    expected.sort();
    assert_eq!(combined, expected);
}

#[test]
fn invite_a_customer_into_an_org() {
    let sandbox = Sandbox::start();
    let case = Case::for_sandbox("invite-customer", &sandbox);
    case.run(&[
        "invite",
        "--email",
        "sam.lee@acme-ltd.com",
        "--name",
        "Sam",
        "--last-name",
        "Lee",
        "--type",
        "customer",
        "--org",
        "co-acme-01",
    ])
    .ok()
    .stdout_has("sam.lee@acme-ltd.com");

    let invites = people(&case, &["invites", "list", "--org", "co-acme-01"]);
    let sam = invites
        .iter()
        .find(|p| p["email"] == "sam.lee@acme-ltd.com")
        .unwrap_or_else(|| panic!("not among the invites: {invites:?}"));
    assert_eq!(sam["status"], "pending");
    assert_eq!(sam["role"], "customer");
    assert_eq!(sam["organization"], "co-acme-01");
    assert_eq!(sam["name"], "Sam");
    assert_eq!(sam["last_name"], "Lee");
}

#[test]
fn invite_an_agent_with_an_agent_type() {
    let sandbox = Sandbox::start();
    let case = Case::for_sandbox("invite-agent", &sandbox);
    case.run(&[
        "invite",
        "--email",
        "kim.ito@acme-support.example",
        "--name",
        "Kim",
        "--last-name",
        "Ito",
        "--type",
        "agent",
        "--agent-type",
        "ai-assisted",
    ])
    .ok()
    .stdout_has("kim.ito@acme-support.example");

    let pending_agents = people(
        &case,
        &["users", "list", "--type", "agent", "--status", "pending"],
    );
    let kim = pending_agents
        .iter()
        .find(|p| p["email"] == "kim.ito@acme-support.example")
        .unwrap_or_else(|| panic!("not among pending agents: {pending_agents:?}"));
    assert_eq!(kim["agent_type"], "ai-assisted");
    assert!(
        emails(&people(&case, &["invites", "list"]))
            .contains(&kim["email"].as_str().unwrap().to_owned())
    );
}

#[test]
fn invite_an_agent_without_agent_type_is_rejected() {
    let sandbox = Sandbox::start();
    let case = Case::for_sandbox("invite-no-agent-type", &sandbox);
    case.run(&[
        "invite",
        "--email",
        "no.type@acme-support.example",
        "--name",
        "No",
        "--last-name",
        "Type",
        "--type",
        "agent",
    ])
    .code(3)
    .field_line("agent-type");
    let everyone = emails(&people(&case, &["users", "list"]));
    assert!(!everyone.contains(&"no.type@acme-support.example".to_owned()));
}

#[test]
fn invite_an_agent_with_an_unknown_agent_type_says_only_what_is_wrong() {
    let sandbox = Sandbox::start();
    let case = Case::for_sandbox("invite-bad-agent-type", &sandbox);
    let run = case.run(&[
        "invite",
        "--email",
        "robot@acme-support.example",
        "--name",
        "Ro",
        "--last-name",
        "Bot",
        "--type",
        "agent",
        "--agent-type",
        "robot",
    ]);
    run.code(3)
        .field_line("agent-type")
        .stderr_has("must be one of")
        .stderr_lacks("is required");
}

#[test]
fn invite_without_email_is_a_usage_error() {
    let sandbox = Sandbox::start();
    let case = Case::for_sandbox("invite-no-email", &sandbox);
    case.run(&[
        "invite",
        "--name",
        "No",
        "--last-name",
        "Mail",
        "--type",
        "customer",
    ])
    .code(2)
    .stderr_has("--email");
    assert!(case.audit_text().is_empty());
}

#[test]
fn invites_list_shows_pending_people_only() {
    let sandbox = Sandbox::start();
    let case = Case::for_sandbox("invites-list", &sandbox);
    case.run(&["invites", "list"])
        .ok()
        .stdout_has(PENDING_ACME[0])
        .stdout_has("pending");

    let all = people(&case, &["invites", "list"]);
    assert!(all.len() > 2);
    assert!(all.iter().all(|p| p["status"] == "pending"), "{all:?}");

    let mut in_org = emails(&people(&case, &["invites", "list", "--org", "co-acme-01"]));
    in_org.sort();
    let mut expected = PENDING_ACME.map(str::to_owned).to_vec();
    expected.sort();
    assert_eq!(in_org, expected);
}

#[test]
fn invites_resend_confirms() {
    let sandbox = Sandbox::start();
    let case = Case::for_sandbox("invites-resend", &sandbox);
    case.run(&["invites", "resend", PENDING_ACME[0]])
        .ok()
        .stdout_has("activation email sent again to")
        .stdout_has(PENDING_ACME[0]);
    let done = case.run(&["--json", "invites", "resend", PENDING_ACME[0]]);
    assert!(done.ok().json()["done"].is_string(), "{}", done.dump());
    // Still pending: resending changes nothing else.
    let still = emails(&people(&case, &["invites", "list", "--org", "co-acme-01"]));
    assert!(still.contains(&PENDING_ACME[0].to_owned()));
}

#[test]
fn invites_revoke_with_yes_removes_the_invite() {
    let sandbox = Sandbox::start();
    let case = Case::for_sandbox("invites-revoke", &sandbox);
    case.run(&["invites", "revoke", PENDING_ACME[0], "--yes"])
        .ok()
        .stdout_has("revoked the invite of")
        .stdout_has(PENDING_ACME[0]);

    let invites = emails(&people(&case, &["invites", "list"]));
    assert!(
        !invites.contains(&PENDING_ACME[0].to_owned()),
        "{invites:?}"
    );
    assert!(invites.contains(&PENDING_ACME[1].to_owned()));
    let everyone = emails(&people(&case, &["users", "list"]));
    assert!(!everyone.contains(&PENDING_ACME[0].to_owned()));
}

#[test]
fn invites_revoke_without_yes_off_a_terminal_refuses() {
    let sandbox = Sandbox::start();
    let case = Case::for_sandbox("invites-revoke-no-yes", &sandbox);
    case.run(&["invites", "revoke", PENDING_ACME[0]])
        .code(2)
        .stderr_has("--yes");
    let invites = emails(&people(&case, &["invites", "list"]));
    assert!(invites.contains(&PENDING_ACME[0].to_owned()));
}

#[test]
fn invites_revoke_of_an_active_user_is_rejected_and_changes_nothing() {
    let sandbox = Sandbox::start();
    let case = Case::for_sandbox("invites-revoke-active", &sandbox);
    case.run(&["invites", "revoke", CUSTOMER_EMAIL, "--yes"])
        .code(3)
        .stderr_has("not pending");
    let everyone = people(&case, &["users", "list"]);
    let jane = everyone
        .iter()
        .find(|p| p["email"] == CUSTOMER_EMAIL)
        .expect("the user still exists");
    assert_eq!(jane["status"], "active");
    assert_eq!(jane["organization"], "co-acme-01");
    assert!(case.audit_text().is_empty(), "{}", case.audit_text());
}
