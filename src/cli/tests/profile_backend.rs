//! The backend commands a command line is parsed with are those of the profile it
//! will use, found as the session finds it.

use std::path::Path;

use crate::cli::schema_of;
use crate::config::Config;

fn config(text: &str) -> Config {
    Config::from_str(text, Path::new("/etc/orgdeck/config.toml")).expect("the config reads")
}

/// Two profiles, the second naming its backend (the default one, by its name).
fn two() -> String {
    format!(
        "[profiles.a]\nbase_url = \"https://a.example\"\ntoken_env = \"A\"\n\
         [profiles.b]\nbase_url = \"https://b.example\"\ntoken_env = \"B\"\nbackend = \"{}\"\n",
        crate::backends::default().name
    )
}

#[test]
fn the_commands_follow_the_profile_the_command_line_selects() {
    let named = crate::backends::default();
    let schema = crate::backends::find(named.name)
        .expect("registered")
        .schema;
    let both = config(&two());
    assert!(schema_of(&both, Some("b")).is_some_and(|s| std::ptr::eq(s, schema)));
    // No such profile, or two without a default: no profile to follow (the
    // command reports that itself), so the caller falls back to the default.
    assert!(schema_of(&both, Some("c")).is_none());
    assert!(schema_of(&both, None).is_none());
    let with_default = config(&format!("default_profile = \"a\"\n{}", two()));
    assert!(schema_of(&with_default, None).is_some_and(|s| std::ptr::eq(s, schema)));
}
