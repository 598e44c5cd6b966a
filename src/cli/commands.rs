//! The headless commands: each one operation (or a read and a write for the
//! destructive ones, which say what will happen first).

use std::io::{BufRead, IsTerminal};

use serde::Serialize;

use crate::api::model::{
    NewInvite, NewOrganization, Operation, OrgStatus, Organization, OrganizationChanges,
    PeopleFilter, Person, PersonStatus, Reply, Role,
};
use crate::api::schema::{InputKind, Schema, form_fields};
use crate::config::{Config, Paths};
use crate::text;

use super::output::{note, say};
use super::session::{Session, Target};
use super::{
    Command, Failure, Global, InviteArgs, InvitesCommand, OrgStatusArg, OrgsCommand,
    PersonStatusArg, RoleArg, UserFilterArgs, UsersCommand, output,
};

impl From<OrgStatusArg> for OrgStatus {
    fn from(value: OrgStatusArg) -> Self {
        match value {
            OrgStatusArg::Active => OrgStatus::Active,
            OrgStatusArg::Suspended => OrgStatus::Suspended,
        }
    }
}

impl From<PersonStatusArg> for PersonStatus {
    fn from(value: PersonStatusArg) -> Self {
        match value {
            PersonStatusArg::Pending => PersonStatus::Pending,
            PersonStatusArg::Active => PersonStatus::Active,
            PersonStatusArg::Suspended => PersonStatus::Suspended,
        }
    }
}

impl From<RoleArg> for Role {
    fn from(value: RoleArg) -> Self {
        match value {
            RoleArg::Admin => Role::Admin,
            RoleArg::Agent => Role::Agent,
            RoleArg::Customer => Role::Customer,
        }
    }
}

/// The flags `update` takes, from the top level's edit form, as a hint ("--name,
/// --domain, --no-domains, … or --notes"). A list also has its `--no-` flag, which
/// clears it.
fn update_flags(schema: &Schema) -> String {
    let Some(level) = schema.top_level() else {
        return "a field to change".to_owned();
    };
    let Some(form) = level.edit else {
        return "a field to change".to_owned();
    };
    let mut flags = Vec::new();
    for field in form_fields(&form, level.fields) {
        let Some(arg) = field.cli else { continue };
        flags.push(format!("--{}", arg.long));
        if let InputKind::MultiValue { noun, .. } = field.input {
            flags.push(format!("--no-{noun}"));
        }
    }
    match flags.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => "a field to change".to_owned(),
    }
}

fn nothing_to_change(schema: &Schema) -> Failure {
    Failure::usage(format!("nothing to change: give {}", update_flags(schema)))
}

fn unexpected(reply: &Reply) -> Failure {
    Failure::network(format!("the server gave an unexpected answer: {reply:?}"))
}

fn expect_org(reply: Reply) -> Result<Organization, Failure> {
    match reply {
        Reply::Organization(org) => Ok(org),
        other => Err(unexpected(&other)),
    }
}

fn expect_person(reply: Reply) -> Result<Person, Failure> {
    match reply {
        Reply::Person(person) => Ok(person),
        other => Err(unexpected(&other)),
    }
}

struct Ctx {
    session: Session,
    json: bool,
}

impl Ctx {
    /// One operation's answer. A write held for approval is said here and ends
    /// the command successfully (see `Failure::pending`): what the command would
    /// show of the change does not exist yet.
    async fn call(&mut self, op: Operation) -> Result<Reply, Failure> {
        let (reply, reconciled) = self.session.call(op).await?;
        if let Some(how) = reconciled {
            if how.by_resending() {
                note!("note: {how}; sending it again with the same idempotency key settled it");
            } else {
                note!("note: {how}; re-reading showed the change was applied");
            }
        }
        match reply {
            Reply::Pending(approval) => {
                output::pending(&approval, self.json);
                Err(Failure::pending())
            }
            reply => Ok(reply),
        }
    }

    fn show_org(&self, org: &Organization, what: &str) {
        if self.json {
            output::json(org);
        } else {
            if !what.is_empty() {
                say!("{what} {} ({})", org.name, org.id);
            }
            output::organization(self.session.schema, org);
        }
    }

    fn show_person(&self, person: &Person, headline: &str) {
        if self.json {
            output::json(person);
        } else {
            say!("{headline}");
            output::person(self.session.schema, person);
        }
    }

    fn done(&self, message: &str) {
        if self.json {
            output::json(&serde_json::json!({ "done": message }));
        } else {
            say!("{message}");
        }
    }
}

/// Asks on the terminal; refuses when there is no terminal to ask on.
fn confirm(question: &str, expected: Option<&str>, yes: bool) -> Result<(), Failure> {
    if yes {
        return Ok(());
    }
    if !std::io::stdin().is_terminal() {
        return Err(Failure::usage(format!(
            "{question}\nrefusing without confirmation: not run from a terminal; add --yes to go ahead"
        )));
    }
    match expected {
        Some(name) => output::stderr(
            &format!("{question}\nType {name:?} to confirm (anything else cancels): "),
            "",
        ),
        None => output::stderr(&format!("{question} [y/N] "), ""),
    }
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|err| Failure::usage(format!("cannot read the answer: {err}")))?;
    let answer = answer.trim();
    let agreed = match expected {
        Some(name) => answer == name,
        None => matches!(answer, "y" | "Y" | "yes"),
    };
    if agreed {
        Ok(())
    } else {
        Err(Failure::usage("cancelled: nothing was changed"))
    }
}

pub async fn run(command: Command, global: &Global, paths: &Paths) -> Result<(), Failure> {
    let session = Session::open(
        Target {
            profile: global.profile.as_deref(),
            sandbox: global.sandbox,
            quiet: global.json,
        },
        paths,
    )
    .await?;
    let mut ctx = Ctx {
        session,
        json: global.json,
    };
    dispatch(&mut ctx, command).await
}

async fn dispatch(ctx: &mut Ctx, command: Command) -> Result<(), Failure> {
    let done = match command {
        Command::Whoami => whoami(ctx).await,
        Command::Orgs(command) => orgs(ctx, command).await,
        Command::Users(UsersCommand::List(filter)) => users(ctx, filter).await,
        Command::Invite(args) => invite(ctx, args).await,
        Command::Invites(command) => invites(ctx, command).await,
        Command::Info | Command::Completions { .. } | Command::Sandbox(_) => Ok(()),
    };
    match done {
        Err(failure) if failure.code == super::EXIT_OK => Ok(()),
        other => other,
    }
}

#[derive(Serialize)]
struct WhoAmI<'a> {
    profile: &'a str,
    base_url: &'a str,
    read_only: bool,
    user: &'a Person,
}

async fn whoami(ctx: &mut Ctx) -> Result<(), Failure> {
    let me = expect_person(ctx.call(Operation::WhoAmI).await?)?;
    let handle = ctx.session.handle();
    if ctx.json {
        output::json(&WhoAmI {
            profile: &ctx.session.profile,
            base_url: handle.base_url().as_str(),
            read_only: handle.read_only(),
            user: &me,
        });
    } else {
        say!(
            "{} <{}>, {} in tenant {} (profile {} at {}{})",
            me.full_name(),
            me.email,
            me.role,
            me.organization.as_deref().unwrap_or("?"),
            ctx.session.profile,
            handle.base_url(),
            if handle.read_only() {
                ", read-only"
            } else {
                ""
            }
        );
    }
    Ok(())
}

fn blank_to_none(value: String) -> Option<String> {
    Some(value).filter(|v| !v.trim().is_empty())
}

async fn orgs(ctx: &mut Ctx, command: OrgsCommand) -> Result<(), Failure> {
    match command {
        OrgsCommand::List { status } => {
            let reply = ctx
                .call(Operation::ListOrganizations {
                    status: status.map(Into::into),
                })
                .await?;
            let Reply::Organizations(orgs) = reply else {
                return Err(unexpected(&reply));
            };
            if ctx.json {
                output::json(&orgs);
            } else {
                output::organizations(ctx.session.schema, &orgs);
            }
        }
        OrgsCommand::Show { id } => {
            let org = expect_org(ctx.call(Operation::GetOrganization { id }).await?)?;
            ctx.show_org(&org, "");
        }
        OrgsCommand::Lookup { domain } => {
            let org = expect_org(ctx.call(Operation::LookupOrganization { domain }).await?)?;
            ctx.show_org(&org, "");
        }
        OrgsCommand::Create(fields) => {
            let new = NewOrganization {
                name: fields.name,
                domains: fields.domains,
                external_ref: fields.external_ref.and_then(blank_to_none),
                notes: fields.notes,
            };
            match ctx.call(Operation::CreateOrganization(new)).await? {
                Reply::Organization(org) => ctx.show_org(&org, "created"),
                Reply::Done(note) => ctx.done(&note.message),
                other => return Err(unexpected(&other)),
            }
        }
        OrgsCommand::Update { id, fields } => {
            let changes = OrganizationChanges {
                name: fields.name,
                domains: if fields.no_domains {
                    Some(Vec::new())
                } else {
                    Some(fields.domains).filter(|d| !d.is_empty())
                },
                external_ref: fields.external_ref.map(blank_to_none),
                notes: fields.notes.map(blank_to_none),
                status: None,
            };
            if changes.is_empty() {
                return Err(nothing_to_change(ctx.session.schema));
            }
            let reply = ctx
                .call(Operation::UpdateOrganization { id, changes })
                .await?;
            match reply {
                Reply::Organization(org) => ctx.show_org(&org, "updated"),
                Reply::Done(note) => ctx.done(&note.message),
                other => return Err(unexpected(&other)),
            }
        }
        OrgsCommand::Suspend { id } => set_status(ctx, id, OrgStatus::Suspended).await?,
        OrgsCommand::Activate { id } => set_status(ctx, id, OrgStatus::Active).await?,
        OrgsCommand::Delete { id, yes } => {
            let org = expect_org(
                ctx.call(Operation::GetOrganization { id: id.clone() })
                    .await?,
            )?;
            let members = count_members(ctx, &id).await?;
            let question = format!(
                "Delete {} ({})? It has {members} member{}; they will keep their accounts but lose their organization. Its domains will be freed.",
                text::visible(&org.name),
                text::visible(&org.id),
                if members == 1 { "" } else { "s" }
            );
            confirm(&question, Some(&org.name), yes)?;
            let reply = ctx.call(Operation::DeleteOrganization { id }).await?;
            match reply {
                Reply::Done(_) => ctx.done(&format!("deleted {} ({})", org.name, org.id)),
                other => return Err(unexpected(&other)),
            }
        }
    }
    Ok(())
}

async fn count_members(ctx: &mut Ctx, org: &str) -> Result<usize, Failure> {
    let reply = ctx
        .call(Operation::ListPeople(PeopleFilter {
            roles: vec![Role::Customer],
            organization: Some(org.to_owned()),
            ..Default::default()
        }))
        .await?;
    match reply {
        Reply::People(people) => Ok(people.len()),
        other => Err(unexpected(&other)),
    }
}

async fn set_status(ctx: &mut Ctx, id: String, status: OrgStatus) -> Result<(), Failure> {
    let changes = OrganizationChanges {
        status: Some(status),
        ..Default::default()
    };
    let reply = ctx
        .call(Operation::UpdateOrganization { id, changes })
        .await?;
    let verb = match status {
        OrgStatus::Suspended => "suspended",
        OrgStatus::Active => "reactivated",
    };
    match reply {
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

async fn users(ctx: &mut Ctx, filter: UserFilterArgs) -> Result<(), Failure> {
    let filter = PeopleFilter {
        roles: filter.kind.into_iter().map(Into::into).collect(),
        statuses: filter.status.into_iter().map(Into::into).collect(),
        organization: filter.org,
    };
    list_people(ctx, filter).await
}

async fn list_people(ctx: &mut Ctx, filter: PeopleFilter) -> Result<(), Failure> {
    let reply = ctx.call(Operation::ListPeople(filter)).await?;
    let Reply::People(people) = reply else {
        return Err(unexpected(&reply));
    };
    if ctx.json {
        output::json(&people);
    } else {
        output::people(ctx.session.schema, &people);
    }
    Ok(())
}

async fn invite(ctx: &mut Ctx, args: InviteArgs) -> Result<(), Failure> {
    let invite = NewInvite {
        email: args.email,
        name: args.name,
        last_name: args.last_name,
        role: args.kind.into(),
        agent_type: args.agent_type,
        organization: args.org,
    };
    let reply = ctx.call(Operation::Invite(invite)).await?;
    match reply {
        Reply::Person(person) => ctx.show_person(
            &person,
            &format!(
                "invited {}: {} until they confirm the activation email",
                person.email,
                person.status.as_str()
            ),
        ),
        Reply::Done(note) => ctx.done(&note.message),
        other => return Err(unexpected(&other)),
    }
    Ok(())
}

async fn invites(ctx: &mut Ctx, command: InvitesCommand) -> Result<(), Failure> {
    match command {
        InvitesCommand::List { org } => {
            list_people(
                ctx,
                PeopleFilter {
                    statuses: vec![PersonStatus::Pending],
                    organization: org,
                    ..Default::default()
                },
            )
            .await
        }
        InvitesCommand::Resend { email } => {
            ctx.call(Operation::ResendInvite { id: email.clone() })
                .await?;
            ctx.done(&format!("activation email sent again to {email}"));
            Ok(())
        }
        InvitesCommand::Revoke { email, yes } => {
            let person =
                expect_person(ctx.call(Operation::GetPerson { id: email.clone() }).await?)?;
            if person.status != PersonStatus::Pending {
                return Err(Failure {
                    code: super::EXIT_REJECTED,
                    message: format!(
                        "{} is {}, not pending: revoking applies to pending invites only",
                        text::visible(&person.email),
                        person.status.as_str()
                    ),
                    error: None,
                });
            }
            confirm(
                &format!(
                    "Revoke the invite of {} <{}>? Their activation link stops working.",
                    text::visible(&person.full_name()),
                    text::visible(&person.email)
                ),
                None,
                yes,
            )?;
            ctx.call(Operation::RevokeInvite {
                id: person.id.clone(),
            })
            .await?;
            ctx.done(&format!("revoked the invite of {}", person.email));
            Ok(())
        }
    }
}

#[derive(Serialize)]
struct InfoProfile {
    name: String,
    backend: String,
    base_url: String,
    token: String,
    read_only: bool,
    /// The private CA trusted besides the platform's roots, with its certificate count.
    #[serde(skip_serializing_if = "Option::is_none")]
    ca_file: Option<String>,
}

#[derive(Serialize)]
struct Info {
    config_file: String,
    config_found: bool,
    log_file: String,
    state_dir: String,
    audit_file: String,
    default_profile: Option<String>,
    profiles: Vec<InfoProfile>,
    warnings: Vec<String>,
}

pub fn info(paths: &Paths, json: bool) -> Result<(), Failure> {
    let config = Config::load(paths).map_err(|err| Failure::usage(err.to_string()))?;
    let info = Info {
        config_file: paths.config_file.display().to_string(),
        config_found: paths.config_file.exists(),
        log_file: paths
            .log_dir
            .join(super::logging::LOG_FILE)
            .display()
            .to_string(),
        state_dir: paths.state_dir.display().to_string(),
        audit_file: paths.audit_file.display().to_string(),
        default_profile: config.default_profile.clone(),
        profiles: config
            .profiles
            .iter()
            .map(|p| InfoProfile {
                name: p.name.clone(),
                backend: p.backend.to_owned(),
                base_url: p.base_url.to_string(),
                token: p.token_source_description(),
                read_only: p.read_only,
                ca_file: p.ca_file.as_ref().map(|ca| {
                    let count = ca.len();
                    let plural = if count == 1 { "" } else { "s" };
                    format!("{} ({count} certificate{plural})", ca.path().display())
                }),
            })
            .collect(),
        warnings: config.warnings.clone(),
    };
    if json {
        output::json(&info);
        return Ok(());
    }
    let found = if info.config_found {
        ""
    } else {
        " (not found: no profiles yet)"
    };
    say!("config   {}{found}", info.config_file);
    say!("log      {}", info.log_file);
    say!("state    {}", info.state_dir);
    say!("audit    {}", info.audit_file);
    for warning in &info.warnings {
        say!("warning  {warning}");
    }
    if info.profiles.is_empty() {
        say!(
            "profiles none: `orgdeck --sandbox ...` tries the demo; see assets/config.example.toml"
        );
        return Ok(());
    }
    let rows: Vec<Vec<String>> = info
        .profiles
        .iter()
        .map(|p| {
            let default = info.default_profile.as_deref() == Some(p.name.as_str());
            vec![
                format!("{}{}", p.name, if default { " (default)" } else { "" }),
                p.backend.clone(),
                p.base_url.clone(),
                p.token.clone(),
                if p.read_only {
                    "read-only"
                } else {
                    "read-write"
                }
                .to_owned(),
            ]
        })
        .collect();
    say!("");
    output::table(
        &["PROFILE", "BACKEND", "BASE URL", "TOKEN FROM", "MODE"],
        &rows,
    );
    // Below the table rather than a column: most profiles have none.
    for p in &info.profiles {
        if let Some(ca) = &p.ca_file {
            say!("{}: trusts ca_file {ca} besides the system's roots", p.name);
        }
    }
    Ok(())
}

#[cfg(test)]
#[path = "commands_tests.rs"]
mod tests;
