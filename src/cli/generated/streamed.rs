//! A tenant's list of people written as its rows arrive (`--json`, `--format
//! csv`), for a list the server sends in one answer: the command's memory does
//! not grow with the list.

use crate::api::error::ApiError;
use crate::api::model::{Operation, Reply};
use crate::api::schema::Column;
use crate::cli::Failure;
use crate::cli::commands::Ctx;
use crate::cli::output;

/// Whether `op`'s list is written as it arrives: where the table is not asked
/// for (it sizes its columns from every row) and the backend streams the read.
pub(super) fn applies(ctx: &Ctx, op: &Operation) -> bool {
    (ctx.csv || ctx.json) && ctx.session.streams(op)
}

/// A list written as its rows arrive, in the bytes the whole list would be: its
/// memory does not grow with the list. A read tried again part way (rows anew
/// from 0) cannot take back what was written: it fails instead.
pub(super) async fn people(
    ctx: &mut Ctx,
    columns: &[Column],
    op: Operation,
) -> Result<(), Failure> {
    let schema = ctx.session.schema;
    let mut json = (!ctx.csv).then(output::JsonList::default);
    let mut csv = ctx.csv.then(|| output::PeopleCsv::new(schema, columns));
    let mut written = 0;
    let mut write = |from: u64, reply: Reply| {
        if from != written {
            return Err(ApiError::Transport {
                cause: format!(
                    "the list was cut after {written} rows were written and is read again from its start; run the command again"
                ),
            });
        }
        let people = match reply {
            Reply::Parties(page) => page.items,
            other => {
                return Err(ApiError::Decode {
                    cause: format!("a list of people was expected, not {other:?}"),
                });
            }
        };
        if let Some(json) = &mut json {
            let rows: Vec<output::Ordered> = (people.iter())
                .map(|p| output::party_json(schema, p))
                .collect();
            json.push_all(rows.iter());
        }
        if let Some(csv) = &mut csv {
            csv.push(&people);
        }
        written += people.len() as u64;
        Ok(())
    };
    match ctx.session.stream(op, &mut write).await? {
        Reply::Streamed { .. } => {}
        // Not streamed after all: the whole list, none of it written yet.
        whole => write(0, whole)?,
    }
    if let Some(json) = json {
        json.finish();
    }
    if let Some(csv) = csv {
        csv.finish();
    }
    Ok(())
}
