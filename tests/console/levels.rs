//! The console follows a backend's levels: a backend whose organizations hold
//! teams (a level under the top one, as BitGo's enterprises are) gets, from the
//! shared console code alone, drill-down into a node's teams, breadcrumbs along the
//! lineage, a `:` command for the lower level, and forms that create under the
//! node they were opened from. The backend here is MuninX with a second level in
//! its schema; its answers are given by hand.

use std::sync::Arc;

use crossterm::event::KeyCode;
use orgdeck::api::backend::{
    Answer, Backend, Decoded, HttpCall, Paging, Settle, Unsupported, Verdict,
};
use orgdeck::api::error::ApiError;
use orgdeck::api::model::{Capability, Node, NodeState, Operation, Record, Reply};
use orgdeck::api::schema::{Level, LevelId, Schema};
use orgdeck::api::secret::Secret;
use orgdeck::api::value::Value;
use orgdeck::app::Tenant;
use orgdeck::app::form::FormKind;
use orgdeck::app::screens::Screen;
use reqwest::header::{HeaderName, HeaderValue};

use crate::support::MuninX;
use crate::support::console::{Console, base_url};
use crate::support::ops::{self, fields};

const TEAM: LevelId = LevelId("team");

/// MuninX's schema with teams under its organizations.
fn tree() -> &'static Schema {
    let top = fields::SCHEMA.top_level().expect("a level");
    let team = Level {
        id: TEAM,
        nouns: ("team", "teams"),
        article: "a",
        title: "teams",
        cli: "teams",
        cli_spec: None,
        command: "teams",
        parent: Some(top.id),
        ..*top
    };
    let levels: &'static [Level] = Box::leak(Box::new([Level { ..*top }, team]));
    Box::leak(Box::new(Schema {
        levels,
        ..fields::SCHEMA
    }))
}

/// `tree()` without tenant-wide views: parties are listed per node tab.
fn per_node_tree() -> &'static Schema {
    Box::leak(Box::new(Schema {
        views: &[],
        ..*tree()
    }))
}

/// MuninX, drawing its screens from `tree()`, or with `per_node` from
/// `per_node_tree()`.
struct Tree {
    per_node: bool,
}

impl Backend for Tree {
    fn name(&self) -> &'static str {
        "tree"
    }
    fn schema(&self) -> &'static Schema {
        static TREE: std::sync::OnceLock<&'static Schema> = std::sync::OnceLock::new();
        static PER_NODE: std::sync::OnceLock<&'static Schema> = std::sync::OnceLock::new();
        match self.per_node {
            false => TREE.get_or_init(tree),
            true => PER_NODE.get_or_init(per_node_tree),
        }
    }
    fn role_allows(&self, role: &str, capability: Capability, on_self: bool) -> bool {
        MuninX.role_allows(role, capability, on_self)
    }
    fn auth(&self, credential: &Secret) -> Result<Vec<(HeaderName, HeaderValue)>, String> {
        MuninX.auth(credential)
    }
    fn call(&self, op: &Operation, paging: Paging<'_>) -> Result<HttpCall, Unsupported> {
        MuninX.call(op, paging)
    }
    fn decode(&self, op: &Operation, answer: &Answer<'_>) -> Result<Decoded, String> {
        MuninX.decode(op, answer)
    }
    fn form_fields(&self, op: &Operation) -> &'static [&'static str] {
        MuninX.form_fields(op)
    }
    fn missing_endpoint_on_404(&self, op: &Operation) -> bool {
        MuninX.missing_endpoint_on_404(op)
    }
    fn settle(&self, write: &Operation) -> Settle {
        MuninX.settle(write)
    }
    fn applied(
        &self,
        write: &Operation,
        before: &Result<Reply, ApiError>,
        after: &Result<Reply, ApiError>,
    ) -> Verdict {
        MuninX.applied(write, before, after)
    }
    fn confirmed_reply(&self, write: &Operation, read: Reply) -> Reply {
        MuninX.confirmed_reply(write, read)
    }
}

fn team(id: &str, name: &str, parent: &str) -> Node {
    let level = tree().level(TEAM).expect("teams");
    Node {
        id: id.into(),
        level: TEAM,
        parent: Some(parent.into()),
        name: name.into(),
        state: NodeState::Active,
        record: Record::read(level.fields, |field| match field {
            fields::DISPLAY_NAME => Value::Text(name.into()),
            fields::STATUS => Value::Word("active"),
            _ => Value::Empty,
        }),
    }
}

/// The screen of Acme Ltd's teams.
fn acme_teams() -> Screen {
    Screen::Nodes {
        tenant: 0,
        level: TEAM,
        parent: Some("co-acme-01".into()),
    }
}

fn teams_of(org: &str) -> Operation {
    Operation::ListNodes {
        level: TEAM,
        parent: Some(org.into()),
        filter: Default::default(),
        page: None,
    }
}

/// acme's organizations on the tree backend, loaded.
fn console() -> Console {
    console_with(false)
}

fn console_with(per_node: bool) -> Console {
    let backend = Arc::new(Tree { per_node });
    let tenant = Tenant::new("acme", base_url("acme"), false).with_backend(backend);
    let mut console = Console::with_tenants(vec![tenant], &[], false);
    console.answer_reads();
    console.press(KeyCode::Enter);
    // Only the top level's list and the people: the teams wait to be opened.
    for sent in console.unanswered() {
        assert!(
            !matches!(&sent.op, Operation::ListNodes { level, .. } if *level == TEAM),
            "{:?}",
            sent.op
        );
    }
    console.answer_reads();
    console
}

/// Opens Acme Ltd's teams and answers them with two.
fn in_acme_teams(console: &mut Console) {
    console.select_org("Acme Ltd");
    console.press(KeyCode::Enter);
    let asked = console
        .unanswered()
        .into_iter()
        .find(|s| s.op == teams_of("co-acme-01"))
        .expect("Enter on an organization asks for its teams");
    let teams = vec![
        team("tm-1", "Platform", "co-acme-01"),
        team("tm-2", "Billing", "co-acme-01"),
    ];
    console.answer(
        asked.id,
        Ok(Reply::Nodes(orgdeck::api::model::Page::one(teams))),
    );
}

#[test]
fn enter_on_a_node_opens_the_level_below_it_with_the_lineage_in_the_breadcrumbs() {
    let mut console = console();
    in_acme_teams(&mut console);
    assert_eq!(console.app.screen(), &acme_teams());
    assert_eq!(console.app.level().rows.len(), 2);
    assert_eq!(
        console.app.breadcrumbs(),
        ["acme", "Organizations", "Acme Ltd", "Teams"]
    );
    assert!(
        console.screen(80, 24).contains("Acme Ltd: teams (2)"),
        "{}",
        console.screen(80, 24)
    );

    // A team has no level below it: Enter opens its first member tab.
    console.press(KeyCode::Enter);
    assert_eq!(
        console.app.screen(),
        &Screen::Node {
            tenant: 0,
            level: TEAM,
            id: "tm-1".into(),
            tab: fields::MEMBERS
        }
    );
    assert_eq!(
        console.app.breadcrumbs(),
        [
            "acme",
            "Organizations",
            "Acme Ltd",
            "Teams",
            "Platform",
            "Members"
        ]
    );
    console.press(KeyCode::Esc);
    console.press(KeyCode::Esc);
    assert_eq!(console.app.screen(), &ops::orgs_screen(0));
}

#[test]
fn a_new_node_is_made_at_the_level_on_screen_under_its_parent() {
    let mut console = console();
    in_acme_teams(&mut console);
    console.ch('n');
    assert_eq!(
        console.form().kind,
        FormKind::CreateNode {
            level: TEAM,
            parent: Some("co-acme-01".into())
        }
    );
    console.type_text("Security");
    console.press(KeyCode::Enter);
    let Operation::CreateNode {
        level,
        parent,
        draft,
    } = &console.last_sent().op
    else {
        panic!("a create is sent: {:?}", console.last_sent().op);
    };
    assert_eq!((*level, parent.as_deref()), (TEAM, Some("co-acme-01")));
    assert_eq!(
        draft.get(fields::DISPLAY_NAME),
        Some(&Value::Text("Security".into()))
    );
}

#[test]
fn the_lower_level_has_its_command_and_asks_which_node_without_one() {
    let mut console = console();
    // On the organizations, `:teams` opens the selected organization's teams.
    console.select_org("Acme Ltd");
    console.command("teams");
    assert_eq!(console.app.screen(), &acme_teams());
    assert!(
        console
            .unanswered()
            .iter()
            .any(|s| s.op == teams_of("co-acme-01")),
        "the teams are asked for"
    );
    // Going back to it passes through the organizations.
    console.press(KeyCode::Esc);
    assert_eq!(console.app.screen(), &ops::orgs_screen(0));

    // From the users, there is no organization to take the teams of.
    console.command("users");
    console.command("teams");
    let line = console.command_line();
    assert_eq!(
        line.error.as_deref(),
        Some("teams of which organization? select one first (:orgs)")
    );
}

#[test]
fn a_refresh_reads_the_lower_level_on_screen_again() {
    let mut console = console();
    in_acme_teams(&mut console);
    let before = console.io.sent.len();
    console.ch('r');
    let again: Vec<&Operation> = console.io.sent[before..].iter().map(|s| &s.op).collect();
    assert!(again.contains(&&teams_of("co-acme-01")), "{again:?}");
    assert!(again.contains(&&ops::list_orgs()), "{again:?}");
}

fn platform_members() -> Operation {
    Operation::ListParties {
        scope: orgdeck::api::model::Scope::Node {
            level: TEAM,
            id: "tm-1".into(),
            tab: fields::MEMBERS,
        },
        filter: Default::default(),
        page: None,
    }
}

#[test]
fn without_a_tenant_wide_list_a_node_tab_reads_its_own_parties() {
    let mut console = console_with(true);
    // Nothing tenant-wide is asked for: there is no such list.
    assert!(
        !console
            .io
            .sent
            .iter()
            .any(|s| matches!(s.op, Operation::ListParties { .. })),
        "{:?}",
        console.io.sent
    );
    in_acme_teams(&mut console);
    console.press(KeyCode::Enter);
    let asked = console
        .unanswered()
        .into_iter()
        .find(|s| s.op == platform_members())
        .expect("the team's members are asked for");
    let seed = crate::support::seed::seed_tenant("acme");
    let two = vec![
        seed.person("jane.doe@acme-ltd.com"),
        seed.person("rahul.mehta@acme-ltd.com"),
    ];
    console.answer(
        asked.id,
        Ok(Reply::Parties(orgdeck::api::model::Page::one(two))),
    );
    assert_eq!(console.app.level().rows.len(), 2);
    let screen = console.screen(80, 24);
    assert!(screen.contains("Rahul Mehta"), "{screen}");
    // The person's details are found in that list.
    console.ch('j');
    console.ch('i');
    assert!(
        console.screen(80, 24).contains("Rahul"),
        "{}",
        console.screen(80, 24)
    );
    console.press(KeyCode::Esc);
    let before = console.io.sent.len();
    console.ch('r');
    let again: Vec<&Operation> = console.io.sent[before..].iter().map(|s| &s.op).collect();
    assert!(again.contains(&&platform_members()), "{again:?}");
}
