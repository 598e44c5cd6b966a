//! End-to-end: tokens never leave the process (not in stdout, stderr, the log file at
//! trace level, or the audit trail), and every mutation leaves one audit line.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::support::SandboxConfig;
use crate::support::cli::{ADMIN, Case, Run, Sandbox, assert_no_file_contains, profile_toml};

/// A token-like string no test output could contain by chance.
fn unique(label: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("{label}-{}-{nanos:x}", std::process::id())
}

/// A sandbox whose acme admin token is `token` (the shipped seed with the demo token
/// swapped), so that a successful call is made with a token unique to this test.
fn sandbox_with_admin_token(case: &Case, token: &str) -> Sandbox {
    let seed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/muninx/seed.json"
    ))
    .expect("the shipped seed");
    assert!(seed.contains(ADMIN));
    let path = case.dir.join("seed.json");
    std::fs::write(&path, seed.replace(ADMIN, token)).unwrap();
    let sandbox = Sandbox::with_config(SandboxConfig {
        seed_file: Some(path.clone()),
        ..SandboxConfig::default()
    });
    // Only orgdeck's own files stay in the directory that is searched below.
    std::fs::remove_file(&path).unwrap();
    sandbox
}

#[track_caller]
fn assert_run_lacks(run: &Run, secrets: &[&str]) {
    for secret in secrets {
        assert!(
            !run.stdout.contains(secret) && !run.stderr.contains(secret),
            "the token {secret:?} was printed\n{}",
            run.dump()
        );
    }
}

#[test]
fn tokens_never_reach_output_logs_or_the_audit_trail() {
    let case = Case::new("secrets");
    let good = unique("odk-secret-admin");
    let wrong = unique("odk-wrong-token");
    let sandbox = sandbox_with_admin_token(&case, &good);
    case.write_config(&profile_toml(&sandbox.base_url(), ""));
    let trace = |token: &str, args: &[&str]| {
        let mut full = vec!["--log-level", "trace"];
        full.extend_from_slice(args);
        case.run_as(Some(token), &full)
    };

    let runs = [
        trace(&good, &["whoami"]),
        trace(&good, &["--json", "whoami"]),
        trace(
            &good,
            &[
                "orgs",
                "create",
                "--name",
                "Secretco",
                "--domain",
                "secretco.example",
            ],
        ),
        trace(&good, &["orgs", "create", "--name", " "]),
        trace(&wrong, &["orgs", "create", "--name", "Wrongco"]),
        trace(&wrong, &["whoami"]),
        trace(&wrong, &["--json", "whoami"]),
    ];
    let codes: Vec<i32> = runs.iter().map(|r| r.code).collect();
    assert_eq!(
        codes,
        [0, 0, 0, 3, 4, 4, 4],
        "{}",
        runs.iter().map(Run::dump).collect::<Vec<_>>().join("\n")
    );
    runs[3].field_line("display-name");
    runs[4].stderr_has("token rejected");
    for run in &runs {
        assert_run_lacks(run, &[&good, &wrong]);
    }

    // The log exists and really is at trace level, yet holds no token.
    let log = case.log_text();
    assert!(log.contains("TRACE") && log.contains("DEBUG"), "{log}");
    assert!(!log.contains(&good), "the log holds the token");
    assert!(!log.contains(&wrong), "the log holds the wrong token");

    let audit_text = case.audit_text();
    assert!(!audit_text.contains(&good) && !audit_text.contains(&wrong));
    assert_no_file_contains(&case.dir, &good);
    assert_no_file_contains(&case.dir, &wrong);

    // One audit line per mutation, whatever became of it.
    let audit = case.audit_entries();
    assert_eq!(audit.len(), 3, "{audit_text}");
    for entry in &audit {
        assert_eq!(entry["method"], "POST", "{entry}");
        assert_eq!(entry["path"], "/customer-organizations", "{entry}");
        assert_eq!(entry["profile"], "t", "{entry}");
        assert!(entry["time"].is_string(), "{entry}");
        assert!(
            entry["request_id"]
                .as_str()
                .is_some_and(|id| id.starts_with("req-")),
            "{entry}"
        );
    }
    let outcomes: Vec<&str> = audit
        .iter()
        .map(|e| e["outcome"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(outcomes, ["done", "rejected", "rejected"]);
    assert!(
        audit[0]["status"]
            .as_u64()
            .is_some_and(|s| (200..300).contains(&s)),
        "{}",
        audit[0]
    );
    assert_eq!(audit[0]["fields"]["display-name"], "Secretco");
    assert_eq!(audit[1]["status"], 400);
    assert_eq!(audit[2]["status"], 401);
    assert_eq!(audit[2]["fields"]["display-name"], "Wrongco");

    // The write that succeeded really happened; the others did not.
    let listed = case.run_as(Some(&good), &["--json", "orgs", "list"]).json();
    let names = crate::support::cli::strings_of(&listed, "name");
    assert!(names.contains(&"Secretco".to_owned()));
    assert!(!names.contains(&"Wrongco".to_owned()));
}

#[cfg(unix)]
#[test]
fn a_token_file_never_shows_its_contents() {
    use std::os::unix::fs::PermissionsExt;

    let case = Case::new("secret-file");
    let good = unique("odk-file-admin");
    let sandbox = sandbox_with_admin_token(&case, &good);
    let token_file = case.dir.join("admin.token");
    std::fs::write(&token_file, format!("{good}\n")).unwrap();
    case.write_config(&format!(
        "[profiles.t]\nbase_url = \"{}\"\ntoken_file = \"{}\"\ntimeout_ms = 2000\n",
        sandbox.base_url(),
        token_file.display()
    ));

    std::fs::set_permissions(&token_file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let refused = case.run_as(None, &["--log-level", "trace", "whoami"]);
    assert_ne!(refused.code, 0, "{}", refused.dump());
    refused.stderr_has("chmod 600");
    assert_run_lacks(&refused, &[&good]);
    let info = case.run_as(None, &["info"]);
    info.ok().stdout_has("admin.token");
    assert_run_lacks(&info, &[&good]);

    std::fs::set_permissions(&token_file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let ok = case.run_as(
        None,
        &["--log-level", "trace", "orgs", "suspend", "co-acme-05"],
    );
    ok.ok();
    assert_run_lacks(&ok, &[&good]);
    assert!(!case.log_text().contains(&good));
    assert!(!case.audit_text().contains(&good));
    assert_eq!(case.audit_entries().len(), 1);
}

#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

/// Under `umask 000` a plain create would make the state directory, `logs/`, the log
/// and the trail readable (and writable) by everyone.
#[cfg(unix)]
#[test]
fn the_state_directory_is_private_whatever_the_umask() {
    use std::os::unix::process::CommandExt;

    let sandbox = Sandbox::start();
    let case = Case::for_sandbox("umask", &sandbox);
    assert!(!case.state.exists());
    let args = ["orgs", "create", "--name", "Umaskco"];
    let mut command = case.command(Some(ADMIN), &[], &args);
    // SAFETY: umask is async-signal-safe, as a pre_exec hook must be.
    unsafe {
        command.pre_exec(|| {
            libc::umask(0);
            Ok(())
        });
    }
    crate::support::cli::run_command(command, &args).ok();
    assert_eq!(mode(&case.state), 0o700);
    assert_eq!(mode(&case.state.join("logs")), 0o700);
    assert_eq!(mode(&case.log_file()), 0o600);
    assert_eq!(mode(&case.audit_file()), 0o600);
}

/// A trail an older version (or a careless copy) left world-readable is tightened
/// on the next write, as the log is.
#[cfg(unix)]
#[test]
fn an_audit_trail_left_readable_is_tightened() {
    use std::os::unix::fs::PermissionsExt;

    let sandbox = Sandbox::start();
    let case = Case::for_sandbox("audit-mode", &sandbox);
    std::fs::create_dir_all(&case.state).unwrap();
    std::fs::write(case.audit_file(), "").unwrap();
    std::fs::set_permissions(case.audit_file(), std::fs::Permissions::from_mode(0o644)).unwrap();
    case.run(&["orgs", "create", "--name", "Modeco"]).ok();
    assert_eq!(case.audit_entries().len(), 1);
    assert_eq!(mode(&case.audit_file()), 0o600);
}
