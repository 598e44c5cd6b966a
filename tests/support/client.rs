//! Shared helpers for the client-task tests: start a sandbox with faults, spawn a
//! MuninX client against it with short timeouts and a fast retry policy, and wait
//! for the `Finished` event of one request (never forever).

#![allow(dead_code)]

use std::sync::{Arc, Mutex, Once};
use std::time::Duration;

use super::MuninX;
use super::{FaultScope, Faults, RunningSandbox};
use orgdeck::api::backend::Backend;
use orgdeck::api::client::{ClientEvent, ClientHandle, ClientSettings, RetryPolicy, spawn};
use orgdeck::api::error::ApiError;
use orgdeck::api::model::{Operation, Reply};
use orgdeck::api::secret::Secret;
use tokio::sync::mpsc::UnboundedReceiver;
use url::Url;

// Re-exported so that an area's tests need one `use`; not every binary uses each.
#[allow(unused_imports)]
pub use super::{
    ADMIN, ADMIN_EMAIL, AGENT, CUSTOMER, CUSTOMER_EMAIL, GLOBEX, PENDING_AGENT, PENDING_CUSTOMER,
};

/// How long any one request may take before the test calls it a hang.
pub const HANG: Duration = Duration::from_secs(8);

/// Starts a sandbox (shipped seed) with these faults.
pub async fn sandbox(faults: Faults) -> RunningSandbox {
    super::start_sandbox(super::with_faults(faults)).await
}

/// Settings for a test client: short timeouts, fast retries.
/// A sandbox whose first three reads meet an injected 500 and whose fourth goes
/// through, and an admin's client that tries a read up to eight times.
pub async fn three_failed_reads() -> (RunningSandbox, Client) {
    let seed = seed_where(0.5, &[true, true, true, false]);
    let sb = sandbox(Faults {
        error_rate: 0.5,
        scope: FaultScope::Reads,
        seed: Some(seed),
        ..Default::default()
    })
    .await;
    let mut config = settings(&sb.base_url(), ADMIN);
    config.retry.attempts = 8;
    let admin = Client::spawn(config);
    (sb, admin)
}

pub fn settings(base_url: &str, token: &str) -> ClientSettings {
    let url = Url::parse(base_url).expect("base URL parses");
    let mut settings = ClientSettings::new("test", url, Secret::new(token));
    settings.connect_timeout = Duration::from_secs(1);
    settings.timeout = Duration::from_secs(2);
    settings.operator = "tester".into();
    settings.retry = RetryPolicy {
        attempts: 4,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(40),
        max_retry_after: Duration::from_secs(5),
    };
    settings
}

/// What one request came to, plus every other event seen while waiting for it.
#[derive(Debug)]
pub struct Outcome {
    pub id: u64,
    pub result: Result<Reply, ApiError>,
    pub reconciled: bool,
    pub events: Vec<ClientEvent>,
}

impl Outcome {
    pub fn retries(&self) -> Vec<(u32, Duration)> {
        self.events
            .iter()
            .filter_map(|e| match e {
                ClientEvent::Retrying {
                    id, attempt, wait, ..
                } if *id == self.id => Some((*attempt, *wait)),
                _ => None,
            })
            .collect()
    }

    pub fn err(self) -> ApiError {
        match self.result {
            Err(err) => err,
            Ok(reply) => panic!("expected an error, got {reply:?}"),
        }
    }
}

/// Waits for the `Finished` event of `id`, collecting the events seen on the way.
pub async fn finished(rx: &mut UnboundedReceiver<ClientEvent>, id: u64) -> Outcome {
    let mut events = Vec::new();
    let wait = async {
        loop {
            match rx.recv().await {
                Some(ClientEvent::Finished {
                    id: done,
                    result,
                    reconciled,
                }) if done == id => return (result, reconciled.is_some()),
                Some(other) => events.push(other),
                None => panic!("the client task went away while request {id} was in flight"),
            }
        }
    };
    let (result, reconciled) = tokio::time::timeout(HANG, wait)
        .await
        .unwrap_or_else(|_| panic!("request {id} never finished"));
    Outcome {
        id,
        result,
        reconciled,
        events,
    }
}

/// Waits for the `Finished` events of every id in `ids`, in whatever order they come;
/// the outcomes are in the order of `ids`, each with the other events seen meanwhile.
pub async fn finished_each(rx: &mut UnboundedReceiver<ClientEvent>, ids: &[u64]) -> Vec<Outcome> {
    let mut done: Vec<Option<Outcome>> = ids.iter().map(|_| None).collect();
    let mut events = Vec::new();
    let wait = async {
        while done.iter().any(Option::is_none) {
            match rx.recv().await {
                Some(ClientEvent::Finished {
                    id,
                    result,
                    reconciled,
                }) if ids.contains(&id) => {
                    let at = ids.iter().position(|i| *i == id).expect("a waited-for id");
                    assert!(done[at].is_none(), "request {id} finished twice");
                    done[at] = Some(Outcome {
                        id,
                        result,
                        reconciled: reconciled.is_some(),
                        events: std::mem::take(&mut events),
                    });
                }
                Some(other) => events.push(other),
                None => panic!("the client task went away while {ids:?} were in flight"),
            }
        }
    };
    tokio::time::timeout(HANG, wait)
        .await
        .unwrap_or_else(|_| panic!("requests {ids:?} never all finished"));
    done.into_iter().flatten().collect()
}

/// Sends `op` and waits for its result: `(result, reconciled)`.
pub async fn call(
    handle: &ClientHandle,
    rx: &mut UnboundedReceiver<ClientEvent>,
    op: Operation,
) -> (Result<Reply, ApiError>, bool) {
    let outcome = call_events(handle, rx, op).await;
    (outcome.result, outcome.reconciled)
}

/// Sends `op` and waits for its result, keeping the other events seen meanwhile.
pub async fn call_events(
    handle: &ClientHandle,
    rx: &mut UnboundedReceiver<ClientEvent>,
    op: Operation,
) -> Outcome {
    let id = handle.send(op);
    finished(rx, id).await
}

/// A spawned client and its event stream.
pub struct Client {
    pub handle: ClientHandle,
    pub rx: UnboundedReceiver<ClientEvent>,
}

impl Client {
    pub fn spawn(settings: ClientSettings) -> Client {
        Client::spawn_with(settings, Arc::new(MuninX))
    }

    /// A client of another backend (the conformance suite runs each through this).
    pub fn spawn_with(settings: ClientSettings, backend: Arc<dyn Backend>) -> Client {
        let (handle, rx) = spawn(settings, backend).expect("client spawns");
        Client { handle, rx }
    }

    /// A client for `token` with the default test settings.
    pub fn new(sandbox: &RunningSandbox, token: &str) -> Client {
        Client::spawn(settings(&sandbox.base_url(), token))
    }

    pub async fn call(&mut self, op: Operation) -> (Result<Reply, ApiError>, bool) {
        call(&self.handle, &mut self.rx, op).await
    }

    pub async fn run(&mut self, op: Operation) -> Outcome {
        call_events(&self.handle, &mut self.rx, op).await
    }

    /// Sends `op`, which must succeed without reconciliation.
    pub async fn ok(&mut self, op: Operation) -> Reply {
        let label = format!("{op:?}");
        match self.call(op).await {
            (Ok(reply), false) => reply,
            (Ok(reply), true) => panic!("{label}: unexpectedly reconciled: {reply:?}"),
            (Err(err), _) => panic!("{label}: {err} ({err:?})"),
        }
    }

    /// Sends `op`, which must fail; the error.
    pub async fn fails(&mut self, op: Operation) -> ApiError {
        let label = format!("{op:?}");
        match self.call(op).await {
            (Err(err), reconciled) => {
                assert!(!reconciled, "{label}: an error is never reconciled");
                err
            }
            (Ok(reply), _) => panic!("{label}: expected an error, got {reply:?}"),
        }
    }

    /// Anything left in the event queue right now.
    pub fn drain(&mut self) -> Vec<ClientEvent> {
        let mut events = Vec::new();
        while let Ok(event) = self.rx.try_recv() {
            events.push(event);
        }
        events
    }
}

#[allow(unused_imports)]
pub use super::ops::{done, org, orgs, people, person};

/// The HTTP status of a `Rejected` error.
pub fn status_of(err: &ApiError) -> u16 {
    err.status()
        .unwrap_or_else(|| panic!("expected a server answer, got {err} ({err:?})"))
}

/// Reads the sandbox state with a fresh, fault-free view: the admin's organizations.
pub async fn org_names(client: &mut Client) -> Vec<String> {
    orgs(client.ok(super::ops::list_orgs()).await)
        .into_iter()
        .map(|o| o.name)
        .collect()
}

/// A plain reqwest client, for checks the client task does not make.
pub fn http() -> reqwest::Client {
    super::http_client()
}

/// The sandbox numbers every request in `x-request-id`; this asks for the next
/// number (and uses one up), so a test can count the requests made in between.
pub async fn request_counter(base_url: &str) -> u64 {
    request_counter_as(base_url, ADMIN).await
}

/// [`request_counter`], asking as `token` (rate limits count per token).
pub async fn request_counter_as(base_url: &str, token: &str) -> u64 {
    let response = http()
        .get(format!("{base_url}/users/me"))
        .bearer_auth(token)
        .send()
        .await
        .expect("sandbox answers");
    let id = response
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .expect("x-request-id is set")
        .to_owned();
    u64::from_str_radix(id.trim_start_matches("req-"), 16).expect("request id is req-<hex>")
}

/// A directory removed when dropped.
pub fn temp_dir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("orgdeck-client-test-")
        .tempdir()
        .expect("temp dir is created")
}

/// One tracing event the client emitted: its message and the fields that matter here.
#[derive(Debug, Clone, Default)]
pub struct Logged {
    pub message: String,
    pub request: String,
    pub status: Option<u64>,
    pub all: String,
}

#[derive(Default)]
struct Visitor(Logged);

impl tracing::field::Visit for Visitor {
    fn record_u64(&mut self, field: &tracing::field::Field, value: u64) {
        if field.name() == "status" {
            self.0.status = Some(value);
        }
        self.0.all.push_str(&format!(" {}={value}", field.name()));
    }

    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        let text = format!("{value:?}");
        match field.name() {
            "message" => self.0.message = text.clone(),
            "request" => self.0.request = text.clone(),
            _ => {}
        }
        self.0.all.push_str(&format!(" {}={text}", field.name()));
    }
}

/// Every event logged in this test process, with the thread it was logged on.
static LOGGED: Mutex<Vec<(std::thread::ThreadId, Logged)>> = Mutex::new(Vec::new());
static INSTALL: Once = Once::new();

struct Recorder;

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for Recorder {
    fn on_event(
        &self,
        event: &tracing::Event<'_>,
        _ctx: tracing_subscriber::layer::Context<'_, S>,
    ) {
        let mut visitor = Visitor::default();
        event.record(&mut visitor);
        LOGGED
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((std::thread::current().id(), visitor.0));
    }
}

/// The events logged on this thread from now on. A global subscriber (a
/// thread-local one races with callsite interest caching when tests run in
/// parallel); use it with the default current-thread runtime, so the client's task
/// logs on the test's thread.
pub struct Capture {
    thread: std::thread::ThreadId,
    from: usize,
}

impl Capture {
    pub fn start() -> Capture {
        INSTALL.call_once(|| {
            use tracing_subscriber::layer::SubscriberExt;
            tracing::subscriber::set_global_default(tracing_subscriber::registry().with(Recorder))
                .expect("no other global subscriber in this test binary");
        });
        Capture {
            thread: std::thread::current().id(),
            from: LOGGED.lock().unwrap_or_else(|e| e.into_inner()).len(),
        }
    }

    pub fn events(&self) -> Vec<Logged> {
        LOGGED.lock().unwrap_or_else(|e| e.into_inner())[self.from..]
            .iter()
            .filter(|(thread, _)| *thread == self.thread)
            .map(|(_, logged)| logged.clone())
            .collect()
    }
}

/// The first fault seed whose dice start with this pattern, where `true` means the
/// roll falls below `rate` (the fault fires). The sandbox rolls its seeded dice once
/// per in-scope request for each fault with a non-zero rate, so with one such fault
/// this is the sequence of hits and misses the requests meet.
pub fn seed_where(rate: f64, pattern: &[bool]) -> u64 {
    (0..100_000u64)
        .find(|&seed| {
            let mut dice = fastrand::Rng::with_seed(seed);
            pattern.iter().all(|&hit| (dice.f64() < rate) == hit)
        })
        .expect("some seed gives the pattern")
}
