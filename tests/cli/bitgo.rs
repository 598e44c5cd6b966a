//! The BitGo commands end to end against the BitGo sandbox: organizations, an
//! organization's enterprises (first page or `--all`, filters the parser holds
//! to the contract), a create found again by its key, an enterprise's users
//! added (held for approval where it needs one), approved by the other admin and
//! removed, and the approvals queue. Each as a table and as `--json`.

use orgdeck::backends::bitgo::sandbox::{BULK_ORG_ID, BULK_TOKEN};
use serde_json::Value;

use crate::support::cli::{Case, Run, Sandbox};
use crate::support::{FaultScope, Faults};

const ADMIN: &str = "bitgo-northwind-admin";
const ADMIN2: &str = "bitgo-northwind-admin2";
const NORTHWIND: &str = "40c0fc630e2bd5c7b9f59ddb2de5a130";
/// A Northwind enterprise whose changes need another admin's approval.
const AMARA: &str = "169c7ba3edf36c529373243393adb140";
/// One whose changes apply at once.
const BEN: &str = "f117cb54750cc0ce4131e278a67b8900";
/// A Northwind user on neither enterprise in the seed.
const NEWCOMER: &str = "kofi.mensah@northwind-caas.example";
/// A user of BEN's in the seed.
const BENS_USER: &str = "kofi.mensah@northwind-caas.example";
/// A pending approval of the seed on AMARA, asked by ADMIN.
const SEEDED_APPROVAL: &str = "94bf83b3dbb13a69293bc58b7923f855";

fn case(name: &str, sandbox: &Sandbox, extra: &str) -> Case {
    let mut case = Case::with_profile(
        name,
        &sandbox.base_url(),
        &format!("backend = \"bitgo\"\n{extra}"),
    );
    case.set_token(Some(ADMIN));
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

fn ids(run: &Run) -> Vec<String> {
    items(run)
        .iter()
        .map(|i| i["id"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn organizations_list_and_show_and_offer_nothing_the_api_lacks() {
    let sandbox = Sandbox::bitgo(None, Faults::default());
    let case = case("bg-orgs", &sandbox, "");
    run(&case, &["orgs", "list"])
        .ok()
        .stdout_has("ID")
        .stdout_has("ENTERPRISES")
        .stdout_has(NORTHWIND)
        .stdout_has("Northwind CaaS");
    let listed = run(&case, &["--json", "orgs", "list"]);
    assert_eq!(ids(listed.ok()), [NORTHWIND]);
    // Who you are names your role in each organization, not a tenant id.
    run(&case, &["whoami"])
        .ok()
        .stdout_has("Ada Lovelace <")
        .stdout_has(">, admin in Northwind CaaS (profile t at")
        .stdout_lacks("in tenant");
    assert_eq!(items(&listed)[0]["name"], "Northwind CaaS");
    run(&case, &["orgs", "show", NORTHWIND])
        .ok()
        .stdout_has("name          Northwind CaaS")
        .stdout_has("enterprises   30");
    // Organizations are neither created nor deleted; enterprises neither edited
    // nor deleted: those commands do not exist.
    for words in [
        &["orgs", "create", "--name", "X"][..],
        &["orgs", "delete", NORTHWIND, "--yes"],
        &["enterprises", "delete", AMARA, "--yes"],
        &["enterprises", "update", AMARA],
        &["members", "revoke", "x@y.z"],
    ] {
        run(&case, words)
            .code(2)
            .stderr_has("unrecognized subcommand");
    }
}

#[test]
fn enterprises_list_shows_the_first_page_and_with_all_every_page() {
    let sandbox = Sandbox::bitgo(Some(60), Faults::default());
    let mut case = case("bg-pages", &sandbox, "page_size = 20\n");
    case.set_token(Some(BULK_TOKEN));
    let first = run(&case, &["enterprises", "list", "--org", BULK_ORG_ID]);
    first
        .ok()
        .stderr_has("the first 20 enterprises, of more: --all for every page");
    // The header and one line per enterprise.
    assert_eq!(first.stdout.lines().count(), 21, "{}", first.dump());
    let all = run(
        &case,
        &["enterprises", "list", "--org", BULK_ORG_ID, "--all"],
    );
    all.ok().stderr_lacks("of more");
    assert_eq!(all.stdout.lines().count(), 61, "{}", all.dump());
    let json = run(
        &case,
        &[
            "--json",
            "enterprises",
            "list",
            "--org",
            BULK_ORG_ID,
            "--all",
        ],
    );
    let mut every = ids(json.ok());
    assert_eq!(every.len(), 60);
    every.sort_unstable();
    every.dedup();
    assert_eq!(every.len(), 60, "no enterprise twice");
    let page = run(
        &case,
        &["--json", "enterprises", "list", "--org", BULK_ORG_ID],
    );
    assert_eq!(ids(page.ok()).len(), 20);
    // Without one in the profile, a page is the level's (500): all 60 at once.
    let default = case_default(&sandbox);
    let first = run(&default, &["enterprises", "list", "--org", BULK_ORG_ID]);
    first.ok().stderr_lacks("of more");
    assert_eq!(first.stdout.lines().count(), 61, "{}", first.dump());
}

fn case_default(sandbox: &Sandbox) -> Case {
    let mut case = case("bg-pages-default", sandbox, "");
    case.set_token(Some(BULK_TOKEN));
    case
}

#[test]
fn the_kyc_filter_takes_only_the_four_states_and_search_finds_by_name() {
    let sandbox = Sandbox::bitgo(None, Faults::default());
    let case = case("bg-filters", &sandbox, "");
    run(
        &case,
        &[
            "enterprises",
            "list",
            "--org",
            NORTHWIND,
            "--kyc-state",
            "approvd",
        ],
    )
    .code(2)
    .stderr_has("[possible values: unverified, pending, approved, rejected]");
    let pending = run(
        &case,
        &[
            "--json",
            "enterprises",
            "list",
            "--org",
            NORTHWIND,
            "--kyc-state",
            "pending",
            "--kyc-state",
            "rejected",
            "--all",
        ],
    );
    let found = items(pending.ok());
    assert!(!found.is_empty(), "{}", pending.dump());
    assert!(
        found
            .iter()
            .all(|e| e["kycState"] == "pending" || e["kycState"] == "rejected"),
        "{}",
        pending.dump()
    );
    assert!(found.iter().any(|e| e["kycState"] == "rejected"));
    let search = run(
        &case,
        &[
            "enterprises",
            "list",
            "--org",
            NORTHWIND,
            "--search",
            "amara",
        ],
    );
    search.ok().stdout_has(AMARA).stdout_has("Amara Reyes");
    assert_eq!(search.stdout.lines().count(), 2, "{}", search.dump());
    // A lower level's list needs the node above it.
    run(&case, &["enterprises", "list"])
        .code(2)
        .stderr_has("--org <ID>");
}

#[test]
fn enterprises_show_prints_every_line_and_json_names_the_wire_fields() {
    let sandbox = Sandbox::bitgo(None, Faults::default());
    let case = case("bg-show", &sandbox, "");
    run(&case, &["enterprises", "show", AMARA])
        .ok()
        .stdout_has(&format!("id            {AMARA}"))
        .stdout_has("name          Amara Reyes")
        .stdout_has("KYC state     unverified")
        .stdout_has("approvals     2");
    let json = run(&case, &["--json", "enterprises", "show", AMARA]).json();
    assert_eq!(json["id"], AMARA);
    assert_eq!(json["accountType"], "individual");
    assert_eq!(json["approvalsRequired"], 2);
}

fn create_args<'a>(email: &'a str, key: Option<&'a str>) -> Vec<&'a str> {
    let mut args = vec![
        "enterprises",
        "create",
        "--org",
        NORTHWIND,
        "--email",
        email,
        "--account-type",
        "entity",
        "--third-party",
        "crm:K-1",
    ];
    if let Some(key) = key {
        args.extend(["--idempotency-key", key]);
    }
    args
}

/// The enterprises of NORTHWIND named `email` (a new enterprise is named by it).
fn named(case: &Case, email: &str) -> Vec<Value> {
    let all = run(
        case,
        &["--json", "enterprises", "list", "--org", NORTHWIND, "--all"],
    );
    items(all.ok())
        .into_iter()
        .filter(|e| e["name"] == email)
        .collect()
}

#[test]
fn create_prints_created_and_the_same_key_again_finds_it_by_its_key() {
    let sandbox = Sandbox::bitgo(None, Faults::default());
    let case = case("bg-create", &sandbox, "");
    let made = run(&case, &create_args("kiwi@example.com", Some("kiwi-1")));
    made.ok().stdout_has("created kiwi@example.com (");
    made.stdout_has("key           kiwi-1");
    let mut json_args = vec!["--json"];
    json_args.extend(create_args("kiwi@example.com", Some("kiwi-1")));
    let again = run(&case, &json_args).json();
    assert_eq!(again["outcome"], "found-by-key");
    assert_eq!(again["idempotency_key"], "kiwi-1");
    assert!(
        made.stdout.contains(again["id"].as_str().unwrap_or("?")),
        "the same enterprise: {again}\n{}",
        made.dump()
    );
    assert_eq!(named(&case, "kiwi@example.com").len(), 1);
    // Without a key, a fresh one: created.
    let mut fresh = vec!["--json"];
    fresh.extend(create_args("plum@example.com", None));
    let fresh = run(&case, &fresh).json();
    assert_eq!(fresh["outcome"], "created");
    assert_eq!(fresh["accountType"], "entity");
    assert!(
        fresh["idempotency_key"]
            .as_str()
            .is_some_and(|k| !k.is_empty())
    );
}

/// `--admin` takes a user id and may be repeated: each is made an admin of the
/// new enterprise (the console picks them by name; the flag stays by id).
#[test]
fn create_takes_additional_admins_by_user_id() {
    let sandbox = Sandbox::bitgo(None, Faults::default());
    let case = case("bg-create-admins", &sandbox, "");
    let mut args = vec!["--json"];
    args.extend(create_args("quince@example.com", None));
    args.extend([
        "--admin",
        "6d24a278b3b09246b0ee9a5a49f7b5f3",
        "--admin",
        "6e359fff87f142a83af6c8dc4418b494",
    ]);
    let made = run(&case, &args).json();
    assert_eq!(made["outcome"], "created", "{made}");
    let id = made["id"].as_str().expect("an id").to_owned();
    let users = members(&case, &id);
    for admin in [
        "bruno.okafor@northwind-caas.example",
        "mira.novak@northwind-caas.example",
    ] {
        assert!(users.iter().any(|u| u == admin), "{admin} in {users:?}");
    }
    // An id the contract cannot take is refused before anything is sent.
    let mut bad = create_args("rowan@example.com", None);
    bad.extend(["--admin", "bruno"]);
    let refused = run(&case, &bad);
    assert_ne!(refused.code, 0, "{}", refused.dump());
    refused.stderr_has("32-character hex");
}

#[test]
fn a_create_whose_answer_is_lost_is_found_by_its_key_and_made_once() {
    let sandbox = Sandbox::bitgo(
        None,
        Faults {
            drop_rate: 1.0,
            scope: FaultScope::Writes,
            ..Faults::default()
        },
    );
    let case = case("bg-create-lost", &sandbox, "");
    run(&case, &create_args("lost@example.com", None))
        .ok()
        .stdout_has("found by its key lost@example.com (")
        .stderr_has("re-reading showed the change was applied");
    assert_eq!(named(&case, "lost@example.com").len(), 1);
}

fn members(case: &Case, enterprise: &str) -> Vec<String> {
    let listed = run(
        case,
        &["--json", "members", "list", "--enterprise", enterprise],
    );
    items(listed.ok())
        .iter()
        .map(|u| u["username"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn adding_where_approvals_are_needed_waits_for_the_other_admin() {
    let sandbox = Sandbox::bitgo(None, Faults::default());
    let case = case("bg-approve", &sandbox, "");
    let held = run(
        &case,
        &[
            "--json",
            "members",
            "add",
            "--enterprise",
            AMARA,
            "--email",
            NEWCOMER,
            "--permission",
            "admin",
            "--permission",
            "wallet.create",
        ],
    );
    let answer = held.ok().json();
    assert_eq!(answer["status"], "pending-approval", "{}", held.dump());
    let approval = answer["approval_id"].as_str().expect("an approval id");
    assert_eq!(answer["pending_approval"]["id"], approval);
    assert!(!members(&case, AMARA).contains(&NEWCOMER.to_owned()));
    // It waits in the queue, as a table and as JSON.
    run(&case, &["approvals", "list", "--enterprise", AMARA])
        .ok()
        .stdout_has("ASKED BY")
        .stdout_has(approval);
    let queue = run(
        &case,
        &["--json", "approvals", "list", "--enterprise", AMARA],
    );
    let queued = items(queue.ok());
    assert!(
        queued.iter().all(|a| a["node"] == AMARA),
        "{}",
        queue.dump()
    );
    assert!(queued.iter().any(|a| a["id"] == approval));
    // Not without --yes, not by the admin who asked, by the other one.
    run(&case, &["approvals", "approve", approval])
        .code(2)
        .stderr_has("add --yes");
    run(&case, &["approvals", "approve", approval, "--yes"])
        .code(4)
        .stderr_has("you created this request");
    run_as(&case, ADMIN2, &["approvals", "approve", approval, "--yes"])
        .ok()
        .stdout_has(&format!("approved {approval}"));
    assert!(members(&case, AMARA).contains(&NEWCOMER.to_owned()));
}

#[test]
fn a_held_add_prints_the_approval_and_what_it_waits_for() {
    let sandbox = Sandbox::bitgo(None, Faults::default());
    let case = case("bg-held", &sandbox, "");
    run(
        &case,
        &[
            "members",
            "add",
            "--enterprise",
            AMARA,
            "--email",
            NEWCOMER,
            "--permission",
            "auditor",
            "--invite",
        ],
    )
    .ok()
    .stdout_has(&format!("sent for approval: add {NEWCOMER}"))
    .stdout_has("(approval ");
    run(
        &case,
        &[
            "members",
            "add",
            "--enterprise",
            AMARA,
            "--email",
            NEWCOMER,
            "--permission",
            "owner",
        ],
    )
    .code(2)
    .stderr_has("[possible values: admin, auditor, wallet.create]");
}

#[test]
fn members_list_add_and_remove_where_changes_apply_at_once() {
    let sandbox = Sandbox::bitgo(None, Faults::default());
    let case = case("bg-members", &sandbox, "");
    run(&case, &["members", "list", "--enterprise", BEN])
        .ok()
        .stdout_has("EMAIL")
        .stdout_has(BENS_USER);
    run(&case, &["members", "list"])
        .code(2)
        .stderr_has("--enterprise <ID>");
    run(
        &case,
        &[
            "members",
            "remove",
            "--enterprise",
            BEN,
            "--email",
            BENS_USER,
        ],
    )
    .code(2)
    .stderr_has(&format!("Remove {BENS_USER} from {BEN}?"))
    .stderr_has("add --yes");
    assert!(members(&case, BEN).contains(&BENS_USER.to_owned()));
    let removed = run(
        &case,
        &[
            "--json",
            "members",
            "remove",
            "--enterprise",
            BEN,
            "--email",
            BENS_USER,
            "--yes",
        ],
    );
    assert_eq!(
        removed.ok().json()["done"],
        format!("removed {BENS_USER} from {BEN}")
    );
    assert!(!members(&case, BEN).contains(&BENS_USER.to_owned()));
    run(
        &case,
        &[
            "members",
            "add",
            "--enterprise",
            BEN,
            "--email",
            BENS_USER,
            "--permission",
            "auditor",
        ],
    )
    .ok()
    .stdout_has(&format!("added {BENS_USER} to {BEN}"));
    assert!(members(&case, BEN).contains(&BENS_USER.to_owned()));
}

#[test]
fn a_rejected_approval_leaves_the_queue() {
    let sandbox = Sandbox::bitgo(None, Faults::default());
    let case = case("bg-reject", &sandbox, "");
    run(&case, &["approvals", "list"])
        .ok()
        .stdout_has(SEEDED_APPROVAL);
    run_as(&case, ADMIN2, &["approvals", "reject", SEEDED_APPROVAL])
        .code(2)
        .stderr_has("add --yes");
    run_as(
        &case,
        ADMIN2,
        &["--json", "approvals", "reject", SEEDED_APPROVAL, "--yes"],
    )
    .ok()
    .stdout_has(&format!("rejected {SEEDED_APPROVAL}"));
    let queue = run(&case, &["--json", "approvals", "list"]);
    assert!(
        !ids(queue.ok()).contains(&SEEDED_APPROVAL.to_owned()),
        "{}",
        queue.dump()
    );
}

#[test]
fn a_removal_where_approvals_are_needed_is_held_too() {
    let sandbox = Sandbox::bitgo(None, Faults::default());
    let case = case("bg-remove-held", &sandbox, "");
    let mira = "mira.novak@northwind-caas.example";
    let held = run(
        &case,
        &[
            "--json",
            "members",
            "remove",
            "--enterprise",
            AMARA,
            "--email",
            mira,
            "--yes",
        ],
    );
    let answer = held.ok().json();
    assert_eq!(answer["status"], "pending-approval", "{}", held.dump());
    let approval = answer["approval_id"].as_str().expect("an approval id");
    assert!(members(&case, AMARA).contains(&mira.to_owned()));
    run_as(&case, ADMIN2, &["approvals", "approve", approval, "--yes"]).ok();
    assert!(!members(&case, AMARA).contains(&mira.to_owned()));
}
