//! Reading the file: the example, defaults, and every way it can be wrong.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::{PATH, Scratch, assert_placed, base_env, parse, refused};
use crate::api::client::{ClientSettings, RetryPolicy};
use crate::api::secret::Secret;
use crate::api::transport::check_transport;
use crate::config::{CONFIG_ENV, Config, ConfigError, DEFAULT_MAX_BODY_BYTES, Paths, TokenSource};

const EXAMPLE: &str = include_str!("../../../assets/config.example.toml");

/// The value the example file gives `key` in profile `name` (a quoted string), so the
/// checks below compare with the file rather than spell a vendor's host or name.
fn example_value(name: &str, key: &str) -> &'static str {
    let header = format!("[profiles.{name}]");
    EXAMPLE
        .lines()
        .skip_while(|line| *line != header)
        .skip(1)
        .take_while(|line| !line.starts_with('['))
        .find_map(|line| line.strip_prefix(key)?.trim_start().strip_prefix('='))
        .and_then(|value| value.trim().strip_prefix('"')?.strip_suffix('"'))
        .unwrap_or_else(|| panic!("the example sets {key} in [profiles.{name}]"))
}

#[test]
fn the_example_config_parses() {
    let config = parse(EXAMPLE).unwrap();
    assert!(config.warnings.is_empty(), "{:?}", config.warnings);
    assert_eq!(config.default_profile.as_deref(), Some("staging"));
    assert_eq!(config.refresh_seconds, 30);
    assert_eq!(config.source.as_deref(), Some(Path::new(PATH)));
    let names: Vec<&str> = config.profiles.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["prod", "staging"]);

    let prod = config.profile("prod").unwrap();
    assert_eq!(prod.backend, crate::backends::default().name);
    assert_eq!(prod.backend, example_value("prod", "backend"));
    assert_eq!(
        prod.base_url.as_str(),
        format!("{}/", example_value("prod", "base_url"))
    );
    let command = example_value("prod", "token_command");
    assert_eq!(prod.token, TokenSource::Command(command.into()));
    assert!(prod.read_only);
    assert_eq!(prod.operator, "alice");
    assert_eq!(
        prod.token_source_description(),
        format!("command `{command}`")
    );
    let at = prod.defined_at.as_ref().unwrap();
    assert_eq!(at.file, PathBuf::from(PATH));
    assert!(EXAMPLE.lines().nth(at.line.unwrap() - 1).unwrap() == "[profiles.prod]");

    let staging = config.profile("staging").unwrap();
    assert_eq!(
        staging.token,
        TokenSource::Env("ORGDECK_STAGING_TOKEN".into())
    );
    assert!(!staging.read_only);
    assert_eq!(staging.operator, "op");
    assert_eq!(config.select(None).unwrap().unwrap().name, "staging");
}

#[test]
fn defaults_fill_in_the_rest() {
    let config =
        parse("[profiles.p]\nbase_url = \"https://h.example\"\ntoken_env = \"T\"\n").unwrap();
    let p = &config.profiles[0];
    assert_eq!(p.backend, crate::backends::default().name);
    assert!(!p.read_only && !p.allow_http);
    assert_eq!(p.connect_timeout, Duration::from_millis(5000));
    assert_eq!(p.timeout, Duration::from_millis(30_000));
    assert_eq!(p.max_body_bytes, DEFAULT_MAX_BODY_BYTES);
    assert_eq!(p.max_body_bytes, 64 * 1024 * 1024);
    assert_eq!(p.operator, "op");
    assert_eq!(config.refresh_seconds, 30);
    assert!(config.keys.is_empty() && config.default_profile.is_none());
    assert_eq!(config.select(None).unwrap().unwrap().name, "p");

    let empty = parse("").unwrap();
    assert!(empty.profiles.is_empty());
    assert!(empty.select(None).unwrap().is_none());
}

#[test]
fn profiles_keep_file_order_and_keys_are_kept() {
    let config = parse(
        "[keys]\nquit = \"q\"\nrefresh = \"ctrl-r\"\n\n\
         [profiles.zeta]\nbase_url = \"https://z.example\"\ntoken_env = \"Z\"\n\
         [profiles.alpha]\nbase_url = \"https://a.example\"\ntoken_env = \"A\"\n",
    )
    .unwrap();
    let names: Vec<&str> = config.profiles.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["zeta", "alpha"]);
    assert_eq!(config.keys["quit"], "q");
    assert_eq!(config.keys["refresh"], "ctrl-r");
    let message = config.select(None).unwrap_err().to_string();
    assert!(message.contains("--profile"), "{message}");
    assert_eq!(config.select(Some("alpha")).unwrap().unwrap().name, "alpha");
    let message = config.select(Some("alpah")).unwrap_err().to_string();
    assert!(message.contains("did you mean \"alpha\"?"), "{message}");
}

#[test]
fn unknown_key_names_file_line_column_and_suggests() {
    let text = "# orgdeck\n\n[profiles.prod]\nbase_url = \"https://api.example.com\"\n\
                read_only = true\n\ntokn_env = \"ORGDECK_PROD_TOKEN\"\n";
    assert_eq!(
        refused(text),
        format!("{PATH}:7:1: profile \"prod\": unknown key `tokn_env` (did you mean `token_env`?)")
    );
    let message = refused("[profiles.p]\nbase_url = \"https://h\"\ncolour = \"blue\"\n");
    assert_placed(&message, 3);
    assert!(message.contains("unknown key `colour`"), "{message}");
    assert!(message.contains("fix: remove it"), "{message}");

    let message = refused("refresh_secs = 10\n");
    assert_placed(&message, 1);
    assert!(
        message.contains("did you mean `refresh_seconds`?"),
        "{message}"
    );

    let message = refused("base_url = \"https://h\"\n[profiles.p]\n");
    assert_placed(&message, 1);
    assert!(message.contains("belongs to a profile"), "{message}");

    let message = refused("[[profile]]\nname = \"prod\"\n");
    assert_placed(&message, 1);
    assert!(message.contains("[profiles.NAME]"), "{message}");
}

#[test]
fn wrong_types_name_the_key_and_what_it_takes() {
    let message =
        refused("[profiles.p]\nbase_url = \"https://h\"\ntoken_env = \"T\"\nread_only = \"yes\"\n");
    assert_placed(&message, 4);
    assert!(message.contains(":4:13:"), "{message}");
    assert!(message.contains("profile \"p\""), "{message}");
    assert!(
        message.contains("fix: `read_only` takes true or false"),
        "{message}"
    );

    let message =
        refused("[profiles.p]\nbase_url = \"https://h\"\ntoken_env = \"T\"\ntimeout_ms = -1\n");
    assert_placed(&message, 4);
    assert!(message.contains("milliseconds"), "{message}");

    let message = refused("\nrefresh_seconds = \"fast\"\n");
    assert_placed(&message, 2);
    assert!(message.contains("whole number of seconds"), "{message}");

    let message = refused("profiles = 3\n");
    assert_placed(&message, 1);

    let message = refused("[profiles]\nprod = \"https://h\"\n");
    assert_placed(&message, 2);
    assert!(message.contains("[profiles.prod]"), "{message}");
}

#[test]
fn syntax_errors_are_placed() {
    let message = refused("[profiles.p]\nbase_url = https://h\n");
    assert_placed(&message, 2);
    assert!(message.contains("invalid TOML"), "{message}");

    let message = refused("[profiles.p]\ntoken_env = \"A\"\n[profiles.p]\n");
    assert_placed(&message, 3);
    assert!(message.contains("only once"), "{message}");
}

#[test]
fn bad_urls_are_refused() {
    for (url, words) in [
        ("api.example.com", "not a valid URL"),
        ("ftp://api.example.com", "ftp://"),
        ("https://user:pw@api.example.com", "user name or password"),
        ("https://api.example.com/?x=1", "?query"),
    ] {
        let message = refused(&format!(
            "[profiles.p]\ntoken_env = \"T\"\nbase_url = \"{url}\"\n"
        ));
        assert_placed(&message, 3);
        assert!(message.contains("profile \"p\""), "{message}");
        assert!(message.contains(words), "{message}");
    }
    let message = refused("[profiles.p]\ntoken_env = \"T\"\n");
    assert_placed(&message, 1);
    assert!(message.contains("base_url"), "{message}");
}

#[test]
fn a_profile_needs_exactly_one_token_source() {
    let message = refused("\n[profiles.prod-eu]\nbase_url = \"https://h\"\n");
    assert_placed(&message, 2);
    assert!(message.contains("no token source"), "{message}");
    assert!(message.contains("ORGDECK_PROD_EU_TOKEN"), "{message}");

    let message = refused(
        "[profiles.p]\nbase_url = \"https://h\"\ntoken_env = \"T\"\ntoken_file = \"~/t\"\n",
    );
    assert_placed(&message, 4);
    assert!(
        message.contains("two token sources: `token_env` (line 3) and `token_file`"),
        "{message}"
    );

    let message = refused(
        "[profiles.p]\nbase_url = \"https://h\"\ntoken_command = \"x\"\n\
         allow_inline_token = true\ntoken = \"abcd\"\n",
    );
    assert_placed(&message, 5);
    assert!(message.contains("two token sources"), "{message}");

    let message = refused("[profiles.p]\nbase_url = \"https://h\"\ntoken_command = \" \"\n");
    assert_placed(&message, 3);
}

#[test]
fn inline_tokens_need_an_opt_in_and_warn() {
    let text = "[profiles.p]\nbase_url = \"https://h\"\ntoken = \"tok-inline-123\"\n";
    let message = refused(text);
    assert_placed(&message, 3);
    assert!(message.contains("allow_inline_token = true"), "{message}");

    let config = parse(&format!("{text}allow_inline_token = true\n")).unwrap();
    let p = &config.profiles[0];
    assert!(matches!(&p.token, TokenSource::Inline(s) if s.expose() == "tok-inline-123"));
    assert_eq!(
        p.token_source_description(),
        "inline in config (discouraged)"
    );
    assert_eq!(config.warnings.len(), 1);
    assert!(config.warnings[0].starts_with(&format!("{PATH}:3:")));
    assert!(config.warnings[0].contains("discouraged"));
    assert_eq!(p.token_with(base_env()).unwrap().expose(), "tok-inline-123");
}

#[test]
fn plain_http_only_to_loopback_unless_allowed() {
    let profile = |url: &str, extra: &str| {
        format!("[profiles.p]\ntoken_env = \"T\"\nbase_url = \"{url}\"\n{extra}")
    };
    let message = refused(&profile("http://api.example.com", ""));
    assert_placed(&message, 3);
    assert!(message.contains("allow_http = true"), "{message}");
    let message = refused(&profile("http://10.0.0.8:8080", ""));
    assert_placed(&message, 3);

    let config = parse(&profile("http://api.example.com", "allow_http = true\n")).unwrap();
    assert!(config.profiles[0].allow_http);
    assert_eq!(config.warnings.len(), 1, "{:?}", config.warnings);
    assert!(config.warnings[0].contains("unencrypted"));

    for url in [
        "http://127.0.0.1:7878",
        "http://127.8.9.10",
        "http://localhost:7878/api",
        "http://LOCALHOST",
        "http://[::1]:7878",
        "http://[0:0:0:0:0:0:0:1]:7878",
    ] {
        let config = parse(&profile(url, "")).unwrap();
        let p = &config.profiles[0];
        assert!(p.is_loopback(), "{url}");
        assert!(config.warnings.is_empty(), "{url}: {:?}", config.warnings);
        // What the config lets through without allow_http, the client connects to.
        check_transport(&p.base_url, p.allow_http).unwrap_or_else(|e| panic!("{url}: {e}"));
    }

    // The client refuses `localhost.` (DNS answers it, not the hosts file): so does the
    // config, at the line, saying how to write the name the hosts file knows.
    let message = refused(&profile("http://localhost.:7878", ""));
    assert_placed(&message, 3);
    assert!(message.contains("without the trailing dot"), "{message}");
    let config = parse(&profile("http://localhost.:7878", "allow_http = true\n")).unwrap();
    let p = &config.profiles[0];
    assert!(!p.is_loopback());
    assert!(check_transport(&p.base_url, false).is_err());
    assert!(check_transport(&p.base_url, p.allow_http).is_ok());
}

#[test]
fn a_profile_reaches_the_client_whole() {
    let text = "[profiles.p]\nbase_url = \"http://10.1.2.3:8080/v1\"\ntoken_env = \"T\"\n\
                read_only = true\nallow_http = true\nconnect_timeout_ms = 250\n\
                timeout_ms = 1000\nmax_body_bytes = 1024\noperator = \"ops-bot\"\n\
                max_rows = 500\nmax_row_bytes = 2048\n";
    let config = parse(text).unwrap();
    let p = &config.profiles[0];
    let audit = PathBuf::from("/state/audit.jsonl");
    let s = p.client_settings(Secret::new("tok"), Some(audit.clone()));
    assert_eq!(s.profile, "p");
    assert_eq!(s.base_url.as_str(), "http://10.1.2.3:8080/v1");
    assert_eq!(s.token.expose(), "tok");
    assert!(s.read_only && s.allow_http);
    assert_eq!(s.connect_timeout, Duration::from_millis(250));
    assert_eq!(s.timeout, Duration::from_millis(1000));
    assert_eq!(s.max_body_bytes, 1024);
    assert_eq!(s.row_limits.max_rows, 500);
    assert_eq!(s.row_limits.max_row_bytes, 2048);
    assert_eq!(s.operator, "ops-bot");
    assert_eq!(s.audit, Some(audit));
    assert_eq!(s.retry, RetryPolicy::default());
    assert!(s.ca_file.is_none());

    // Left out of the file, a key means the same to the profile as to a bare client.
    let bare = parse("[profiles.q]\nbase_url = \"https://h\"\ntoken_env = \"T\"\n").unwrap();
    let from_profile = bare.profiles[0].client_settings(Secret::new("tok"), None);
    let url = from_profile.base_url.clone();
    let plain = ClientSettings::new("q", url, Secret::new("tok"));
    assert_eq!(from_profile.connect_timeout, plain.connect_timeout);
    assert_eq!(from_profile.timeout, plain.timeout);
    assert_eq!(from_profile.max_body_bytes, plain.max_body_bytes);
    assert_eq!(from_profile.row_limits, plain.row_limits);
    assert_eq!(plain.row_limits.max_rows, 10_000_000);
    assert_eq!(plain.row_limits.max_row_bytes, 1 << 20);
    assert_eq!(from_profile.read_only, plain.read_only);
    assert_eq!(from_profile.allow_http, plain.allow_http);
    assert_eq!(from_profile.operator, "op", "the test environment's USER");
}

#[test]
fn unknown_backend_lists_the_known_ones() {
    let message = refused(
        "[profiles.p]\nbackend = \"keycloak\"\nbase_url = \"https://h\"\ntoken_env = \"T\"\n",
    );
    assert_placed(&message, 2);
    assert!(
        message.contains("unknown backend \"keycloak\""),
        "{message}"
    );
    let known = crate::backends::default().name;
    assert!(message.contains(&format!("{known:?}")), "{message}");
    let shouted = known.to_uppercase();
    let config = parse(&format!(
        "[profiles.p]\nbackend = \"{shouted}\"\nbase_url = \"https://h\"\ntoken_env = \"T\"\n"
    ))
    .unwrap();
    assert_eq!(config.profiles[0].backend, known);
}

#[test]
fn a_misspelt_backend_is_placed_and_the_near_name_offered() {
    // The default backend's name with its last letter doubled: one edit away.
    let known = crate::backends::default().name;
    let misspelt = format!("{known}{}", &known[known.len() - 1..]);
    let message = refused(&format!(
        "[profiles.p]\nbase_url = \"https://h\"\nbackend = \"{misspelt}\"\ntoken_env = \"T\"\n"
    ));
    assert!(message.starts_with(&format!("{PATH}:3:11:")), "{message}");
    assert!(
        message.contains(&format!("did you mean {known:?}?")),
        "{message}"
    );
}

#[test]
fn a_profile_without_a_backend_uses_the_registry_default() {
    let config = parse("[profiles.p]\nbase_url = \"https://h\"\ntoken_env = \"T\"\n").unwrap();
    assert_eq!(config.profiles[0].backend, crate::backends::default().name);
    assert!(crate::backends::find(config.profiles[0].backend).is_some());
}

#[test]
fn other_profile_checks() {
    let text = |extra: &str| format!("[profiles.p]\nbase_url = \"https://h\"\n{extra}\n");
    let message = refused(&text("token_env = \"T\"\ntimeout_ms = 0"));
    assert_placed(&message, 4);
    let message = refused(&text("token_env = \"T\"\nmax_rows = 0"));
    assert_placed(&message, 4);
    assert!(
        message.contains("`max_rows` must be greater than 0"),
        "{message}"
    );
    let message = refused(&text("token_env = \"T\"\nmax_row_bytes = \"big\""));
    assert!(
        message.contains("`max_row_bytes` takes a whole number of bytes"),
        "{message}"
    );
    let message = refused(&text("token_env = \"T\"\noperator = \" \""));
    assert_placed(&message, 4);
    let message = refused(&text("token_env = \"my token\""));
    assert_placed(&message, 3);
    assert!(
        message.contains("NAME of an environment variable"),
        "{message}"
    );
    let message = refused("[profiles.\"bad name\"]\nbase_url = \"https://h\"\n");
    assert_placed(&message, 1);

    let config = parse(&text(
        "token_env = \"T\"\nconnect_timeout_ms = 250\ntimeout_ms = 1000\nmax_body_bytes = 1024\noperator = \"ops-bot\"",
    ))
    .unwrap();
    let p = &config.profiles[0];
    assert_eq!(p.connect_timeout, Duration::from_millis(250));
    assert_eq!(p.timeout, Duration::from_secs(1));
    assert_eq!(p.max_body_bytes, 1024);
    assert_eq!(p.operator, "ops-bot");
}

#[test]
fn page_size_is_checked_like_the_other_keys() {
    let text = |extra: &str| {
        format!("[profiles.p]\nbase_url = \"https://h\"\ntoken_env = \"T\"\n{extra}\n")
    };
    assert_eq!(parse(&text("")).unwrap().profiles[0].page_size, None);
    let config = parse(&text("page_size = 250")).unwrap();
    assert_eq!(config.profiles[0].page_size, Some(250));
    assert_eq!(
        parse(&text("page_size = 1000")).unwrap().profiles[0].page_size,
        Some(1000)
    );
    for bad in [
        "page_size = 0",
        "page_size = 1001",
        "page_size = 99999999999",
    ] {
        let message = refused(&text(bad));
        assert_placed(&message, 4);
        assert!(message.contains("from 1 to 1000"), "{message}");
    }
    let message = refused(&text("page_size = \"ten\""));
    assert!(
        message.contains("a whole number of items from 1 to 1000"),
        "{message}"
    );
    let message = refused(&text("page_sise = 10"));
    assert!(message.contains("did you mean `page_size`?"), "{message}");
}

#[test]
fn default_profile_must_exist() {
    let message = refused(
        "default_profile = \"prdo\"\n[profiles.prod]\nbase_url = \"https://h\"\ntoken_env = \"T\"\n",
    );
    assert_placed(&message, 1);
    assert!(message.contains("did you mean \"prod\"?"), "{message}");
    let message = refused("default_profile = \"prod\"\n");
    assert_placed(&message, 1);
}

#[test]
fn refresh_seconds_has_a_floor_of_five() {
    let config = parse("refresh_seconds = 2\n").unwrap();
    assert_eq!(config.refresh_seconds, 5);
    assert_eq!(config.warnings.len(), 1);
    assert!(config.warnings[0].starts_with(&format!("{PATH}:1:")));
    assert!(config.warnings[0].contains("minimum of 5"));
    assert_eq!(parse("refresh_seconds = 0\n").unwrap().refresh_seconds, 5);
    let config = parse("refresh_seconds = 5\n").unwrap();
    assert_eq!(config.refresh_seconds, 5);
    assert!(config.warnings.is_empty());
    assert_eq!(parse("refresh_seconds = 90\n").unwrap().refresh_seconds, 90);
}

#[test]
fn load_tolerates_a_missing_file() {
    let scratch = Scratch::new("load");
    let mut paths = Paths::new(scratch.path("absent.toml"), scratch.path("state"));
    let config = Config::load(&paths).unwrap();
    assert!(config.profiles.is_empty() && config.warnings.is_empty());
    assert_eq!(config.source, None);
    assert_eq!(config.refresh_seconds, 30);

    paths.config_from_env = true;
    let config = Config::load(&paths).unwrap();
    assert!(
        config.warnings[0].contains(CONFIG_ENV),
        "{:?}",
        config.warnings
    );

    let file = scratch.path("config.toml");
    std::fs::write(&file, "[profiles.p]\nbase_url = \"https://h\"\n").unwrap();
    let message = Config::load(&Paths::new(&file, scratch.path("state")))
        .unwrap_err()
        .to_string();
    assert!(
        message.starts_with(&format!("{}:1:", file.display())),
        "{message}"
    );

    std::fs::write(&file, b"a = \"\xff\"\n").unwrap();
    let err = Config::load(&Paths::new(&file, scratch.path("state"))).unwrap_err();
    assert!(matches!(err, ConfigError::Syntax(_)));
    assert!(err.to_string().contains("UTF-8"), "{err}");
    assert_eq!(err.line(), Some(1));
}

#[cfg(unix)]
#[test]
fn load_warns_about_a_shared_file_with_an_inline_token() {
    let scratch = Scratch::new("shared");
    let file = scratch.file(
        "config.toml",
        "[profiles.p]\nbase_url = \"https://h\"\nallow_inline_token = true\ntoken = \"abcdef\"\n",
        0o644,
    );
    let config = Config::load(&Paths::new(&file, scratch.path("state"))).unwrap();
    assert_eq!(config.source.as_deref(), Some(file.as_path()));
    assert!(
        config.warnings.iter().any(|w| w.contains("chmod 600")),
        "{:?}",
        config.warnings
    );
}

#[test]
fn the_first_unknown_key_in_the_file_is_reported() {
    let message = refused("[profiles.p]\nzzz = 1\naaa = 2\n");
    assert_placed(&message, 2);
    assert!(message.contains("`zzz`"), "{message}");
}
