//! Resolving tokens lazily, describing sources, and never leaking a token.

use std::path::Path;
use std::time::Duration;

use super::{PATH, Scratch, base_env, env_of, parse};
use crate::api::secret::Secret;
use crate::config::{Config, Profile, TokenSource};

/// A profile with the given token source lines, parsed from text.
fn profile(source: &str) -> Profile {
    let text = format!("[profiles.prod]\nbase_url = \"https://h.example\"\n{source}\n");
    let mut config = parse(&text).unwrap_or_else(|e| panic!("{e}"));
    config.profiles.remove(0)
}

/// Resolves with a short command timeout, so a hanging command ends the test quickly.
fn resolve(profile: &Profile, env: &dyn Fn(&str) -> Option<String>) -> Result<Secret, String> {
    profile
        .token_within(env, Duration::from_secs(5))
        .map_err(|e| e.to_string())
}

#[test]
fn token_env_set_and_unset() {
    let p = profile("token_env = \"ORGDECK_TEST_ENV_A\"");
    let set = env_of(&[("ORGDECK_TEST_ENV_A", "  tok-from-env-42\n")]);
    assert_eq!(resolve(&p, &set).unwrap().expose(), "tok-from-env-42");
    assert_eq!(
        p.token_source_description_with(&set),
        "env ORGDECK_TEST_ENV_A (set)"
    );

    let unset = base_env();
    let message = resolve(&p, &unset).unwrap_err();
    assert!(message.starts_with(&format!("{PATH}:1:")), "{message}");
    assert!(message.contains("profile \"prod\""), "{message}");
    assert!(
        message.contains("ORGDECK_TEST_ENV_A (token_env) is not set"),
        "{message}"
    );
    assert!(
        message.contains("fix: export ORGDECK_TEST_ENV_A"),
        "{message}"
    );
    assert_eq!(
        p.token_source_description_with(&unset),
        "env ORGDECK_TEST_ENV_A (not set)"
    );

    let blank = env_of(&[("ORGDECK_TEST_ENV_A", "  ")]);
    assert!(resolve(&p, &blank).unwrap_err().contains("is empty"));
}

#[cfg(unix)]
#[test]
fn token_file_must_be_private() {
    let scratch = Scratch::new("file");
    let path = scratch.file("prod.token", "tok-file-secret-0644\n", 0o644);
    let p = profile(&format!("token_file = \"{}\"", path.display()));
    let message = resolve(&p, &base_env()).unwrap_err();
    assert!(
        message.contains(&format!("chmod 600 {}", path.display())),
        "{message}"
    );
    assert!(message.contains("mode 0644"), "{message}");
    assert!(message.starts_with(&format!("{PATH}:1:")), "{message}");
    assert!(!message.contains("tok-file-secret"), "{message}");
    assert!(p.token_source_description().contains("too open"));

    let path = scratch.file("ok.token", "tok-file-secret-0600\n", 0o600);
    let p = profile(&format!("token_file = \"{}\"", path.display()));
    assert_eq!(
        resolve(&p, &base_env()).unwrap().expose(),
        "tok-file-secret-0600"
    );
    assert_eq!(
        p.token_source_description(),
        format!("file {} (mode 0600)", path.display())
    );
    let path = scratch.file("strict.token", "tok-0400", 0o400);
    let p = profile(&format!("token_file = \"{}\"", path.display()));
    assert_eq!(resolve(&p, &base_env()).unwrap().expose(), "tok-0400");
}

#[cfg(unix)]
#[test]
fn token_file_tilde_relative_and_missing() {
    let scratch = Scratch::new("tilde");
    scratch.file("home.token", "tok-home", 0o600);
    let home = scratch.0.path().display().to_string();
    let env = env_of(&[("HOME", home.as_str())]);
    let text = "[profiles.p]\nbase_url = \"https://h\"\ntoken_file = \"~/home.token\"\n";
    let config = Config::from_str_with(text, Path::new(PATH), &env).unwrap();
    let p = &config.profiles[0];
    assert_eq!(p.token, TokenSource::File(scratch.path("home.token")));
    assert_eq!(p.token_with(&env).unwrap().expose(), "tok-home");
    assert_eq!(
        p.token_source_description_with(&env),
        "file ~/home.token (mode 0600)"
    );

    // Relative paths are taken from the config file's directory.
    let config_path = scratch.path("config.toml");
    let text = "[profiles.p]\nbase_url = \"https://h\"\ntoken_file = \"home.token\"\n";
    let config = Config::from_str_with(text, &config_path, &env).unwrap();
    assert_eq!(
        config.profiles[0].token_with(&env).unwrap().expose(),
        "tok-home"
    );

    let text = "[profiles.p]\nbase_url = \"https://h\"\ntoken_file = \"~/absent.token\"\n";
    let config = Config::from_str_with(text, Path::new(PATH), &env).unwrap();
    let p = &config.profiles[0];
    let message = p.token_with(&env).unwrap_err().to_string();
    assert!(
        message.contains("~/absent.token does not exist"),
        "{message}"
    );
    assert!(message.contains("fix: "), "{message}");
    assert_eq!(
        p.token_source_description_with(&env),
        "file ~/absent.token (missing)"
    );
}

#[cfg(unix)]
#[test]
fn token_command_success_and_failures() {
    let env = base_env();
    let p = profile("token_command = \"printf '  tok-cmd-77\\\\n'\"");
    assert_eq!(resolve(&p, &env).unwrap().expose(), "tok-cmd-77");

    // The command text is shown; what it printed on stdout is not, nor stderr past line 1.
    let p = profile(
        "token_command = \"echo tok-stdout-$((6*7)); echo 'gpg: decryption failed' >&2; echo second-$((1+1)) >&2; exit 3\"",
    );
    let message = resolve(&p, &env).unwrap_err();
    assert!(message.contains("gpg: decryption failed"), "{message}");
    assert!(!message.contains("second-2"), "{message}");
    assert!(!message.contains("tok-stdout-42"), "{message}");
    assert!(message.contains("exit status: 3"), "{message}");
    assert!(message.contains("fix: "), "{message}");
    assert!(message.starts_with(&format!("{PATH}:1:")), "{message}");

    // A command that echoes the token on stderr too: it is blanked out.
    let p = profile(
        "token_command = \"t=tok-echoed; echo $t-secret; echo \\\"bad token $t-secret\\\" >&2; exit 1\"",
    );
    let message = resolve(&p, &env).unwrap_err();
    assert!(message.contains("bad token [redacted]"), "{message}");
    assert!(!message.contains("tok-echoed-secret"), "{message}");

    let p = profile("token_command = \"true\"");
    let message = resolve(&p, &env).unwrap_err();
    assert!(message.contains("printed nothing on stdout"), "{message}");

    let p = profile("token_command = \"printf 'tok-%s\\\\n' one two\"");
    let message = resolve(&p, &env).unwrap_err();
    assert!(message.contains("more than one line"), "{message}");
    assert!(!message.contains("tok-one"), "{message}");

    let p = profile("token_command = \"exit 7\"");
    let message = resolve(&p, &env).unwrap_err();
    assert!(message.contains("printed nothing on stderr"), "{message}");
}

#[cfg(unix)]
#[test]
fn token_command_times_out() {
    let p = profile("token_command = \"sleep 30\"");
    let started = std::time::Instant::now();
    let message = p
        .token_within(&base_env(), Duration::from_millis(200))
        .unwrap_err()
        .to_string();
    assert!(started.elapsed() < Duration::from_secs(10));
    assert!(message.contains("did not finish within 0.2 s"), "{message}");
    assert!(message.contains("fix: "), "{message}");
}

#[test]
fn the_sandbox_profile() {
    let url = url::Url::parse("http://127.0.0.1:7878").unwrap();
    let p = Profile::sandbox(url, Secret::new("sandbox-acme-admin"));
    assert_eq!(p.name, "sandbox");
    assert!(!p.read_only && p.allow_http && p.is_loopback());
    assert_eq!(p.token().unwrap().expose(), "sandbox-acme-admin");
    assert!(!format!("{p:?}").contains("sandbox-acme-admin"));
    assert_eq!(
        p.token_source_description(),
        "inline in config (discouraged)"
    );
}

/// A token-like value must never show up in Debug output or in an error, whatever its source.
#[test]
fn secrets_never_leak() {
    const SECRET: &str = "tok-S3CR3T-do-not-print-9f8e7d";
    let mut texts: Vec<String> = Vec::new();

    // Inline, accepted: Debug of the Config and the Profile, warnings, description.
    let config = parse(&format!(
        "[profiles.p]\nbase_url = \"https://h\"\nallow_inline_token = true\ntoken = \"{SECRET}\"\n"
    ))
    .unwrap();
    let p = &config.profiles[0];
    assert_eq!(p.token().unwrap().expose(), SECRET);
    texts.push(format!("{config:?}"));
    texts.push(format!("{p:?}"));
    texts.push(format!("{:?}", p.token().unwrap()));
    texts.push(p.token_source_description());
    texts.extend(config.warnings.iter().cloned());

    // Refused inline tokens, of the right and of the wrong type.
    for value in [format!("\"{SECRET}\""), "31337424242".to_owned()] {
        let text = format!("[profiles.p]\nbase_url = \"https://h\"\ntoken = {value}\n");
        texts.push(parse(&text).unwrap_err().to_string());
        texts.push(format!("{:?}", parse(&text).unwrap_err()));
    }
    // A token pasted where a variable name belongs.
    let text = format!("[profiles.p]\nbase_url = \"https://h\"\ntoken_env = \"{SECRET}\"\n");
    texts.push(parse(&text).unwrap_err().to_string());
    // A broken line holding the token (the parser's own Display would quote the line).
    let text = format!("[profiles.p]\nallow_inline_token = true\ntoken = \"{SECRET}\" x\n");
    texts.push(parse(&text).unwrap_err().to_string());

    // From the environment.
    let p = profile("token_env = \"ORGDECK_TEST_LEAK\"");
    let env = env_of(&[("ORGDECK_TEST_LEAK", SECRET)]);
    texts.push(format!("{:?}", p.token_with(&env).unwrap()));
    texts.push(p.token_source_description_with(&env));
    texts.push(format!("{p:?}"));

    #[cfg(unix)]
    {
        // From a file that is too open, and from a failing command.
        let scratch = Scratch::new("leak");
        let path = scratch.file("t", SECRET, 0o640);
        let p = profile(&format!("token_file = \"{}\"", path.display()));
        texts.push(p.token().unwrap_err().to_string());
        texts.push(format!("{:?}", p.token().unwrap_err()));
        texts.push(p.token_source_description());
        // The command holds the token in two halves, so only its output has it whole.
        let (head, tail) = SECRET.split_at(10);
        let p = profile(&format!(
            "token_command = \"h={head}; echo $h{tail}; echo $h{tail} >&2; exit 1\""
        ));
        texts.push(p.token().unwrap_err().to_string());
    }

    for text in &texts {
        assert!(!text.contains(SECRET), "leaked in: {text}");
        assert!(!text.contains("31337424242"), "leaked in: {text}");
    }
}
