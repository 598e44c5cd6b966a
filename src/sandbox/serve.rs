//! Serving connections with limits on slow clients. `axum::serve` has no header-read
//! timeout, so 300 clients dripping a byte a minute stayed open for ever and, under a
//! low descriptor limit, starved everyone else. Here each connection gets its headers
//! within `headers` or is closed; a body that stops arriving for `body_stall`, or is
//! not complete `body_total` after its headers (a byte every few seconds never
//! stalls), is answered 408 and the connection closed; and when descriptors run out,
//! connections still waiting for their first head are shed (see `shed`).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use hyper::body::{Frame, SizeHint};
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::time::Sleep;
use tower::ServiceExt;

use super::shed::{self, Waiting};

/// How long the sandbox waits for a slow client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlowClients {
    /// From the start of a request (or of a kept-alive connection's wait for the next
    /// one) until its headers are complete.
    pub headers: Duration,
    /// The longest gap between two pieces of a request body.
    pub body_stall: Duration,
    /// From the end of the headers until the whole body has arrived. Bodies are
    /// capped at 1 MiB, so the default is generous on any link.
    pub body_total: Duration,
    /// Out of descriptors, a connection that has waited this long without a complete
    /// request head is closed to make room for others.
    pub shed_after: Duration,
}

impl Default for SlowClients {
    fn default() -> Self {
        SlowClients {
            headers: Duration::from_secs(10),
            body_stall: Duration::from_secs(30),
            body_total: Duration::from_secs(60),
            shed_after: Duration::from_millis(500),
        }
    }
}

/// Accepts connections until `stopped` resolves, then lets the open ones finish.
pub(super) async fn serve(
    listener: TcpListener,
    router: Router,
    limits: SlowClients,
    stopped: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let router = router.layer(axum::middleware::from_fn_with_state(
        limits,
        limit_slow_bodies,
    ));
    let graceful = GracefulShutdown::new();
    let waiting = Waiting::default();
    let mut stopped = std::pin::pin!(stopped);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(err) => {
                    accept_failed(err, &waiting, limits.shed_after).await;
                    continue;
                }
            },
            () = &mut stopped => break,
        };
        let admitted = Arc::new(waiting.admit());
        let router = router.clone();
        let place = admitted.clone();
        let service = hyper::service::service_fn(move |request: Request<hyper::body::Incoming>| {
            let in_time = place.head_arrived();
            let router = router.clone();
            async move {
                if !in_time {
                    // Shed while its head was being parsed: its task is being aborted,
                    // so this answer is unlikely to go out; none of the request ran.
                    let mut refused = Response::new(Body::empty());
                    *refused.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
                    refused
                        .headers_mut()
                        .insert(header::CONNECTION, HeaderValue::from_static("close"));
                    return Ok(refused);
                }
                router.oneshot(request.map(Body::new)).await
            }
        });
        let connection = http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(limits.headers)
            .serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        let task = tokio::spawn(async move {
            // A client that goes away or times out ends only its own connection.
            let _ = connection.await;
        });
        admitted.attach(task.abort_handle());
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

/// Out of descriptors (or another resource) the listener keeps failing. Shedding
/// the oldest connections still without a request head lets the clients queued
/// behind them in; waiting a moment lets connections close instead of spinning on
/// accept.
async fn accept_failed(err: std::io::Error, waiting: &Waiting, shed_after: Duration) {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if matches!(
        err.kind(),
        ConnectionAborted | ConnectionRefused | ConnectionReset
    ) {
        return;
    }
    if shed::out_of_descriptors(&err) {
        let shed = waiting.shed(shed_after);
        if shed > 0 {
            tracing::warn!(
                cause = %err,
                shed,
                "sandbox: out of descriptors; closed the connections longest without a request head"
            );
            // Their tasks drop the sockets as soon as they are polled again.
            tokio::time::sleep(Duration::from_millis(10)).await;
            return;
        }
    }
    tracing::warn!(cause = %err, "sandbox: accept failed; retrying in a moment");
    tokio::time::sleep(Duration::from_millis(100)).await;
}

/// Wraps the request body so that a stall or an unfinished body ends it with
/// [`BodyTooSlow`], and closes the connection after answering such a request.
async fn limit_slow_bodies(
    State(limits): State<SlowClients>,
    request: Request,
    next: Next,
) -> Response {
    let too_slow = Arc::new(AtomicBool::new(false));
    let guard = too_slow.clone();
    let request = request.map(|body| {
        Body::new(StallGuard {
            inner: body,
            limits,
            stall: Box::pin(tokio::time::sleep(limits.body_stall)),
            whole: Box::pin(tokio::time::sleep(limits.body_total)),
            too_slow: guard,
        })
    });
    let mut response = next.run(request).await;
    if too_slow.load(Ordering::SeqCst) {
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

/// The error a too slow body ends with; `input::read_body` answers it with 408.
#[derive(Debug, thiserror::Error)]
pub enum BodyTooSlow {
    #[error("no part of the request body arrived for {}s", .0.as_secs_f64())]
    Stalled(Duration),
    #[error("the request body was not complete {}s after its headers", .0.as_secs_f64())]
    Unfinished(Duration),
}

struct StallGuard {
    inner: Body,
    limits: SlowClients,
    /// Reset by every frame.
    stall: Pin<Box<Sleep>>,
    /// Never reset: a trickle that never stalls still ends here.
    whole: Pin<Box<Sleep>>,
    too_slow: Arc<AtomicBool>,
}

impl StallGuard {
    fn fail(&self, why: BodyTooSlow) -> Poll<Option<Result<Frame<Bytes>, axum::BoxError>>> {
        self.too_slow.store(true, Ordering::SeqCst);
        Poll::Ready(Some(Err(Box::new(why))))
    }
}

impl HttpBody for StallGuard {
    type Data = Bytes;
    type Error = axum::BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        // Checked before the body, so a steady trickle cannot keep it from firing.
        if self.whole.as_mut().poll(cx).is_ready() {
            return self.fail(BodyTooSlow::Unfinished(self.limits.body_total));
        }
        match Pin::new(&mut self.inner).poll_frame(cx) {
            Poll::Ready(Some(frame)) => {
                let deadline = tokio::time::Instant::now() + self.limits.body_stall;
                self.stall.as_mut().reset(deadline);
                Poll::Ready(Some(frame.map_err(Into::into)))
            }
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => match self.stall.as_mut().poll(cx) {
                Poll::Ready(()) => self.fail(BodyTooSlow::Stalled(self.limits.body_stall)),
                Poll::Pending => Poll::Pending,
            },
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// Whether a body read failed because the body stalled or took too long.
pub(super) fn is_stall(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut next = Some(err);
    while let Some(current) = next {
        if current.is::<BodyTooSlow>() {
            return true;
        }
        next = current.source();
    }
    false
}
