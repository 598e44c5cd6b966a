use tokio::sync::mpsc;

use super::{Demo, STARTING, Which, plan};
use crate::app::keymap::Keymap;
use crate::app::{App, Surroundings};
use crate::backends::{self, Entry, SandboxEntry, Starting};
use crate::cli::console::{Clients, Input};
use crate::config::Paths;
use crate::sandbox::{SandboxError, SandboxOptions};

#[test]
fn the_plain_demo_is_one_tenant_per_backend_in_registry_order_each_named_apart() {
    let planned = plan(Which::Every, backends::ALL);
    assert_eq!(planned.len(), backends::ALL.len());
    let mut names = Vec::new();
    for (at, (p, entry)) in planned.iter().zip(backends::ALL).enumerate() {
        assert_eq!(p.entry.name, entry.name);
        let [tenant] = p.tenants.as_slice() else {
            panic!("{}: {} tenants", entry.name, p.tenants.len());
        };
        assert_eq!(tenant.index, at);
        // As the demo user the CLI's --sandbox acts as.
        assert_eq!(tenant.token, entry.sandbox.token);
        names.push(tenant.name.clone());
    }
    assert_eq!(names, backends::names());
}

#[test]
fn a_named_demo_is_every_demo_tenant_of_that_backend() {
    for entry in backends::ALL {
        let planned = plan(Which::One(entry), backends::ALL);
        let [one] = planned.as_slice() else {
            panic!("{} sandboxes", planned.len());
        };
        let tenants: Vec<(usize, &str, &str)> = one
            .tenants
            .iter()
            .map(|t| (t.index, t.name.as_str(), t.token))
            .collect();
        let declared: Vec<(usize, &str, &str)> = entry
            .sandbox
            .tenants
            .iter()
            .enumerate()
            .map(|(at, (name, token))| (at, *name, *token))
            .collect();
        assert_eq!(tenants, declared, "{}", entry.name);
    }
}

fn broken(_: SandboxOptions, _: &clap::ArgMatches) -> Starting {
    Box::pin(async { Err(SandboxError::Seed("the seed is torn".into())) })
}

/// The default backend, then one whose sandbox cannot start, then the second.
fn with_a_broken_sandbox() -> &'static [Entry] {
    let default = *backends::default();
    let broken = Entry {
        name: "broken",
        title: "Broken",
        sandbox: SandboxEntry {
            start: broken,
            ..default.sandbox
        },
        ..default
    };
    Box::leak(vec![default, broken, backends::ALL[1]].into_boxed_slice())
}

fn app_of(demo: &Demo) -> App {
    let surroundings = Surroundings {
        sandbox: true,
        config_file: "config.toml".into(),
        log_file: "orgdeck.log".into(),
        warnings: Vec::new(),
        no_color: true,
        clipboard: Default::default(),
    };
    App::new(demo.tenants(), Keymap::default(), surroundings)
}

#[tokio::test]
async fn a_sandbox_that_cannot_start_is_its_tenant_s_error_and_the_others_connect() {
    let state = std::env::temp_dir().join(format!("orgdeck-demo-{}", std::process::id()));
    let paths = Paths::new(state.join("config.toml"), &state);
    let (queue, mut inbox) = mpsc::unbounded_channel();
    let mut demo = Demo::new(Which::Every, with_a_broken_sandbox(), &paths, queue);
    let mut app = app_of(&demo);
    let mut clients = Clients::none(demo.len());
    // Listed before any sandbox answers, each not connected yet.
    assert_eq!(app.tenants.len(), 3);
    assert!(app.tenants.iter().all(|t| t.base_url == STARTING));
    assert_eq!(app.tenants[1].profile, "broken");
    // The operator opens the first before its sandbox is up: nothing can be sent yet.
    crate::app::open_tenant(&mut app, 0, &mut clients);
    assert!(!app.tenants[0].orgs.is_loading());
    demo.start();
    let mut finished = 0;
    while finished < 3 {
        match inbox.recv().await.expect("the demo reports") {
            Input::Sandbox(started) => {
                demo.started(started, &mut app, &mut clients);
                finished += 1;
            }
            _ => continue,
        }
    }
    let why = app.tenants[1].setup_error.as_deref().expect("an error");
    assert!(
        why.contains("cannot start the Broken sandbox: the seed is torn"),
        "{why}"
    );
    assert!(!clients.connected(1));
    for up in [0, 2] {
        let tenant = &app.tenants[up];
        assert_eq!(tenant.setup_error, None);
        assert!(
            tenant.base_url.starts_with("http://127.0.0.1:"),
            "{tenant:?}"
        );
        assert!(clients.connected(up));
        // Who we are there is asked as soon as it is connected.
        assert!(tenant.me.is_loading(), "{tenant:?}");
    }
    // The screen opened before then is read once who-am-I has answered.
    while app.tenants[0].orgs.data.is_none() {
        if let Input::Msg(msg) = inbox.recv().await.expect("the clients report") {
            crate::app::update(&mut app, msg, &mut clients);
        }
    }
    assert!(app.tenants[0].me.data.is_some());
    assert_ne!(app.tenants[0].base_url, app.tenants[2].base_url);
    assert_eq!(demo.running.len(), 2);
    let _ = std::fs::remove_dir_all(&state);
}
