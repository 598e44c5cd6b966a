//! The backend's commands, generated from its schema with clap's builder (as the
//! sandbox's flags are): per level `list|show|create|update|delete|<toggle
//! verbs>|<find verb>` (each where the schema declares it), per view `list` with
//! its filters, from a tab `invite` and `<tab> list|resend|revoke` (or, on one
//! node's tab, `<tab> list|add|remove --<node> ID`, or under its level, `<level>
//! <add>|<set> ID`), and `approvals list|approve|reject` where a level's changes
//! may wait for approval. Flags come from the forms' fields.

mod by_position;
mod members;
mod node_tab;
mod run;
mod streamed;
mod views;

use clap::{Arg, ArgAction, ArgMatches, Command};

use crate::api::model::{Capability, Target as On, Verb};
use crate::api::schema::{
    CliArg, CliFilter, FieldSpec, InputKind, Level, LevelCli, MemberCli, Schema, Shown, Tab,
    TabCli, View, form_fields,
};

pub use run::run;

/// A generated command the command line chose: its name and what it was given.
#[derive(Debug, Clone)]
pub struct Chosen {
    pub name: String,
    pub matches: ArgMatches,
}

/// What a generated top-level command acts on.
#[derive(Clone, Copy)]
enum Target {
    Level(&'static Level),
    View(&'static View),
    Tab(&'static Tab),
    Invite(&'static Tab),
    /// The approvals of the changes on this level's nodes.
    Approvals(&'static Level),
}

/// The command of the approvals queue.
pub(super) const APPROVALS: &str = "approvals";

fn targets(schema: &'static Schema) -> Vec<(&'static str, Target)> {
    let mut found = Vec::new();
    for level in schema.levels {
        if level.cli_spec.is_some() {
            found.push((level.cli, Target::Level(level)));
        }
    }
    for view in schema.views {
        if let Some(cli) = view.cli {
            found.push((cli.command, Target::View(view)));
        }
    }
    let tabs = schema.levels.iter().flat_map(|l| l.tabs.iter());
    // One `invite` command: the first tab that invites and has commands.
    // (A node's tab adds with `<tab> add` instead.)
    let invites = |t: &&Tab| t.invite.is_some() && t.cli.is_some_and(|c| c.node_flag.is_none());
    if let Some(tab) = tabs.clone().find(invites)
        && let Some(cli) = tab.cli
    {
        found.push((cli.invite_command, Target::Invite(tab)));
    }
    for tab in tabs {
        // Levels may share a tab (its commands name parties by id wherever they are).
        if let Some(cli) = tab.cli
            && !found.iter().any(|(name, _)| *name == cli.command)
        {
            found.push((cli.command, Target::Tab(tab)));
        }
    }
    let approving = schema
        .levels
        .iter()
        .find(|l| l.cli_spec.is_some_and(|c| c.approvals_flag.is_some()));
    if let Some(level) = approving {
        found.push((APPROVALS, Target::Approvals(level)));
    }
    found
}

fn target(schema: &'static Schema, name: &str) -> Option<Target> {
    targets(schema)
        .into_iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| t)
}

/// Whether `name` is one of the schema's commands.
pub fn is_generated(schema: &'static Schema, name: &str) -> bool {
    target(schema, name).is_some()
}

/// The schema's commands, in the order help lists them.
pub fn commands(schema: &'static Schema) -> Vec<Command> {
    targets(schema)
        .into_iter()
        .map(|(name, target)| match target {
            Target::Level(level) => level_command(schema, name, level),
            Target::View(view) => view_command(name, view),
            Target::Tab(tab) => tab_command(schema, name, tab),
            Target::Invite(tab) => invite_command(schema, name, tab),
            Target::Approvals(level) => approvals_command(name, level),
        })
        .collect()
}

fn group(name: &'static str, about: &'static str) -> Command {
    Command::new(name)
        .about(about)
        .subcommand_required(true)
        .arg_required_else_help(true)
}

pub(super) fn positional(id: &'static str, value_name: &str) -> Arg {
    Arg::new(id)
        .value_name(value_name.to_owned())
        .required(true)
        .action(ArgAction::Set)
}

pub(super) fn yes() -> Arg {
    Arg::new("yes")
        .long("yes")
        .help("Do not ask for confirmation")
        .action(ArgAction::SetTrue)
}

/// The parser's id of a field's flag: its long name, as a Rust name.
pub(super) fn arg_id(cli: &CliArg) -> String {
    cli.long.replace('-', "_")
}

fn with_help(arg: Arg, help: &str) -> Arg {
    if help.is_empty() {
        arg
    } else {
        arg.help(help.to_owned())
    }
}

/// A form field's flag: repeated for a list, held to its choices when the schema
/// says so; required where the form always asks for it.
pub(super) fn field_arg(spec: &FieldSpec, cli: CliArg, required: bool, help: &str) -> Arg {
    let id = arg_id(&cli);
    if let InputKind::Bool(..) = spec.input {
        // A switch: given, it is on.
        let arg = Arg::new(id).long(cli.long).action(ArgAction::SetTrue);
        return with_help(arg, help);
    }
    let value_name = cli
        .value_name
        .map_or_else(|| id.to_uppercase(), str::to_owned);
    let arg = Arg::new(id)
        .long(cli.long)
        .value_name(value_name)
        .required(required);
    let arg = match spec.input {
        // A picker of one (an owner) takes its flag once.
        InputKind::PartiesPicker { max_entries: 1, .. } => arg.action(ArgAction::Set),
        InputKind::MultiValue { .. } | InputKind::PartiesPicker { .. } => {
            arg.action(ArgAction::Append)
        }
        InputKind::Select(choices) if cli.choices => {
            let mut values: Vec<&str> = choices.iter().map(|c| c.value).collect();
            values.sort_unstable();
            let action = if cli.repeat {
                ArgAction::Append
            } else {
                ArgAction::Set
            };
            arg.action(action)
                .value_parser(clap::builder::PossibleValuesParser::new(values))
        }
        _ => arg.action(ArgAction::Set),
    };
    with_help(arg, help)
}

fn filter_arg(filter: &CliFilter) -> Arg {
    let value_name = filter
        .value_name
        .map_or_else(|| filter.id.to_uppercase(), str::to_owned);
    let arg = Arg::new(filter.id)
        .long(filter.long)
        .value_name(value_name)
        .action(if filter.repeat {
            ArgAction::Append
        } else {
            ArgAction::Set
        });
    let arg = if filter.values.is_empty() {
        arg
    } else {
        arg.value_parser(clap::builder::PossibleValuesParser::new(filter.values))
    };
    with_help(arg, filter.help)
}

/// How a list read in one answer is written, for its `--help`.
const STREAMED_HELP: &str = "With --json or --format csv, a list the server sends in one answer is written as its rows arrive, in memory that does not grow with the list; the table waits for every row, to size its columns.";

/// A paged list's `--all`.
fn all_arg() -> Arg {
    Arg::new("all")
        .long("all")
        .help("Every page; without it, the first page (stderr says when there are more, except with --json)")
        .action(ArgAction::SetTrue)
}

/// `--parent ID` (or the flag the level names, `--org`): the node of the level
/// above that a lower level's nodes are under (an organization's enterprises).
fn parent_arg(schema: &Schema, level: &Level, flag: &'static str) -> Option<Arg> {
    let above = schema.level(level.parent?)?;
    let flag = if flag.is_empty() { "parent" } else { flag };
    Some(
        Arg::new("parent")
            .long(flag)
            .value_name("ID")
            .required(true)
            .action(ArgAction::Set)
            .help(format!("The {} they are under", above.nouns.0)),
    )
}

fn level_command(schema: &'static Schema, name: &'static str, level: &'static Level) -> Command {
    let Some(spec) = level.cli_spec else {
        return Command::new(name);
    };
    let parent = parent_arg(schema, level, spec.parent_flag);
    let mut list = Command::new("list")
        .about(spec.list)
        .args(spec.filters.iter().map(filter_arg))
        .args(parent.clone());
    if spec.all_pages {
        list = list.arg(all_arg());
    }
    let mut command = group(name, spec.about).subcommand(list).subcommand(
        Command::new("show")
            .about(spec.show)
            .arg(positional("id", "ID")),
    );
    if let Some(form) = level.create {
        let args = form_fields(&form, level.fields).filter_map(|f| {
            let cli = f.cli?;
            let required = f.required && f.shown == Shown::Always;
            Some(field_arg(f, cli, required, f.help))
        });
        let mut create = Command::new("create").about(spec.create).args(args);
        if spec.key_filter.is_some() {
            create = create.arg(
                Arg::new("idempotency_key")
                    .long("idempotency-key")
                    .value_name("KEY")
                    .help("Create with this key, or find what it made already (default: a new key)")
                    .action(ArgAction::Set),
            );
        }
        command = command.subcommand(create.args(parent));
    }
    if let Some(form) = level.edit {
        command = command.subcommand(update_command(spec, &form, level));
    }
    if let Some(toggle) = level.toggle {
        command = command
            .subcommand(
                Command::new(toggle.on.1)
                    .about(spec.toggle.0)
                    .arg(positional("id", "ID")),
            )
            .subcommand(
                Command::new(toggle.off.1)
                    .about(spec.toggle.1)
                    .arg(positional("id", "ID")),
            );
    }
    if schema.declares(Capability::new(Verb::Delete, On::Level(level.id))) {
        command = command.subcommand(
            Command::new("delete")
                .about(spec.delete)
                .arg(positional("id", "ID"))
                .arg(yes()),
        );
    }
    if let Some(find) = level.find {
        command = command.subcommand(
            Command::new(find.verb)
                .about(find.help)
                .arg(positional("value", find.arg)),
        );
    }
    match spec.tab {
        Some(words) => node_tab::commands(schema, level, words, command),
        None => command,
    }
}

/// The flag that empties a list field: `--no-domains`.
pub(super) fn clear_id(noun: &str) -> String {
    format!("no_{noun}")
}

fn update_command(
    spec: LevelCli,
    form: &crate::api::schema::FormSpec,
    level: &'static Level,
) -> Command {
    let verb = spec.edit_command();
    let mut command = Command::new(verb)
        .about(spec.update)
        .arg(positional("id", "ID"));
    if verb != "update" {
        command = command.visible_alias("update");
    }
    for field in form_fields(form, level.fields) {
        let Some(cli) = field.cli else { continue };
        let mut arg = field_arg(field, cli, false, cli.update_help);
        if let Some((_, _, noun)) = field.input.entries() {
            let clear = clear_id(noun);
            arg = arg.conflicts_with(clear.clone());
            command = command.arg(arg).arg(
                Arg::new(clear)
                    .long(format!("no-{noun}"))
                    .help(format!("Remove every {}", noun.trim_end_matches('s')))
                    .action(ArgAction::SetTrue),
            );
        } else {
            command = command.arg(arg);
        }
    }
    command
}

fn view_command(name: &'static str, view: &'static View) -> Command {
    let Some(cli) = view.cli else {
        return Command::new(name);
    };
    let mut list = Command::new("list")
        .about(cli.list)
        .args(cli.filters.iter().map(filter_arg));
    if view.lazy.is_some() {
        list = list.arg(all_arg());
    } else {
        list = list.after_help(STREAMED_HELP);
    }
    let command = group(name, cli.about).subcommand(list);
    if cli.show.is_empty() {
        return command;
    }
    command.subcommand(
        Command::new("show")
            .about(cli.show)
            .arg(positional("id", "ID")),
    )
}

fn tab_command(schema: &'static Schema, name: &'static str, tab: &'static Tab) -> Command {
    let Some(cli) = tab.cli else {
        return Command::new(name);
    };
    let node = node_arg(schema, tab, cli);
    let mut command = group(name, cli.about).subcommand(
        Command::new("list")
            .about(cli.list)
            .args(node.clone())
            .args(cli.filters.iter().map(filter_arg)),
    );
    // On one node's tab (the others invite with the top-level `invite`).
    if let (Some(form), Some(_), None) = (tab.invite, &node, cli.members)
        && tab.offers.contains(&Verb::Invite)
        && !cli.invite_command.is_empty()
    {
        command = command.subcommand(
            Command::new(cli.invite_command)
                .about(cli.invite_about)
                .args(node.clone())
                .args(form_args(schema, &form)),
        );
    }
    if tab.offers.contains(&Verb::Resend) {
        command = command.subcommand(
            Command::new("resend")
                .about(cli.resend)
                .args(node.clone())
                .arg(party_position(schema, cli)),
        );
    }
    if tab.offers.contains(&Verb::Revoke) {
        command = command.subcommand(
            Command::new("revoke")
                .about(cli.revoke)
                .args(node.clone())
                .arg(party_position(schema, cli))
                .arg(yes()),
        );
    }
    if let Some(words) = cli.members {
        command = member_commands(schema, command, tab, words, node);
    }
    command
}

/// The node a tab's commands act on: `--<node_flag> ID`, or with `by_position`
/// their first argument (`ORG`); none for a tenant-wide tab.
fn node_arg(schema: &Schema, tab: &Tab, cli: TabCli) -> Option<Arg> {
    let flag = cli.node_flag?;
    let noun = schema
        .levels
        .iter()
        .find(|l| l.tabs.iter().any(|t| t.id == tab.id))
        .map_or("node", |l| l.nouns.0);
    let arg = if cli.by_position {
        positional("node", &flag.to_uppercase())
    } else {
        Arg::new("node")
            .long(flag)
            .value_name("ID")
            .required(true)
            .action(ArgAction::Set)
    };
    Some(arg.help(format!("The {noun}'s id")))
}

/// The party a tab's command acts on, as its argument (`MEMBER`): with
/// `by_position`, by id or by its label.
fn party_position(schema: &Schema, cli: TabCli) -> Arg {
    let arg = positional("party", &cli.party_arg.to_uppercase());
    if !cli.by_position {
        return arg;
    }
    let label = schema
        .party_field(schema.party_label)
        .map_or("label", |f| f.wire);
    arg.help(format!("The {}'s id, or its {label}", cli.party_arg))
}

/// A form's flags: each field's, required where the form always asks for it.
fn form_args(schema: &'static Schema, form: &crate::api::schema::FormSpec) -> Vec<Arg> {
    form_fields(form, schema.party_fields)
        .filter_map(|f| {
            let arg = f.cli?;
            let required = f.required && f.shown == Shown::Always;
            Some(field_arg(f, arg, required, f.help))
        })
        .collect()
}

/// `<tab> add` (the tab's invite form), `<tab> <change>` (the party edit form)
/// and `<tab> remove`, on one node's tab, where the tab offers them: the party
/// `--<party> P` (`--yes` to remove), or by position.
fn member_commands(
    schema: &'static Schema,
    mut command: Command,
    tab: &'static Tab,
    words: MemberCli,
    node: Option<Arg>,
) -> Command {
    let Some(cli) = tab.cli else {
        return command;
    };
    if let (Some(form), true) = (tab.invite, tab.offers.contains(&Verb::Invite)) {
        command = command.subcommand(
            Command::new("add")
                .about(words.add)
                .args(node.clone())
                .args(form_args(schema, &form)),
        );
    }
    if let Some(form) = schema.party_edit
        && tab.offers.contains(&Verb::UpdateMember)
        && !words.change.is_empty()
    {
        command = command.subcommand(
            Command::new(words.change)
                .about(words.change_about)
                .args(node.clone())
                .arg(party_position(schema, cli))
                .args(form_args(schema, &form)),
        );
    }
    if tab.offers.contains(&Verb::RemoveMember) {
        let party = if cli.by_position {
            party_position(schema, cli)
        } else {
            Arg::new("party")
                .long(cli.party_arg)
                .value_name(cli.party_arg.to_uppercase())
                .required(true)
                .action(ArgAction::Set)
        };
        command = command.subcommand(
            Command::new("remove")
                .about(words.remove)
                .args(node)
                .arg(party)
                .arg(yes()),
        );
    }
    command
}

/// `approvals list [--<node> ID]`, `approvals approve|reject ID --yes`.
fn approvals_command(name: &'static str, level: &'static Level) -> Command {
    let flag = level
        .cli_spec
        .and_then(|c| c.approvals_flag)
        .unwrap_or("node");
    let decide = |verb: &'static str, about: String| {
        Command::new(verb)
            .about(about)
            .arg(positional("id", "ID"))
            .arg(yes())
    };
    group(name, "Changes waiting for other admins' approval")
        .subcommand(
            Command::new("list").about("List pending approvals").arg(
                Arg::new("node")
                    .long(flag)
                    .value_name("ID")
                    .help(format!("Only those of one {}", level.nouns.0))
                    .action(ArgAction::Set),
            ),
        )
        .subcommand(decide(
            "approve",
            "Approve a pending change (not one you asked for)".to_owned(),
        ))
        .subcommand(decide(
            "reject",
            "Reject a pending change: it is discarded".to_owned(),
        ))
}

fn invite_command(schema: &'static Schema, name: &'static str, tab: &'static Tab) -> Command {
    let (Some(cli), Some(form)) = (tab.cli, tab.invite) else {
        return Command::new(name);
    };
    let args = form_fields(&form, schema.party_fields).filter_map(|f| {
        let arg = f.cli?;
        let required = f.required && f.shown == Shown::Always;
        Some(field_arg(f, arg, required, f.help))
    });
    Command::new(name).about(cli.invite_about).args(args)
}

#[cfg(test)]
mod tests;
