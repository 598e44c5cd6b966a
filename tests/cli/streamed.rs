//! `users list --json` and `--format csv` write a tenant's list as its rows arrive
//! (never holding it whole), in the very bytes the whole list was written in
//! before: the digests below are of the output of the release before streaming
//! (`orgdeck users list --json | sha256sum`), against the same sandboxes.

use crate::support::cli::{Case, Sandbox};
use crate::support::{BULK_TOKEN, SandboxConfig};

fn sha256(bytes: &[u8]) -> String {
    hex::encode(ring::digest::digest(&ring::digest::SHA256, bytes))
}

#[track_caller]
fn assert_output(case: &Case, args: &[&str], digest: &str) {
    let run = case.run(args);
    run.ok();
    assert_eq!(
        sha256(run.stdout.as_bytes()),
        digest,
        "{args:?}: {}",
        run.dump()
    );
}

#[test]
fn the_demo_tenants_list_streams_in_the_bytes_it_was_written_in_whole() {
    let sandbox = Sandbox::start();
    let case = Case::for_sandbox("streamed-demo", &sandbox);
    assert_output(
        &case,
        &["users", "list", "--json"],
        "7900bff3f24a48f1ce63e8db733e1f1f970d7af78ca524c3081797e1efcc46b8",
    );
    assert_output(
        &case,
        &["users", "list", "--format", "csv"],
        "2815b6281d14abd7a5ed3453a760c3b0caf0a2b25b14f0e62d468df0dfc44c6c",
    );
}

#[test]
fn a_bulk_tenants_list_streams_in_the_bytes_it_was_written_in_whole() {
    let sandbox = Sandbox::with_config(SandboxConfig {
        bulk: Some((3_000, 40)),
        ..SandboxConfig::default()
    });
    let mut case = Case::for_sandbox("streamed-bulk", &sandbox);
    case.set_token(Some(BULK_TOKEN));
    let json = case.run(&["users", "list", "--json"]);
    let users = json.ok().json();
    assert_eq!(users.as_array().map(Vec::len), Some(3_000));
    assert_eq!(
        sha256(json.stdout.as_bytes()),
        "40e8d8c064d77cdbe4db7f3eb18ee0524a3b74b34a2cabeac8cd2dd05112dc23"
    );
    assert_output(
        &case,
        &["users", "list", "--format", "csv"],
        "46528cc495613d5f4c5ff2ced6349a61f18cc06623cbfa96c2b138f919766c64",
    );
    // An empty list is still a JSON array, and CSV still its header.
    let none = case.run(&["users", "list", "--json", "--org", "co-no-such-org"]);
    assert_eq!(none.ok().stdout, "[]\n");
}

#[test]
fn the_row_cap_ends_a_streamed_list_naming_its_key() {
    let sandbox = Sandbox::with_config(SandboxConfig {
        bulk: Some((3_000, 40)),
        ..SandboxConfig::default()
    });
    let mut case = Case::with_profile("streamed-cap", &sandbox.base_url(), "max_rows = 1000\n");
    case.set_token(Some(BULK_TOKEN));
    let run = case.run(&["users", "list", "--json"]);
    run.stderr_has("the list has more than 1000 rows")
        .stderr_has("raise max_rows in the profile");
    assert_ne!(run.code, 0, "{}", run.dump());
}
