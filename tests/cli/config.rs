//! End-to-end: configuration, profiles and token sources as the binary sees them:
//! `info`, `completions`, `--sandbox`, missing or broken config, unknown profiles,
//! rejected tokens, unreachable servers, token files and read-only profiles.

use crate::support::cli::{
    ADMIN, Case, Sandbox, TOKEN_ENV, closed_port_url, profile_toml, strings_of,
};

#[test]
fn info_shows_paths_and_the_token_source_but_never_the_token() {
    let mut case = Case::with_profile("info", "http://127.0.0.1:7878", "");
    let token = "info-token-7f3a9c1e5b";
    case.set_token(Some(token));

    let run = case.run(&["info"]);
    run.ok()
        .stdout_has(&case.config.display().to_string())
        .stdout_has(&case.state.display().to_string())
        .stdout_has(&case.log_file().display().to_string())
        .stdout_has(&case.audit_file().display().to_string())
        .stdout_has("http://127.0.0.1:7878")
        .stdout_has("env ORGDECK_TEST_TOKEN (set)")
        .stdout_has("read-write");
    assert!(!run.stdout.contains(token), "{}", run.dump());
    assert!(!run.stderr.contains(token), "{}", run.dump());

    let json = case.run(&["--json", "info"]);
    let info = json.ok().json();
    assert_eq!(info["config_found"], true);
    assert_eq!(
        info["audit_file"],
        case.audit_file().display().to_string().as_str()
    );
    assert_eq!(info["profiles"][0]["name"], "t");
    assert_eq!(info["profiles"][0]["token"], "env ORGDECK_TEST_TOKEN (set)");
    assert!(!json.stdout.contains(token));

    case.set_token(None);
    case.run(&["info"])
        .ok()
        .stdout_has("env ORGDECK_TEST_TOKEN (not set)");
}

#[test]
fn info_without_a_config_file_says_so() {
    let case = Case::new("info-no-config");
    case.run(&["info"])
        .ok()
        .stdout_has(&case.config.display().to_string())
        .stdout_has("not found")
        .stdout_has("--sandbox");
}

#[test]
fn completions_for_bash_mention_orgdeck() {
    let case = Case::new("completions");
    let run = case.run(&["completions", "bash"]);
    run.ok();
    assert!(run.stdout.len() > 100, "{}", run.dump());
    run.stdout_has("orgdeck").stdout_has("invites");
}

#[test]
fn sandbox_flag_works_without_any_config() {
    let mut case = Case::new("sandbox-flag");
    case.set_token(None);
    assert!(!case.config.exists());
    case.run(&["--sandbox", "whoami"])
        .ok()
        .stdout_has("Margaret Okafor")
        .stdout_has("profile sandbox");
    let orgs = case.run(&["--sandbox", "--json", "orgs", "list"]);
    assert!(strings_of(&orgs.ok().json(), "id").contains(&"co-acme-01".to_owned()));
}

#[test]
fn sandbox_and_profile_together_are_a_usage_error() {
    let case = Case::new("sandbox-and-profile");
    case.run(&["--sandbox", "--profile", "t", "whoami"]).code(2);
}

#[test]
fn no_profile_and_no_sandbox_is_a_usage_error_with_a_hint() {
    let case = Case::new("no-profile");
    case.run(&["whoami"])
        .code(2)
        .stderr_has("no profile configured")
        .stderr_has("--sandbox");
    case.run(&["orgs", "list"]).code(2).stderr_has("--sandbox");
}

#[test]
fn a_broken_config_names_the_file_and_line() {
    let case = Case::new("broken-config");
    let config_name = case.config.display().to_string();

    // Wrong type on line 4.
    case.write_config(
        &profile_toml("http://127.0.0.1:7878", "")
            .replace("timeout_ms = 2000", "timeout_ms = \"soon\""),
    );
    case.run(&["whoami"])
        .code(2)
        .stderr_has(&format!("{config_name}:4:"))
        .stderr_has("config.toml:4:")
        .stderr_has("timeout_ms");

    // Not TOML at all on line 3.
    case.write_config("[profiles.t]\nbase_url = \"http://127.0.0.1:7878\"\ntoken_env = \n");
    case.run(&["orgs", "list"])
        .code(2)
        .stderr_has("config.toml:3:");

    // A misspelt key on line 5 gets a suggestion.
    case.write_config(&profile_toml("http://127.0.0.1:7878", "read_onyl = true\n"));
    case.run(&["whoami"])
        .code(2)
        .stderr_has("config.toml:5:")
        .stderr_has("read_only");
}

#[test]
fn an_unknown_profile_is_a_usage_error() {
    let sandbox = Sandbox::start();
    let case = Case::for_sandbox("unknown-profile", &sandbox);
    case.run(&["--profile", "nope", "whoami"])
        .code(2)
        .stderr_has("nope");
    // The configured one works.
    case.run(&["--profile", "t", "whoami"]).ok();
}

#[test]
fn an_unset_token_variable_is_an_auth_error_naming_it() {
    let sandbox = Sandbox::start();
    let case = Case::for_sandbox("token-unset", &sandbox);
    case.run_as(None, &["whoami"]).code(4).stderr_has(TOKEN_ENV);
}

#[test]
fn a_wrong_token_is_rejected() {
    let sandbox = Sandbox::start();
    let case = Case::for_sandbox("wrong-token", &sandbox);
    case.run_as(Some("not-a-real-token"), &["whoami"])
        .code(4)
        .stderr_has("token rejected");
    case.run_as(Some("not-a-real-token"), &["orgs", "list"])
        .code(4)
        .stderr_has("token rejected");
}

#[test]
fn an_unreachable_server_is_a_network_error() {
    let case = Case::with_profile("unreachable", &closed_port_url(), "");
    case.run(&["whoami"])
        .code(5)
        .no_panic()
        .stderr_has("could not connect");
    // A write is not sent, and the audit trail says so.
    case.run(&["orgs", "create", "--name", "Nowhere"]).code(5);
    let audit = case.audit_entries();
    assert_eq!(audit.len(), 1, "{audit:?}");
    assert!(
        audit[0]["outcome"]
            .as_str()
            .is_some_and(|o| o.contains("not sent")),
        "{audit:?}"
    );
}

#[cfg(unix)]
#[test]
fn a_token_file_readable_by_others_is_refused_and_0600_works() {
    use std::os::unix::fs::PermissionsExt;

    let sandbox = Sandbox::start();
    let mut case = Case::new("token-file");
    case.set_token(None);
    let token_file = case.dir.join("acme.token");
    std::fs::write(&token_file, format!("{ADMIN}\n")).unwrap();
    case.write_config(&format!(
        "[profiles.t]\nbase_url = \"{}\"\ntoken_file = \"{}\"\ntimeout_ms = 2000\n",
        sandbox.base_url(),
        token_file.display()
    ));

    std::fs::set_permissions(&token_file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let refused = case.run(&["whoami"]);
    assert_ne!(refused.code, 0, "{}", refused.dump());
    refused.stderr_has("chmod 600").stderr_has("0644");
    assert!(!refused.stderr.contains(ADMIN), "{}", refused.dump());
    case.run(&["info"]).ok().stdout_has("chmod 600");

    std::fs::set_permissions(&token_file, std::fs::Permissions::from_mode(0o600)).unwrap();
    case.run(&["whoami"]).ok().stdout_has("Margaret Okafor");
}

#[test]
fn a_read_only_profile_refuses_writes_and_audits_the_refusal() {
    let sandbox = Sandbox::start();
    let case = Case::with_profile("read-only", &sandbox.base_url(), "read_only = true\n");

    let me = case.run(&["--json", "whoami"]);
    assert_eq!(me.ok().json()["read_only"], true);
    case.run(&["whoami"]).ok().stdout_has("read-only");

    case.run(&[
        "orgs",
        "create",
        "--name",
        "Readonlyco",
        "--domain",
        "readonly.example",
    ])
    .code(4)
    .stderr_has("read-only");
    case.run(&["orgs", "lookup", "readonly.example"]).code(3);
    let listed = case.run(&["--json", "orgs", "list"]).json();
    assert!(!strings_of(&listed, "name").contains(&"Readonlyco".to_owned()));

    case.run(&["orgs", "suspend", "co-acme-01"])
        .code(4)
        .stderr_has("read-only");
    assert_eq!(
        case.run(&["--json", "orgs", "show", "co-acme-01"]).json()["status"],
        "active"
    );

    let audit = case.audit_entries();
    assert_eq!(audit.len(), 2, "{audit:?}");
    for entry in &audit {
        assert!(
            entry["outcome"]
                .as_str()
                .is_some_and(|o| o.contains("read-only")),
            "{entry}"
        );
        assert_eq!(entry["profile"], "t");
        assert!(entry["status"].is_null(), "nothing was sent: {entry}");
    }
    assert_eq!(audit[0]["method"], "POST");
    assert_eq!(audit[0]["fields"]["display-name"], "Readonlyco");
}

#[test]
fn the_log_level_comes_from_the_flag_or_orgdeck_log() {
    let sandbox = Sandbox::start();
    let quiet = Case::for_sandbox("log-default", &sandbox);
    quiet.run(&["whoami"]).ok();
    assert!(!quiet.log_text().contains("DEBUG"), "{}", quiet.log_text());

    let by_env = Case::for_sandbox("log-env", &sandbox);
    by_env
        .run_with_env(Some(ADMIN), &[("ORGDECK_LOG", "debug")], &["whoami"])
        .ok();
    let log = by_env.log_text();
    assert!(log.contains("DEBUG") && !log.contains("TRACE"), "{log}");

    let by_flag = Case::for_sandbox("log-flag", &sandbox);
    by_flag.run(&["--log-level", "debug", "orgs", "list"]).ok();
    assert!(by_flag.log_text().contains("DEBUG"));
    // Logs go to the file, never to the terminal.
    let run = by_flag.run(&["--log-level", "trace", "whoami"]);
    run.ok().stderr_lacks("TRACE").stderr_lacks("DEBUG");
}
