//! The generated commands follow the schema: renamed levels, parents, and only
//! what a schema declares.

use super::*;

/// The default schema with its level renamed: the commands follow.
fn renamed() -> &'static Schema {
    let schema = crate::backends::schema();
    let level = schema.top_level().expect("a level");
    let levels: &'static [Level] = Box::leak(Box::new([Level {
        cli: "wallets",
        ..*level
    }]));
    Box::leak(Box::new(Schema { levels, ..*schema }))
}

#[test]
fn a_levels_commands_and_flags_come_from_its_schema() {
    let schema = renamed();
    assert!(is_generated(schema, "wallets") && !is_generated(schema, "orgs"));
    let root = Command::new("orgdeck").subcommands(commands(schema));
    let wallets = root.find_subcommand("wallets").expect("generated");
    let verbs: Vec<&str> = wallets.get_subcommands().map(|c| c.get_name()).collect();
    assert_eq!(
        verbs,
        [
            "list", "show", "create", "update", "suspend", "activate", "delete", "lookup"
        ]
    );
    let parsed = root
        .clone()
        .try_get_matches_from(["orgdeck", "wallets", "create", "--name", "Kiwi"])
        .expect("parses");
    let (_, wallets) = parsed.subcommand().expect("wallets");
    let (_, create) = wallets.subcommand().expect("create");
    assert_eq!(
        create.get_one::<String>("name").map(String::as_str),
        Some("Kiwi")
    );
    // The create form's required field is a required flag.
    let missing = root.try_get_matches_from(["orgdeck", "wallets", "create"]);
    assert!(missing.unwrap_err().to_string().contains("--name <NAME>"));
}

/// The default schema with teams under its organizations, with commands of their own.
fn with_teams(parent_flag: &'static str) -> &'static Schema {
    let schema = crate::backends::schema();
    let top = schema.top_level().expect("a level");
    let spec = top.cli_spec.map(|spec| crate::api::schema::LevelCli {
        parent_flag,
        ..spec
    });
    let levels: &'static [Level] = Box::leak(Box::new([
        Level { ..*top },
        Level {
            id: crate::api::schema::LevelId("team"),
            nouns: ("team", "teams"),
            cli: "teams",
            cli_spec: spec,
            parent: Some(top.id),
            find: None,
            ..*top
        },
    ]));
    Box::leak(Box::new(Schema { levels, ..*schema }))
}

#[test]
fn a_lower_level_lists_and_creates_under_a_parent_it_must_be_given() {
    let root = Command::new("orgdeck").subcommands(commands(with_teams("")));
    let parsed = root
        .clone()
        .try_get_matches_from(["orgdeck", "teams", "list", "--parent", "co-1"])
        .expect("parses");
    let (_, teams) = parsed.subcommand().expect("teams");
    let (_, list) = teams.subcommand().expect("list");
    assert_eq!(
        list.get_one::<String>("parent").map(String::as_str),
        Some("co-1")
    );
    for verb in ["list", "create"] {
        let missing = root
            .clone()
            .try_get_matches_from(["orgdeck", "teams", verb, "--name", "Kiwi"]);
        let why = missing.unwrap_err().to_string();
        assert!(why.contains("--parent <ID>"), "{verb}: {why}");
    }
    // The top level has nothing above it.
    let orgs = root
        .try_get_matches_from(["orgdeck", "orgs", "list", "--parent", "x"])
        .unwrap_err();
    assert!(orgs.to_string().contains("--parent"), "{orgs}");
}

#[test]
fn a_level_may_name_its_parent_flag() {
    let root = Command::new("orgdeck").subcommands(commands(with_teams("org")));
    let parsed = root
        .clone()
        .try_get_matches_from(["orgdeck", "teams", "list", "--org", "co-1"])
        .expect("parses");
    let (_, teams) = parsed.subcommand().expect("teams");
    let (_, list) = teams.subcommand().expect("list");
    assert_eq!(
        list.get_one::<String>("parent").map(String::as_str),
        Some("co-1")
    );
    let why = root
        .try_get_matches_from(["orgdeck", "teams", "list"])
        .unwrap_err()
        .to_string();
    assert!(why.contains("--org <ID>"), "{why}");
}

fn verbs(root: &Command, name: &str) -> Vec<String> {
    root.find_subcommand(name)
        .map(|c| {
            c.get_subcommands()
                .map(|v| v.get_name().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// The registered schema whose changes wait for approval, with node tabs.
fn other() -> &'static Schema {
    crate::backends::ALL
        .iter()
        .map(|entry| entry.schema)
        .find(|s| {
            s.levels
                .iter()
                .any(|l| l.cli_spec.is_some_and(|c| c.approvals_flag.is_some()))
        })
        .expect("a backend with approvals")
}

#[test]
fn only_what_a_schema_declares_is_offered() {
    let root = Command::new("orgdeck").subcommands(commands(other()));
    assert_eq!(verbs(&root, "orgs"), ["list", "show"]);
    assert_eq!(verbs(&root, "enterprises"), ["list", "show", "create"]);
    assert_eq!(verbs(&root, "members"), ["list", "add", "remove"]);
    assert_eq!(verbs(&root, "approvals"), ["list", "approve", "reject"]);
    // A node's tab adds with `<tab> add`: no top-level invite.
    assert!(root.find_subcommand("invite").is_none());
    // The default schema keeps its commands and has no approvals queue.
    let default = Command::new("orgdeck").subcommands(commands(crate::backends::schema()));
    assert_eq!(
        verbs(&default, "orgs"),
        [
            "list", "show", "create", "update", "suspend", "activate", "delete", "lookup"
        ]
    );
    assert_eq!(verbs(&default, "invites"), ["list", "resend", "revoke"]);
    assert!(default.find_subcommand("invite").is_some());
    assert!(default.find_subcommand("approvals").is_none());
}

fn parse(words: &[&str]) -> Result<ArgMatches, clap::Error> {
    Command::new("orgdeck")
        .subcommands(commands(other()))
        .try_get_matches_from(words)
}

fn leaf(matches: &ArgMatches) -> &ArgMatches {
    let (_, group) = matches.subcommand().expect("a command");
    let (_, leaf) = group.subcommand().expect("a verb");
    leaf
}

#[test]
fn a_node_tab_names_its_node_repeats_a_select_and_switches_a_flag() {
    let parsed = parse(&[
        "orgdeck",
        "members",
        "add",
        "--enterprise",
        "e-1",
        "--email",
        "a@b.c",
        "--permission",
        "admin",
        "--permission",
        "auditor",
        "--invite",
    ])
    .expect("parses");
    let add = leaf(&parsed);
    assert_eq!(
        add.get_one::<String>("node").map(String::as_str),
        Some("e-1")
    );
    let permissions: Vec<&String> = add.get_many("permission").expect("given").collect();
    assert_eq!(permissions, ["admin", "auditor"]);
    assert!(add.get_flag("invite"));
    let why = parse(&["orgdeck", "members", "add", "--email", "a@b.c"]).unwrap_err();
    assert!(why.to_string().contains("--enterprise <ID>"), "{why}");
    let why = parse(&[
        "orgdeck",
        "members",
        "add",
        "--enterprise",
        "e",
        "--email",
        "a@b.c",
        "--permission",
        "owner",
    ])
    .unwrap_err();
    assert!(why.to_string().contains("wallet.create"), "{why}");
}

#[test]
fn a_paged_list_takes_all_and_a_keyed_create_takes_its_key() {
    let parsed = parse(&["orgdeck", "enterprises", "list", "--org", "o", "--all"]).expect("parses");
    assert!(leaf(&parsed).get_flag("all"));
    let parsed = parse(&[
        "orgdeck",
        "enterprises",
        "create",
        "--org",
        "o",
        "--email",
        "a@b.c",
        "--idempotency-key",
        "k-1",
    ])
    .expect("parses");
    assert_eq!(
        leaf(&parsed)
            .get_one::<String>("idempotency_key")
            .map(String::as_str),
        Some("k-1")
    );
    // The top level's list comes whole.
    assert!(parse(&["orgdeck", "orgs", "list", "--all"]).is_err());
}

/// The registered schema whose organizations are changed through one tab from
/// the level's own commands, with a view read page by page.
fn node_tab_schema() -> &'static Schema {
    crate::backends::ALL
        .iter()
        .map(|entry| entry.schema)
        .find(|s| {
            s.levels
                .iter()
                .any(|l| l.cli_spec.is_some_and(|c| c.tab.is_some()))
        })
        .expect("a backend whose level changes a tab")
}

fn parse_node_tab(words: &[&str]) -> Result<ArgMatches, clap::Error> {
    Command::new("orgdeck")
        .subcommands(commands(node_tab_schema()))
        .try_get_matches_from(words)
}

#[test]
fn a_levels_tab_is_changed_from_the_levels_own_commands() {
    let root = Command::new("orgdeck").subcommands(commands(node_tab_schema()));
    assert_eq!(
        verbs(&root, "orgs"),
        ["list", "show", "create", "add-members", "set-members"]
    );
    // The tab has no command of its own, and nothing the API lacks is offered.
    assert!(root.find_subcommand("members").is_none());
    assert!(root.find_subcommand("invite").is_none());
    assert_eq!(verbs(&root, "customers"), ["list", "show"]);
    let parsed = parse_node_tab(&[
        "orgdeck",
        "orgs",
        "add-members",
        "org-1",
        "--member",
        "c-1",
        "--member",
        "c-2",
    ])
    .expect("parses");
    let add = leaf(&parsed);
    assert_eq!(
        add.get_one::<String>("id").map(String::as_str),
        Some("org-1")
    );
    let members: Vec<&String> = add.get_many("member").expect("given").collect();
    assert_eq!(members, ["c-1", "c-2"]);
    let why = parse_node_tab(&["orgdeck", "orgs", "add-members", "org-1"]).unwrap_err();
    assert!(why.to_string().contains("--member <CUSTOMER_ID>"), "{why}");
    // Setting no members empties the list; --yes is a switch.
    let set =
        parse_node_tab(&["orgdeck", "orgs", "set-members", "org-1", "--yes"]).expect("parses");
    assert!(leaf(&set).get_flag("yes"));
    assert!(leaf(&set).get_many::<String>("party").is_none());
}

#[test]
fn an_owner_is_given_once_and_a_paged_view_takes_all() {
    let why = parse_node_tab(&[
        "orgdeck", "orgs", "create", "--owner", "c-1", "--owner", "c-2",
    ])
    .unwrap_err();
    assert!(why.to_string().contains("--owner"), "{why}");
    let create = parse_node_tab(&[
        "orgdeck", "orgs", "create", "--owner", "c-1", "--member", "c-2", "--member", "c-3",
    ])
    .expect("parses");
    assert_eq!(
        leaf(&create)
            .get_many::<String>("member")
            .map(|m| m.count()),
        Some(2)
    );
    let all = parse_node_tab(&["orgdeck", "customers", "list", "--name", "Acme", "--all"])
        .expect("parses");
    assert!(leaf(&all).get_flag("all"));
    assert!(parse_node_tab(&["orgdeck", "customers", "show", "c-1"]).is_ok());
    // A view read whole takes no --all.
    let default = Command::new("orgdeck").subcommands(commands(crate::backends::schema()));
    assert!(
        default
            .try_get_matches_from(["orgdeck", "users", "list", "--all"])
            .is_err()
    );
}
