//! End-to-end: `--json` output is JSON on stdout, and failures in `--json` mode are one
//! JSON object on stderr carrying the exit code.

use crate::support::cli::{Case, Run, Sandbox, closed_port_url, profile_toml};
use serde_json::Value;

/// Asserts the failure JSON on stderr agrees with the process's exit code.
#[track_caller]
fn failure_json(run: &Run, code: i32) -> Value {
    run.code(code);
    let body = run.stderr_json();
    assert!(body.is_object(), "{}", run.dump());
    assert_eq!(body["exit_code"], code, "{}", run.dump());
    assert!(
        body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{}",
        run.dump()
    );
    assert!(run.stdout.is_empty(), "{}", run.dump());
    body
}

#[test]
fn list_and_whoami_output_parses_as_json() {
    let sandbox = Sandbox::start();
    let case = Case::for_sandbox("json-ok", &sandbox);

    let orgs = case.run(&["--json", "orgs", "list"]);
    let orgs = orgs.ok().json();
    let orgs = orgs.as_array().expect("a list of organizations");
    assert_eq!(orgs.len(), 12);
    for org in orgs {
        assert!(org["id"].is_string() && org["name"].is_string(), "{org}");
        assert!(org["domains"].is_array(), "{org}");
        assert!(matches!(
            org["status"].as_str(),
            Some("active" | "suspended")
        ));
    }

    let users = case.run(&["users", "list", "--json"]).json();
    let users = users.as_array().expect("a list of users");
    assert!(users.len() > 40);
    for user in users {
        assert!(user["email"].as_str().is_some_and(|e| e.contains('@')));
        assert!(matches!(
            user["role"].as_str(),
            Some("admin" | "agent" | "customer")
        ));
    }

    let me = case.run(&["--json", "whoami"]).json();
    assert_eq!(me["user"]["role"], "admin");
    assert_eq!(me["profile"], "t");

    let invites = case.run(&["--json", "invites", "list"]).json();
    assert!(invites.as_array().is_some_and(|i| !i.is_empty()));

    let info = case.run(&["--json", "info"]).json();
    assert!(info["profiles"].is_array());
}

#[test]
fn rejected_input_fails_as_json_with_the_problem() {
    let sandbox = Sandbox::start();
    let case = Case::for_sandbox("json-rejected", &sandbox);

    let missing = failure_json(&case.run(&["--json", "orgs", "show", "co-acme-99"]), 3);
    assert_eq!(missing["problem"]["status"], 404);

    let mut args = vec!["--json", "orgs", "create", "--name", " "];
    for domain in [
        "a.x.com", "b.x.com", "c.x.com", "d.x.com", "e.x.com", "f.x.com",
    ] {
        args.extend(["--domain", domain]);
    }
    let invalid = failure_json(&case.run(&args), 3);
    let paths: Vec<&str> = invalid["problem"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["path"].as_str())
        .collect();
    assert_eq!(paths, ["display-name", "domains[5]"], "{invalid}");

    let active = failure_json(
        &case.run(&[
            "--json",
            "invites",
            "revoke",
            "jane.doe@acme-ltd.com",
            "--yes",
        ]),
        3,
    );
    assert!(active["message"].as_str().unwrap().contains("not pending"));

    failure_json(&case.run(&["--json", "orgs", "delete", "co-acme-03"]), 2);
}

#[test]
fn auth_failures_are_json_with_exit_code_4() {
    let sandbox = Sandbox::start();
    let case = Case::for_sandbox("json-auth", &sandbox);
    let wrong = failure_json(&case.run_as(Some("nope-token"), &["--json", "whoami"]), 4);
    assert_eq!(wrong["problem"]["status"], 401);
    assert!(wrong["hint"].is_string());

    let forbidden = failure_json(
        &case.run_as(
            Some(crate::support::cli::AGENT),
            &["--json", "orgs", "create", "--name", "Agentco"],
        ),
        4,
    );
    assert_eq!(forbidden["problem"]["status"], 403);

    let read_only = Case::with_profile("json-read-only", &sandbox.base_url(), "read_only = true\n");
    let refused = failure_json(
        &read_only.run(&["--json", "orgs", "suspend", "co-acme-01"]),
        4,
    );
    assert!(refused["message"].as_str().unwrap().contains("read-only"));
}

#[test]
fn network_and_usage_failures_are_json_too() {
    let case = Case::with_profile("json-network", &closed_port_url(), "");
    let unreachable = failure_json(&case.run(&["--json", "orgs", "list"]), 5);
    assert!(
        unreachable["message"]
            .as_str()
            .unwrap()
            .contains("could not connect")
    );

    // An existing config without profiles: no profile to use.
    let empty = Case::new("json-no-profile");
    empty.write_config("# nothing yet\n");
    let none = failure_json(&empty.run(&["--json", "whoami"]), 2);
    assert!(none["message"].as_str().unwrap().contains("--sandbox"));

    let unknown = Case::with_profile("json-unknown-profile", "http://127.0.0.1:7878", "");
    failure_json(&unknown.run(&["--json", "--profile", "nope", "whoami"]), 2);
}

#[test]
fn failures_with_config_warnings_are_still_one_json_object() {
    // ORGDECK_CONFIG names a file that does not exist: a warning, then the failure.
    let missing = Case::new("json-warning-missing");
    failure_json(&missing.run(&["--json", "whoami"]), 2);

    // A profile with an allowed inline token (warned about) that fails a lookup.
    let sandbox = Sandbox::start();
    let inline = Case::new("json-warning-inline");
    inline.write_config(&profile_toml(&sandbox.base_url(), "").replace(
        "token_env = \"ORGDECK_TEST_TOKEN\"",
        "allow_inline_token = true\ntoken = \"sandbox-acme-admin\"",
    ));
    failure_json(&inline.run(&["--json", "orgs", "show", "co-acme-99"]), 3);
}
