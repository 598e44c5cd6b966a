//! The `:` command line: `:orgs`, `:members`, `:invites`, `:staff`, `:tenant NAME`,
//! `:help`, `:q`, with Tab completion of commands and tenant names.

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
