//! End to end: plain `orgdeck` with no config (and `orgdeck --sandbox`) opens the
//! console on one demo tenant per registered backend, each on its own embedded
//! sandbox; `orgdeck --sandbox=BACKEND` on all of that backend's demo tenants. The
//! SANDBOX badge, and each backend's own screens when a tenant is opened. The real
//! binary in a PTY at 80x24.

use orgdeck::backends;

use crate::support::e2e::*;

fn demo(name: &str, backend: &str) -> Console {
    let mut options = Options::sandbox();
    options.args.push(format!("--sandbox={backend}"));
    Console::with_options(name, options)
}

#[test]
fn sandbox_sequence_opens_on_its_demo_tenants_with_the_sandbox_badge() {
    let mut console = demo("demo-sequence", "sequence");
    // Both tenants answer on their own: wait for the second's who-you-are too.
    let tenants = console.wait_for("the demo tenants reachable", |s| {
        s.contains("seq-northwind-client") && s.contains("seq-readonly-client")
    });
    assert!(tenants.contains("Tenants (2)"), "{tenants}");
    assert!(tenants.contains("northwind"), "{tenants}");
    assert!(tenants.contains("seq-readonly-client"), "{tenants}");
    assert!(!tenants.contains("acme"), "{tenants}");
    let top = console.rows()[0].clone();
    assert!(top.contains("SANDBOX"), "{tenants}");
    console.send(ENTER);
    let organizations = console.wait_for_text("northwind: customer organizations (10)");
    assert!(
        organizations.contains("Acme Holdings Ltd"),
        "{organizations}"
    );
    assert!(console.rows()[0].contains("SANDBOX"), "{organizations}");
}

/// The demo tenants' rows, once every one has answered who-am-I: each row names a
/// backend, in registry order, with who the caller is there and a latency.
fn every_tenant_checked(screen: &str) -> bool {
    let rows = tenant_rows(screen);
    rows.len() == backends::ALL.len()
        && backends::ALL
            .iter()
            .zip(&rows)
            .all(|(entry, row)| row_names(row, entry.name) && row.trim_end().ends_with(" ms"))
}

/// The tenants list's rows (between its header and its bottom border).
fn tenant_rows(screen: &str) -> Vec<String> {
    body(screen)
        .into_iter()
        .skip_while(|line| !line.contains("PROFILE"))
        .skip(1)
        .map(|line| {
            line.trim_start_matches('│')
                .trim_start_matches("› ")
                .trim()
                .to_owned()
        })
        .take_while(|line| !line.is_empty() && !line.starts_with('└') && !line.starts_with('─'))
        .collect()
}

fn row_names(row: &str, name: &str) -> bool {
    row.split_whitespace().next() == Some(name)
}

/// The who-you-are cell of `row`: what sits between the server and the role, never
/// "…" (not asked yet) or "?" (failed) once checked.
fn you_are(row: &str) -> bool {
    !row.contains(" … ") && !row.contains(" ? ")
}

#[test]
fn plain_orgdeck_opens_on_one_demo_tenant_per_backend_each_checked_with_the_sandbox_badge() {
    let mut console = Console::spawn("demo-every", Options::sandbox());
    let screen = console.wait_for("every backend's demo tenant answered", every_tenant_checked);
    let count = backends::ALL.len();
    assert!(screen.contains(&format!("Tenants ({count})")), "{screen}");
    assert!(console.rows()[0].contains("SANDBOX"), "{screen}");
    let rows = tenant_rows(&screen);
    for (entry, row) in backends::ALL.iter().zip(&rows) {
        assert!(you_are(row), "{}: {row}\n{screen}", entry.name);
        // Each on its own sandbox.
        assert!(row.contains("127.0.0.1:"), "{row}");
    }
    let servers: std::collections::HashSet<&str> = rows
        .iter()
        .filter_map(|row| row.split_whitespace().nth(1))
        .collect();
    assert_eq!(servers.len(), count, "{screen}");
    assert!(!screen.contains(STARTING), "{screen}");
}

#[test]
fn a_tenant_of_each_backend_opens_its_organizations() {
    let mut console = Console::spawn("demo-each", Options::sandbox());
    console.wait_for("every backend's demo tenant answered", every_tenant_checked);
    for (at, entry) in backends::ALL.iter().enumerate() {
        if at > 0 {
            console.send("j");
        }
        console.wait_for(&format!("{} selected", entry.name), |s| {
            selected_row(s).is_some_and(|row| {
                row_names(
                    row.trim_start_matches('│').trim_start_matches("› "),
                    entry.name,
                )
            })
        });
        console.send(ENTER);
        let top = entry
            .schema
            .levels
            .iter()
            .find(|level| level.parent.is_none())
            .expect("a top level");
        let title = format!("{}: {} (", entry.name, top.title);
        let empty = format!("{title}0)");
        let screen = console.wait_for(&format!("{title}…) with rows"), |s| {
            s.contains(&title) && !s.contains(&empty) && !s.contains("loading")
        });
        assert!(console.rows()[0].contains("SANDBOX"), "{screen}");
        console.esc();
        console.wait_for_text("Tenants (");
    }
}

#[test]
fn plain_sandbox_opens_on_every_backend_s_demo_even_beside_a_profile() {
    // A profile of another backend changes nothing: --sandbox is the demo.
    let mut options = Options::sandbox().config(
        "[profiles.billing]\nbackend = \"sequence\"\nbase_url = \"http://127.0.0.1:9/\"\ntoken_env = \"NOT_SET_ANYWHERE\"\n",
    );
    options.args.push("--sandbox".to_owned());
    let mut console = Console::spawn("demo-plain", options);
    let tenants = console.wait_for("every backend's demo tenant answered", every_tenant_checked);
    assert!(!tenants.contains("billing"), "{tenants}");
    assert!(console.rows()[0].contains("SANDBOX"), "{tenants}");
}

#[test]
fn sandbox_muninx_still_opens_on_all_three_of_its_demo_tenants() {
    let mut console = demo("demo-muninx", backends::default().name);
    let tenants = console.wait_for("the demo tenants reachable", |s| {
        tenant_rows(s).len() == 3 && tenant_rows(s).iter().all(|r| r.ends_with(" ms"))
    });
    assert!(tenants.contains("Tenants (3)"), "{tenants}");
    for name in ["acme", "acme-agent", "globex"] {
        assert!(
            tenant_rows(&tenants).iter().any(|row| row_names(row, name)),
            "{name}: {tenants}"
        );
    }
    assert!(console.rows()[0].contains("SANDBOX"), "{tenants}");
}
