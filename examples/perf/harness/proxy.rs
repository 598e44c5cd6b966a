//! A byte-counting TCP proxy between the console and a sandbox, so that what a
//! refresh costs on the wire can be measured exactly.
//!
//! Every byte is counted per connection and per HTTP exchange. The client
//! (reqwest/hyper over HTTP/1.1) never pipelines: on one connection the next request
//! is sent only after the previous response has been read, so bytes from the client
//! that arrive after response bytes start a new exchange, and its first line is the
//! request line (`GET /users HTTP/1.1`). Response bytes belong to the current exchange;
//! its first line is the status line.
//!
//! Built on tokio's readiness API (`readable`/`try_read`), which needs only the
//! `net` feature the crate already enables.

use std::io::ErrorKind;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};
use tokio::runtime::Runtime;

/// One request and its response on one connection.
#[derive(Debug, Clone)]
pub struct Exchange {
    pub connection: usize,
    /// The request line, e.g. `GET /users HTTP/1.1` (as much of it as has arrived).
    pub request: String,
    /// The response's status line, e.g. `HTTP/1.1 304 Not Modified`.
    pub status: String,
    /// Bytes from the client to the server.
    pub up: u64,
    /// Bytes from the server to the client.
    pub down: u64,
}

impl Exchange {
    pub fn total(&self) -> u64 {
        self.up + self.down
    }

    /// The request's path, without the query.
    pub fn path(&self) -> &str {
        let target = self.request.split_whitespace().nth(1).unwrap_or("");
        target.split('?').next().unwrap_or(target)
    }

    /// The response's status code, when its status line has arrived.
    pub fn status_code(&self) -> Option<u16> {
        self.status.split_whitespace().nth(1)?.parse().ok()
    }
}

#[derive(Debug, Default)]
struct Connection {
    /// The exchange now under way, as an index into `Stats::exchanges`.
    current: Option<usize>,
    /// Whether response bytes have come since the current exchange started.
    answered: bool,
}

#[derive(Debug, Default)]
struct Stats {
    connections: Vec<Connection>,
    exchanges: Vec<Exchange>,
    up: u64,
    down: u64,
    last_activity: Option<Instant>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Up,
    Down,
}

fn first_line(bytes: &[u8]) -> String {
    let end = bytes
        .iter()
        .position(|&b| b == b'\r' || b == b'\n')
        .unwrap_or(bytes.len())
        .min(300);
    String::from_utf8_lossy(&bytes[..end]).into_owned()
}

impl Stats {
    fn record(&mut self, connection: usize, direction: Direction, bytes: &[u8]) {
        let now = Instant::now();
        let n = bytes.len() as u64;
        self.last_activity = Some(now);
        let conn = &mut self.connections[connection];
        match direction {
            Direction::Up => {
                self.up += n;
                let index = match conn.current {
                    Some(index) if !conn.answered => index,
                    _ => {
                        self.exchanges.push(Exchange {
                            connection,
                            request: first_line(bytes),
                            status: String::new(),
                            up: 0,
                            down: 0,
                        });
                        conn.current = Some(self.exchanges.len() - 1);
                        conn.answered = false;
                        self.exchanges.len() - 1
                    }
                };
                self.exchanges[index].up += n;
            }
            Direction::Down => {
                self.down += n;
                let index = match conn.current {
                    Some(index) => index,
                    // Bytes from the server before any request: count them apart.
                    None => {
                        self.exchanges.push(Exchange {
                            connection,
                            request: "(none)".into(),
                            status: String::new(),
                            up: 0,
                            down: 0,
                        });
                        conn.current = Some(self.exchanges.len() - 1);
                        self.exchanges.len() - 1
                    }
                };
                conn.answered = true;
                let exchange = &mut self.exchanges[index];
                if exchange.down == 0 {
                    exchange.status = first_line(bytes);
                }
                exchange.down += n;
            }
        }
    }
}

/// What the proxy has carried so far.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub exchanges: Vec<Exchange>,
    pub up: u64,
    pub down: u64,
    pub last_activity: Option<Instant>,
}

/// A listening proxy; it lives as long as the runtime it was started on.
pub struct Proxy {
    pub addr: SocketAddr,
    stats: Arc<Mutex<Stats>>,
}

fn lock(stats: &Mutex<Stats>) -> MutexGuard<'_, Stats> {
    stats.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Proxy {
    /// Listens on a free loopback port and forwards every connection to `upstream`.
    pub fn start(runtime: &Runtime, upstream: SocketAddr) -> Result<Proxy, String> {
        Proxy::start_with(runtime, upstream, None)
    }

    /// Like [`Proxy::start`], with answers limited to `bytes_per_second` on each
    /// connection: a slow link between the console and the server.
    pub fn start_link(
        runtime: &Runtime,
        upstream: SocketAddr,
        bytes_per_second: u64,
    ) -> Result<Proxy, String> {
        Proxy::start_with(runtime, upstream, Some(bytes_per_second.max(1)))
    }

    fn start_with(
        runtime: &Runtime,
        upstream: SocketAddr,
        down_rate: Option<u64>,
    ) -> Result<Proxy, String> {
        let listener = std::net::TcpListener::bind("127.0.0.1:0")
            .map_err(|err| format!("the proxy cannot listen: {err}"))?;
        listener
            .set_nonblocking(true)
            .map_err(|err| format!("the proxy cannot listen: {err}"))?;
        let addr = listener
            .local_addr()
            .map_err(|err| format!("the proxy has no address: {err}"))?;
        let listener = {
            let _entered = runtime.enter();
            TcpListener::from_std(listener)
                .map_err(|err| format!("the proxy cannot listen: {err}"))?
        };
        let stats = Arc::new(Mutex::new(Stats::default()));
        runtime.spawn(accept(listener, upstream, stats.clone(), down_rate));
        Ok(Proxy { addr, stats })
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn snapshot(&self) -> Snapshot {
        let stats = lock(&self.stats);
        Snapshot {
            exchanges: stats.exchanges.clone(),
            up: stats.up,
            down: stats.down,
            last_activity: stats.last_activity,
        }
    }
}

async fn accept(
    listener: TcpListener,
    upstream: SocketAddr,
    stats: Arc<Mutex<Stats>>,
    down_rate: Option<u64>,
) {
    loop {
        let Ok((client, _)) = listener.accept().await else {
            continue;
        };
        let stats = stats.clone();
        tokio::spawn(async move {
            let Ok(server) = TcpStream::connect(upstream).await else {
                return; // dropping `client` closes it: the console sees a reset
            };
            // Small writes must not wait for Nagle's algorithm.
            let _ = client.set_nodelay(true);
            let _ = server.set_nodelay(true);
            let connection = {
                let mut stats = lock(&stats);
                stats.connections.push(Connection::default());
                stats.connections.len() - 1
            };
            let (client_read, client_write) = client.into_split();
            let (server_read, server_write) = server.into_split();
            let up = tokio::spawn(pump(
                client_read,
                server_write,
                Direction::Up,
                connection,
                stats.clone(),
                None,
            ));
            pump(
                server_read,
                client_write,
                Direction::Down,
                connection,
                stats,
                down_rate,
            )
            .await;
            let _ = up.await;
        });
    }
}

/// How long a paced link must carry nothing before it stops catching up on lateness.
const LINK_IDLE: Duration = Duration::from_millis(20);

/// Copies one direction until end of stream or an error; dropping the write half then
/// shuts down that side, which passes the end of stream on. With a `rate` (bytes per
/// second) each piece is passed on only once a link of that speed would have carried
/// it; time the link stood idle is not saved up.
async fn pump(
    from: OwnedReadHalf,
    to: OwnedWriteHalf,
    direction: Direction,
    connection: usize,
    stats: Arc<Mutex<Stats>>,
    rate: Option<u64>,
) {
    // Pieces of a paced link stay small so that the bytes arrive in a steady stream.
    let mut buf = vec![0u8; if rate.is_some() { 16 * 1024 } else { 64 * 1024 }];
    let mut link_free_at = tokio::time::Instant::now();
    loop {
        if from.readable().await.is_err() {
            return;
        }
        let n = match from.try_read(&mut buf) {
            Ok(0) => return,
            Ok(n) => n,
            Err(err) if err.kind() == ErrorKind::WouldBlock => continue,
            Err(_) => return,
        };
        // Counted before it is passed on, so a request that answers it is seen after.
        lock(&stats).record(connection, direction, &buf[..n]);
        if let Some(rate) = rate {
            // A timer that wakes late is made up for by the next pieces; only a link
            // that really stood idle starts afresh.
            let now = tokio::time::Instant::now();
            let start = if now > link_free_at + LINK_IDLE {
                now
            } else {
                link_free_at
            };
            link_free_at = start + Duration::from_secs_f64(n as f64 / rate as f64);
            tokio::time::sleep_until(link_free_at).await;
        }
        let mut written = 0;
        while written < n {
            if to.writable().await.is_err() {
                return;
            }
            match to.try_write(&buf[written..n]) {
                Ok(k) => written += k,
                Err(err) if err.kind() == ErrorKind::WouldBlock => continue,
                Err(_) => return,
            }
        }
    }
}
