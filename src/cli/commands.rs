//! The headless commands: each one operation (or a read and a write for the
//! destructive ones, which say what will happen first).

use std::io::{BufRead, IsTerminal};

use serde::Serialize;

use crate::api::model::{Caller, Node, Operation, Party, Reply};
use crate::api::schema::{Schema, update_flags};
use crate::config::{Config, Paths, Profile};

use super::output::{note, say};
use super::session::{Session, Target};
use super::{Command, Failure, Global, output};

pub(super) fn nothing_to_change(schema: &Schema) -> Failure {
    Failure::usage(format!("nothing to change: give {}", update_flags(schema)))
}

pub(super) fn unexpected(reply: &Reply) -> Failure {
    Failure::network(format!("the server gave an unexpected answer: {reply:?}"))
}

pub(super) fn expect_org(reply: Reply) -> Result<Node, Failure> {
    match reply {
        Reply::Node(org) => Ok(org),
        other => Err(unexpected(&other)),
    }
}

pub(super) fn expect_person(reply: Reply) -> Result<Party, Failure> {
    match reply {
        Reply::Party(person) => Ok(person),
        other => Err(unexpected(&other)),
    }
}

pub(super) struct Ctx {
    pub session: Session,
    pub json: bool,
    /// `--format csv`: lists print as CSV.
    pub csv: bool,
}

impl Ctx {
    /// One operation's answer. A write held for approval is said here and ends
    /// the command successfully (see `Failure::pending`): what the command would
    /// show of the change does not exist yet.
    pub async fn call(&mut self, op: Operation) -> Result<Reply, Failure> {
        self.call_settled(op).await.map(|(reply, _)| reply)
    }

    /// One page of a list (the operation's cursor's; the first without one).
    pub async fn call_page(&mut self, op: Operation) -> Result<Reply, Failure> {
        Ok(self.session.call_page(op).await?)
    }

    /// As [`Ctx::call`], and how a write whose answer was lost was settled.
    pub async fn call_settled(
        &mut self,
        op: Operation,
    ) -> Result<(Reply, Option<crate::api::client::Reconciled>), Failure> {
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
            reply => Ok((reply, reconciled)),
        }
    }

    pub fn show_org(&self, org: &Node, what: &str) {
        if self.json {
            output::json(&output::node_json(self.session.schema, org));
        } else {
            if !what.is_empty() {
                say!("{what} {} ({})", org.name, org.id);
            }
            output::organization(self.session.schema, org);
        }
    }

    pub fn show_person(&self, person: &Party, headline: &str) {
        if self.json {
            output::json(&output::party_json(self.session.schema, person));
        } else {
            say!("{headline}");
            output::person(self.session.schema, person);
        }
    }

    pub fn done(&self, message: &str) {
        if self.json {
            output::json(&serde_json::json!({ "done": message }));
        } else {
            say!("{message}");
        }
    }
}

/// Asks on the terminal; refuses when there is no terminal to ask on.
pub(super) fn confirm(question: &str, expected: Option<&str>, yes: bool) -> Result<(), Failure> {
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
            sandbox: global.sandbox_backend()?,
            quiet: global.json,
        },
        paths,
    )
    .await?;
    let mut ctx = Ctx {
        session,
        json: global.json,
        csv: global.format == Some(super::Format::Csv),
    };
    dispatch(&mut ctx, command).await
}

async fn dispatch(ctx: &mut Ctx, command: Command) -> Result<(), Failure> {
    let done = match command {
        Command::Whoami => whoami(ctx).await,
        Command::Backend(chosen) => super::generated::run(ctx, chosen).await,
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
    user: output::Ordered,
}

async fn whoami(ctx: &mut Ctx) -> Result<(), Failure> {
    let me: Caller = match ctx.call(Operation::WhoAmI).await? {
        Reply::Caller(me) => me,
        other => return Err(unexpected(&other)),
    };
    let handle = ctx.session.handle();
    if ctx.json {
        output::json(&WhoAmI {
            profile: &ctx.session.profile,
            base_url: handle.base_url().as_str(),
            read_only: handle.read_only(),
            user: output::caller_json(ctx.session.schema, &me),
        });
    } else {
        say!(
            "{} <{}>, {} (profile {} at {}{})",
            me.label,
            me.id,
            standing(&me),
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

/// "admin in Northwind CaaS, member in Harbor" where roles are per node, else
/// "admin in tenant acme", or the bare role when no tenant is named.
fn standing(me: &Caller) -> String {
    if let Some(roles) = me.roles_text() {
        return roles;
    }
    match &me.tenant {
        Some(tenant) => format!("{} in tenant {tenant}", me.role),
        None => me.role.clone(),
    }
}

#[derive(Serialize)]
struct InfoProfile {
    name: String,
    backend: String,
    base_url: String,
    token: String,
    read_only: bool,
    /// The values of the backend's own options, defaults filled in.
    options: std::collections::BTreeMap<String, String>,
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
    let info = Info::gather(paths, &config);
    if json {
        output::json(&info);
    } else {
        say_info(&info);
    }
    Ok(())
}

impl Info {
    fn gather(paths: &Paths, config: &Config) -> Info {
        Info {
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
            profiles: config.profiles.iter().map(InfoProfile::of).collect(),
            warnings: config.warnings.clone(),
        }
    }
}

impl InfoProfile {
    fn of(p: &Profile) -> InfoProfile {
        InfoProfile {
            name: p.name.clone(),
            backend: p.backend.to_owned(),
            base_url: p.base_url.to_string(),
            token: p.token_source_description(),
            read_only: p.read_only,
            options: (p.options.iter())
                .map(|(key, value)| ((*key).to_owned(), value.clone()))
                .collect(),
            ca_file: p.ca_file.as_ref().map(|ca| {
                let count = ca.len();
                let plural = if count == 1 { "" } else { "s" };
                format!("{} ({count} certificate{plural})", ca.path().display())
            }),
        }
    }
}

/// `info` for a human: the paths, then the profiles as a table.
fn say_info(info: &Info) {
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
        return;
    }
    let rows: Vec<Vec<String>> = (info.profiles.iter())
        .map(|p| profile_row(p, info.default_profile.as_deref()))
        .collect();
    say!("");
    output::table(
        &["PROFILE", "BACKEND", "BASE URL", "TOKEN FROM", "MODE"],
        &rows,
    );
    // Below the table rather than a column: most profiles have none.
    for p in &info.profiles {
        for (key, value) in &p.options {
            say!("{}: {} option {key} = {value}", p.name, p.backend);
        }
        if let Some(ca) = &p.ca_file {
            say!("{}: trusts ca_file {ca} besides the system's roots", p.name);
        }
    }
}

fn profile_row(p: &InfoProfile, default_profile: Option<&str>) -> Vec<String> {
    let default = default_profile == Some(p.name.as_str());
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
}

#[cfg(test)]
#[path = "commands_tests.rs"]
mod tests;
