//! A profile's `backend` key and the options that backend declares: which keys a
//! profile may carry depends on the backend it names, so the backend is read first.
//! The registry is seen only as names and option lists, so tests can hand in
//! backends of their own.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::error::{ConfigError, Diagnostic, did_you_mean};
use crate::api::schema::{BackendOptions, OptionSpec};

/// What the config needs of one registered backend.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Known {
    /// What `backend = "…"` says.
    pub name: &'static str,
    /// How operators call it, in messages.
    pub title: &'static str,
    pub options: &'static [OptionSpec],
}

/// The registry's backends, the default first.
pub(crate) fn registered() -> Vec<Known> {
    crate::backends::ALL
        .iter()
        .map(|e| Known {
            name: e.name,
            title: e.title,
            options: e.schema.options,
        })
        .collect()
}

/// The backend a profile uses, and whether its `backend` key named it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Chosen {
    pub known: Known,
    pub named: bool,
}

type Invalid<'a> = &'a dyn Fn(&Range<usize>, String, String) -> ConfigError;
type Here<'a> = &'a dyn Fn(&Range<usize>, String) -> Diagnostic;

/// Takes `backend` out of the table, wherever it is written, and finds it among
/// `backends`; without one, the first (the default).
pub(crate) fn choose_backend(
    table: &mut DeTable<'_>,
    backends: &[Known],
    here: Here<'_>,
    invalid: Invalid<'_>,
) -> Result<Chosen, ConfigError> {
    let Some(default) = backends.first().copied() else {
        let problem = "this build knows no backend".to_owned();
        return Err(ConfigError::invalid(here(&(0..0), problem)));
    };
    let Some(value) = table.remove("backend") else {
        return Ok(Chosen {
            known: default,
            named: false,
        });
    };
    let span = value.span();
    let Some(given) = value.get_ref().as_str() else {
        return Err(ConfigError::syntax(
            here(&span, "`backend` must be a string".to_owned())
                .fix("`backend` takes a backend name string, one of the registered backends"),
        ));
    };
    let known = check_backend(given, &span, backends, invalid)?;
    Ok(Chosen { known, named: true })
}

/// The backend `given` stands for (any letter case), or why it stands for none:
/// the known names, and the one it is closest to.
fn check_backend(
    given: &str,
    span: &Range<usize>,
    backends: &[Known],
    invalid: Invalid<'_>,
) -> Result<Known, ConfigError> {
    if let Some(known) = backends
        .iter()
        .find(|b| b.name.eq_ignore_ascii_case(given.trim()))
    {
        return Ok(*known);
    }
    let names: Vec<&str> = backends.iter().map(|b| b.name).collect();
    let known: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    let fix = match did_you_mean(given.trim(), &names) {
        Some(near) => format!(
            "did you mean \"{near}\"? The known backends: {}",
            known.join(", ")
        ),
        None => format!("use one of the known backends: {}", known.join(", ")),
    };
    Err(invalid(span, format!("unknown backend {given:?}"), fix))
}

/// For a key the chosen backend does not know but another declares: what to say.
pub(crate) fn elsewhere(
    key: &str,
    chosen: &Chosen,
    backends: &[Known],
) -> Option<(String, String)> {
    let owner = backends
        .iter()
        .filter(|b| b.name != chosen.known.name)
        .find(|b| b.options.iter().any(|o| o.key == key))?;
    let ours = chosen.known.title;
    let default = if chosen.named { "" } else { " (the default)" };
    let problem = format!(
        "`{key}` is an option of the {} backend; this profile's backend is {ours}{default}",
        owner.title
    );
    let fix = format!(
        "remove it, or add backend = \"{}\" if this profile is for {}",
        owner.name, owner.title
    );
    Some((problem, fix))
}

/// For a key near none of the profile's own: the nearest option of another backend,
/// as a fix naming it.
pub(crate) fn near_elsewhere(key: &str, chosen: &Chosen, backends: &[Known]) -> Option<String> {
    let others = || backends.iter().filter(|b| b.name != chosen.known.name);
    let keys: Vec<&str> = others()
        .flat_map(|b| b.options.iter().map(|o| o.key))
        .collect();
    let near = did_you_mean(key, &keys)?;
    let owner = others().find(|b| b.options.iter().any(|o| o.key == near))?;
    Some(format!(
        "did you mean `{near}`? It is an option of the {} backend (backend = \"{}\"); this profile's backend is {}",
        owner.title, owner.name, chosen.known.title
    ))
}

/// Takes the chosen backend's options out of the table, each checked where it is
/// written, and fills in the defaults of those left out.
pub(crate) fn take_options(
    table: &mut DeTable<'_>,
    chosen: &Chosen,
    invalid: Invalid<'_>,
) -> Result<BackendOptions, ConfigError> {
    let mut options = BackendOptions::new();
    for spec in chosen.known.options {
        let value = match table.remove(spec.key) {
            Some(value) => check_value(spec, &value.span(), value.get_ref(), invalid)?,
            None => match spec.default {
                Some(default) => default.to_owned(),
                None => continue,
            },
        };
        options.insert(spec.key, value);
    }
    Ok(options)
}

fn check_value(
    spec: &OptionSpec,
    span: &Range<usize>,
    value: &DeValue<'_>,
    invalid: Invalid<'_>,
) -> Result<String, ConfigError> {
    let key = spec.key;
    let fix = match spec.default {
        Some(default) => format!(
            "`{key}` is {}; remove it for the default, {default:?}",
            spec.help
        ),
        None => format!("`{key}` is {}; remove it to leave it unset", spec.help),
    };
    let text = match value {
        DeValue::String(text) if !spec.takes_number() => text.to_string(),
        DeValue::Integer(number) if spec.takes_number() => {
            i64::from_str_radix(number.as_str(), number.radix())
                .map_or_else(|_| number.as_str().to_owned(), |n| n.to_string())
        }
        _ => {
            let problem = format!("`{key}` takes {}", spec.takes());
            return Err(invalid(span, problem, fix));
        }
    };
    spec.check(&text)
        .map_err(|why| invalid(span, format!("`{key}` {why}"), fix))
}
