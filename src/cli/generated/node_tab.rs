//! One node's tab changed from its level's commands (`<level> <add> ID --<flag>
//! P…`, `<level> <set> ID [--<flag> P]… --yes`) and listed by `<level> show ID`
//! under the node, where the level's `LevelCli::tab` says so.
//!
//! `set` replaces the whole list, so it first reads the node's parties afresh and
//! says who stays, who goes and who joins; asked on a terminal, it reads them
//! again after the answer and asks again when they changed meanwhile, so it never
//! replaces a list the operator did not see.

use clap::{Arg, ArgAction, ArgMatches, Command};

use super::run::{given, many, new_key, required};
use super::{field_arg, positional, yes};
use crate::api::model::{Filter, Node, Operation, Party, Reply, Scope, Verb};
use crate::api::schema::{Level, NodeTabCli, Schema, Shown, Tab, fill, form_fields};
use crate::api::value::{Draft, Value};
use crate::cli::Failure;
use crate::cli::commands::{Ctx, confirm, expect_org, unexpected};
use crate::cli::output::{self, note, say};
use crate::text;

fn tab_of(level: &'static Level, words: NodeTabCli) -> Option<&'static Tab> {
    level.tabs.iter().find(|t| t.id == words.tab)
}

fn node_arg(level: &Level) -> Arg {
    positional("id", "ID").help(format!("The {}'s id", level.nouns.0))
}

/// The level's command with the tab's `add` and `set`, each where the tab offers it.
pub(super) fn commands(
    schema: &'static Schema,
    level: &'static Level,
    words: NodeTabCli,
    mut command: Command,
) -> Command {
    let Some(tab) = tab_of(level, words) else {
        return command;
    };
    if let Some(form) = tab.invite
        && tab.offers.contains(&Verb::Invite)
        && !words.add.is_empty()
    {
        let args = form_fields(&form, schema.party_fields).filter_map(|f| {
            let cli = f.cli?;
            let required = f.required && f.shown == Shown::Always;
            Some(field_arg(f, cli, required, f.help))
        });
        command = command.subcommand(
            Command::new(words.add)
                .about(words.add_about)
                .arg(node_arg(level))
                .args(args),
        );
    }
    if tab.offers.contains(&Verb::SetMembers) && !words.set.is_empty() {
        let party = Arg::new("party")
            .long(words.set_flag)
            .value_name(words.set_value)
            .help(words.set_help)
            .action(ArgAction::Append);
        command = command.subcommand(
            Command::new(words.set)
                .about(words.set_about)
                .arg(node_arg(level))
                .arg(party)
                .arg(yes()),
        );
    }
    command
}

/// Whether `verb` is one of the tab's commands on the level.
pub(super) fn is_verb(words: NodeTabCli, verb: &str) -> bool {
    !verb.is_empty() && (verb == words.add || verb == words.set)
}

pub(super) async fn run(
    ctx: &mut Ctx,
    level: &'static Level,
    words: NodeTabCli,
    verb: &str,
    sub: &ArgMatches,
) -> Result<(), Failure> {
    let Some(tab) = tab_of(level, words) else {
        return Err(Failure::usage(format!("no {} tab here", level.nouns.0)));
    };
    if verb == words.add {
        add(ctx, level, tab, words, sub).await
    } else {
        set(ctx, level, tab, words, sub).await
    }
}

/// The node's parties on the tab, as the server has them now.
async fn parties(ctx: &mut Ctx, level: &Level, id: &str, tab: &Tab) -> Result<Vec<Party>, Failure> {
    let op = Operation::ListParties {
        scope: Scope::Node {
            level: level.id,
            id: id.to_owned(),
            tab: tab.id,
        },
        filter: Filter::default(),
        page: None,
    };
    match ctx.call(op).await? {
        Reply::Parties(page) => Ok(page.items),
        other => Err(unexpected(&other)),
    }
}

async fn node(ctx: &mut Ctx, level: &Level, id: &str) -> Result<Node, Failure> {
    let op = Operation::GetNode {
        level: level.id,
        id: id.to_owned(),
    };
    expect_org(ctx.call(op).await?)
}

/// `<level> show ID`: the node's lines, then its parties on the tab (in `--json`
/// under the parties' plural noun).
pub(super) async fn show(
    ctx: &mut Ctx,
    level: &'static Level,
    words: NodeTabCli,
    id: String,
) -> Result<(), Failure> {
    let org = node(ctx, level, &id).await?;
    let Some(tab) = tab_of(level, words) else {
        ctx.show_org(&org, "");
        return Ok(());
    };
    let listed = parties(ctx, level, &id, tab).await?;
    let schema = ctx.session.schema;
    if ctx.json {
        let all: Vec<output::Ordered> = listed
            .iter()
            .map(|p| output::party_json(schema, p))
            .collect();
        let all = serde_json::to_value(&all).unwrap_or_default();
        output::json(&output::node_json(schema, &org).with(schema.party_nouns.1, all));
        return Ok(());
    }
    output::organization(schema, &org);
    say!("");
    if listed.is_empty() {
        say!("{}", tab.empty_text);
    } else {
        output::people(schema, &listed);
    }
    Ok(())
}

/// "1 customer", "3 customers".
fn counted(schema: &Schema, count: usize) -> String {
    let noun = if count == 1 {
        schema.party_nouns.0
    } else {
        schema.party_nouns.1
    };
    format!("{count} {noun}")
}

fn named(org: &Node) -> String {
    format!("{} ({})", text::visible(&org.name), text::visible(&org.id))
}

/// `<level> <add> ID --<flag> P…`: the tab's invite form, sent as one add.
async fn add(
    ctx: &mut Ctx,
    level: &'static Level,
    tab: &'static Tab,
    words: NodeTabCli,
    sub: &ArgMatches,
) -> Result<(), Failure> {
    let Some(form) = tab.invite else {
        return Ok(());
    };
    let schema = ctx.session.schema;
    let id = required(sub, "id")?;
    let values = given(form_fields(&form, schema.party_fields), sub);
    let count: usize = values
        .iter()
        .map(|(_, value)| match value {
            Value::List(items) => items.len(),
            _ => 1,
        })
        .sum();
    let draft = Draft::opened(schema, new_key).with_values(values);
    let scope = Scope::Node {
        level: level.id,
        id,
        tab: tab.id,
    };
    match ctx.call(Operation::AddMembers { scope, draft }).await? {
        Reply::Node(org) => {
            let count = counted(schema, count);
            let headline = fill(words.added, &[("count", &count), ("node", &named(&org))]);
            show_changed(ctx, &org, &headline, None);
        }
        Reply::Done(note) => ctx.done(&note.message),
        other => return Err(unexpected(&other)),
    }
    Ok(())
}

/// Who a replacement keeps, removes and adds, by id, in the order shown.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Replacement {
    /// The parties the replacement does not touch (an owner).
    pub kept_apart: Vec<String>,
    pub stay: Vec<String>,
    pub go: Vec<String>,
    pub join: Vec<String>,
}

impl Replacement {
    /// `current`: the tab's parties as (id, role); `wanted`: the ids given.
    pub fn of(current: &[(String, String)], wanted: &[String], keeps_role: &str) -> Replacement {
        let mut plan = Replacement::default();
        for (id, role) in current {
            if !keeps_role.is_empty() && role == keeps_role {
                plan.kept_apart.push(id.clone());
            } else if wanted.contains(id) {
                plan.stay.push(id.clone());
            } else {
                plan.go.push(id.clone());
            }
        }
        for id in wanted {
            // A kept party named as a member (the owner) is one more member
            // asked for: the server judges it, rather than it passing as a
            // change of nothing.
            let listed = plan.stay.contains(id) || plan.go.contains(id);
            if !listed && !plan.join.contains(id) {
                plan.join.push(id.clone());
            }
        }
        plan
    }

    pub fn changes_nothing(&self) -> bool {
        self.go.is_empty() && self.join.is_empty()
    }

    fn ids(list: &[String]) -> serde_json::Value {
        serde_json::Value::from(list.to_vec())
    }
}

/// A party's role on the node: its membership's, else its record's role field.
pub(super) fn role_at(schema: &Schema, party: &Party, node: &str) -> String {
    if let Some(role) = party.membership(node).and_then(|m| m.role.as_deref()) {
        return role.to_owned();
    }
    schema
        .party_role
        .map(|field| party.get(schema, field).to_value().as_input())
        .unwrap_or_default()
}

/// The question `set` asks: who stays, who goes, who joins, each with its name
/// where the tab lists it.
fn question(
    schema: &Schema,
    words: NodeTabCli,
    org: &Node,
    listed: &[Party],
    joining: &[Party],
    plan: &Replacement,
) -> String {
    let name_of = |id: &str| {
        (listed.iter().chain(joining))
            .find(|p| p.id() == id)
            .map(|p| format!("{} ({})", text::visible(p.label(schema)), text::visible(id)))
            .unwrap_or_else(|| text::visible(id).into_owned())
    };
    let mut lines = vec![fill(words.set_question, &[("node", &named(org))])];
    let groups = [
        (words.set_keeps_role, &plan.kept_apart),
        ("stays", &plan.stay),
        ("goes", &plan.go),
        ("joins", &plan.join),
    ];
    for (label, ids) in groups {
        for id in ids.iter() {
            lines.push(format!("  {label:<6} {}", name_of(id)));
        }
    }
    if plan.stay.is_empty() && plan.join.is_empty() {
        lines.push(format!("  no {} stay", schema.party_nouns.1));
    }
    lines.join("\n")
}

/// The parties that would join, read by id so the question can name them. One
/// that cannot be read is shown by its id: the write itself says what is wrong
/// with it.
async fn joiners(ctx: &mut Ctx, ids: &[String]) -> Vec<Party> {
    let mut found = Vec::new();
    for id in ids {
        if let Ok(Reply::Party(party)) = ctx.call(Operation::GetParty { id: id.clone() }).await {
            found.push(party);
        }
    }
    found
}

/// `<level> <set> ID [--<flag> P]… --yes`: the tab's parties become exactly those
/// given, decided on a fresh read of them.
async fn set(
    ctx: &mut Ctx,
    level: &'static Level,
    tab: &'static Tab,
    words: NodeTabCli,
    sub: &ArgMatches,
) -> Result<(), Failure> {
    let schema = ctx.session.schema;
    let id = required(sub, "id")?;
    let wanted = many(sub, "party");
    let mut shown: Option<Replacement> = None;
    let plan = loop {
        let org = node(ctx, level, &id).await?;
        let listed = parties(ctx, level, &id, tab).await?;
        let current: Vec<(String, String)> = listed
            .iter()
            .map(|p| (p.id().to_owned(), role_at(schema, p, &id)))
            .collect();
        let plan = Replacement::of(&current, &wanted, words.set_keeps_role);
        let node_name = named(&org);
        let values = [("node", node_name.as_str())];
        if plan.changes_nothing() {
            ctx.done(&fill(words.unchanged, &values));
            return Ok(());
        }
        match &shown {
            Some(before) if *before == plan => break plan,
            Some(_) => note!("{}", fill(words.changed, &values)),
            None => {}
        }
        if sub.get_flag("yes") {
            break plan;
        }
        let joining = joiners(ctx, &plan.join).await;
        let asked = question(schema, words, &org, &listed, &joining, &plan);
        confirm(&asked, None, false)?;
        shown = Some(plan);
    };
    let op = Operation::SetMembers {
        level: level.id,
        node: id,
        parties: wanted,
    };
    match ctx.call(op).await? {
        Reply::Node(org) => {
            let headline = format!(
                "{}: {} stay, {} go, {} join",
                fill(words.replaced, &[("node", &named(&org))]),
                plan.stay.len(),
                plan.go.len(),
                plan.join.len()
            );
            show_changed(ctx, &org, &headline, Some(&plan));
        }
        Reply::Done(note) => ctx.done(&note.message),
        other => return Err(unexpected(&other)),
    }
    Ok(())
}

/// A node a tab command changed: the headline and its lines, or its JSON (with
/// what a replacement kept, removed and added).
fn show_changed(ctx: &Ctx, org: &Node, headline: &str, plan: Option<&Replacement>) {
    let schema = ctx.session.schema;
    if ctx.json {
        let mut body = output::node_json(schema, org);
        if let Some(plan) = plan {
            body = body
                .with("kept", Replacement::ids(&plan.stay))
                .with("removed", Replacement::ids(&plan.go))
                .with("added", Replacement::ids(&plan.join));
        }
        output::json(&body);
        return;
    }
    say!("{headline}");
    output::organization(schema, org);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    fn current() -> Vec<(String, String)> {
        [("o", "owner"), ("a", "member"), ("b", "member")]
            .iter()
            .map(|(id, role)| ((*id).to_owned(), (*role).to_owned()))
            .collect()
    }

    #[test]
    fn a_replacement_says_who_stays_goes_and_joins_and_leaves_the_owner_apart() {
        let plan = Replacement::of(&current(), &ids(&["b", "c", "c"]), "owner");
        assert_eq!(
            plan,
            Replacement {
                kept_apart: ids(&["o"]),
                stay: ids(&["b"]),
                go: ids(&["a"]),
                join: ids(&["c"]),
            }
        );
        assert!(!plan.changes_nothing());
        // None given empties the list; the owner is never among those that go.
        let empty = Replacement::of(&current(), &[], "owner");
        assert_eq!((empty.go, empty.stay), (ids(&["a", "b"]), Vec::new()));
        // The same members in another order change nothing.
        assert!(Replacement::of(&current(), &ids(&["b", "a"]), "owner").changes_nothing());
    }

    #[test]
    fn the_owner_named_as_a_member_is_asked_for_not_taken_as_no_change() {
        let plan = Replacement::of(&current(), &ids(&["a", "b", "o"]), "owner");
        assert_eq!(plan.join, ids(&["o"]));
        assert!(!plan.changes_nothing());
    }

    #[test]
    fn without_a_kept_role_every_party_is_the_replacements() {
        let plan = Replacement::of(&current(), &ids(&["a"]), "");
        assert_eq!(plan.go, ids(&["o", "b"]));
        assert!(plan.kept_apart.is_empty());
    }
}
