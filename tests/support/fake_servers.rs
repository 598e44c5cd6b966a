//! Hand-made HTTP servers on loopback for what the sandbox cannot do: lose a
//! write's answer entirely (nothing of it arrives), stand as a failing gateway in
//! front of it, answer with a redirect, hold a write unanswered, or hold every request
//! until the test opens a [`Gate`]. Plain threads and blocking sockets, so
//! async and synchronous tests alike can use them; each request is served on a
//! connection of its own (`connection: close`), which keeps the parsing trivial.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError, mpsc};
use std::time::{Duration, Instant};

/// What a [`Proxy`] does with writes (anything but GET and HEAD); reads always pass.
#[derive(Debug, Clone, Copy)]
pub enum Mode {
    /// Passes the write on, waits for the upstream's whole answer (so the write
    /// took effect), then closes the connection: none of the answer arrives.
    LoseWrites,
    /// Passes the write on, then answers this status itself, as a gateway whose
    /// upstream was too slow to answer.
    GatewayAfter(u16),
    /// Answers this status without passing the write on.
    GatewayInstead(u16),
    /// Stands for a server that lacks one endpoint: requests with this method to
    /// this path (`{…}` segments match any one segment) get this status, empty;
    /// every other request passes, reads and writes alike.
    Lacking {
        method: &'static str,
        path: &'static str,
        status: u16,
    },
}

pub struct Proxy {
    addr: SocketAddr,
    writes: Arc<AtomicUsize>,
    requests: Arc<AtomicUsize>,
}

impl Proxy {
    /// A proxy in front of `upstream` (a base URL such as `http://127.0.0.1:1234`).
    pub fn start(upstream: &str, mode: Mode) -> Proxy {
        let upstream = upstream_addr(upstream);
        let writes = Arc::new(AtomicUsize::new(0));
        let requests = Arc::new(AtomicUsize::new(0));
        let counter = writes.clone();
        let all = requests.clone();
        let addr = serve(move |mut client| {
            let Some(request) = read_request(&mut client) else {
                return;
            };
            all.fetch_add(1, Ordering::SeqCst);
            let write = !matches!(request.method.as_str(), "GET" | "HEAD");
            if write {
                counter.fetch_add(1, Ordering::SeqCst);
            }
            match mode {
                Mode::GatewayInstead(status) if write => {
                    let _ = client.write_all(&gateway_page(status));
                    return;
                }
                Mode::Lacking {
                    method,
                    path,
                    status,
                } if request.method == method && path_matches(path, &request.path) => {
                    let head = format!(
                        "HTTP/1.1 {status} Lacking\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                    );
                    let _ = client.write_all(head.as_bytes());
                    return;
                }
                _ => {}
            }
            let answer = forward(upstream, &request.bytes);
            match mode {
                Mode::LoseWrites if write => drop(client),
                Mode::GatewayAfter(status) if write => {
                    let _ = client.write_all(&gateway_page(status));
                }
                _ => {
                    let _ = client.write_all(&answer);
                }
            }
        });
        Proxy {
            addr,
            writes,
            requests,
        }
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Writes that reached the proxy so far.
    pub fn writes(&self) -> usize {
        self.writes.load(Ordering::SeqCst)
    }

    /// Requests of any kind that reached the proxy so far.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

/// Whether a request's path (its query left off) is `pattern`, where a `{…}` segment
/// stands for any one segment.
fn path_matches(pattern: &str, path: &str) -> bool {
    let path = path.split('?').next().unwrap_or_default();
    let wanted: Vec<&str> = pattern.trim_matches('/').split('/').collect();
    let got: Vec<&str> = path.trim_matches('/').split('/').collect();
    wanted.len() == got.len()
        && wanted
            .iter()
            .zip(&got)
            .all(|(w, g)| (w.starts_with('{') && w.ends_with('}')) || w == g)
}

/// A proxy in front of `upstream` that holds every request until the test opens it,
/// and counts the requests that arrived and the answers it passed back. A test can so
/// say "this happened while the server still held the answer" without a clock.
pub struct Gate {
    addr: SocketAddr,
    state: Arc<(Mutex<GateState>, Condvar)>,
}

#[derive(Debug, Default)]
struct GateState {
    open: bool,
    /// The request lines, in the order they arrived.
    arrived: Vec<String>,
    answered: usize,
}

/// How long a held request waits for the gate before it is dropped unanswered, and
/// how long a test waits for the gate's counts: only a guard against a hung test.
const GATE_HANG: Duration = Duration::from_secs(30);

impl Gate {
    pub fn start(upstream: &str) -> Gate {
        let upstream = upstream_addr(upstream);
        let state: Arc<(Mutex<GateState>, Condvar)> = Arc::default();
        let shared = state.clone();
        let addr = serve(move |mut client| {
            let Some(request) = read_request(&mut client) else {
                return;
            };
            let line = String::from_utf8_lossy(&request.bytes)
                .lines()
                .next()
                .unwrap_or_default()
                .to_owned();
            let (lock, changed) = &*shared;
            let mut state = gate_lock(lock);
            state.arrived.push(line);
            changed.notify_all();
            let (state, waited) = changed
                .wait_timeout_while(state, GATE_HANG, |s| !s.open)
                .unwrap_or_else(PoisonError::into_inner);
            drop(state);
            if waited.timed_out() {
                return;
            }
            let answer = forward(upstream, &request.bytes);
            let _ = client.write_all(&answer);
            drop(client);
            gate_lock(lock).answered += 1;
            changed.notify_all();
        });
        Gate { addr, state }
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Lets every held request (and every later one) through.
    pub fn open(&self) {
        gate_lock(&self.state.0).open = true;
        self.state.1.notify_all();
    }

    pub fn is_open(&self) -> bool {
        gate_lock(&self.state.0).open
    }

    /// The request lines that arrived so far.
    pub fn arrived(&self) -> Vec<String> {
        gate_lock(&self.state.0).arrived.clone()
    }

    /// Answers passed back so far.
    pub fn answered(&self) -> usize {
        gate_lock(&self.state.0).answered
    }

    /// Blocks until `ready` holds for (arrived request lines, answers passed back).
    pub fn wait(&self, what: &str, ready: impl Fn(&[String], usize) -> bool) {
        let (lock, changed) = &*self.state;
        let state = gate_lock(lock);
        let (state, waited) = changed
            .wait_timeout_while(state, GATE_HANG, |s| !ready(&s.arrived, s.answered))
            .unwrap_or_else(PoisonError::into_inner);
        assert!(!waited.timed_out(), "the gate never saw {what}: {state:?}");
    }

    /// [`Gate::wait`] for async tests: it yields to the runtime between looks, so the
    /// client task on the same thread can make progress.
    pub async fn until(&self, what: &str, ready: impl Fn(&[String], usize) -> bool) {
        let deadline = Instant::now() + GATE_HANG;
        loop {
            {
                let state = gate_lock(&self.state.0);
                if ready(&state.arrived, state.answered) {
                    return;
                }
                assert!(
                    Instant::now() < deadline,
                    "the gate never saw {what}: {state:?}"
                );
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
}

impl Gate {
    /// Waits until every request that arrived has had its answer passed back (after
    /// [`Gate::open`]).
    pub async fn until_all_answered(&self) {
        self.until("every held request answered", |arrived, answered| {
            answered == arrived.len()
        })
        .await;
    }
}

/// A proxy in front of `upstream` that passes reads straight through and holds
/// each write until the test says what becomes of it: sent on to the server with
/// its answer thrown away (`forward`), or dropped unsent (`drop_writes`). Either
/// way the client never hears back, as when it is killed mid-submit.
pub struct WriteGate {
    addr: SocketAddr,
    state: Arc<(Mutex<WriteGateState>, Condvar)>,
}

#[derive(Debug, Default)]
struct WriteGateState {
    /// The request lines of the writes held so far.
    held: Vec<String>,
    /// What to do with held writes: None while they wait.
    forward: Option<bool>,
    /// Writes passed on to the server, and writes dropped unsent.
    forwarded: usize,
    dropped: usize,
}

impl WriteGate {
    pub fn start(upstream: &str) -> WriteGate {
        let upstream = upstream_addr(upstream);
        let state: Arc<(Mutex<WriteGateState>, Condvar)> = Arc::default();
        let shared = state.clone();
        let addr = serve(move |mut client| {
            let Some(request) = read_request(&mut client) else {
                return;
            };
            if matches!(request.method.as_str(), "GET" | "HEAD") {
                let _ = client.write_all(&forward(upstream, &request.bytes));
                return;
            }
            let (lock, changed) = &*shared;
            let mut state = lock.lock().unwrap_or_else(PoisonError::into_inner);
            let line = String::from_utf8_lossy(&request.bytes)
                .lines()
                .next()
                .unwrap_or_default()
                .to_owned();
            state.held.push(line);
            changed.notify_all();
            let (mut state, waited) = changed
                .wait_timeout_while(state, GATE_HANG, |s| s.forward.is_none())
                .unwrap_or_else(PoisonError::into_inner);
            if waited.timed_out() || state.forward != Some(true) {
                state.dropped += 1;
                changed.notify_all();
                return;
            }
            drop(state);
            // The answer goes nowhere: the client that asked is gone.
            let _ = forward(upstream, &request.bytes);
            state = lock.lock().unwrap_or_else(PoisonError::into_inner);
            state.forwarded += 1;
            changed.notify_all();
        });
        WriteGate { addr, state }
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Blocks until `count` writes are held.
    pub fn wait_held(&self, count: usize) -> Vec<String> {
        let (lock, changed) = &*self.state;
        let state = lock.lock().unwrap_or_else(PoisonError::into_inner);
        let (state, waited) = changed
            .wait_timeout_while(state, GATE_HANG, |s| s.held.len() < count)
            .unwrap_or_else(PoisonError::into_inner);
        assert!(
            !waited.timed_out(),
            "{count} writes never arrived: {state:?}"
        );
        state.held.clone()
    }

    /// Sends every held write (and each later one) on to the server, and blocks
    /// until those held so far have reached it and been answered there (or were
    /// dropped before).
    pub fn forward(&self) {
        let (lock, changed) = &*self.state;
        let mut state = lock.lock().unwrap_or_else(PoisonError::into_inner);
        state.forward = Some(true);
        changed.notify_all();
        let held = state.held.len();
        let (state, waited) = changed
            .wait_timeout_while(state, GATE_HANG, |s| s.forwarded + s.dropped < held)
            .unwrap_or_else(PoisonError::into_inner);
        assert!(
            !waited.timed_out(),
            "the held writes never reached the server: {state:?}"
        );
    }

    /// Drops every held write (and each later one, until `forward`) unsent, and
    /// blocks until those held so far are gone.
    pub fn drop_writes(&self) {
        let (lock, changed) = &*self.state;
        let mut state = lock.lock().unwrap_or_else(PoisonError::into_inner);
        state.forward = Some(false);
        changed.notify_all();
        let held = state.held.len();
        let (state, waited) = changed
            .wait_timeout_while(state, GATE_HANG, |s| s.dropped < held)
            .unwrap_or_else(PoisonError::into_inner);
        assert!(
            !waited.timed_out(),
            "the held writes were never dropped: {state:?}"
        );
    }
}

fn gate_lock(lock: &Mutex<GateState>) -> MutexGuard<'_, GateState> {
    lock.lock().unwrap_or_else(PoisonError::into_inner)
}

fn upstream_addr(upstream: &str) -> SocketAddr {
    upstream
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .parse()
        .expect("the upstream is http://ip:port")
}

/// A server that answers every request with `status` and `Location: location`
/// (none when `location` is empty).
pub fn redirecting(status: u16, location: &str) -> String {
    redirecting_if(status, location, |_| true)
}

/// Like `redirecting`, but only writes are redirected; reads (such as the one a
/// write is preceded by) get an empty 404, so the write itself goes out.
pub fn redirecting_writes(status: u16, location: &str) -> String {
    redirecting_if(status, location, |method| method != "GET")
}

fn redirecting_if(
    status: u16,
    location: &str,
    redirects: impl Fn(&str) -> bool + Send + Sync + 'static,
) -> String {
    let location = location.to_owned();
    let addr = serve(move |mut client| {
        let Some(request) = read_request(&mut client) else {
            return;
        };
        if !redirects(&request.method) {
            let _ = client.write_all(
                b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
            );
            return;
        }
        let location = if location.is_empty() {
            String::new()
        } else {
            format!("location: {location}\r\n")
        };
        let head = format!(
            "HTTP/1.1 {status} Redirect\r\n{location}content-length: 0\r\nconnection: close\r\n\r\n"
        );
        let _ = client.write_all(head.as_bytes());
    });
    format!("http://{addr}")
}

/// A server that answers every read with an empty list and holds every write
/// unanswered until the client goes away, so a write stays in flight for as long as
/// a test needs. Each request (its request line first) is sent on the channel as it
/// arrives; reads must be answered, since a write is preceded by one.
pub fn holding_writes() -> (String, mpsc::Receiver<String>) {
    let (arrived, heads) = mpsc::channel();
    let arrived = Mutex::new(arrived);
    let addr = serve(move |mut client| {
        let Some(request) = read_request(&mut client) else {
            return;
        };
        let text = String::from_utf8_lossy(&request.bytes).into_owned();
        let _ = arrived.lock().unwrap().send(text);
        if request.method == "GET" {
            let _ = client.write_all(
                b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n[]",
            );
            return;
        }
        let _ = client.set_read_timeout(None);
        let _ = client.read_to_end(&mut Vec::new());
    });
    (format!("http://{addr}"), heads)
}

/// A server that counts the requests it gets and answers each with a user, as
/// another tenant's server would: nothing may ever reach it.
pub struct Recorder {
    addr: SocketAddr,
    hits: Arc<AtomicUsize>,
}

impl Recorder {
    pub fn start() -> Recorder {
        let hits = Arc::new(AtomicUsize::new(0));
        let counter = hits.clone();
        let addr = serve(move |mut client| {
            if read_request(&mut client).is_none() {
                return;
            }
            counter.fetch_add(1, Ordering::SeqCst);
            let body = r#"{"email":"mallory@elsewhere.example","name":"Mallory","last-name":"Foreign","type":"admin","status":"active","auto-assign-tickets":false,"created-at":"2026-01-01T00:00:00Z"}"#;
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            );
            let _ = client.write_all(head.as_bytes());
            let _ = client.write_all(body.as_bytes());
        });
        Recorder { addr, hits }
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}

/// Accepts connections on a free loopback port, each handled on its own thread.
/// The threads live as long as the test process.
fn serve(handle: impl Fn(TcpStream) + Send + Sync + 'static) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free loopback port");
    let addr = listener.local_addr().expect("its address");
    let handle = Arc::new(handle);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let handle = handle.clone();
            std::thread::spawn(move || {
                let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
                handle(stream);
            });
        }
    });
    addr
}

struct Request {
    method: String,
    /// The request target as sent: the path and any query.
    path: String,
    /// The whole request, rewritten to ask for `connection: close`.
    bytes: Vec<u8>,
}

/// One request off the wire: its head up to and with the blank line, then its
/// `content-length` bytes of body. None when the peer closes first.
pub fn read_raw_request(stream: &mut TcpStream) -> Option<(String, Vec<u8>)> {
    let mut data = Vec::new();
    let mut buf = [0u8; 8192];
    let head_end = loop {
        if let Some(at) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        let n = stream.read(&mut buf).ok()?;
        if n == 0 {
            return None;
        }
        data.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
    let length: usize = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())
                .flatten()
        })
        .unwrap_or(0);
    while data.len() < head_end + length {
        let n = stream.read(&mut buf).ok()?;
        if n == 0 {
            return None;
        }
        data.extend_from_slice(&buf[..n]);
    }
    data.truncate(head_end + length);
    Some((head, data.split_off(head_end)))
}

/// One request, rewritten to close its connection after the answer.
fn read_request(stream: &mut TcpStream) -> Option<Request> {
    let (head, body) = read_raw_request(stream)?;
    let method = head.split(' ').next().unwrap_or("").to_owned();
    let path = head.split(' ').nth(1).unwrap_or("").to_owned();
    let first_line = head.find("\r\n").map_or(0, |at| at + 2);
    let kept: String = head[first_line..]
        .split("\r\n")
        .filter(|line| {
            !line
                .split(':')
                .next()
                .is_some_and(|name| name.eq_ignore_ascii_case("connection"))
        })
        .collect::<Vec<_>>()
        .join("\r\n");
    let mut bytes = head.as_bytes()[..first_line].to_vec();
    bytes.extend_from_slice(b"connection: close\r\n");
    bytes.extend_from_slice(kept.as_bytes());
    bytes.extend_from_slice(&body);
    Some(Request {
        method,
        path,
        bytes,
    })
}

/// Sends `request` upstream and reads its answer to the end (the upstream closes
/// after it, as asked); whatever arrived if the upstream broke off.
fn forward(upstream: SocketAddr, request: &[u8]) -> Vec<u8> {
    let mut answer = Vec::new();
    if let Ok(mut up) = TcpStream::connect(upstream) {
        let _ = up.set_read_timeout(Some(Duration::from_secs(10)));
        if up.write_all(request).is_ok() {
            let _ = up.read_to_end(&mut answer);
        }
    }
    answer
}

fn gateway_page(status: u16) -> Vec<u8> {
    let body = format!("<html><body><h1>{status} Gateway error</h1></body></html>\n");
    format!(
        "HTTP/1.1 {status} Gateway error\r\ncontent-type: text/html\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}
