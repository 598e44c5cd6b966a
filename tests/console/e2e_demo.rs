//! End to end: `orgdeck --sandbox=BACKEND` opens the console on that backend's
//! embedded sandbox, with no config: its demo tenants, the SANDBOX badge, and its
//! own screens when a tenant is opened. The real binary in a PTY at 80x24.

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

#[test]
fn plain_sandbox_still_opens_on_the_default_backend_s_demo_tenants() {
    // Even beside a profile of another backend: --sandbox is the default's demo.
    let mut options = Options::sandbox().config(
        "[profiles.billing]\nbackend = \"sequence\"\nbase_url = \"http://127.0.0.1:9/\"\ntoken_env = \"NOT_SET_ANYWHERE\"\n",
    );
    options.args.push("--sandbox".to_owned());
    let mut console = Console::with_options("demo-plain", options);
    let tenants = console.wait_for_text("acme-agent");
    assert!(tenants.contains("globex"), "{tenants}");
    assert!(console.rows()[0].contains("SANDBOX"), "{tenants}");
}
