//! The streamed decode of a 100,000-user `GET /users` body (the sandbox's bulk
//! tenant, fetched once over loopback), fed in 16 KiB chunks as it arrives from
//! the network, against the two ways of finding where each element ends:
//!
//! - `scan`: `api::stream::JsonArrayRows`, a boundary scan (memchr over quotes and
//!   backslashes inside strings, a byte test outside them), each element then
//!   decoded once by `neutral::party_from_json`;
//! - `serde_boundaries`: serde_json parses each element from the buffered bytes
//!   (`IgnoredAny`), an EOF meaning "wait for more bytes", then the element is
//!   decoded as above.
//!
//! The `*_only` pair measures the boundaries alone (no row decoded); `whole` is
//! today's decode of the whole body held in memory (on all cores), for scale.
//!
//! Run: `cargo bench --bench stream`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use orgdeck::api::model::{Page, Reply};
use orgdeck::api::stream::{JsonArrayRows, RowLimits, RowStream};
use orgdeck::backends::muninx::neutral;
use orgdeck::backends::muninx::sandbox::{self, BULK_TOKEN, SandboxConfig};
use serde::de::IgnoredAny;

const USERS: usize = 100_000;
const ORGS: usize = 5_000;
const CHUNK: usize = 16 << 10;

fn users_body() -> Vec<u8> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    runtime.block_on(async {
        let running = sandbox::start(SandboxConfig {
            bulk: Some((USERS, ORGS)),
            ..Default::default()
        })
        .await
        .expect("sandbox starts");
        let _ = rustls::crypto::ring::default_provider().install_default();
        let body = reqwest::Client::new()
            .get(format!("{}/users", running.base_url()))
            .bearer_auth(BULK_TOKEN)
            .send()
            .await
            .expect("sandbox answers")
            .bytes()
            .await
            .expect("body")
            .to_vec();
        running.stop().await;
        body
    })
}

/// How many rows the scan decodes from `body` fed in chunks.
fn scan<T: Send>(body: &[u8], decode: fn(&[u8]) -> Result<T, String>) -> u64 {
    let mut rows = JsonArrayRows::new("users", decode, |_| Reply::Unchanged, RowLimits::default());
    for chunk in body.chunks(CHUNK) {
        rows.feed(chunk).expect("the body decodes");
        if rows.ready() >= 16_384 {
            black_box(rows.take());
        }
    }
    rows.finish().expect("the list is whole")
}

/// The same rows, each element's end found by serde_json from the bytes buffered
/// so far. Only the happy path of `{"users": [...]}`: enough to time it.
fn serde_boundaries<T>(body: &[u8], decode: fn(&[u8]) -> Result<T, String>) -> u64 {
    let open = body.iter().position(|&b| b == b'[').expect("a list") + 1;
    let mut buf: Vec<u8> = body[..open].to_vec();
    let mut at = open;
    let mut rows = 0;
    let mut batch = Vec::new();
    for chunk in body[open..].chunks(CHUNK) {
        buf.extend_from_slice(chunk);
        loop {
            while buf
                .get(at)
                .is_some_and(|b| b.is_ascii_whitespace() || *b == b',')
            {
                at += 1;
            }
            if buf.get(at).is_none_or(|b| *b == b']') {
                break;
            }
            let mut element =
                serde_json::Deserializer::from_slice(&buf[at..]).into_iter::<IgnoredAny>();
            match element.next() {
                Some(Ok(_)) => {}
                Some(Err(err)) if err.is_eof() => break,
                other => panic!("{other:?}"),
            }
            let end = at + element.byte_offset();
            // The element is only whole once the byte after it has arrived.
            if end >= buf.len() {
                break;
            }
            batch.push(decode(&buf[at..end]).expect("the element decodes"));
            rows += 1;
            at = end;
        }
        if batch.len() >= 16_384 {
            black_box(std::mem::take(&mut batch));
        }
        buf.drain(..at);
        at = 0;
    }
    rows
}

fn nothing(_: &[u8]) -> Result<(), String> {
    Ok(())
}

fn streamed_decode(c: &mut Criterion) {
    let body = users_body();
    assert_eq!(scan(&body, neutral::party_from_json), USERS as u64);
    assert_eq!(
        serde_boundaries(&body, neutral::party_from_json),
        USERS as u64
    );
    eprintln!(
        "body: {} bytes, {} users, {} bytes a user",
        body.len(),
        USERS,
        body.len() / USERS
    );
    let mut group = c.benchmark_group("stream_100k_users");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(6))
        .throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("scan", |b| {
        b.iter(|| scan(black_box(&body), neutral::party_from_json))
    });
    group.bench_function("serde_boundaries", |b| {
        b.iter(|| serde_boundaries(black_box(&body), neutral::party_from_json))
    });
    group.bench_function("scan_only", |b| b.iter(|| scan(black_box(&body), nothing)));
    group.bench_function("serde_boundaries_only", |b| {
        b.iter(|| serde_boundaries(black_box(&body), nothing))
    });
    group.bench_function("whole", |b| {
        b.iter(|| {
            let people = neutral::decode_parties(black_box(&body)).expect("decodes");
            black_box(Reply::Parties(Page::one(people)))
        })
    });
    group.finish();
}

criterion_group!(benches, streamed_decode);
criterion_main!(benches);
