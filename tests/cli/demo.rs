//! `--sandbox[=BACKEND]`: every registered backend's demo tried with one command,
//! no config and no token, the commands being that backend's.

use crate::support::cli::{Case, strings_of};

/// A case with no config file and no token: only the sandbox can answer.
fn bare(name: &str) -> Case {
    let mut case = Case::new(name);
    case.set_token(None);
    assert!(!case.config.exists());
    case
}

#[test]
fn sandbox_sequence_lists_its_demo_organizations_as_its_demo_client() {
    let case = bare("demo-sequence");
    case.run(&["--sandbox=sequence", "orgs", "list"])
        .ok()
        .stdout_has("OWNER")
        .stdout_has("Acme Holdings Ltd")
        .stdout_has("Redwood Legal Ltd");
    case.run(&["--sandbox=sequence", "whoami"])
        .ok()
        .stdout_has("seq-northwind-client")
        .stdout_has("profile sandbox");
    // Its own commands, which the default backend does not have.
    case.run(&["--sandbox=sequence", "customers", "list"])
        .ok()
        .stdout_has("Acme Holdings Ltd");
}

#[test]
fn sandbox_bitgo_lists_its_demo_organizations() {
    let case = bare("demo-bitgo");
    case.run(&["--sandbox=bitgo", "orgs", "list"])
        .ok()
        .stdout_has("Northwind CaaS");
    case.run(&["orgs", "list", "--sandbox=BitGo"])
        .ok()
        .stdout_has("Northwind CaaS");
    case.run(&["--sandbox=bitgo", "whoami"])
        .ok()
        .stdout_has("Ada Lovelace");
}

#[test]
fn sandbox_with_an_unknown_backend_is_a_usage_error_listing_the_registered_ones() {
    let case = bare("demo-unknown");
    let run = case.run(&["--sandbox=nope", "orgs", "list"]);
    run.code(2).stderr_has("'nope'");
    for name in orgdeck::backends::names() {
        run.stderr_has(name);
    }
    assert!(run.stdout.is_empty(), "{}", run.dump());
}

#[test]
fn plain_sandbox_still_starts_the_default_backend_s_demo() {
    let case = bare("demo-plain");
    let orgs = case.run(&["--sandbox", "--json", "orgs", "list"]);
    assert!(strings_of(&orgs.ok().json(), "id").contains(&"co-acme-01".to_owned()));
    case.run(&["--sandbox", "--help"])
        .ok()
        .stdout_has("invites")
        .stdout_has("--sandbox[=<BACKEND>]");
    // A profile of another backend changes nothing: --sandbox is the default's.
    case.write_config(
        "[profiles.billing]\nbackend = \"sequence\"\nbase_url = \"http://127.0.0.1:9/\"\ntoken_env = \"NOT_SET_ANYWHERE\"\n",
    );
    case.run(&["--sandbox", "orgs", "list"])
        .ok()
        .stdout_has("co-acme-01");
}

#[test]
fn the_help_under_a_sandbox_lists_that_backend_s_commands() {
    let case = bare("demo-help");
    let help = case.run(&["--sandbox=sequence", "--help"]);
    help.ok()
        .stdout_has("customers")
        .stdout_has("Customer organizations");
    assert!(!help.stdout.contains("invites"), "{}", help.dump());
}

#[test]
fn what_a_sandbox_run_creates_is_not_remembered_for_the_next_fresh_sandbox() {
    let case = bare("demo-forget");
    let customers = case.run(&["--sandbox=sequence", "--json", "customers", "list"]);
    let ids = strings_of(&customers.ok().json(), "id");
    let created = case.run(&[
        "--sandbox=sequence",
        "--json",
        "orgs",
        "create",
        "--owner",
        &ids[0],
        "--member",
        &ids[1],
    ]);
    created.ok();
    let created_dir = case.state.join("created");
    let left: Vec<_> = std::fs::read_dir(&created_dir)
        .map(|dir| dir.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "{left:?}\n{}", created.dump());
}
