//! The Flowkiwi commands end to end against the Flowkiwi sandbox: organizations
//! listed, searched, created, renamed and deleted; an organization's owners and
//! members listed, added, given another role and removed (never the last
//! owner); its invitations listed, sent, sent again (at most once a minute) and
//! revoked. The organization and then the member or invitation (by id or by
//! email) are arguments. Each as a table and as `--json`, and each refusal with
//! its exit code and message.

use orgdeck::backends::flowkiwi::sandbox::{self as flowkiwi, RunningSandbox};
use serde_json::Value;

use crate::support::cli::{Case, Run};

const JANE: &str = "fk-jane-token";
const SAM: &str = "fk-sam-token";
/// Jane owns it; Sam is a member.
const ACME_CORP: &str = "0196f3a0-1111-7000-8000-000000000001";
/// Jane is its only owner, and it still has instances.
const ACME_LABS: &str = "0196f3a0-1111-7000-8000-000000000002";
/// Olga's alone: Jane is not a member.
const NIMBUS: &str = "0196f3a0-1111-7000-8000-000000000003";
/// Invited to Acme Corp three days ago, still pending.
const RAVI: &str = "ravi@acme.example";
/// A partner account in no organization of Jane's.
const OLGA: &str = "olga@nimbus.example";

/// A Flowkiwi sandbox on loopback, on its shipped seed, for one test: its state
/// lasts across the commands the test runs.
struct Served {
    running: RunningSandbox,
    _runtime: tokio::runtime::Runtime,
}

fn served() -> Served {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime for the sandbox");
    let running = runtime
        .block_on(flowkiwi::start(flowkiwi::SandboxConfig::default()))
        .expect("the Flowkiwi sandbox starts");
    Served {
        running,
        _runtime: runtime,
    }
}

fn case(name: &str, sandbox: &Served) -> Case {
    let mut case = Case::with_profile(
        name,
        &sandbox.running.base_url(),
        "backend = \"flowkiwi\"\n",
    );
    case.set_token(Some(JANE));
    case
}

/// `orgdeck --profile t ARGS`.
fn run(case: &Case, args: &[&str]) -> Run {
    let mut all = vec!["--profile", "t"];
    all.extend_from_slice(args);
    case.run(&all)
}

fn run_as(case: &Case, token: &str, args: &[&str]) -> Run {
    let mut all = vec!["--profile", "t"];
    all.extend_from_slice(args);
    case.run_as(Some(token), &all)
}

fn items(run: &Run) -> Vec<Value> {
    match run.json() {
        Value::Array(items) => items,
        other => panic!("not a JSON array: {other}\n{}", run.dump()),
    }
}

fn texts(items: &[Value], key: &str) -> Vec<String> {
    items
        .iter()
        .map(|i| i[key].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// The keys of a JSON object, sorted.
fn keys(value: &Value) -> Vec<String> {
    let mut keys: Vec<String> = value
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    keys.sort();
    keys
}

#[test]
fn organizations_are_listed_searched_created_renamed_and_shown() {
    let sandbox = served();
    let case = case("fk-orgs", &sandbox);
    run(&case, &["orgs", "list"])
        .ok()
        .stdout_has("ID")
        .stdout_has("OWNERS")
        .stdout_has(ACME_CORP)
        .stdout_has("Acme Labs")
        .stdout_lacks(NIMBUS);
    let found = run(&case, &["--json", "orgs", "list", "--name", "LABS"]);
    let found = items(found.ok());
    assert_eq!(texts(&found, "id"), [ACME_LABS]);
    assert_eq!(
        keys(&found[0]),
        [
            "created_at",
            "id",
            "member_count",
            "name",
            "owner_count",
            "owner_names",
            "updated_at"
        ]
    );
    assert_eq!(found[0]["owner_count"], 1);
    assert_eq!(found[0]["owner_names"], "Jane Doe");

    let created = run(
        &case,
        &["--json", "orgs", "create", "--name", "  Kiwi Co  "],
    );
    let created = created.ok().json();
    assert_eq!(created["name"], "Kiwi Co");
    let kiwi = created["id"].as_str().expect("an id").to_owned();
    run(&case, &["orgs", "rename", &kiwi, "--name", "Kiwi Ltd"])
        .ok()
        .stdout_has(&format!("renamed Kiwi Ltd ({kiwi})"))
        .stdout_has("name          Kiwi Ltd");
    // `update` is rename's alias.
    run(&case, &["orgs", "update", &kiwi, "--name", "Kiwi Group"])
        .ok()
        .stdout_has("renamed Kiwi Group");
    run(&case, &["orgs", "show", ACME_CORP])
        .ok()
        .stdout_has("owner-names   Jane Doe")
        .stdout_has("jane@acme.example")
        .stdout_has("sam@acme.example");
    let shown = run(&case, &["--json", "orgs", "show", ACME_CORP])
        .ok()
        .json();
    let people = shown["partners"].as_array().expect("the people under it");
    assert_eq!(
        texts(people, "email"),
        [
            "jane@acme.example",
            "sam@acme.example",
            "mia@bluefern.example"
        ]
    );
}

#[test]
fn organization_refusals_name_the_field_the_reason_and_exit_by_their_kind() {
    let sandbox = served();
    let case = case("fk-orgs-refused", &sandbox);
    // The 422 violation lands on the field.
    run(&case, &["orgs", "create", "--name", " "])
        .code(3)
        .stderr_has("name: ")
        .stderr_has("hint: fix the fields named above");
    let long = "x".repeat(256);
    let refused = run(&case, &["--json", "orgs", "create", "--name", &long]);
    let body = refused.code(3).stderr_json();
    assert_eq!(body["exit_code"], 3);
    assert_eq!(body["problem"]["fields"][0]["path"], "name");
    // A member may not rename (403), nor see an organization they are not in.
    run_as(&case, SAM, &["orgs", "rename", ACME_CORP, "--name", "Mine"]).code(4);
    run(&case, &["orgs", "show", NIMBUS]).code(4);
    run(
        &case,
        &["orgs", "show", "0196f3a0-1111-7000-8000-00000000dead"],
    )
    .code(3);
    // Delete asks, or takes --yes; with instances left the server refuses and
    // says why.
    run(&case, &["orgs", "delete", ACME_LABS])
        .code(2)
        .stderr_has("Delete Acme Labs (")
        .stderr_has("add --yes");
    run(&case, &["orgs", "delete", ACME_LABS, "--yes"])
        .code(4)
        .stderr_has("instances")
        .stderr_has("hint: ");
    let made = run(&case, &["--json", "orgs", "create", "--name", "Gone Soon"]);
    let gone = made.ok().json()["id"].as_str().expect("an id").to_owned();
    run(&case, &["orgs", "delete", &gone, "--yes"])
        .ok()
        .stdout_has(&format!("deleted Gone Soon ({gone})"));
    run(&case, &["orgs", "show", &gone]).code(3);
    // A refused token names where it came from.
    run_as(&case, "fk-nobody", &["orgs", "list"])
        .code(4)
        .stderr_has("the token was refused")
        .stderr_has("hint: check the profile's token");
}

#[test]
fn members_are_listed_added_given_a_role_and_removed_by_id_or_email() {
    let sandbox = served();
    let case = case("fk-members", &sandbox);
    run(&case, &["members", "list", ACME_CORP])
        .ok()
        .stdout_has("ID")
        .stdout_has("JOINED")
        .stdout_has("jane@acme.example")
        .stdout_has("sam@acme.example");
    let owners = run(
        &case,
        &["--json", "members", "list", ACME_CORP, "--role", "owner"],
    );
    let owners = items(owners.ok());
    assert_eq!(texts(&owners, "email"), ["jane@acme.example"]);
    let fields = keys(&owners[0]);
    for key in ["id", "email", "name", "role", "joined_at"] {
        assert!(fields.contains(&key.to_owned()), "{key} in {fields:?}");
    }
    assert_eq!(owners[0]["role"], "owner");

    // Added by email as a member, then made an owner by email.
    let added = run(
        &case,
        &[
            "--json", "members", "add", ACME_CORP, "--email", OLGA, "--role", "member",
        ],
    );
    let added = added.ok().json();
    assert_eq!(
        (added["email"].as_str(), added["role"].as_str()),
        (Some(OLGA), Some("member"))
    );
    let olga = added["id"].as_str().expect("an id").to_owned();
    run(
        &case,
        &["members", "role", ACME_CORP, OLGA, "--role", "owner"],
    )
    .ok()
    .stdout_has(&format!("{OLGA} is now owner of {ACME_CORP}"));
    run(
        &case,
        &["members", "role", ACME_CORP, &olga, "--role", "owner"],
    )
    .ok()
    .stdout_has("already: nothing sent");
    // Two owners now: Jane may step down, by id as well.
    let jane = texts(&owners, "id").remove(0);
    run(
        &case,
        &["members", "role", ACME_CORP, &jane, "--role", "member"],
    )
    .ok()
    .stdout_has("jane@acme.example is now member of");
    // A member now, she may not make herself an owner again (403); Olga may.
    run(
        &case,
        &["members", "role", ACME_CORP, &jane, "--role", "owner"],
    )
    .code(4);
    run_as(
        &case,
        "fk-olga-token",
        &["members", "role", ACME_CORP, &jane, "--role", "owner"],
    )
    .ok();
    // Removing asks, or takes --yes.
    run(&case, &["members", "remove", ACME_CORP, OLGA])
        .code(2)
        .stderr_has(&format!("Remove {OLGA} from {ACME_CORP}?"));
    run(&case, &["members", "remove", ACME_CORP, OLGA, "--yes"])
        .ok()
        .stdout_has(&format!("removed {OLGA} from {ACME_CORP}"));
    let after = run(&case, &["--json", "members", "list", ACME_CORP]);
    assert!(!texts(&items(after.ok()), "email").contains(&OLGA.to_owned()));
}

#[test]
fn member_refusals_name_the_field_and_the_last_owner_stays() {
    let sandbox = served();
    let case = case("fk-members-refused", &sandbox);
    // Not a partner account: the violation names the email field.
    run(
        &case,
        &[
            "members",
            "add",
            ACME_CORP,
            "--email",
            "ghost@nowhere.example",
            "--role",
            "member",
        ],
    )
    .code(3)
    .stderr_has("email: ");
    // A member is named that the list does not hold: a usage error, nothing sent.
    run(
        &case,
        &[
            "members",
            "remove",
            ACME_CORP,
            "ghost@nowhere.example",
            "--yes",
        ],
    )
    .code(2)
    .stderr_has("no member ghost@nowhere.example in")
    .stderr_has("members list");
    // Jane is Acme Labs' only owner: refused before sending, removed or demoted.
    for words in [
        &["members", "remove", ACME_LABS, "jane@acme.example", "--yes"][..],
        &[
            "members",
            "role",
            ACME_LABS,
            "jane@acme.example",
            "--role",
            "member",
        ],
    ] {
        run(&case, words)
            .code(3)
            .stderr_has("jane@acme.example is the last owner of")
            .stderr_has("make someone else an owner first");
    }
    let still = run(
        &case,
        &["--json", "members", "list", ACME_LABS, "--role", "owner"],
    );
    assert_eq!(texts(&items(still.ok()), "email"), ["jane@acme.example"]);
    // A member may not add people (403).
    run_as(
        &case,
        SAM,
        &[
            "members", "add", ACME_CORP, "--email", OLGA, "--role", "member",
        ],
    )
    .code(4);
}

#[test]
fn invitations_are_sent_sent_again_and_revoked_with_the_new_expiry_and_the_wait() {
    let sandbox = served();
    let case = case("fk-invites", &sandbox);
    let email = "newcomer@elsewhere.example";
    // An invalid email is the field's violation.
    run(
        &case,
        &[
            "invites",
            "create",
            ACME_CORP,
            "--email",
            "not-an-email",
            "--role",
            "member",
        ],
    )
    .code(3)
    .stderr_has("email: ");
    run(
        &case,
        &[
            "invites", "create", ACME_CORP, "--email", email, "--role", "member",
        ],
    )
    .ok()
    .stdout_has(&format!(
        "invited {email} as member; the invitation expires 20"
    ))
    .stdout_has("status        pending");
    let listed = run(
        &case,
        &[
            "--json", "invites", "list", ACME_CORP, "--status", "pending", "--email", "newcomer",
        ],
    );
    let listed = items(listed.ok());
    assert_eq!(texts(&listed, "email"), [email]);
    assert_eq!(listed[0]["send_count"], 1);
    run(&case, &["invites", "list", ACME_CORP])
        .ok()
        .stdout_has("STATUS")
        .stdout_has("EXPIRES")
        .stdout_has(email);
    // Sent again: the new expiry, a week out, and one more send.
    run(&case, &["invites", "resend", ACME_CORP, RAVI])
        .ok()
        .stdout_has(&format!(
            "invitation sent again to {RAVI}; it now expires 20"
        ))
        .stdout_has("sends         3");
    let again = run(
        &case,
        &["--json", "invites", "list", ACME_CORP, "--email", RAVI],
    );
    assert_eq!(items(again.ok())[0]["send_count"], 3);
    // Sent again within the minute: 429, and when to try again.
    run(&case, &["invites", "resend", ACME_CORP, email])
        .code(5)
        .stderr_has("wait")
        .stderr_has("try again");
    // Revoking asks, or takes --yes; then it is no longer pending.
    run(&case, &["invites", "revoke", ACME_CORP, email])
        .code(2)
        .stderr_has(&format!("Revoke the invitation of {email}?"));
    let id = texts(&listed, "id").remove(0);
    let revoked = run(
        &case,
        &["--json", "invites", "revoke", ACME_CORP, &id, "--yes"],
    );
    assert_eq!(revoked.ok().json()["status"], "revoked");
    run(&case, &["invites", "revoke", ACME_CORP, email, "--yes"])
        .code(3)
        .stderr_has("is revoked, not pending");
    run(&case, &["invites", "resend", ACME_CORP, &id]).code(3);
    run(
        &case,
        &["invites", "resend", ACME_CORP, "nobody@elsewhere.example"],
    )
    .code(2)
    .stderr_has("no invitation nobody@elsewhere.example");
}
