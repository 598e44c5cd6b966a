//! What the benchmarks share: the bodies of a bulk sandbox's lists, and a console
//! driven without a client. Each benchmark uses part of it.
#![allow(dead_code)]

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use orgdeck::api::client::{ClientEvent, RequestId};
use orgdeck::api::model::{Operation, Reply};
use orgdeck::app::{Dispatch, Msg};
use orgdeck::backends::muninx::sandbox::{self, BULK_TOKEN, SandboxConfig};

/// The bodies of `paths` (`"users"`, `"customer-organizations"`) as an embedded
/// sandbox of `users` users and `orgs` organizations answers them, in order.
pub fn bulk_bodies(users: usize, orgs: usize, paths: &[&str]) -> Vec<Vec<u8>> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    runtime.block_on(async {
        let running = sandbox::start(SandboxConfig {
            bulk: Some((users, orgs)),
            ..Default::default()
        })
        .await
        .expect("sandbox starts");
        // reqwest is built without a default crypto provider; the console installs one.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::new();
        let mut bodies = Vec::new();
        for path in paths {
            let response = http
                .get(format!("{}/{path}", running.base_url()))
                .bearer_auth(BULK_TOKEN)
                .send()
                .await
                .expect("sandbox answers");
            assert!(
                response.status().is_success(),
                "GET /{path}: {}",
                response.status()
            );
            bodies.push(response.bytes().await.expect("body").to_vec());
        }
        running.stop().await;
        bodies
    })
}

/// Records what the console sends; never talks to anything.
#[derive(Default)]
pub struct Recorder {
    pub sent: Vec<(RequestId, Operation)>,
}

impl Recorder {
    /// The id of the last request of this operation.
    pub fn last(&self, op: &Operation) -> RequestId {
        self.sent
            .iter()
            .rev()
            .find(|(_, o)| o == op)
            .map(|(id, _)| *id)
            .unwrap_or_else(|| panic!("{op:?} was not sent"))
    }
}

impl Dispatch for Recorder {
    fn send(&mut self, _tenant: usize, op: Operation) -> Option<RequestId> {
        let id = self.sent.len() as RequestId + 1;
        self.sent.push((id, op));
        Some(id)
    }

    fn cancel(&mut self, _tenant: usize, _id: RequestId) {}

    // The benchmarks export nothing: a file asked for is refused, not written.
    fn write_file(
        &mut self,
        _path: &std::path::Path,
        _bytes: &[u8],
        _overwrite: bool,
    ) -> std::io::Result<std::path::PathBuf> {
        Err(std::io::Error::other("the benchmarks write no files"))
    }
}

pub fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// The answer to request `id` of tenant 0.
pub fn answer(id: RequestId, reply: Reply) -> Msg {
    Msg::Client {
        tenant: 0,
        event: Box::new(ClientEvent::Finished {
            id,
            result: Ok(reply),
            reconciled: None,
        }),
    }
}
