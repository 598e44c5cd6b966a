//! The `:` command line: `:orgs`, `:members`, `:invites`, `:staff`, `:tenant NAME`,
//! `:help`, `:q`, with Tab completion of commands and tenant names.

use crossterm::event::{KeyCode, KeyEvent};

use super::quit::quit;
use super::screens::{Level, Screen, Tab};
use super::update::ensure_loaded;
use super::{App, Dispatch, Overlay};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Orgs,
    Members,
    Invites,
    Staff,
    Users,
    Tenant(String),
    Tenants,
    Help,
    Quit,
}

pub const COMMANDS: [&str; 9] = [
    "orgs", "members", "invites", "staff", "users", "tenant", "tenants", "help", "quit",
];

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommandLine {
    pub input: String,
    pub error: Option<String>,
}

impl CommandLine {
    /// Completes the word being typed; with several candidates, completes their
    /// common prefix and lists them in `error`'s place as a hint.
    pub fn complete(&mut self, tenants: &[String]) {
        let (command, argument) = match self.input.split_once(' ') {
            Some((c, a)) => (c.to_owned(), Some(a.to_owned())),
            None => (self.input.clone(), None),
        };
        let (pool, typed, prefix): (Vec<String>, String, String) = match argument {
            None => (
                COMMANDS.iter().map(|c| (*c).to_owned()).collect(),
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
                self.input = format!("{prefix}{one}");
                if prefix.is_empty() && one.as_str() == "tenant" {
                    self.input.push(' ');
                }
                self.error = None;
            }
            many => {
                let common = common_prefix(many);
                self.input = format!("{prefix}{common}");
                self.error = Some(
                    many.iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join("  "),
                );
            }
        }
    }

    pub fn parse(&self) -> Result<Command, String> {
        let input = self.input.trim();
        let (word, argument) = match input.split_once(char::is_whitespace) {
            Some((w, a)) => (w, a.trim()),
            None => (input, ""),
        };
        let command = match word {
            "orgs" | "organizations" => Command::Orgs,
            "members" => Command::Members,
            "invites" => Command::Invites,
            "staff" => Command::Staff,
            "users" => Command::Users,
            "tenants" => Command::Tenants,
            "tenant" if argument.is_empty() => {
                return Err("tenant needs a name: :tenant NAME (Tab completes)".into());
            }
            "tenant" => return Ok(Command::Tenant(argument.to_owned())),
            "help" | "h" | "?" => Command::Help,
            "q" | "quit" | "q!" => Command::Quit,
            "" => {
                return Err(
                    "type a command: orgs, members, invites, staff, users, tenant NAME, help, q"
                        .into(),
                );
            }
            other => {
                return Err(format!(
                    "unknown command {other:?}: try orgs, members, invites, staff, users, tenant NAME, help, q"
                ));
            }
        };
        if !argument.is_empty() {
            return Err(format!("{word} takes no argument"));
        }
        Ok(command)
    }
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
        KeyCode::Tab => {
            let names: Vec<String> = app.tenants.iter().map(|t| t.profile.clone()).collect();
            line.complete(&names);
        }
        KeyCode::Backspace => {
            if line.input.pop().is_none() {
                return;
            }
            line.error = None;
        }
        KeyCode::Char(c) => {
            line.input.push(c);
            line.error = None;
        }
        KeyCode::Enter => match line.parse() {
            Ok(command) => {
                if let Err(why) = run_command(app, command, io) {
                    line.error = Some(why);
                } else {
                    return;
                }
            }
            Err(why) => line.error = Some(why),
        },
        _ => {}
    }
    app.overlay = Some(Overlay::Command(line));
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
    let go = |app: &mut App, screens: Vec<Screen>, io: &mut dyn Dispatch| {
        // A screen the role may not read says why rather than asking.
        if let Some(why) = screens.iter().find_map(|s| app.screen_offer(s).err()) {
            return Err(format!("{} — {}", why.reason(), why.hint()));
        }
        app.stack.truncate(1);
        for screen in screens {
            ensure_loaded(app, &screen, io);
            app.stack.push(Level::new(screen));
        }
        app.refresh_rows();
        Ok(())
    };
    match command {
        Command::Quit => quit(app),
        Command::Help => app.overlay = Some(Overlay::Help { scroll: 0 }),
        Command::Tenants => go(app, vec![], io)?,
        Command::Orgs => {
            let tenant = need_tenant()?;
            go(app, vec![Screen::Organizations { tenant }], io)?;
        }
        Command::Staff => {
            let tenant = need_tenant()?;
            go(app, vec![Screen::Staff { tenant }], io)?;
        }
        Command::Users => {
            let tenant = need_tenant()?;
            go(app, vec![Screen::Users { tenant }], io)?;
        }
        Command::Invites | Command::Members => {
            let tenant = need_tenant()?;
            let tab = if command == Command::Members {
                Tab::Members
            } else {
                Tab::Invites
            };
            match app.selected_org().map(|(_, o)| o.id.clone()) {
                Some(org) => go(
                    app,
                    vec![
                        Screen::Organizations { tenant },
                        Screen::Organization { tenant, org, tab },
                    ],
                    io,
                )?,
                None if command == Command::Invites => {
                    go(app, vec![Screen::Invites { tenant }], io)?
                }
                None => {
                    return Err("members of which organization? select one first (:orgs)".into());
                }
            }
        }
        Command::Tenant(name) => {
            let tenant = app
                .tenants
                .iter()
                .position(|t| t.profile == name)
                .ok_or_else(|| format!("no tenant {name:?} (Tab completes names)"))
                .and_then(usable)?;
            let screen = app.tenants[tenant].opening_screen(tenant);
            go(app, vec![screen], io)?;
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
            error: None,
        }
    }

    #[test]
    fn commands_parse_and_unknown_ones_explain() {
        assert_eq!(line("orgs").parse(), Ok(Command::Orgs));
        assert_eq!(line(" q ").parse(), Ok(Command::Quit));
        assert_eq!(
            line("tenant globex").parse(),
            Ok(Command::Tenant("globex".into()))
        );
        assert!(line("tenant").parse().unwrap_err().contains("needs a name"));
        assert!(
            line("frobnicate")
                .parse()
                .unwrap_err()
                .contains("unknown command")
        );
    }

    #[test]
    fn tab_completes_commands_and_tenant_names() {
        let tenants = vec!["acme".to_owned(), "globex".to_owned()];
        let mut cmd = line("or");
        cmd.complete(&tenants);
        assert_eq!(cmd.input, "orgs");
        let mut cmd = line("ten");
        cmd.complete(&tenants);
        assert_eq!(cmd.input, "tenant");
        assert!(cmd.error.as_deref().unwrap().contains("tenants"));
        let mut cmd = line("tenant g");
        cmd.complete(&tenants);
        assert_eq!(cmd.input, "tenant globex");
    }
}
