//! The console's demo: the embedded sandboxes it starts when nothing is configured
//! (or with `--sandbox`), and the tenants acting on them. Every sandbox starts in a
//! task of its own while the console is already up; its tenants are listed at once
//! and connected as it answers, so the console never waits on a sandbox, and one
//! that cannot start is its tenants' error while the others open.

use tokio::sync::mpsc;

use crate::api::secret::Secret;
use crate::app::{self, App, Tenant};
use crate::backends::Entry;
use crate::config::{Paths, Profile};
use crate::sandbox::{RunningSandbox, SandboxError};

use super::console::{Clients, Input, connect_one};

/// What the SERVER column says of a tenant whose sandbox is not up yet.
pub const STARTING: &str = "starting…";

/// Which demo the console opens on.
#[derive(Clone, Copy)]
pub enum Which {
    /// One tenant per registered backend, as its demo user (plain `orgdeck`).
    Every,
    /// Every demo tenant of one backend (`--sandbox=NAME`).
    One(&'static Entry),
}

/// A demo tenant: where it sits in the console's list, its name and its token.
struct DemoTenant {
    index: usize,
    name: String,
    token: &'static str,
}

/// One sandbox to start, and the tenants that act on it.
struct Planned {
    entry: &'static Entry,
    tenants: Vec<DemoTenant>,
}

/// A sandbox's start, finished.
pub struct Started {
    sandbox: usize,
    result: Result<RunningSandbox, SandboxError>,
}

pub struct Demo {
    plan: Vec<Planned>,
    /// The embedded sandbox is new each run: nothing it was sent outlives it.
    paths: Paths,
    queue: mpsc::UnboundedSender<Input>,
    /// Dropped with the demo, which stops every one.
    running: Vec<RunningSandbox>,
}

impl Demo {
    pub fn new(
        which: Which,
        registry: &'static [Entry],
        paths: &Paths,
        queue: mpsc::UnboundedSender<Input>,
    ) -> Demo {
        Demo {
            plan: plan(which, registry),
            paths: Paths {
                journal_dir: None,
                created_dir: None,
                ..paths.clone()
            },
            queue,
            running: Vec::new(),
        }
    }

    /// The demo's tenants in list order, each with its backend (so its screens
    /// are its own before it answers) and not yet connected.
    pub fn tenants(&self) -> Vec<Tenant> {
        let mut tenants: Vec<(usize, Tenant)> = Vec::new();
        for planned in &self.plan {
            let backend = (planned.entry.backend)(&planned.entry.option_defaults());
            for t in &planned.tenants {
                let tenant = Tenant::new(t.name.clone(), STARTING, false);
                tenants.push((t.index, tenant.with_backend(backend.clone())));
            }
        }
        tenants.sort_by_key(|(index, _)| *index);
        tenants.into_iter().map(|(_, tenant)| tenant).collect()
    }

    /// How many tenants the demo lists.
    pub fn len(&self) -> usize {
        self.plan.iter().map(|p| p.tenants.len()).sum()
    }

    /// Starts every sandbox at once, each reporting into the console's queue.
    pub fn start(&self) {
        for (sandbox, planned) in self.plan.iter().enumerate() {
            let starting = planned.entry.start_sandbox();
            let queue = self.queue.clone();
            tokio::spawn(async move {
                let result = starting.await;
                // The console may have ended first: the sandbox then stops here.
                let _ = queue.send(Input::Sandbox(Started { sandbox, result }));
            });
        }
    }

    /// Connects the tenants of a sandbox that is up, or gives them its error.
    pub fn started(&mut self, started: Started, app: &mut App, clients: &mut Clients) {
        let Some(planned) = self.plan.get(started.sandbox) else {
            return;
        };
        let entry = planned.entry;
        let url = started
            .result
            .map_err(|err| err.to_string())
            .and_then(|running| {
                let url = url::Url::parse(&running.base_url())
                    .map_err(|err| format!("sandbox address: {err}"));
                self.running.push(running);
                url
            });
        for t in &planned.tenants {
            let Some(tenant) = app.tenants.get_mut(t.index) else {
                continue;
            };
            let url = match &url {
                Ok(url) => url.clone(),
                Err(why) => {
                    tenant.setup_error =
                        Some(format!("cannot start the {} sandbox: {why}", entry.title));
                    continue;
                }
            };
            let profile = Profile {
                name: t.name.clone(),
                ..super::session::sandbox_profile(entry, url, Secret::new(t.token))
            };
            tenant.base_url = profile.base_url.to_string();
            match connect_one(t.index, &profile, &self.paths, &self.queue) {
                Ok(handle) => {
                    clients.attach(t.index, handle);
                    app::connected(app, t.index, clients);
                }
                Err(why) => tenant.setup_error = Some(why),
            }
        }
    }
}

/// The sandboxes to start and their tenants, numbered in list order: for the
/// plain demo, each backend in registry order once, as the demo user `--sandbox`
/// acts as and named as the backend is (registry names are unique, and are what
/// `--sandbox=NAME` takes to show the rest of that backend's demo).
fn plan(which: Which, registry: &'static [Entry]) -> Vec<Planned> {
    match which {
        Which::Every => registry
            .iter()
            .enumerate()
            .map(|(index, entry)| Planned {
                entry,
                tenants: vec![DemoTenant {
                    index,
                    name: entry.name.to_owned(),
                    token: entry.sandbox.token,
                }],
            })
            .collect(),
        Which::One(entry) => vec![Planned {
            entry,
            tenants: entry
                .sandbox
                .tenants
                .iter()
                .enumerate()
                .map(|(index, (name, token))| DemoTenant {
                    index,
                    name: (*name).to_owned(),
                    token,
                })
                .collect(),
        }],
    }
}

#[cfg(test)]
#[path = "demo_tests.rs"]
mod tests;
