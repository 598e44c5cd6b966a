//! The commands of one node's tab whose node and party are arguments
//! (`TabCli::by_position`): `<tab> <invite> NODE --…`, `<tab> <change> NODE PARTY
//! --…`, `<tab> remove NODE PARTY`, `<tab> resend|revoke NODE PARTY`.
//!
//! A party is given by id or by its label (an email) and found in the node's
//! list, read afresh, so a typo is a usage error before anything is sent. That
//! list also tells the last party of a kept role (an organization's last owner):
//! removing or demoting them is refused before sending, as the server would.

use clap::ArgMatches;

use super::node_tab::role_at;
use super::run::{given, new_key, required};
use crate::api::model::{Filter, MemberState, Operation, Party, Reply, Scope};
use crate::api::schema::{MemberCli, Schema, Tab, TabCli, fill, form_fields};
use crate::api::value::{Changes, Draft};
use crate::cli::commands::{Ctx, confirm, unexpected};
use crate::cli::{EXIT_REJECTED, Failure};
use crate::text;

/// What a command on a by-position tab needs: where it acts and the words.
pub(super) struct On {
    pub schema: &'static Schema,
    pub tab: &'static Tab,
    pub cli: TabCli,
    pub scope: Scope,
    pub node: String,
}

/// Runs `verb`; `None` when it is not one of these commands.
pub(super) async fn run(
    ctx: &mut Ctx,
    on: &On,
    verb: &str,
    sub: &ArgMatches,
) -> Option<Result<(), Failure>> {
    let words = on.cli.members;
    let done = match verb {
        "resend" => resend(ctx, on, sub).await,
        "revoke" => revoke(ctx, on, sub).await,
        "remove" => remove(ctx, on, words?, sub).await,
        verb if words.is_some_and(|w| !w.change.is_empty() && w.change == verb) => {
            change(ctx, on, words?, sub).await
        }
        verb if words.is_none() && verb == on.cli.invite_command => invite(ctx, on, sub).await,
        _ => return None,
    };
    Some(done)
}

/// `template` with `{party}` and `{node}`, then each of the party's fields by
/// its id (`{expires}`), filled in.
fn words_of(on: &On, template: &str, party: &Party) -> String {
    let label = text::visible(party.label(on.schema)).into_owned();
    let node = text::visible(&on.node).into_owned();
    let named = fill(template, &[("party", &label), ("node", &node)]);
    on.schema.party_fields.iter().fold(named, |words, field| {
        let value = party.get(on.schema, field.id).as_input();
        let value = if value.is_empty() {
            "-".to_owned()
        } else {
            value
        };
        fill(&words, &[(field.id.as_str(), &text::visible(&value))])
    })
}

/// The node's parties on the tab, every page.
async fn listed(ctx: &mut Ctx, on: &On) -> Result<Vec<Party>, Failure> {
    let op = Operation::ListParties {
        scope: on.scope.clone(),
        filter: Filter::default(),
        page: None,
    };
    match ctx.call(op).await? {
        Reply::Parties(page) => Ok(page.items),
        other => Err(unexpected(&other)),
    }
}

/// The party `given` names in `listed`: the one with that id, else the one
/// with that label (in any letter case). Where a label names several, those in
/// `prefer` (pending invitations, for a resend) are taken if they are one.
pub(super) fn find<'a>(
    schema: &Schema,
    cli: TabCli,
    node: &str,
    listed: &'a [Party],
    given: &str,
    prefer: Option<MemberState>,
) -> Result<&'a Party, Failure> {
    let given = given.trim();
    if let Some(party) = listed.iter().find(|p| p.id() == given) {
        return Ok(party);
    }
    let named: Vec<&Party> = listed
        .iter()
        .filter(|p| p.label(schema).trim().eq_ignore_ascii_case(given))
        .collect();
    let preferred: Vec<&Party> = (named.iter().copied())
        .filter(|p| Some(p.state) == prefer)
        .collect();
    match (named.as_slice(), preferred.as_slice()) {
        ([only], _) | (_, [only]) => Ok(only),
        ([], _) => Err(Failure::usage(format!(
            "no {} {} in {}: `{} list {}` shows them",
            cli.party_arg,
            text::visible(given),
            text::visible(node),
            cli.command,
            text::visible(node),
        ))),
        (several, _) => {
            let ids: Vec<String> = several
                .iter()
                .map(|p| format!("{} ({})", text::visible(p.id()), p.state.as_str()))
                .collect();
            Err(Failure::usage(format!(
                "{} names {} {}s in {}: give one's id: {}",
                text::visible(given),
                several.len(),
                cli.party_arg,
                text::visible(node),
                ids.join(", ")
            )))
        }
    }
}

/// Refuses to remove the last party of the tab's kept role, or to give them
/// another role (`becomes`), when `listed` holds no other.
pub(super) fn keeps_last(
    schema: &Schema,
    tab: &Tab,
    node: &str,
    listed: &[Party],
    party: &Party,
    becomes: Option<&str>,
) -> Result<(), Failure> {
    let Some(last) = tab.last else {
        return Ok(());
    };
    let holds = |p: &Party| role_at(schema, p, node) == last.role;
    if !holds(party) || becomes == Some(last.role) {
        return Ok(());
    }
    if listed.iter().any(|p| p.id() != party.id() && holds(p)) {
        return Ok(());
    }
    let label = text::visible(party.label(schema)).into_owned();
    Err(Failure {
        code: EXIT_REJECTED,
        message: fill(
            last.why,
            &[("party", &label), ("node", &text::visible(node))],
        ),
        error: None,
    })
}

async fn chosen(
    ctx: &mut Ctx,
    on: &On,
    sub: &ArgMatches,
    prefer: Option<MemberState>,
) -> Result<(Vec<Party>, Party), Failure> {
    let given = required(sub, "party")?;
    let listed = listed(ctx, on).await?;
    let party = find(on.schema, on.cli, &on.node, &listed, &given, prefer)?.clone();
    Ok((listed, party))
}

fn show(ctx: &Ctx, on: &On, reply: Reply, headline: &str, party: &Party) -> Result<(), Failure> {
    match reply {
        Reply::Party(now) => ctx.show_person(&now, &words_of(on, headline, &now)),
        Reply::Done(_) | Reply::Parties(_) => ctx.done(&words_of(on, headline, party)),
        other => return Err(unexpected(&other)),
    }
    Ok(())
}

/// `<tab> <invite> NODE --…`: the tab's invite form.
async fn invite(ctx: &mut Ctx, on: &On, sub: &ArgMatches) -> Result<(), Failure> {
    let Some(form) = on.tab.invite else {
        return Ok(());
    };
    let draft = Draft::opened(on.schema, new_key)
        .with_values(given(form_fields(&form, on.schema.party_fields), sub));
    let op = Operation::AddMembers {
        scope: on.scope.clone(),
        draft,
    };
    match ctx.call(op).await? {
        Reply::Party(party) => {
            let state = party.state_text(on.schema);
            let headline = fill(on.cli.invited, &[("state", &state)]);
            ctx.show_person(&party, &words_of(on, &headline, &party));
        }
        Reply::Done(note) => ctx.done(&note.message),
        other => return Err(unexpected(&other)),
    }
    Ok(())
}

/// `<tab> <change> NODE PARTY --…`: the schema's party edit form (a role).
async fn change(ctx: &mut Ctx, on: &On, words: MemberCli, sub: &ArgMatches) -> Result<(), Failure> {
    let Some(form) = on.schema.party_edit else {
        return Ok(());
    };
    let changes = Changes {
        values: given(form_fields(&form, on.schema.party_fields), sub),
    };
    let (listed, party) = chosen(ctx, on, sub, None).await?;
    let role = on
        .schema
        .party_role
        .and_then(|field| changes.get(field))
        .map(|value| value.as_input());
    if let Some(role) = &role {
        if *role == role_at(on.schema, &party, &on.node) {
            let label = text::visible(party.label(on.schema)).into_owned();
            ctx.done(&format!(
                "{label} is {} of {} already: nothing sent",
                text::visible(role),
                text::visible(&on.node)
            ));
            return Ok(());
        }
        keeps_last(on.schema, on.tab, &on.node, &listed, &party, Some(role))?;
    }
    let op = Operation::UpdateMember {
        scope: on.scope.clone(),
        party: party.id().to_owned(),
        changes,
    };
    let headline = fill(words.changed, &[("role", role.as_deref().unwrap_or("-"))]);
    let reply = ctx.call(op).await?;
    show(ctx, on, reply, &headline, &party)
}

/// `<tab> remove NODE PARTY [--yes]`.
async fn remove(ctx: &mut Ctx, on: &On, words: MemberCli, sub: &ArgMatches) -> Result<(), Failure> {
    let (listed, party) = chosen(ctx, on, sub, None).await?;
    keeps_last(on.schema, on.tab, &on.node, &listed, &party, None)?;
    confirm(
        &words_of(on, words.remove_question, &party),
        None,
        sub.get_flag("yes"),
    )?;
    let op = Operation::RemoveMember {
        scope: on.scope.clone(),
        party: party.id().to_owned(),
    };
    match ctx.call(op).await? {
        Reply::Done(_) | Reply::Parties(_) | Reply::Party(_) => {
            ctx.done(&words_of(on, words.removed, &party));
        }
        other => return Err(unexpected(&other)),
    }
    Ok(())
}

/// `<tab> resend NODE PARTY`: what it prints names the new expiry where the
/// words ask for it.
async fn resend(ctx: &mut Ctx, on: &On, sub: &ArgMatches) -> Result<(), Failure> {
    let (_, party) = chosen(ctx, on, sub, Some(MemberState::Invited)).await?;
    let op = Operation::ResendInvite {
        scope: on.scope.clone(),
        party: party.id().to_owned(),
    };
    let reply = ctx.call(op).await?;
    show(ctx, on, reply, on.cli.resent, &party)
}

/// `<tab> revoke NODE PARTY [--yes]`: a pending invitation only.
async fn revoke(ctx: &mut Ctx, on: &On, sub: &ArgMatches) -> Result<(), Failure> {
    let (_, party) = chosen(ctx, on, sub, Some(MemberState::Invited)).await?;
    if party.state != MemberState::Invited {
        let state = party.state_text(on.schema);
        let why = fill(on.cli.not_revocable, &[("state", &state)]);
        return Err(Failure {
            code: EXIT_REJECTED,
            message: words_of(on, &why, &party),
            error: None,
        });
    }
    confirm(
        &words_of(on, on.cli.revoke_question, &party),
        None,
        sub.get_flag("yes"),
    )?;
    let op = Operation::RevokeInvite {
        scope: on.scope.clone(),
        party: party.id().to_owned(),
    };
    let reply = ctx.call(op).await?;
    show(ctx, on, reply, on.cli.revoked, &party)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::model::{Membership, Record};
    use crate::api::schema::{Kept, PartyKind};
    use crate::api::value::Value;

    const NODE: &str = "org-1";

    fn schema() -> &'static Schema {
        crate::backends::schema()
    }

    /// A tab of the default schema with commands, keeping its last owner.
    fn keeping() -> &'static Tab {
        let tab = (schema().levels.iter().flat_map(|l| l.tabs))
            .find(|t| t.cli.is_some())
            .expect("a tab with commands");
        Box::leak(Box::new(Tab {
            last: Some(Kept {
                role: "owner",
                why: "{party} is the last owner of {node}",
            }),
            ..*tab
        }))
    }

    fn cli() -> TabCli {
        keeping().cli.expect("the tab has commands")
    }

    fn party(id: &str, label: &str, role: &str, state: MemberState) -> Party {
        let schema = schema();
        let record = Record::read(schema.party_fields, |field| {
            if field == schema.party_label {
                Value::Text(label.to_owned())
            } else {
                Value::Empty
            }
        });
        let at = Membership {
            node: NODE.into(),
            role: Some(role.into()),
            state,
        };
        Party::new(id, PartyKind::User, state, record, Box::new([at]))
    }

    fn listed() -> Vec<Party> {
        vec![
            party("m-1", "ada@example.com", "owner", MemberState::Active),
            party("m-2", "bo@example.com", "member", MemberState::Active),
            party("i-1", "cy@example.com", "member", MemberState::Closed),
            party("i-2", "cy@example.com", "member", MemberState::Invited),
            party("i-3", "di@example.com", "member", MemberState::Closed),
            party("i-4", "di@example.com", "member", MemberState::Closed),
        ]
    }

    fn found(given: &str, prefer: Option<MemberState>) -> Result<String, Failure> {
        let listed = listed();
        find(schema(), cli(), NODE, &listed, given, prefer).map(|p| p.id().to_owned())
    }

    #[test]
    fn a_party_is_found_by_id_or_by_label_in_any_case() {
        assert_eq!(found("m-2", None).ok().as_deref(), Some("m-2"));
        assert_eq!(
            found(" ADA@example.com ", None).ok().as_deref(),
            Some("m-1")
        );
    }

    #[test]
    fn a_label_of_several_takes_the_one_preferred_else_is_a_usage_error_naming_their_ids() {
        assert_eq!(
            found("cy@example.com", Some(MemberState::Invited))
                .ok()
                .as_deref(),
            Some("i-2")
        );
        let several = found("di@example.com", Some(MemberState::Invited)).unwrap_err();
        assert_eq!(several.code, crate::cli::EXIT_USAGE);
        assert!(
            several.message.contains("i-3 (closed), i-4 (closed)"),
            "{}",
            several.message
        );
        let none = found("zed@example.com", None).unwrap_err();
        assert_eq!(none.code, crate::cli::EXIT_USAGE);
        assert!(none.message.starts_with("no "), "{}", none.message);
        assert!(
            none.message.contains("zed@example.com in org-1"),
            "{}",
            none.message
        );
    }

    #[test]
    fn the_last_owner_is_neither_removed_nor_demoted_but_may_stay_owner() {
        let listed = listed();
        let (owner, member) = (&listed[0], &listed[1]);
        let keeps =
            |party: &Party, becomes| keeps_last(schema(), keeping(), NODE, &listed, party, becomes);
        let refused = keeps(owner, None).unwrap_err();
        assert_eq!(refused.code, EXIT_REJECTED);
        assert_eq!(
            refused.message,
            "ada@example.com is the last owner of org-1"
        );
        assert!(keeps(owner, Some("member")).is_err());
        assert!(keeps(owner, Some("owner")).is_ok());
        assert!(keeps(member, None).is_ok());
        // With another owner listed, either may go.
        let mut two = listed.clone();
        two.push(party("m-9", "ed@example.com", "owner", MemberState::Active));
        assert!(keeps_last(schema(), keeping(), NODE, &two, owner, None).is_ok());
        // A tab that keeps no one refuses nothing.
        let tab = schema()
            .levels
            .iter()
            .flat_map(|l| l.tabs)
            .next()
            .expect("a tab");
        assert!(tab.last.is_none());
        assert!(keeps_last(schema(), tab, NODE, &listed, owner, None).is_ok());
    }
}
