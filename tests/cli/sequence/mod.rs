//! The Sequence commands end to end against the Sequence sandbox: organizations
//! found through the customers and shown with their owner and members, created
//! from customer ids, added to and replaced (refused without `--yes`, saying who
//! stays and who goes), customers a page at a time or all, filtered by the
//! server and shown with their organizations; each as a table and as `--json`,
//! with the refusals' exit codes, and a create whose answer is lost settled
//! without being sent twice.

mod terminal;

use serde_json::Value;

use crate::support::cli::{Case, Run, Sandbox};
use crate::support::fake_servers::{Mode, Proxy};
use crate::support::{FaultScope, Faults};

/// The seed's API client, as a profile's `id:secret` credential.
const CLIENT: &str = "seq-northwind-client:seq-northwind-secret";

const ACME_HOLDINGS: &str = "e8d79f49-af6d-414c-8a6f-188a424e617b";
const ACME_RETAIL: &str = "e3d6e4b9-d96e-482d-8d50-2d42af1ffe0d";
const ACME_LOGISTICS: &str = "aa8b230f-3b05-4392-a6ea-1c0d2f8b9e9d";
/// Acme Holdings' organization of Acme Retail and Acme Logistics.
const ACME_GROUP: &str = "7f1071ec-b903-4e23-bcd7-3b439a7ef9e4";
/// Borealis Energy's organization, which Acme Retail belongs to too.
const BOREALIS_GROUP: &str = "09e4d1f4-975a-4550-b3a8-d61294b431de";
/// Customers in no organization of the seed.
const ATLAS: &str = "bbafd285-28e5-40e0-80f2-7005a3992461";
const BEACON: &str = "4053bcf1-de45-4397-bc7b-3b1669da8a2e";
const DUNE: &str = "a16854c6-da89-4524-b494-a73d33fba0d0";
const ECHO: &str = "a827f5a3-b76d-454d-8535-dcf45ff0066f";
/// Archived in the seed.
const FLINT: &str = "b432d4f7-f8a7-4516-a6c4-b8fb2312ec6b";
const NOBODY: &str = "00000000-0000-4000-8000-000000000000";
/// The seed's organizations.
const SEEDED_ORGS: usize = 10;

fn case_at(name: &str, base_url: &str) -> Case {
    let mut case = Case::with_profile(name, base_url, "backend = \"sequence\"\n");
    case.set_token(Some(CLIENT));
    case
}

fn case(name: &str, sandbox: &Sandbox) -> Case {
    case_at(name, &sandbox.base_url())
}

/// `orgdeck --profile t ARGS`.
fn run(case: &Case, args: &[&str]) -> Run {
    let mut all = vec!["--profile", "t"];
    all.extend_from_slice(args);
    case.run(&all)
}

fn items(run: &Run) -> Vec<Value> {
    match run.json() {
        Value::Array(items) => items,
        other => panic!("not a JSON array: {other}\n{}", run.dump()),
    }
}

fn ids(values: &[Value]) -> Vec<String> {
    values
        .iter()
        .map(|i| i["id"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// The organizations `orgs list --json` finds, by id.
fn orgs(case: &Case) -> Vec<Value> {
    items(run(case, &["--json", "orgs", "list"]).ok())
}

/// The ids of an organization's members (not its owner), as `orgs show` has them.
fn members(case: &Case, org: &str) -> Vec<String> {
    let shown = run(case, &["--json", "orgs", "show", org]);
    let body = shown.ok().json();
    let parties = body["customers"].as_array().cloned().unwrap_or_default();
    parties
        .iter()
        .filter(|p| p["role"] == "member")
        .map(|p| p["id"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn orgs_list_and_show_name_the_owner_and_every_member() {
    let sandbox = Sandbox::sequence(None, Faults::default());
    let case = case("seq-orgs", &sandbox);
    run(&case, &["orgs", "list"])
        .ok()
        .stdout_has("OWNER")
        .stdout_has("MEMBERS")
        .stdout_has(ACME_GROUP)
        .stdout_has("Acme Holdings Ltd");
    let listed = orgs(&case);
    let mut found = ids(&listed);
    found.sort_unstable();
    found.dedup();
    assert_eq!(
        found.len(),
        SEEDED_ORGS,
        "each organization once: {found:?}"
    );
    // Acme Retail's two organizations are on several customers' pages: listed once.
    assert!(found.contains(&BOREALIS_GROUP.to_owned()));

    let shown = run(&case, &["orgs", "show", ACME_GROUP]);
    shown
        .ok()
        .stdout_has(&format!("owner id      {ACME_HOLDINGS}"))
        .stdout_has("Acme Retail Inc")
        .stdout_has("Acme Logistics Inc")
        .stdout_has("LEGAL NAME")
        .stdout_has("STATUS")
        .stdout_has("DOMAIN");
    // The owner first, then the members, each with its id and role.
    let rows: Vec<&str> = shown
        .stdout
        .lines()
        .filter(|l| l.contains("Acme "))
        .collect();
    let owner_row = rows.iter().position(|l| l.starts_with(ACME_HOLDINGS));
    let member_row = rows.iter().position(|l| l.starts_with(ACME_RETAIL));
    assert!(owner_row < member_row, "{}", shown.dump());
    assert!(
        rows.iter()
            .any(|l| l.starts_with(ACME_HOLDINGS) && l.contains("owner"))
    );

    let json = run(&case, &["--json", "orgs", "show", ACME_GROUP]).json();
    assert_eq!(json["id"], ACME_GROUP);
    let parties = json["customers"].as_array().expect("the owner and members");
    assert_eq!(ids(parties), [ACME_HOLDINGS, ACME_RETAIL, ACME_LOGISTICS]);
    assert_eq!(parties[0]["role"], "owner");
    assert_eq!(parties[0]["legalName"], "Acme Holdings Ltd");
    assert_eq!(members(&case, ACME_GROUP), [ACME_RETAIL, ACME_LOGISTICS]);

    run(&case, &["orgs", "show", NOBODY]).code(3).no_panic();
    let failure = run(&case, &["--json", "orgs", "show", NOBODY]);
    assert_eq!(failure.code(3).stderr_json()["exit_code"], 3);
}

#[test]
fn help_offers_only_what_the_api_does() {
    let sandbox = Sandbox::sequence(None, Faults::default());
    let case = case("seq-help", &sandbox);
    let help = run(&case, &["orgs", "--help"]);
    help.ok()
        .stdout_has("list")
        .stdout_has("show")
        .stdout_has("create")
        .stdout_has("add-members")
        .stdout_has("set-members");
    for absent in [
        "update", "delete", "suspend", "activate", "lookup", "invite",
    ] {
        let words: Vec<&str> = help.stdout.split_whitespace().collect();
        assert!(!words.contains(&absent), "{absent}: {}", help.dump());
    }
    for words in [
        &["orgs", "delete", ACME_GROUP, "--yes"][..],
        &["orgs", "update", ACME_GROUP],
        &["members", "list", "--org", ACME_GROUP],
        &["invite", "--member", ATLAS],
    ] {
        run(&case, words)
            .code(2)
            .stderr_has("unrecognized subcommand");
    }
    run(
        &case,
        &["orgs", "create", "--owner", ATLAS, "--owner", BEACON],
    )
    .code(2)
    .stderr_has("--owner");
}

#[test]
fn customers_list_a_page_or_all_filtered_by_the_server_and_show_their_organizations() {
    let sandbox = Sandbox::sequence(Some(150), Faults::default());
    let case = case("seq-customers", &sandbox);
    let first = run(&case, &["customers", "list"]);
    first
        .ok()
        .stdout_has("LEGAL NAME")
        .stderr_has("the first 100 customers, of more: --all for every page");
    // The header and one line per customer.
    assert_eq!(first.stdout.lines().count(), 101, "{}", first.dump());
    let page = items(run(&case, &["--json", "customers", "list"]).ok());
    assert_eq!(page.len(), 100);
    let every = run(&case, &["--json", "customers", "list", "--all"]);
    let mut all = ids(&items(every.ok()));
    every.stderr_lacks("of more");
    let count = all.len();
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), count, "no customer twice");
    assert!(count > 150, "every page: {count}");

    let acme = items(run(&case, &["--json", "customers", "list", "--name", "Acme"]).ok());
    let mut names: Vec<&str> = acme
        .iter()
        .filter_map(|c| c["legalName"].as_str())
        .collect();
    names.sort_unstable();
    assert_eq!(
        names,
        ["Acme Holdings Ltd", "Acme Logistics Inc", "Acme Retail Inc"]
    );
    let by_email = run(
        &case,
        &[
            "--json",
            "customers",
            "list",
            "--email",
            "billing@acme1.example",
        ],
    );
    assert_eq!(ids(&items(by_email.ok())), [ACME_RETAIL]);

    run(&case, &["customers", "show", ACME_RETAIL])
        .ok()
        .stdout_has(&format!("id            {ACME_RETAIL}"))
        .stdout_has("legal name    Acme Retail Inc")
        .stdout_has(&format!("member of {ACME_GROUP} (owner Acme Holdings Ltd)"))
        .stdout_has(&format!(
            "member of {BOREALIS_GROUP} (owner Borealis Energy Inc)"
        ));
    let raw = run(&case, &["--json", "customers", "show", ACME_RETAIL]);
    // The id is written once, though the record holds it under the same name.
    let top_ids = raw
        .ok()
        .stdout
        .lines()
        .filter(|l| l.starts_with("  \"id\":"))
        .count();
    assert_eq!(top_ids, 1, "{}", raw.dump());
    let shown = raw.json();
    let orgs: Vec<&str> = (shown["memberships"].as_array().expect("memberships").iter())
        .filter_map(|m| m["id"].as_str())
        .collect();
    assert!(
        orgs.contains(&ACME_GROUP) && orgs.contains(&BOREALIS_GROUP),
        "{shown}"
    );
    let owner = run(&case, &["--json", "customers", "show", ACME_HOLDINGS]).json();
    let roles: Vec<&str> = (owner["memberships"].as_array().expect("memberships").iter())
        .filter_map(|m| m["role"].as_str())
        .collect();
    assert_eq!(roles, ["owner", "owner"], "{owner}");
    run(&case, &["customers", "show", NOBODY])
        .code(3)
        .no_panic();
}

#[test]
fn customers_list_shows_what_a_list_item_holds_and_how_many_organizations_each_is_in() {
    let sandbox = Sandbox::sequence(None, Faults::default());
    let case = case("seq-customer-columns", &sandbox);
    let listed = run(&case, &["customers", "list", "--name", "Acme"]);
    let out = &listed.ok().stdout;
    // No ROLE (it means something only inside an organization) and no STATUS
    // (a list item does not carry it): every row would say "-".
    let header: Vec<&str> = out
        .lines()
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .collect();
    assert_eq!(
        header,
        ["ID", "LEGAL", "NAME", "DOMAIN", "CREATED", "ORGS"],
        "{}",
        listed.dump()
    );
    let row = |id: &str| -> Vec<String> {
        let line = out.lines().find(|l| l.starts_with(id)).unwrap_or_default();
        line.split_whitespace().map(str::to_owned).collect()
    };
    let retail = row(ACME_RETAIL);
    assert!(retail.contains(&"acme1.example".to_owned()), "{retail:?}");
    assert_eq!(
        retail.last().map(String::as_str),
        Some("2"),
        "member of two: {retail:?}"
    );
    let holdings = row(ACME_HOLDINGS);
    assert_eq!(
        holdings.last().map(String::as_str),
        Some("2"),
        "owner of two: {holdings:?}"
    );
}

#[test]
fn an_organization_is_created_added_to_and_replaced_only_with_yes() {
    let sandbox = Sandbox::sequence(None, Faults::default());
    let case = case("seq-members", &sandbox);
    let created = run(
        &case,
        &[
            "--json", "orgs", "create", "--owner", ATLAS, "--member", BEACON,
        ],
    );
    let org = created.ok().json()["id"]
        .as_str()
        .expect("the new organization's id")
        .to_owned();
    assert!(ids(&orgs(&case)).contains(&org));
    assert_eq!(members(&case, &org), [BEACON]);

    run(
        &case,
        &[
            "orgs",
            "add-members",
            &org,
            "--member",
            DUNE,
            "--member",
            ECHO,
        ],
    )
    .ok()
    .stdout_has("added 2 customers to Atlas Printing Inc (");
    // Adding one already there is harmless.
    run(&case, &["orgs", "add-members", &org, "--member", DUNE]).ok();
    assert_eq!(members(&case, &org), [BEACON, DUNE, ECHO]);

    // Without --yes nothing is replaced: it says who would stay and who would go.
    let refused = run(
        &case,
        &[
            "orgs",
            "set-members",
            &org,
            "--member",
            DUNE,
            "--member",
            ACME_RETAIL,
        ],
    );
    refused
        .code(2)
        .stderr_has("Replace the members of Atlas Printing Inc (")
        .stderr_has("owner  Atlas Printing Inc")
        .stderr_has("stays  Dune Solar Inc")
        .stderr_has("goes   Beacon Telecom Ltd")
        .stderr_has("goes   Echo Audio Inc")
        .stderr_has(&format!("joins  Acme Retail Inc ({ACME_RETAIL})"))
        .stderr_has("add --yes");
    assert_eq!(members(&case, &org), [BEACON, DUNE, ECHO]);

    run(
        &case,
        &[
            "orgs",
            "set-members",
            &org,
            "--member",
            DUNE,
            "--member",
            ACME_RETAIL,
            "--yes",
        ],
    )
    .ok()
    .stdout_has("replaced the members of Atlas Printing Inc (")
    .stdout_has("1 stay, 2 go, 1 join");
    let mut now = members(&case, &org);
    now.sort_unstable();
    let mut expected = vec![DUNE.to_owned(), ACME_RETAIL.to_owned()];
    expected.sort_unstable();
    assert_eq!(now, expected);
    // The same list again sends nothing.
    run(
        &case,
        &[
            "orgs",
            "set-members",
            &org,
            "--member",
            ACME_RETAIL,
            "--member",
            DUNE,
            "--yes",
        ],
    )
    .ok()
    .stdout_has("nothing sent");

    // None given empties it; the organization is still found.
    let emptied = run(&case, &["--json", "orgs", "set-members", &org, "--yes"]);
    let body = emptied.ok().json();
    assert_eq!(body["id"], org.as_str());
    assert_eq!(body["memberCount"], 0);
    let mut removed: Vec<String> = serde_json::from_value(body["removed"].clone()).unwrap();
    removed.sort_unstable();
    assert_eq!(removed, expected);
    assert!(members(&case, &org).is_empty());
    assert!(
        ids(&orgs(&case)).contains(&org),
        "an organization with no members"
    );
}

#[test]
fn refusals_name_the_field_and_end_with_their_exit_codes() {
    let sandbox = Sandbox::sequence(None, Faults::default());
    let case = case("seq-refusals", &sandbox);
    // The owner cannot be a member too: the member entry is named.
    run(
        &case,
        &[
            "orgs", "create", "--owner", ATLAS, "--member", BEACON, "--member", ATLAS,
        ],
    )
    .code(3)
    .no_panic()
    .stderr_has("memberIds[1]")
    .stderr_has("hint: fix the fields named above");
    let failure = run(
        &case,
        &[
            "--json", "orgs", "create", "--owner", ATLAS, "--member", ATLAS,
        ],
    );
    let body = failure.code(3).stderr_json();
    assert_eq!(body["exit_code"], 3);
    let fields = body["problem"]["fields"]
        .as_array()
        .expect("per-field problems");
    assert!(fields.iter().any(|f| f["path"] == "memberIds[0]"), "{body}");
    run(&case, &["orgs", "create", "--owner", NOBODY])
        .code(3)
        .stderr_has("ownerId");
    run(
        &case,
        &["orgs", "create", "--owner", ATLAS, "--member", FLINT],
    )
    .code(3)
    .stderr_has("memberIds[0]");
    run(
        &case,
        &["orgs", "add-members", ACME_GROUP, "--member", NOBODY],
    )
    .code(3)
    .stderr_has("customerIds[0]");
    // Nor in a replacement, though every member named is one it has already.
    run(
        &case,
        &[
            "orgs",
            "set-members",
            ACME_GROUP,
            "--member",
            ACME_RETAIL,
            "--member",
            ACME_LOGISTICS,
            "--member",
            ACME_HOLDINGS,
            "--yes",
        ],
    )
    .code(3)
    .stderr_has("customerIds[2]")
    .stderr_lacks("nothing sent");
    assert_eq!(members(&case, ACME_GROUP), [ACME_RETAIL, ACME_LOGISTICS]);
    run(&case, &["orgs", "add-members", NOBODY, "--member", ATLAS])
        .code(3)
        .no_panic();
    run(
        &case,
        &["orgs", "set-members", NOBODY, "--member", ATLAS, "--yes"],
    )
    .code(3)
    .no_panic();
    // Nothing was made by any of them.
    assert_eq!(orgs(&case).len(), SEEDED_ORGS);
}

/// The organizations `owner` owns, as its customer record lists them.
fn owned(case: &Case, owner: &str) -> usize {
    let shown = run(case, &["--json", "customers", "show", owner]).json();
    (shown["memberships"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter())
    .filter(|m| m["role"] == "owner")
    .count()
}

#[test]
fn a_lost_create_answer_is_settled_and_never_sent_again() {
    let sandbox = Sandbox::sequence(None, Faults::default());
    // Made, its answer lost: found by the owner and member set.
    let losing = Proxy::start(&sandbox.base_url(), Mode::LoseWrites);
    let lost = case_at("seq-create-lost", &losing.base_url());
    run(
        &lost,
        &["orgs", "create", "--owner", ATLAS, "--member", BEACON],
    )
    .ok()
    .no_panic()
    .stderr_has("re-reading showed the change was applied")
    .stdout_has("Atlas Printing Inc");
    assert_eq!(losing.writes(), 1, "never sent twice");
    let direct = case("seq-create-lost-direct", &sandbox);
    assert_eq!(owned(&direct, ATLAS), 1);

    // Never made: said so, safe to send again, and not sent again.
    let refusing = Proxy::start(&sandbox.base_url(), Mode::GatewayInstead(503));
    let not_made = case_at("seq-create-not-made", &refusing.base_url());
    let run_once = run(
        &not_made,
        &[
            "--json", "orgs", "create", "--owner", DUNE, "--member", ECHO,
        ],
    );
    let body = run_once.code(5).stderr_json();
    assert_eq!(body["write_outcome"], "not_applied", "{body}");
    assert_eq!(refusing.writes(), 1);
    assert_eq!(owned(&direct, DUNE), 0);

    // Made, its answer lost, and the owner's record cannot be read to settle it:
    // unknown, said so, and not sent again.
    let failing_reads = Sandbox::sequence(
        None,
        Faults {
            error_rate: 1.0,
            scope: FaultScope::Reads,
            ..Faults::default()
        },
    );
    let losing = Proxy::start(&failing_reads.base_url(), Mode::LoseWrites);
    let unsettled = case_at("seq-create-unknown", &losing.base_url());
    let run_once = run(
        &unsettled,
        &[
            "--json", "orgs", "create", "--owner", DUNE, "--member", ECHO,
        ],
    );
    let body = run_once.code(5).stderr_json();
    assert_eq!(body["write_outcome"], "unknown", "{body}");
    assert_eq!(losing.writes(), 1);
    run(
        &unsettled,
        &["orgs", "create", "--owner", DUNE, "--member", ECHO],
    )
    .code(5)
    .stderr_has("may or may not have been applied")
    .stderr_has("check before submitting again");
    assert_eq!(losing.writes(), 2, "each run sent its create once");
}
