//! A backend's own profile keys (Sequence's `sequence_version`): what each takes,
//! its default, and the check a value given in a profile must pass. The config
//! reads them through the registry; the backend's constructor gets their values.

use std::collections::BTreeMap;

use super::Rule;

/// A backend's option values, by key, defaults filled in: what its constructor gets.
pub type BackendOptions = BTreeMap<&'static str, String>;

/// A profile key of this backend.
#[derive(Debug, Clone, Copy)]
pub struct OptionSpec {
    pub key: &'static str,
    /// Used when the profile leaves the key out; `None`: the option stays unset.
    pub default: Option<&'static str>,
    /// What it is, as a noun phrase ("the API version sent with every request"),
    /// shown with a refused value.
    pub help: &'static str,
    pub kind: OptionKind,
}

/// What an option's value may be.
#[derive(Debug, Clone, Copy)]
pub enum OptionKind {
    /// A string, normalised or refused by the rule when there is one.
    Text(Option<Rule>),
    /// One of these words, in any letter case; kept as the list spells it.
    OneOf(&'static [&'static str]),
    /// A whole number in this range, both ends included.
    Number { min: i64, max: i64 },
}

impl OptionSpec {
    /// Whether the value is written as a number (`10`) rather than a string (`"10"`).
    pub fn takes_number(&self) -> bool {
        matches!(self.kind, OptionKind::Number { .. })
    }

    /// What the value must be, for errors: `one of "a", "b"`.
    pub fn takes(&self) -> String {
        match self.kind {
            OptionKind::Text(_) => "a string".to_owned(),
            OptionKind::OneOf(words) => {
                let quoted: Vec<String> = words.iter().map(|w| format!("\"{w}\"")).collect();
                format!("one of {}", quoted.join(", "))
            }
            OptionKind::Number { min, max } => format!("a whole number from {min} to {max}"),
        }
    }

    /// The value as the backend gets it, or why `raw` is not one.
    pub fn check(&self, raw: &str) -> Result<String, String> {
        match self.kind {
            OptionKind::Text(None) => Ok(raw.to_owned()),
            OptionKind::Text(Some(rule)) => rule(raw),
            OptionKind::OneOf(words) => words
                .iter()
                .find(|w| w.eq_ignore_ascii_case(raw.trim()))
                .map(|w| (*w).to_owned())
                .ok_or_else(|| format!("must be {}", self.takes())),
            OptionKind::Number { min, max } => raw
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|n| (min..=max).contains(n))
                .map(|n| n.to_string())
                .ok_or_else(|| format!("must be {}", self.takes())),
        }
    }
}

/// The options a profile that sets none of them gets.
pub fn option_defaults(specs: &[OptionSpec]) -> BackendOptions {
    specs
        .iter()
        .filter_map(|spec| Some((spec.key, spec.default?.to_owned())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEVEL: OptionSpec = OptionSpec {
        key: "level",
        default: Some("low"),
        help: "how loud",
        kind: OptionKind::OneOf(&["low", "high"]),
    };
    const DEPTH: OptionSpec = OptionSpec {
        key: "depth",
        default: None,
        help: "how deep",
        kind: OptionKind::Number { min: 1, max: 9 },
    };

    #[test]
    fn a_choice_is_kept_as_the_list_spells_it_and_others_refused() {
        assert_eq!(LEVEL.check(" HIGH ").as_deref(), Ok("high"));
        assert_eq!(
            LEVEL.check("loud"),
            Err("must be one of \"low\", \"high\"".to_owned())
        );
    }

    #[test]
    fn a_number_must_fall_in_its_range() {
        assert_eq!(DEPTH.check("9").as_deref(), Ok("9"));
        assert_eq!(
            DEPTH.check("10"),
            Err("must be a whole number from 1 to 9".to_owned())
        );
        assert!(DEPTH.check("x").is_err());
    }

    #[test]
    fn defaults_leave_out_options_without_one() {
        let defaults = option_defaults(&[LEVEL, DEPTH]);
        assert_eq!(
            defaults,
            BackendOptions::from([("level", "low".to_owned())])
        );
    }
}
