//! The console's own settings: `clipboard = "auto" | "osc52" | "off"` and the
//! `[keys]` table, read entry by entry: a bad value is a warning naming its line
//! and the default stays, so one slip does not keep the console from starting.

use std::collections::BTreeMap;

use toml::Spanned;
use toml::de::DeValue;

use super::error::{SourceText, did_you_mean};

/// How `y` and `Y` reach the operator's clipboard.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Clipboard {
    /// The best way the terminal offers. Today that is OSC 52 alone: a native
    /// clipboard tool (xclip, pbcopy) would copy on the host orgdeck runs on,
    /// which over SSH is a machine nobody is looking at.
    #[default]
    Auto,
    /// The OSC 52 escape sequence, which the terminal turns into a copy.
    Osc52,
    /// Copying is off: `y` and `Y` say how to turn it on.
    Off,
}

impl Clipboard {
    pub const NAMES: [&'static str; 3] = ["auto", "osc52", "off"];

    pub fn name(self) -> &'static str {
        match self {
            Clipboard::Auto => "auto",
            Clipboard::Osc52 => "osc52",
            Clipboard::Off => "off",
        }
    }

    fn parse(text: &str) -> Option<Clipboard> {
        match text.trim().to_ascii_lowercase().as_str() {
            "auto" => Some(Clipboard::Auto),
            "osc52" | "osc-52" => Some(Clipboard::Osc52),
            "off" => Some(Clipboard::Off),
            _ => None,
        }
    }
}

/// `clipboard`: its value, or the default with a warning saying what it takes.
pub(super) fn read_clipboard(
    src: &SourceText<'_>,
    value: Spanned<DeValue<'_>>,
    warnings: &mut Vec<String>,
) -> Clipboard {
    let span = value.span();
    let takes = format!("clipboard takes one of {}", quoted(&Clipboard::NAMES));
    let Some(given) = value.get_ref().as_str() else {
        let warning = src
            .diag(&span, "`clipboard` must be a string; using \"auto\"")
            .fix(takes);
        warnings.push(warning.to_string());
        return Clipboard::Auto;
    };
    if let Some(clipboard) = Clipboard::parse(given) {
        return clipboard;
    }
    let problem = match did_you_mean(given, &Clipboard::NAMES) {
        Some(guess) => format!(
            "clipboard = {given:?} is not a setting (did you mean {guess:?}?); using \"auto\""
        ),
        None => format!("clipboard = {given:?} is not a setting; using \"auto\""),
    };
    warnings.push(src.diag(&span, problem).fix(takes).to_string());
    Clipboard::Auto
}

/// `[keys]`: every `action = "key"` string; an entry that is not one is a warning
/// of its own (what each key means is the keymap's to judge, and it reports its
/// own problems the same way).
pub(super) fn read_keys(
    src: &SourceText<'_>,
    value: Spanned<DeValue<'_>>,
    warnings: &mut Vec<String>,
) -> BTreeMap<String, String> {
    let span = value.span();
    let DeValue::Table(table) = value.into_inner() else {
        let warning = src
            .diag(&span, "`keys` must be a table; every key keeps its default")
            .fix(
                "write it as a [keys] header followed by action = \"key\" lines, e.g. quit = \"q\"",
            );
        warnings.push(warning.to_string());
        return BTreeMap::new();
    };
    let mut entries: Vec<_> = table.into_iter().collect();
    entries.sort_by_key(|(name, _)| name.span().start);
    let mut keys = BTreeMap::new();
    for (name, value) in entries {
        let name = name.get_ref().to_string();
        let span = value.span();
        match value.get_ref().as_str() {
            Some(key) => {
                keys.insert(name, key.to_owned());
            }
            None => {
                let problem = format!("[keys] {name}: not a key string; its default stays");
                let fix = format!("write it as {name} = \"x\", or several keys as \"x, ctrl-x\"");
                warnings.push(src.diag(&span, problem).fix(fix).to_string());
            }
        }
    }
    keys
}

fn quoted(names: &[&str]) -> String {
    let each: Vec<String> = names.iter().map(|n| format!("{n:?}")).collect();
    each.join(", ")
}
