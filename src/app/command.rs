//! The `:` command line: the backend's level, tab and view commands (for one:
//! `:orgs`, `:members`, `:invites`, `:staff`, `:users`) from its schema, and
//! `:tenant NAME`, `:tenants`, `:help`, `:q`, with Tab completion of commands and
//! tenant names.

use crossterm::event::{KeyCode, KeyEvent};

use super::history::{self, Kind, Recall};
use super::line::{Edit, TextLine};
use super::quit::quit;
use super::screens::Screen;
use super::trail;
use super::update::info;
use super::{App, Dispatch, Overlay};
use crate::api::schema::{LevelId, Schema, TabId, ViewId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// A level's list: the top level's, or a lower level's under the selected node
    /// of the level above.
    Nodes(LevelId),
    /// A tab of the selected node of `level` (a word no tenant-wide view has).
    Tab {
        level: LevelId,
        tab: TabId,
    },
    View(ViewId),
    /// The tenant's queue of pending approvals.
    Approvals,
    Tenant(String),
    Tenants,
    /// `:sort COLUMN` or `:sort -COLUMN` (descending); the text after the word.
    Sort(String),
    /// `:export csv|json [FILE]`; the text after the word.
    Export(String),
    /// Every notice and error of the run, newest first.
    Messages,
    /// Every call the console made, newest first.
    Requests,
    Help,
    Quit,
}

/// The commands every backend has, after its own.
const SHARED: [&str; 8] = [
    "tenant", "tenants", "sort", "export", "messages", "requests", "help", "quit",
];

/// The schema's commands: each level's and its tabs', then its views' (each once).
fn schema_commands(schema: &Schema) -> Vec<&'static str> {
    let mut words: Vec<&'static str> = Vec::new();
    let levels = schema.levels.iter();
    let named =
        levels.flat_map(|l| std::iter::once(l.command).chain(l.tabs.iter().map(|t| t.command)));
    let queue = schema.approvals.map(|q| q.command);
    for word in named
        .chain(schema.views.iter().map(|v| v.command))
        .chain(queue)
    {
        if !words.contains(&word) {
            words.push(word);
        }
    }
    words
}

/// Every command, in the order completion lists them.
pub fn commands(schema: &Schema) -> Vec<&'static str> {
    let mut words = schema_commands(schema);
    words.extend(SHARED);
    words
}

/// The help's line of commands, from the schema: ":orgs :members … :tenant NAME :tenants :q".
pub fn help_line(schema: &Schema) -> String {
    let mut words: Vec<&str> = schema_commands(schema);
    words.extend(["tenant NAME", "tenants", "q"]);
    words
        .iter()
        .map(|w| format!(":{w}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The command line's row of hints, from the schema: "orgs · members · … · tenant
/// NAME · tenants · sort COLUMN · … · q".
pub fn hint_line(schema: &Schema) -> String {
    let mut words: Vec<&str> = schema_commands(schema);
    words.extend(SHARED.iter().map(|word| match *word {
        "tenant" => "tenant NAME",
        "sort" => "sort COLUMN",
        "export" => "export csv|json",
        "quit" => "q",
        other => other,
    }));
    words.join(" · ")
}

/// "orgs, members, invites, staff, users, tenant NAME, help, q".
fn command_list(schema: &Schema) -> String {
    let mut words: Vec<&str> = schema_commands(schema);
    words.extend(["tenant NAME", "help", "q"]);
    words.join(", ")
}

/// The schema command `word` names, if any. A view's word opens the view
/// wherever it is typed, even where a node's tab has the same word (`:invites`
/// on some backends): the node's tab is Enter and Tab away.
fn schema_command(schema: &Schema, word: &str) -> Option<Command> {
    if let Some(level) = schema
        .levels
        .iter()
        .find(|l| word == l.command || word == l.nouns.1)
    {
        return Some(Command::Nodes(level.id));
    }
    if let Some(view) = schema.views.iter().find(|v| v.command == word) {
        return Some(Command::View(view.id));
    }
    for level in schema.levels {
        if let Some(tab) = level.tabs.iter().find(|t| t.command == word) {
            return Some(Command::Tab {
                level: level.id,
                tab: tab.id,
            });
        }
    }
    schema
        .approvals
        .is_some_and(|q| q.command == word)
        .then_some(Command::Approvals)
}

/// What `:approvals` is called where the schema has no queue to name it: the
/// command still runs, to say that the backend offers none.
const APPROVALS: &str = "approvals";

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommandLine {
    pub input: TextLine,
    pub error: Option<String>,
    /// Where Up/Down have got to in the commands typed before.
    pub(crate) recall: Recall,
}

impl CommandLine {
    /// Completes the word being typed; with several candidates, completes their
    /// common prefix and lists them in `error`'s place as a hint.
    pub fn complete(&mut self, schema: &Schema, tenants: &[String]) {
        let input = self.input.text().to_owned();
        let (command, argument) = match input.split_once(' ') {
            Some((c, a)) => (c.to_owned(), Some(a.to_owned())),
            None => (input.clone(), None),
        };
        let (pool, typed, prefix): (Vec<String>, String, String) = match argument {
            None => (
                commands(schema).iter().map(|c| (*c).to_owned()).collect(),
                command.clone(),
                String::new(),
            ),
            Some(arg) if command == "tenant" => (tenants.to_vec(), arg, "tenant ".to_owned()),
            Some(_) => return,
        };
        let matches: Vec<&String> = pool.iter().filter(|c| c.starts_with(&typed)).collect();
        match matches.as_slice() {
            [] => self.error = Some(format!("nothing starts with {typed:?}")),
            [one] => {
                let space = if prefix.is_empty() && one.as_str() == "tenant" {
                    " "
                } else {
                    ""
                };
                self.input.set(&format!("{prefix}{one}{space}"));
                self.error = None;
            }
            many => {
                let common = common_prefix(many);
                self.input.set(&format!("{prefix}{common}"));
                self.error = Some(
                    many.iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join("  "),
                );
            }
        }
    }

    pub fn parse(&self, schema: &Schema) -> Result<Command, String> {
        let input = self.input.text().trim();
        let (word, argument) = match input.split_once(char::is_whitespace) {
            Some((w, a)) => (w, a.trim()),
            None => (input, ""),
        };
        let command = match (schema_command(schema, word), word) {
            (Some(command), _) => command,
            (None, "tenants") => Command::Tenants,
            (None, APPROVALS) => Command::Approvals,
            (None, "tenant") if argument.is_empty() => {
                return Err("tenant needs a name: :tenant NAME (Tab completes)".into());
            }
            (None, "tenant") => return Ok(Command::Tenant(argument.to_owned())),
            (None, "sort") => return Ok(Command::Sort(argument.to_owned())),
            (None, "export") => return Ok(Command::Export(argument.to_owned())),
            // `!` replaces a file that is there, as vim's `:w!`.
            (None, "export!") => return Ok(Command::Export(format!("!{argument}"))),
            (None, "messages") => Command::Messages,
            (None, "requests") => Command::Requests,
            (None, "help" | "h" | "?") => Command::Help,
            (None, "q" | "quit" | "q!") => Command::Quit,
            (None, "") => {
                return Err(format!("type a command: {}", command_list(schema)));
            }
            (None, other) => {
                return Err(format!(
                    "unknown command {other:?}: try {}",
                    command_list(schema)
                ));
            }
        };
        if !argument.is_empty() {
            return Err(format!("{word} takes no argument"));
        }
        Ok(command)
    }
}

/// "members of which organization? select one first (:orgs)".
/// `what` (a tab's or a lower level's command) asked without a node of `level`
/// selected.
fn no_node_selected(schema: &Schema, level: LevelId, what: &str) -> String {
    let Some(level) = schema.level(level) else {
        return "select one first".to_owned();
    };
    format!(
        "{what} of which {}? select one first (:{})",
        level.nouns.0, level.command
    )
}

fn common_prefix(words: &[&String]) -> String {
    let first = words[0];
    let mut end = first.len();
    for word in &words[1..] {
        end = end.min(
            first
                .char_indices()
                .zip(word.chars())
                .take_while(|((_, a), b)| a == b)
                .count(),
        );
    }
    first.chars().take(end).collect()
}

pub(super) fn command_key(
    app: &mut App,
    mut line: CommandLine,
    key: KeyEvent,
    io: &mut dyn Dispatch,
) {
    match key.code {
        KeyCode::Esc => return,
        // Backspace on an empty line closes it, as it always has.
        KeyCode::Backspace if line.input.is_empty() => return,
        KeyCode::Tab => {
            let names: Vec<String> = app.tenants.iter().map(|t| t.profile.clone()).collect();
            line.complete(app.schema(), &names);
        }
        KeyCode::Up => app
            .history
            .older(Kind::Commands, &mut line.recall, &mut line.input),
        KeyCode::Down => app
            .history
            .newer(Kind::Commands, &mut line.recall, &mut line.input),
        KeyCode::Enter => {
            history::remember(app, Kind::Commands, line.input.text());
            line.recall = Recall::default();
            match line.parse(app.schema()) {
                Ok(command) => match run_command(app, command, io) {
                    Ok(()) => return,
                    Err(why) => line.error = Some(super::messages::kept_error(app, why)),
                },
                Err(why) => line.error = Some(super::messages::kept_error(app, why)),
            }
        }
        _ => {
            if line.input.key(key) == Edit::Changed {
                line.error = None;
            }
        }
    }
    app.overlay = Some(Overlay::Command(line));
}

/// Pasted text goes in at the caret.
pub(super) fn paste(line: &mut CommandLine, text: &str) {
    if line.input.insert(text) {
        line.error = None;
    }
}

/// The screen `:<level>` opens: the top level's list, or a lower level's under
/// the selected node of the level above.
fn nodes_screen(app: &App, tenant: usize, level: LevelId) -> Result<Screen, String> {
    let schema = app.tenants[tenant].schema();
    let Some(above) = schema.level(level).and_then(|l| l.parent) else {
        return Ok(Screen::Nodes {
            tenant,
            level,
            parent: None,
        });
    };
    let Some(parent) = app
        .selected_org()
        .filter(|(_, n)| n.level == above)
        .map(|(_, n)| n.id.clone())
    else {
        let what = schema.level(level).map_or("", |l| l.command);
        return Err(no_node_selected(schema, above, what));
    };
    Ok(Screen::Nodes {
        tenant,
        level,
        parent: Some(parent),
    })
}

/// The screen `:<tab>` opens, the selected node's tab, and the notice that says
/// whose it is: the command names no node itself.
fn tab_screen(
    app: &App,
    tenant: usize,
    level: LevelId,
    tab: TabId,
) -> Result<(Screen, String), String> {
    let schema = app.tenants[tenant].schema();
    let spec = schema.level(level);
    let tab_spec = spec.and_then(|l| l.tab(tab));
    // On a lower level's list, the node it is listed under is the one meant.
    let listed_under = match app.screen() {
        Screen::Nodes {
            parent: Some(parent),
            ..
        } => app.tenants[tenant].org(parent),
        _ => None,
    };
    let selected = app.selected_org().map(|(_, n)| n);
    let Some(node) = selected
        .filter(|n| n.level == level)
        .or(listed_under.filter(|n| n.level == level))
    else {
        let what = tab_spec.map_or("members", |t| t.command);
        return Err(no_node_selected(schema, level, what));
    };
    let notice = format!(
        "{} of {}, the selected {}",
        tab_spec.map_or("", |t| t.label),
        node.name,
        spec.map_or("", |l| l.nouns.0)
    );
    let screen = Screen::Node {
        tenant,
        level,
        id: node.id.clone(),
        tab,
    };
    Ok((screen, notice))
}

/// Opens a command's screen over the path taken (see `trail::go`), unless the
/// role may not read it: that says why rather than asking.
fn go(app: &mut App, screen: Screen, io: &mut dyn Dispatch) -> Result<(), String> {
    if let Err(why) = app.screen_offer(&screen) {
        return Err(format!("{} — {}", why.reason(), why.hint()));
    }
    trail::go(app, screen, io);
    Ok(())
}

fn run_command(app: &mut App, command: Command, io: &mut dyn Dispatch) -> Result<(), String> {
    let tenant = app.tenant_index();
    let usable = |t: usize| match &app.tenants[t].setup_error {
        Some(why) => Err(format!("{} cannot be used: {why}", app.tenants[t].profile)),
        None => Ok(t),
    };
    let need_tenant = || {
        tenant
            .ok_or_else(|| "choose a tenant first (:tenant NAME)".to_owned())
            .and_then(usable)
    };
    match command {
        Command::Quit => quit(app),
        Command::Help => app.overlay = Some(Overlay::Help { scroll: 0 }),
        Command::Tenants => trail::start_over(app, None, io),
        Command::Sort(argument) => super::sort::command(app, &argument)?,
        Command::Export(argument) => super::export::command(app, &argument, io)?,
        Command::Messages => super::messages::open_messages(app),
        Command::Requests => super::messages::open_requests(app),
        Command::Nodes(level) => {
            let tenant = need_tenant()?;
            let screen = nodes_screen(app, tenant, level)?;
            go(app, screen, io)?;
        }
        Command::View(view) => {
            let tenant = need_tenant()?;
            go(app, Screen::View { tenant, view }, io)?;
        }
        Command::Approvals => {
            let tenant = need_tenant()?;
            go(app, Screen::Approvals { tenant }, io)?;
        }
        Command::Tab { level, tab } => {
            let tenant = need_tenant()?;
            let (screen, notice) = tab_screen(app, tenant, level, tab)?;
            go(app, screen, io)?;
            info(app, notice);
        }
        Command::Tenant(name) => {
            let tenant = app
                .tenants
                .iter()
                .position(|t| t.profile == name)
                .ok_or_else(|| format!("no tenant {name:?} (Tab completes names)"))
                .and_then(usable)?;
            let screen = app.tenants[tenant].opening_screen(tenant);
            if let Err(why) = app.screen_offer(&screen) {
                return Err(format!("{} — {}", why.reason(), why.hint()));
            }
            trail::start_over(app, Some(screen), io);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(input: &str) -> CommandLine {
        CommandLine {
            input: input.into(),
            ..CommandLine::default()
        }
    }

    #[test]
    fn commands_parse_and_unknown_ones_explain() {
        let schema = crate::backends::schema();
        let top = schema.top_level().expect("a level").id;
        assert_eq!(line("orgs").parse(schema), Ok(Command::Nodes(top)));
        assert_eq!(line(" q ").parse(schema), Ok(Command::Quit));
        assert_eq!(
            line("tenant globex").parse(schema),
            Ok(Command::Tenant("globex".into()))
        );
        assert!(
            line("tenant")
                .parse(schema)
                .unwrap_err()
                .contains("needs a name")
        );
        assert_eq!(
            line("frobnicate").parse(schema).unwrap_err(),
            "unknown command \"frobnicate\": try orgs, members, invites, staff, users, \
             tenant NAME, help, q"
        );
    }

    #[test]
    fn tab_completes_commands_and_tenant_names() {
        let schema = crate::backends::schema();
        let tenants = vec!["acme".to_owned(), "globex".to_owned()];
        let mut cmd = line("or");
        cmd.complete(schema, &tenants);
        assert_eq!(cmd.input, "orgs");
        let mut cmd = line("ten");
        cmd.complete(schema, &tenants);
        assert_eq!(cmd.input, "tenant");
        assert!(cmd.error.as_deref().unwrap().contains("tenants"));
        let mut cmd = line("tenant g");
        cmd.complete(schema, &tenants);
        assert_eq!(cmd.input, "tenant globex");
    }

    static APPROVERS: &[crate::api::schema::View] = &[crate::api::schema::View {
        id: ViewId("approvers"),
        label: "approvers",
        crumb: "Approvers",
        command: "approvers",
        cli: None,
        filter: crate::api::schema::PartyFilter {
            roles: &["approver"],
            states: &[],
        },
        invite: None,
        lazy: None,
        columns: None,
    }];

    #[test]
    fn the_commands_are_the_schemas() {
        let other = Schema {
            views: APPROVERS,
            ..*crate::backends::schema()
        };
        let other: &'static Schema = Box::leak(Box::new(other));
        assert_eq!(
            line("approvers").parse(other),
            Ok(Command::View(ViewId("approvers")))
        );
        assert!(
            line("staff")
                .parse(other)
                .unwrap_err()
                .contains("try orgs, members, invites, approvers,")
        );
        let mut cmd = line("appr");
        cmd.complete(other, &[]);
        assert_eq!(cmd.input, "approvers");
        // Without a view of its own, `:invites` is only the selected node's tab.
        let top = other.top_level().expect("a level");
        assert_eq!(
            line("invites").parse(other),
            Ok(Command::Tab {
                level: top.id,
                tab: top.tabs[1].id,
            })
        );
    }
}
