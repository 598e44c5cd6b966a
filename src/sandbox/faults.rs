//! Fault injection for testing clients (latency, 500s, rate limits, dropped
//! connections, garbled bodies, HTML error pages), plus the layers that make sure
//! every error leaves in the vendor's error shape unless a fault says otherwise.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use axum::Router;

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;

use super::error::{ErrorStyle, Refusal, answer};

/// Which requests the error, drop and garble faults may hit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum FaultScope {
    #[default]
    All,
    /// GET and HEAD only.
    Reads,
    /// Everything but GET and HEAD: lets a test lose a write's answer while the
    /// re-read that reconciles it goes through.
    Writes,
}

impl FaultScope {
    fn covers(self, method: &Method) -> bool {
        let read = matches!(*method, Method::GET | Method::HEAD);
        match self {
            FaultScope::All => true,
            FaultScope::Reads => read,
            FaultScope::Writes => !read,
        }
    }
}

/// What to inject, per run. Rates are fractions from 0 to 1.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Faults {
    pub latency_ms: u64,
    pub jitter_ms: u64,
    pub error_rate: f64,
    /// Requests per second per token before 429.
    pub rate_limit: Option<u32>,
    pub drop_rate: f64,
    pub garble_rate: f64,
    pub html_errors: bool,
    pub scope: FaultScope,
    /// Seeds the dice, so a run with faults can be repeated exactly.
    pub seed: Option<u64>,
}

impl Faults {
    pub fn any(&self) -> bool {
        self.latency_ms > 0
            || self.jitter_ms > 0
            || self.error_rate > 0.0
            || self.rate_limit.is_some()
            || self.drop_rate > 0.0
            || self.garble_rate > 0.0
            || self.html_errors
    }
}

/// Fixed one-second windows per token: simple, and `Retry-After` is exact.
#[derive(Debug, Default)]
pub struct RateWindows {
    windows: HashMap<String, (Instant, u32)>,
}

impl RateWindows {
    /// Counts a request; `Some(seconds)` when it is over the limit.
    pub fn hit(&mut self, key: &str, limit: u32, now: Instant) -> Option<u64> {
        if self.windows.len() > 10_000 {
            self.windows
                .retain(|_, (start, _)| now.duration_since(*start) < Duration::from_secs(1));
        }
        let entry = self.windows.entry(key.to_owned()).or_insert((now, 0));
        if now.duration_since(entry.0) >= Duration::from_secs(1) {
            *entry = (now, 0);
        }
        if entry.1 >= limit {
            let left = Duration::from_secs(1).saturating_sub(now.duration_since(entry.0));
            return Some(left.as_secs_f64().ceil().max(1.0) as u64);
        }
        entry.1 += 1;
        None
    }
}

/// What the fault layers share: the faults, their dice, the rate windows, the
/// request counter and the vendor's error style.
pub struct Kit {
    faults: Faults,
    dice: Mutex<fastrand::Rng>,
    rate_windows: Mutex<RateWindows>,
    request_counter: AtomicU64,
    style: Arc<dyn ErrorStyle>,
}

impl Kit {
    fn new(faults: Faults, style: Arc<dyn ErrorStyle>) -> Self {
        let dice = match faults.seed {
            Some(seed) => fastrand::Rng::with_seed(seed),
            None => fastrand::Rng::new(),
        };
        Kit {
            faults,
            dice: Mutex::new(dice),
            rate_windows: Mutex::new(RateWindows::default()),
            request_counter: AtomicU64::new(1),
            style,
        }
    }

    fn refuse(&self, refusal: Refusal) -> Response {
        answer(self.style.as_ref(), refusal)
    }

    fn rate_windows(&self) -> MutexGuard<'_, RateWindows> {
        self.rate_windows
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn next_request_id(&self) -> u64 {
        self.request_counter.fetch_add(1, Ordering::Relaxed)
    }

    fn roll(&self, rate: f64) -> bool {
        rate > 0.0
            && self
                .dice
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .f64()
                < rate
    }

    fn latency(&self) -> Duration {
        let Faults {
            latency_ms,
            jitter_ms,
            ..
        } = self.faults;
        if jitter_ms == 0 {
            return Duration::from_millis(latency_ms);
        }
        let spread = self
            .dice
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .u64(0..=jitter_ms * 2);
        Duration::from_millis((latency_ms + spread).saturating_sub(jitter_ms))
    }
}

/// Wraps a vendor's router in the kit's layers: panics become 500s, faults are
/// injected, every error leaves in `style`, HTML error pages on demand, and each
/// answer carries a request id.
pub fn layers(router: Router, faults: Faults, style: Arc<dyn ErrorStyle>) -> Router {
    let kit = Arc::new(Kit::new(faults, style));
    let on_panic = kit.clone();
    router
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            move |_: Box<dyn std::any::Any + Send + 'static>| panic_answer(&on_panic),
        ))
        .layer(axum::middleware::from_fn_with_state(kit.clone(), inject))
        .layer(axum::middleware::from_fn_with_state(
            kit.clone(),
            errors_everywhere,
        ))
        .layer(axum::middleware::from_fn_with_state(
            kit.clone(),
            html_errors,
        ))
        .layer(axum::middleware::from_fn_with_state(kit, request_ids))
}

async fn inject(State(app): State<Arc<Kit>>, request: Request, next: Next) -> Response {
    let faults = &app.faults;
    if let Some(limit) = faults.rate_limit {
        let key = request
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("anonymous")
            .to_owned();
        if let Some(wait) = app.rate_windows().hit(&key, limit, Instant::now()) {
            return app.refuse(Refusal::rate_limited(wait));
        }
    }
    let delay = app.latency();
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let in_scope = faults.scope.covers(request.method());
    if in_scope && app.roll(faults.error_rate) {
        return app.refuse(Refusal::server_error(
            "injected fault (--error-rate): try again",
        ));
    }
    let response = next.run(request).await;
    if in_scope && app.roll(faults.drop_rate) {
        return cut_short(response).await;
    }
    if in_scope && app.roll(faults.garble_rate) {
        return garble(response).await;
    }
    response
}

/// The first piece of a body: all of an answer built whole, the first part of a
/// streamed list. Faults cut and garble within it, so they never make the sandbox
/// hold a long list's whole body.
async fn first_piece(body: Body) -> Bytes {
    let mut data = body.into_data_stream();
    data.next().await.and_then(Result::ok).unwrap_or_default()
}

/// Sends the head and part of the body, then fails the stream so the server closes
/// the connection mid-response, as a flaky link or a crashed proxy would.
async fn cut_short(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let whole = HttpBody::size_hint(&body).exact();
    let bytes = first_piece(body).await;
    let half = bytes.slice(..bytes.len() / 2);
    // The client is promised the whole body, and gets half of it (a streamed list
    // promises none: its chunked answer just stops).
    match whole {
        Some(length) => parts
            .headers
            .insert(header::CONTENT_LENGTH, HeaderValue::from(length.max(1))),
        None => parts.headers.remove(header::CONTENT_LENGTH),
    };
    // The error comes a moment later: failing at once would abort before hyper
    // writes anything, and the client would never see the partial answer.
    let chunks = futures_util::stream::iter([Some(half), None]).then(|chunk| async move {
        match chunk {
            Some(bytes) => Ok(bytes),
            None => {
                tokio::time::sleep(Duration::from_millis(5)).await;
                Err(std::io::Error::new(
                    std::io::ErrorKind::ConnectionReset,
                    "injected fault (--drop-rate)",
                ))
            }
        }
    });
    Response::from_parts(parts, Body::from_stream(chunks))
}

/// Keeps status and headers but truncates the body into invalid JSON.
async fn garble(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = first_piece(body).await;
    let mut garbled = bytes.slice(..bytes.len() / 2).to_vec();
    garbled.extend_from_slice(b"\x00{\"garbled");
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(garbled))
}

/// Turns any error that is not already in the vendor's style (framework rejections,
/// 405s, anything unforeseen) into one, so clients meet a single error shape.
async fn errors_everywhere(State(app): State<Arc<Kit>>, request: Request, next: Next) -> Response {
    if has_malformed_escape(request.uri().path()) {
        return app.refuse(Refusal::bad_request(
            "the path has a malformed percent-escape (% must be followed by two hex digits)",
        ));
    }
    let method = request.method().clone();
    let response = next.run(request).await;
    let status = response.status();
    let styled = app.style.is_styled(response.headers());
    if !(status.is_client_error() || status.is_server_error()) || styled {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, 4096).await.unwrap_or_default();
    let text = String::from_utf8_lossy(&text).trim().to_owned();
    let mut refusal = match status {
        StatusCode::METHOD_NOT_ALLOWED => Refusal::method_not_allowed(format!(
            "{method} is not offered on this path; the Allow header lists what is"
        )),
        StatusCode::PAYLOAD_TOO_LARGE => Refusal::too_large(super::input::MAX_BODY_BYTES),
        status if status.is_server_error() => Refusal::server_error(text),
        _ => Refusal::bad_request(if text.is_empty() {
            status
                .canonical_reason()
                .unwrap_or("bad request")
                .to_owned()
        } else {
            text
        }),
    };
    refusal.status = status;
    let mut answer = app.refuse(refusal);
    if let Some(allow) = parts.headers.get(header::ALLOW) {
        answer.headers_mut().insert(header::ALLOW, allow.clone());
    }
    answer
}

/// The router would take `%ZZ` literally and answer 404 for a path the client
/// simply wrote wrong.
fn has_malformed_escape(path: &str) -> bool {
    let bytes = path.as_bytes();
    bytes.iter().enumerate().any(|(i, b)| {
        *b == b'%'
            && !(bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
    })
}

/// Every answer carries `x-request-id`, as production APIs do, so operators can
/// quote it and the audit trail can record it.
async fn request_ids(State(app): State<Arc<Kit>>, request: Request, next: Next) -> Response {
    let id = app.next_request_id();
    let mut response = next.run(request).await;
    if let Ok(value) = HeaderValue::from_str(&format!("req-{id:08x}")) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}

/// `--html-errors`: 5xx leave as an HTML page, the way a broken proxy answers.
async fn html_errors(State(app): State<Arc<Kit>>, request: Request, next: Next) -> Response {
    let head = request.method() == Method::HEAD;
    let response = next.run(request).await;
    if !app.faults.html_errors || !response.status().is_server_error() || head {
        return response;
    }
    let status = response.status();
    let reason = status.canonical_reason().unwrap_or("Error");
    let page = format!(
        "<!DOCTYPE html>\n<html><head><title>{code} {reason}</title></head>\n<body>\n<center><h1>{code} {reason}</h1></center>\n<hr><center>nginx</center>\n</body></html>\n",
        code = status.as_u16()
    );
    (
        status,
        [(header::CONTENT_TYPE, HeaderValue::from_static("text/html"))],
        page,
    )
        .into_response()
}

/// A panic inside a handler becomes a 500 instead of a dropped connection.
fn panic_answer(kit: &Kit) -> Response {
    kit.refuse(Refusal::server_error(
        "the sandbox hit an internal error; nothing was changed",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_escapes_are_found() {
        assert!(has_malformed_escape("/users/%ZZ"));
        assert!(has_malformed_escape("/orgs/co-%4"));
        assert!(!has_malformed_escape("/users/jane.doe%40acme-ltd.com"));
    }

    #[test]
    fn rate_windows_limit_per_key_and_reset_each_second() {
        let mut windows = RateWindows::default();
        let start = Instant::now();
        assert_eq!(windows.hit("a", 2, start), None);
        assert_eq!(windows.hit("a", 2, start), None);
        assert_eq!(windows.hit("a", 2, start), Some(1));
        assert_eq!(windows.hit("b", 2, start), None);
        assert_eq!(
            windows.hit("a", 2, start + Duration::from_millis(1001)),
            None
        );
    }
}
