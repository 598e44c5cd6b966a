//! Runs a generated command: what the command line gave, read by the schema's
//! fields and filters, sent as the neutral operations, printed from the schema's
//! columns and detail lines (or as JSON).

use clap::ArgMatches;

use super::{Chosen, Target, arg_id, clear_id, members, node_tab, target, views};
use crate::api::model::{Filter, Gather, MemberState, Node, Operation, Page, Party, Reply, Scope};
use crate::api::schema::{
    CliFilter, FieldId, FieldSpec, InputKind, Level, LevelCli, Schema, Tab, TabCli, ViewId, fill,
    form_fields,
};
use crate::api::value::{Changes, Draft, Value};
use crate::cli::commands::{
    Ctx, confirm, expect_org, expect_person, nothing_to_change, unexpected,
};
use crate::cli::output::{self, note, say};
use crate::cli::{EXIT_REJECTED, Failure};
use crate::text;

pub async fn run(ctx: &mut Ctx, chosen: Chosen) -> Result<(), Failure> {
    let schema = ctx.session.schema;
    let Some(target) = target(schema, &chosen.name) else {
        return Err(Failure::usage(format!("no command {}", chosen.name)));
    };
    match target {
        Target::Invite(tab) => invite(ctx, schema, tab, &chosen.matches).await,
        target => {
            let Some((verb, sub)) = chosen.matches.subcommand() else {
                return Err(Failure::usage(format!("{} needs a command", chosen.name)));
            };
            match target {
                Target::Level(level) => level_command(ctx, level, verb, sub).await,
                Target::View(view) if view.lazy.is_some() || verb == "show" => {
                    views::view_command(ctx, view, verb, sub).await
                }
                Target::View(view) => {
                    let filters = view.cli.map_or(&[][..], |c| c.filters);
                    list_parties(ctx, schema, filters, &[], sub).await
                }
                Target::Tab(tab) if tab.cli.is_some_and(|c| c.node_flag.is_some()) => {
                    members::tab_command(ctx, schema, tab, verb, sub).await
                }
                Target::Tab(tab) => tab_command(ctx, schema, tab, verb, sub).await,
                Target::Approvals(_) => members::approvals(ctx, verb, sub).await,
                Target::Invite(_) => Ok(()),
            }
        }
    }
}

pub(super) fn one(matches: &ArgMatches, id: &str) -> Option<String> {
    matches.get_one::<String>(id).cloned()
}

/// The node above, for a level that has one (others declare no `--parent`).
pub(super) fn parent(matches: &ArgMatches) -> Option<String> {
    matches
        .try_get_one::<String>("parent")
        .ok()
        .flatten()
        .cloned()
}

pub(super) fn many(matches: &ArgMatches, id: &str) -> Vec<String> {
    matches
        .get_many::<String>(id)
        .map(|values| values.cloned().collect())
        .unwrap_or_default()
}

pub(super) fn required(matches: &ArgMatches, id: &str) -> Result<String, Failure> {
    one(matches, id).ok_or_else(|| Failure::usage(format!("<{}> is required", id.to_uppercase())))
}

fn filter_values(filters: &[CliFilter], matches: &ArgMatches) -> Vec<(FieldId, Vec<String>)> {
    filters
        .iter()
        .map(|f| (f.field, many(matches, f.id)))
        .filter(|(_, values)| !values.is_empty())
        .collect()
}

/// A form's values as the command line gave them: only the flags given.
pub(super) fn given<'a>(
    fields: impl Iterator<Item = &'a FieldSpec>,
    matches: &ArgMatches,
) -> Vec<(FieldId, Value)> {
    fields
        .filter_map(|field| {
            let id = arg_id(&field.cli?);
            let value = match field.input {
                InputKind::MultiValue { noun, .. } | InputKind::PartiesPicker { noun, .. } => {
                    let cleared = matches
                        .try_get_one::<bool>(&clear_id(noun))
                        .ok()
                        .flatten()
                        .copied()
                        .unwrap_or(false);
                    let items = many(matches, &id);
                    match (cleared, items.is_empty()) {
                        (true, _) => Value::List(Vec::new()),
                        (false, true) => return None,
                        (false, false) => Value::List(items),
                    }
                }
                InputKind::Bool(..) => match matches.try_get_one::<bool>(&id) {
                    Ok(Some(true)) => Value::Bool(true),
                    _ => return None,
                },
                InputKind::Select(_) if field.cli.is_some_and(|c| c.repeat) => {
                    let items = many(matches, &id);
                    match items.as_slice() {
                        [] => return None,
                        [only] => Value::Text(only.clone()),
                        _ => Value::List(items),
                    }
                }
                _ => Value::Text(one(matches, &id)?),
            };
            Some((field.id, value))
        })
        .collect()
}

/// A command line's filters: values by field, and the values of the party
/// state field as states too (so a server that refuses that filter is still read).
pub(super) fn filter_of(schema: &Schema, filters: &[CliFilter], matches: &ArgMatches) -> Filter {
    let fields = filter_values(filters, matches);
    let state_field = schema.party_toggle.map(|t| t.field);
    let states = fields
        .iter()
        .filter(|(field, _)| Some(*field) == state_field)
        .flat_map(|(_, values)| values.iter().filter_map(|v| MemberState::parse(v)))
        .collect();
    let fields = fields
        .into_iter()
        .filter(|(field, _)| Some(*field) != state_field)
        .collect();
    Filter { fields, states }
}

/// Where the CLI's party commands act: the tenant-wide view of everyone (the
/// command line names parties by id, not by where they are listed).
fn everyone(schema: &Schema) -> Scope {
    Scope::Tenant(schema.everyone_view().unwrap_or(ViewId("")))
}

/// A fresh idempotency key (UUIDv4), for backends whose creates take one.
pub(super) fn new_key() -> String {
    uuid::Uuid::new_v4().to_string()
}

fn show_nodes(ctx: &Ctx, level: &Level, orgs: &[Node]) {
    if ctx.csv {
        output::nodes_csv(ctx.session.schema, level, orgs);
    } else if ctx.json {
        let schema = ctx.session.schema;
        let all: Vec<output::Ordered> = orgs.iter().map(|o| output::node_json(schema, o)).collect();
        output::json(&all);
    } else {
        output::nodes(level, orgs);
    }
}

/// A paged level's list: the first page, or with `--all` every page. Without
/// it, a list with more pages says so on stderr (not in `--json`, where stderr
/// carries errors only: help says it there).
async fn list_pages(ctx: &mut Ctx, op: Operation, all: bool) -> Result<Page<Node>, Failure> {
    let Operation::ListNodes {
        level,
        parent,
        filter,
        ..
    } = op
    else {
        return Err(Failure::usage("not a list"));
    };
    let mut gathered = Gather::default();
    let mut cursor = None;
    loop {
        let page = Operation::ListNodes {
            level,
            parent: parent.clone(),
            filter: filter.clone(),
            page: cursor,
        };
        let reply = ctx.call_page(page).await?;
        let Reply::Nodes(page) = reply else {
            return Err(unexpected(&reply));
        };
        let next = gathered
            .add(page, |n: &Node| n.id.as_str())
            .map_err(|fault| Failure::network(fault.to_string()))?;
        match next {
            Some(next) if all => cursor = Some(next),
            Some(_) => {
                let shown = gathered.finish();
                if !ctx.json {
                    let nouns = ctx
                        .session
                        .schema
                        .level(level)
                        .map_or("items", |l| l.nouns.1);
                    note!(
                        "the first {} {nouns}, of more: --all for every page",
                        shown.items.len()
                    );
                }
                return Ok(shown);
            }
            None => return Ok(gathered.finish()),
        }
    }
}

async fn level_command(
    ctx: &mut Ctx,
    level: &'static Level,
    verb: &str,
    sub: &ArgMatches,
) -> Result<(), Failure> {
    let Some(spec) = level.cli_spec else {
        return Ok(());
    };
    let toggle = level.toggle;
    match verb {
        "list" => {
            let op = Operation::ListNodes {
                level: level.id,
                parent: parent(sub),
                filter: Filter {
                    fields: filter_values(spec.filters, sub),
                    states: Vec::new(),
                },
                page: None,
            };
            let page = if spec.all_pages {
                list_pages(ctx, op, sub.get_flag("all")).await?
            } else {
                let reply = ctx.call(op).await?;
                let Reply::Nodes(page) = reply else {
                    return Err(unexpected(&reply));
                };
                page
            };
            show_nodes(ctx, level, &page.items);
        }
        "show" => {
            let id = required(sub, "id")?;
            if let Some(words) = spec.tab {
                return node_tab::show(ctx, level, words, id).await;
            }
            let op = Operation::GetNode {
                level: level.id,
                id,
            };
            let org = expect_org(ctx.call(op).await?)?;
            ctx.show_org(&org, "");
        }
        verb if spec.tab.is_some_and(|words| node_tab::is_verb(words, verb)) => {
            if let Some(words) = spec.tab {
                node_tab::run(ctx, level, words, verb, sub).await?;
            }
        }
        "create" if spec.key_filter.is_some() => members::create_once(ctx, level, sub).await?,
        "create" => create(ctx, level, sub).await?,
        verb if verb == spec.edit_command() => update(ctx, level, sub).await?,
        "delete" => delete(ctx, level, sub).await?,
        verb if toggle.is_some_and(|t| t.on.1 == verb || t.off.1 == verb) => {
            let on = toggle.is_some_and(|t| t.on.1 == verb);
            set_toggle(ctx, level, spec, on, required(sub, "id")?).await?;
        }
        _ => {
            let Some(find) = level.find else {
                return Ok(());
            };
            let op = Operation::FindNode {
                level: level.id,
                field: find.field,
                value: required(sub, "value")?,
            };
            let org = expect_org(ctx.call(op).await?)?;
            ctx.show_org(&org, "");
        }
    }
    Ok(())
}

async fn create(ctx: &mut Ctx, level: &'static Level, sub: &ArgMatches) -> Result<(), Failure> {
    let Some(form) = level.create else {
        return Ok(());
    };
    let draft = Draft::opened(ctx.session.schema, new_key)
        .with_values(given(form_fields(&form, level.fields), sub));
    let op = Operation::CreateNode {
        level: level.id,
        parent: parent(sub),
        draft,
    };
    match ctx.call(op).await? {
        Reply::Node(org) => ctx.show_org(&org, "created"),
        Reply::Done(note) => ctx.done(&note.message),
        other => return Err(unexpected(&other)),
    }
    Ok(())
}

/// What a command did, from its verb: "updated", "renamed".
fn past(verb: &str) -> String {
    if verb.ends_with('e') {
        format!("{verb}d")
    } else {
        format!("{verb}ed")
    }
}

async fn update(ctx: &mut Ctx, level: &'static Level, sub: &ArgMatches) -> Result<(), Failure> {
    let (Some(form), Some(spec)) = (level.edit, level.cli_spec) else {
        return Ok(());
    };
    let changes = Changes {
        values: given(form_fields(&form, level.fields), sub),
    };
    let schema = ctx.session.schema;
    let id = required(sub, "id")?;
    if changes.is_empty() {
        return Err(nothing_to_change(schema));
    }
    // As given: the command line has no before-image, and the server judges it.
    let op = Operation::UpdateNode {
        level: level.id,
        id,
        changes,
    };
    match ctx.call(op).await? {
        Reply::Node(org) => ctx.show_org(&org, &past(spec.edit_command())),
        Reply::Done(note) => ctx.done(&note.message),
        other => return Err(unexpected(&other)),
    }
    Ok(())
}

async fn set_toggle(
    ctx: &mut Ctx,
    level: &'static Level,
    spec: LevelCli,
    on: bool,
    id: String,
) -> Result<(), Failure> {
    let op = Operation::ToggleNode {
        level: level.id,
        id,
        on,
    };
    let verb = if on { spec.toggled.0 } else { spec.toggled.1 };
    match ctx.call(op).await? {
        Reply::Node(org) => {
            if ctx.json {
                output::json(&output::node_json(ctx.session.schema, &org));
            } else {
                say!("{verb} {} ({})", org.name, org.id);
            }
        }
        Reply::Done(note) => ctx.done(&note.message),
        other => return Err(unexpected(&other)),
    }
    Ok(())
}

async fn delete(ctx: &mut Ctx, level: &'static Level, sub: &ArgMatches) -> Result<(), Failure> {
    let id = required(sub, "id")?;
    let get = Operation::GetNode {
        level: level.id,
        id: id.clone(),
    };
    let org = expect_org(ctx.call(get).await?)?;
    // Everyone its first tab lists (an organization's members).
    let Some(tab) = level.tabs.first() else {
        return Ok(());
    };
    let members_of = Operation::ListParties {
        scope: Scope::Node {
            level: level.id,
            id: id.clone(),
            tab: tab.id,
        },
        filter: Filter::default(),
        page: None,
    };
    let members = match ctx.call(members_of).await? {
        Reply::Parties(page) => page.items.len(),
        other => return Err(unexpected(&other)),
    };
    let question = format!(
        "Delete {} ({})? It has {members} member{}; {}",
        text::visible(&org.name),
        text::visible(&org.id),
        if members == 1 { "" } else { "s" },
        level.delete_effect
    );
    confirm(&question, Some(&org.name), sub.get_flag("yes"))?;
    let delete = Operation::DeleteNode {
        level: level.id,
        id,
    };
    match ctx.call(delete).await? {
        Reply::Done(_) => ctx.done(&format!("deleted {} ({})", org.name, org.id)),
        other => return Err(unexpected(&other)),
    }
    Ok(())
}

async fn list_parties(
    ctx: &mut Ctx,
    schema: &'static Schema,
    filters: &[CliFilter],
    states: &[crate::api::schema::MemberStateName],
    sub: &ArgMatches,
) -> Result<(), Failure> {
    let mut filter = filter_of(schema, filters, sub);
    filter.states.extend_from_slice(states);
    let op = Operation::ListParties {
        scope: everyone(schema),
        filter,
        page: None,
    };
    if super::streamed::applies(ctx, &op) {
        return super::streamed::people(ctx, schema.party_columns, op).await;
    }
    let reply = ctx.call(op).await?;
    let Reply::Parties(page) = reply else {
        return Err(unexpected(&reply));
    };
    let people = page.items;
    if ctx.csv {
        output::people_csv(schema, schema.party_columns, &people);
    } else if ctx.json {
        let all: Vec<output::Ordered> = people
            .iter()
            .map(|p| output::party_json(schema, p))
            .collect();
        output::json(&all);
    } else {
        output::people(schema, &people);
    }
    Ok(())
}

async fn tab_command(
    ctx: &mut Ctx,
    schema: &'static Schema,
    tab: &'static Tab,
    verb: &str,
    sub: &ArgMatches,
) -> Result<(), Failure> {
    let Some(cli) = tab.cli else {
        return Ok(());
    };
    match verb {
        "list" => list_parties(ctx, schema, cli.filters, tab.states, sub).await,
        "resend" => {
            let party = required(sub, "party")?;
            let op = Operation::ResendInvite {
                scope: everyone(schema),
                party: party.clone(),
            };
            ctx.call(op).await?;
            ctx.done(&fill(cli.resent, &[("party", &party)]));
            Ok(())
        }
        _ => revoke(ctx, schema, tab, cli, sub).await,
    }
}

async fn revoke(
    ctx: &mut Ctx,
    schema: &'static Schema,
    tab: &'static Tab,
    cli: TabCli,
    sub: &ArgMatches,
) -> Result<(), Failure> {
    let party = required(sub, "party")?;
    let person: Party = expect_person(ctx.call(Operation::GetParty { id: party }).await?)?;
    if !tab.states.contains(&person.state) {
        let email = text::visible(person.label(schema)).into_owned();
        let state = person.state_text(schema);
        return Err(Failure {
            code: EXIT_REJECTED,
            message: fill(cli.not_revocable, &[("party", &email), ("state", &state)]),
            error: None,
        });
    }
    let name = text::visible(&person.full_name(schema)).into_owned();
    let email = text::visible(person.label(schema)).into_owned();
    let question = fill(cli.revoke_question, &[("name", &name), ("party", &email)]);
    confirm(&question, None, sub.get_flag("yes"))?;
    let op = Operation::RevokeInvite {
        scope: everyone(schema),
        party: person.id().to_owned(),
    };
    ctx.call(op).await?;
    ctx.done(&fill(cli.revoked, &[("party", person.label(schema))]));
    Ok(())
}

async fn invite(
    ctx: &mut Ctx,
    schema: &'static Schema,
    tab: &'static Tab,
    matches: &ArgMatches,
) -> Result<(), Failure> {
    let (Some(cli), Some(form)) = (tab.cli, tab.invite) else {
        return Ok(());
    };
    let draft = Draft::opened(schema, new_key)
        .with_values(given(form_fields(&form, schema.party_fields), matches));
    let op = Operation::AddMembers {
        scope: everyone(schema),
        draft,
    };
    match ctx.call(op).await? {
        Reply::Party(person) => {
            let state = person.state_text(schema);
            let label = person.label(schema);
            let headline = fill(cli.invited, &[("party", label), ("state", &state)]);
            ctx.show_person(&person, &headline);
        }
        Reply::Done(note) => ctx.done(&note.message),
        other => return Err(unexpected(&other)),
    }
    Ok(())
}
