//! Runs a generated command: what the command line gave, read by the schema's
//! fields and filters, sent through the bridge's operations, printed from the
//! schema's columns and detail lines (or as JSON).

use clap::ArgMatches;

use super::{Chosen, Target, arg_id, clear_id, target};
use crate::api::model::{Organization, Person, Reply};
use crate::api::schema::{
    CliFilter, FieldId, FieldSpec, InputKind, Level, LevelCli, Schema, Tab, TabCli, fill,
    form_fields,
};
use crate::api::value::{Changes, Draft, Value};
use crate::cli::commands::{
    Ctx, confirm, expect_org, expect_person, nothing_to_change, unexpected,
};
use crate::cli::output::{self, say};
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
                Target::View(view) => {
                    let filters = view.cli.map_or(&[][..], |c| c.filters);
                    list_parties(ctx, schema, filters, &[], sub).await
                }
                Target::Tab(tab) => tab_command(ctx, schema, tab, verb, sub).await,
                Target::Invite(_) => Ok(()),
            }
        }
    }
}

fn one(matches: &ArgMatches, id: &str) -> Option<String> {
    matches.get_one::<String>(id).cloned()
}

fn many(matches: &ArgMatches, id: &str) -> Vec<String> {
    matches
        .get_many::<String>(id)
        .map(|values| values.cloned().collect())
        .unwrap_or_default()
}

fn required(matches: &ArgMatches, id: &str) -> Result<String, Failure> {
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
fn given<'a>(
    fields: impl Iterator<Item = &'a FieldSpec>,
    matches: &ArgMatches,
) -> Vec<(FieldId, Value)> {
    fields
        .filter_map(|field| {
            let id = arg_id(&field.cli?);
            let value = match field.input {
                InputKind::MultiValue { noun, .. } => {
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
                _ => Value::Text(one(matches, &id)?),
            };
            Some((field.id, value))
        })
        .collect()
}

fn show_nodes(ctx: &Ctx, orgs: &[Organization]) {
    if ctx.json {
        output::json(orgs);
    } else {
        output::organizations(ctx.session.schema, orgs);
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
    let ops = ctx.session.schema.bridge.ops;
    let toggle = level.toggle;
    match verb {
        "list" => {
            let filters = filter_values(spec.filters, sub);
            let reply = ctx.call((ops.list_nodes)(level.id, &filters)).await?;
            let Reply::Organizations(orgs) = reply else {
                return Err(unexpected(&reply));
            };
            show_nodes(ctx, &orgs);
        }
        "show" => {
            let op = (ops.get_node)(level.id, required(sub, "id")?);
            let org = expect_org(ctx.call(op).await?)?;
            ctx.show_org(&org, "");
        }
        "create" => create(ctx, level, sub).await?,
        "update" => update(ctx, level, sub).await?,
        "delete" => delete(ctx, level, sub).await?,
        verb if toggle.is_some_and(|t| t.on.1 == verb || t.off.1 == verb) => {
            let on = toggle.is_some_and(|t| t.on.1 == verb);
            set_toggle(ctx, level, spec, on, required(sub, "id")?).await?;
        }
        _ => {
            let op = (ops.find_node)(level.id, required(sub, "value")?);
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
    let draft = Draft {
        values: given(form_fields(&form, level.fields), sub),
        idempotency_key: None,
    };
    let op = (ctx.session.schema.bridge.create_node)(level.id, &draft);
    match ctx.call(op).await? {
        Reply::Organization(org) => ctx.show_org(&org, "created"),
        Reply::Done(note) => ctx.done(&note.message),
        other => return Err(unexpected(&other)),
    }
    Ok(())
}

async fn update(ctx: &mut Ctx, level: &'static Level, sub: &ArgMatches) -> Result<(), Failure> {
    let Some(form) = level.edit else {
        return Ok(());
    };
    let changes = Changes {
        values: given(form_fields(&form, level.fields), sub),
    };
    let schema = ctx.session.schema;
    let id = required(sub, "id")?;
    let Some(op) = (schema.bridge.ops.set_node)(level.id, id, &changes) else {
        return Err(nothing_to_change(schema));
    };
    match ctx.call(op).await? {
        Reply::Organization(org) => ctx.show_org(&org, "updated"),
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
    let op = (ctx.session.schema.bridge.ops.toggle_node)(level.id, id, on);
    let verb = if on { spec.toggled.0 } else { spec.toggled.1 };
    match ctx.call(op).await? {
        Reply::Organization(org) => {
            if ctx.json {
                output::json(&org);
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
    let ops = ctx.session.schema.bridge.ops;
    let id = required(sub, "id")?;
    let org = expect_org(ctx.call((ops.get_node)(level.id, id.clone())).await?)?;
    let members = match ctx.call((ops.members_of)(level.id, id.clone())).await? {
        Reply::People(people) => people.len(),
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
    match ctx.call((ops.delete_node)(level.id, id)).await? {
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
    let values = filter_values(filters, sub);
    let reply = ctx
        .call((schema.bridge.ops.list_parties)(&values, states))
        .await?;
    let Reply::People(people) = reply else {
        return Err(unexpected(&reply));
    };
    if ctx.json {
        output::json(&people);
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
    let ops = schema.bridge.ops;
    match verb {
        "list" => list_parties(ctx, schema, cli.filters, tab.states, sub).await,
        "resend" => {
            let party = required(sub, "party")?;
            ctx.call((ops.resend)(party.clone())).await?;
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
    let ops = schema.bridge.ops;
    let party = required(sub, "party")?;
    let person: Person = expect_person(ctx.call((ops.get_party)(party)).await?)?;
    if !tab.states.contains(&(schema.bridge.party_state)(&person)) {
        let email = text::visible(&person.email);
        return Err(Failure {
            code: EXIT_REJECTED,
            message: fill(
                cli.not_revocable,
                &[("party", &email), ("state", person.status.as_str())],
            ),
            error: None,
        });
    }
    let name = text::visible(&person.full_name()).into_owned();
    let email = text::visible(&person.email).into_owned();
    let question = fill(cli.revoke_question, &[("name", &name), ("party", &email)]);
    confirm(&question, None, sub.get_flag("yes"))?;
    ctx.call((ops.revoke)(person.id.clone())).await?;
    ctx.done(&fill(cli.revoked, &[("party", &person.email)]));
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
    let draft = Draft {
        values: given(form_fields(&form, schema.party_fields), matches),
        idempotency_key: None,
    };
    match ctx.call((schema.bridge.invite)(&draft)).await? {
        Reply::Person(person) => {
            let state = person.status.as_str();
            let headline = fill(cli.invited, &[("party", &person.email), ("state", state)]);
            ctx.show_person(&person, &headline);
        }
        Reply::Done(note) => ctx.done(&note.message),
        other => return Err(unexpected(&other)),
    }
    Ok(())
}
