//! A view read page by page (`<view> list [--all]`: the first page, and on
//! stderr that there are more, or every page) and one party by its id (`<view>
//! show ID`), with where it is a member.

use clap::ArgMatches;

use super::run::{filter_of, required};
use super::streamed;
use crate::api::model::{Gather, Operation, Page, Party, Reply, Scope};
use crate::api::schema::View;
use crate::cli::Failure;
use crate::cli::commands::{Ctx, expect_person, unexpected};
use crate::cli::output::{self, note};

pub(super) async fn view_command(
    ctx: &mut Ctx,
    view: &'static View,
    verb: &str,
    sub: &ArgMatches,
) -> Result<(), Failure> {
    if verb == "show" {
        return show(ctx, required(sub, "id")?).await;
    }
    let schema = ctx.session.schema;
    let filters = view.cli.map_or(&[][..], |c| c.filters);
    let op = Operation::ListParties {
        scope: Scope::Tenant(view.id),
        filter: filter_of(schema, filters, sub),
        page: None,
    };
    let all = sub.try_get_one::<bool>("all").ok().flatten() == Some(&true);
    // The table sizes its columns from every row; JSON and CSV need not wait.
    if streamed::applies(ctx, &op) {
        return streamed::people(ctx, view.party_columns(schema), op).await;
    }
    let page = pages(ctx, op, all).await?;
    if ctx.csv {
        output::people_csv(schema, view.party_columns(schema), &page.items);
    } else if ctx.json {
        let rows: Vec<output::Ordered> = (page.items.iter())
            .map(|p| output::party_json(schema, p))
            .collect();
        output::json(&rows);
    } else {
        output::people_in(schema, view.cli_columns(schema), &page.items);
    }
    Ok(())
}

/// The first page, or with `all` every page; without it, a list with more
/// pages says so on stderr (not in `--json`, where stderr carries errors only).
async fn pages(ctx: &mut Ctx, first: Operation, all: bool) -> Result<Page<Party>, Failure> {
    let Operation::ListParties { scope, filter, .. } = first else {
        return Err(Failure::usage("not a list"));
    };
    let mut gathered = Gather::default();
    let mut cursor = None;
    loop {
        let op = Operation::ListParties {
            scope: scope.clone(),
            filter: filter.clone(),
            page: cursor,
        };
        let reply = ctx.call_page(op).await?;
        let Reply::Parties(page) = reply else {
            return Err(unexpected(&reply));
        };
        let next = gathered
            .add(page, Party::id)
            .map_err(|fault| Failure::network(fault.to_string()))?;
        match next {
            Some(next) if all => cursor = Some(next),
            Some(_) => {
                let shown = gathered.finish();
                if !ctx.json {
                    let nouns = ctx.session.schema.party_nouns.1;
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

/// One party by its id: its lines, then the nodes it belongs to with its role
/// at each (in `--json` as `memberships`).
async fn show(ctx: &mut Ctx, id: String) -> Result<(), Failure> {
    let schema = ctx.session.schema;
    let party = expect_person(ctx.call(Operation::GetParty { id }).await?)?;
    if ctx.json {
        let memberships: Vec<serde_json::Value> = (party.memberships.iter())
            .map(|m| {
                serde_json::json!({
                    "id": &*m.node,
                    "role": m.role.as_deref(),
                    "state": m.state.as_str(),
                })
            })
            .collect();
        let body = output::party_json(schema, &party).with("memberships", memberships.into());
        output::json(&body);
        return Ok(());
    }
    output::person(schema, &party);
    Ok(())
}
