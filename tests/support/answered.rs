//! A console whose reads are answered by a real client talking to a backend's
//! embedded sandbox, for the snapshot tests of each backend's screens: every
//! request the console sends (and what it sends upon those answers) is put
//! through the client, a page read as a page, until the console waits for
//! nothing.

use std::future::Future;
use std::sync::Arc;

use crossterm::event::KeyCode;
use orgdeck::api::backend::Backend;
use orgdeck::app::Tenant;
use orgdeck::sandbox::{RunningSandbox, SandboxError};

use crate::support::client::{Client, finished, settings};
use crate::support::console::Console;

/// The sizes every backend's screens are snapshotted at.
pub const SIZES: [(u16, u16); 2] = [(80, 24), (140, 40)];

pub struct Answered {
    pub console: Console,
    client: Client,
    runtime: tokio::runtime::Runtime,
    _sandbox: RunningSandbox,
}

impl Answered {
    /// One profile, `northwind` at `shown_url` (the sandbox's own port differs
    /// per run), on the tenants pane with who-am-I answered.
    pub fn tenants(
        sandbox: impl Future<Output = Result<RunningSandbox, SandboxError>>,
        token: &str,
        backend: Arc<dyn Backend>,
        shown_url: &str,
        pin: impl FnOnce(&mut Console),
    ) -> Answered {
        crate::support::install_crypto();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        let (sandbox, client) = runtime.block_on(async {
            let sandbox = sandbox.await.expect("the sandbox starts");
            let client = Client::spawn_with(settings(&sandbox.base_url(), token), backend.clone());
            (sandbox, client)
        });
        let tenant = Tenant::new("northwind", shown_url, false).with_backend(backend);
        let mut console = Console::with_tenants(vec![tenant], &[], false);
        pin(&mut console);
        let mut answered = Answered {
            console,
            client,
            runtime,
            _sandbox: sandbox,
        };
        answered.answer_all();
        answered
    }

    /// Answers every request the console sent, and what it sends upon those
    /// answers, until it waits for nothing: a page read as the console asked it.
    pub fn answer_all(&mut self) {
        loop {
            let waiting = self.console.unanswered();
            if waiting.is_empty() {
                return;
            }
            for sent in waiting {
                let handle = &self.client.handle;
                let id = match self.console.io.paged.contains(&sent.id) {
                    true => handle.page(sent.op.clone()),
                    false => handle.send(sent.op.clone()),
                };
                let outcome = self.runtime.block_on(finished(&mut self.client.rx, id));
                self.console
                    .answer_for(sent.tenant, sent.id, outcome.result);
            }
        }
    }

    pub fn press(&mut self, code: KeyCode) {
        self.console.press(code);
        self.answer_all();
    }

    pub fn type_text(&mut self, text: &str) {
        self.console.type_text(text);
        self.answer_all();
    }

    /// Moves the cursor down to the row that starts with `text` (the cursor's `›`
    /// before it).
    pub fn select_row(&mut self, text: &str) {
        for _ in 0..self.console.app.level().rows.len() {
            let marked = format!("› {text}");
            if self.console.screen(140, 40).contains(&marked) {
                return;
            }
            self.press(KeyCode::Char('j'));
        }
        panic!("no row shows {text:?}:\n{}", self.console.screen(140, 40));
    }

    /// Both sizes show this text somewhere (a guard that does not depend on layout).
    pub fn shows(&mut self, text: &str) {
        for (width, height) in SIZES {
            let screen = self.console.screen(width, height);
            assert!(
                screen.contains(text),
                "{width}x{height} does not show {text:?}:\n{screen}"
            );
        }
    }
}
