//! The generated commands of a backend whose parties belong to nodes below the
//! top and whose changes may wait for approval: a node's member tab (`<tab>
//! list|add|remove --<node> ID`), the approvals queue (`approvals
//! list|approve|reject`) and a create made at most once for its idempotency key
//! (`create --idempotency-key K`).

use clap::ArgMatches;

use super::by_position;
use super::run::{filter_of, given, new_key, one, parent, required};
use crate::api::client::Reconciled;
use crate::api::model::{Filter, Node, Operation, Reply, Scope};
use crate::api::schema::{Column, Level, Schema, Tab, fill, form_fields};
use crate::api::value::Draft;
use crate::cli::Failure;
use crate::cli::commands::{Ctx, confirm, unexpected};
use crate::cli::output::{self, say};
use crate::text;

/// Where a node tab's commands act: the tab of the node `--<node> ID` names.
fn scope_of(schema: &Schema, tab: &Tab, sub: &ArgMatches) -> Result<Scope, Failure> {
    let level = schema
        .levels
        .iter()
        .find(|l| l.tabs.iter().any(|t| t.id == tab.id))
        .ok_or_else(|| Failure::usage(format!("no level holds the {} tab", tab.label)))?;
    Ok(Scope::Node {
        level: level.id,
        id: required(sub, "node")?,
        tab: tab.id,
    })
}

pub(super) async fn tab_command(
    ctx: &mut Ctx,
    schema: &'static Schema,
    tab: &'static Tab,
    verb: &str,
    sub: &ArgMatches,
) -> Result<(), Failure> {
    let (Some(cli), scope) = (tab.cli, scope_of(schema, tab, sub)?) else {
        return Ok(());
    };
    let Scope::Node { id: node, .. } = &scope else {
        return Ok(());
    };
    let node = node.clone();
    if cli.by_position && verb != "list" && verb != "add" {
        let on = by_position::On {
            schema,
            tab,
            cli,
            scope,
            node,
        };
        return by_position::run(ctx, &on, verb, sub)
            .await
            .unwrap_or_else(|| Err(Failure::usage(format!("no command {} {verb}", cli.command))));
    }
    match (verb, cli.members) {
        ("list", _) => {
            let filter = filter_of(schema, cli.filters, sub);
            let columns = cli.columns.unwrap_or(schema.party_cli_columns);
            list(ctx, schema, scope, filter, columns).await
        }
        ("add", Some(words)) => {
            let Some(form) = tab.invite else {
                return Ok(());
            };
            let draft = Draft::opened(schema, new_key)
                .with_values(given(form_fields(&form, schema.party_fields), sub));
            let party = draft
                .get(schema.party_label)
                .map(|v| v.as_input())
                .unwrap_or_default();
            let added = fill(words.added, &[("party", &party), ("node", &node)]);
            match ctx.call(Operation::AddMembers { scope, draft }).await? {
                Reply::Party(person) => ctx.show_person(&person, &added),
                Reply::Done(_) | Reply::Parties(_) => ctx.done(&added),
                other => return Err(unexpected(&other)),
            }
            Ok(())
        }
        ("remove", Some(words)) => {
            let party = required(sub, "party")?;
            let shown = text::visible(&party).into_owned();
            let values = [("party", shown.as_str()), ("node", node.as_str())];
            confirm(
                &fill(words.remove_question, &values),
                None,
                sub.get_flag("yes"),
            )?;
            match ctx.call(Operation::RemoveMember { scope, party }).await? {
                Reply::Done(_) | Reply::Parties(_) => ctx.done(&fill(words.removed, &values)),
                other => return Err(unexpected(&other)),
            }
            Ok(())
        }
        _ => Err(Failure::usage(format!("no command {} {verb}", cli.command))),
    }
}

/// The node's parties on the tab, every page, as the filters given narrow them.
async fn list(
    ctx: &mut Ctx,
    schema: &'static Schema,
    scope: Scope,
    filter: Filter,
    columns: &[Column],
) -> Result<(), Failure> {
    let op = Operation::ListParties {
        scope,
        filter,
        page: None,
    };
    let reply = ctx.call(op).await?;
    let Reply::Parties(page) = reply else {
        return Err(unexpected(&reply));
    };
    if ctx.csv {
        output::people_csv(schema, columns, &page.items);
    } else if ctx.json {
        let all: Vec<output::Ordered> = page
            .items
            .iter()
            .map(|p| output::party_json(schema, p))
            .collect();
        output::json(&all);
    } else {
        output::people_in(schema, columns, &page.items);
    }
    Ok(())
}

/// `approvals list [--<node> ID]`, `approvals approve|reject ID --yes`.
pub(super) async fn approvals(ctx: &mut Ctx, verb: &str, sub: &ArgMatches) -> Result<(), Failure> {
    if verb == "list" {
        let op = Operation::ListApprovals {
            node: one(sub, "node"),
            page: None,
        };
        let reply = ctx.call(op).await?;
        let Reply::Approvals(page) = reply else {
            return Err(unexpected(&reply));
        };
        if ctx.json {
            output::json(&page.items);
        } else {
            output::approvals(&page.items);
        }
        return Ok(());
    }
    let approve = verb == "approve";
    let id = required(sub, "id")?;
    let shown = text::visible(&id).into_owned();
    let (question, done) = if approve {
        (format!("Approve the pending change {shown}?"), "approved")
    } else {
        (
            format!("Reject the pending change {shown}? It is discarded."),
            "rejected",
        )
    };
    confirm(&question, None, sub.get_flag("yes"))?;
    let op = Operation::Decide {
        approval: id,
        approve,
    };
    match ctx.call(op).await? {
        Reply::Done(_) | Reply::Approvals(_) => ctx.done(&format!("{done} {shown}")),
        other => return Err(unexpected(&other)),
    }
    Ok(())
}

/// How a create with a key ended: made now, or found made already by that key.
#[derive(Clone, Copy)]
enum Made {
    Created,
    FoundByKey,
}

impl Made {
    fn words(self) -> &'static str {
        match self {
            Made::Created => "created",
            Made::FoundByKey => "found by its key",
        }
    }
}

/// A create that carries an idempotency key: with `--idempotency-key K`, what
/// the key made already is looked up first and only a key that made nothing
/// creates; a create whose answer was lost and was settled by what its key made
/// is found by its key too.
pub(super) async fn create_once(
    ctx: &mut Ctx,
    level: &'static Level,
    sub: &ArgMatches,
) -> Result<(), Failure> {
    let (Some(form), Some(key_filter)) = (level.create, level.cli_spec.and_then(|c| c.key_filter))
    else {
        return Ok(());
    };
    let under = parent(sub);
    let asked_key = one(sub, "idempotency_key");
    if let Some(key) = &asked_key {
        let lookup = Operation::ListNodes {
            level: level.id,
            parent: under.clone(),
            filter: Filter {
                fields: vec![(key_filter, vec![key.clone()])],
                states: Vec::new(),
            },
            page: None,
        };
        let reply = ctx.call(lookup).await?;
        let Reply::Nodes(found) = reply else {
            return Err(unexpected(&reply));
        };
        if let Some(node) = found.items.first() {
            show_made(ctx, node, key, Made::FoundByKey);
            return Ok(());
        }
    }
    let key = asked_key.unwrap_or_else(new_key);
    let draft = Draft::opened(ctx.session.schema, || key.clone())
        .with_values(given(form_fields(&form, level.fields), sub));
    // A level that finds creates by their key always sends one.
    let draft = Draft {
        idempotency_key: Some(key.clone()),
        ..draft
    };
    let op = Operation::CreateNode {
        level: level.id,
        parent: under,
        draft,
    };
    let (reply, reconciled) = ctx.call_settled(op).await?;
    match reply {
        Reply::Node(node) => show_made(ctx, &node, &key, made(reconciled)),
        Reply::Done(note) => ctx.done(&note.message),
        other => return Err(unexpected(&other)),
    }
    Ok(())
}

/// A create settled after its answer was lost was found by what its key made.
fn made(reconciled: Option<Reconciled>) -> Made {
    match reconciled {
        Some(_) => Made::FoundByKey,
        None => Made::Created,
    }
}

fn show_made(ctx: &Ctx, node: &Node, key: &str, made: Made) {
    let schema = ctx.session.schema;
    if ctx.json {
        let outcome = match made {
            Made::Created => "created",
            Made::FoundByKey => "found-by-key",
        };
        let body = output::node_json(schema, node)
            .with("outcome", outcome.into())
            .with("idempotency_key", key.into());
        output::json(&body);
        return;
    }
    say!("{} {} ({})", made.words(), node.name, node.id);
    output::organization(schema, node);
    say!("{:<13} {key}", "key");
}
