//! The streamed decode of a 100,000-user `GET /users` body (the sandbox's bulk
//! tenant, fetched once over loopback), fed in 16 KiB chunks as it arrives from
//! the network: `api::stream::JsonArrayRows` with `neutral::party_from_json`,
//! the same finding only where elements end (no row decoded), and today's decode
//! of the whole body held in memory (on all cores), for scale.
//!
//! Where elements end was decided here: serde_json reading each element from the
//! bytes buffered so far (35 ms for the 100k body) against a separate boundary
//! scan (53 ms byte by byte, 141 ms with memchr per string), on a shared machine.
//!
//! Run: `cargo bench --bench stream`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use orgdeck::api::model::{Page, Reply};
use orgdeck::api::stream::{JsonArrayRows, RowLimits, RowStream};
use orgdeck::backends::muninx::neutral;

#[path = "support/mod.rs"]
mod support;

const USERS: usize = 100_000;
const ORGS: usize = 5_000;
const CHUNK: usize = 16 << 10;

fn users_body() -> Vec<u8> {
    support::bulk_bodies(USERS, ORGS, &["users"]).remove(0)
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

fn nothing(_: &[u8]) -> Result<(), String> {
    Ok(())
}

fn streamed_decode(c: &mut Criterion) {
    let body = users_body();
    assert_eq!(scan(&body, neutral::party_from_json), USERS as u64);
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
    group.bench_function("json_array_rows", |b| {
        b.iter(|| scan(black_box(&body), neutral::party_from_json))
    });
    group.bench_function("json_array_rows_boundaries_only", |b| {
        b.iter(|| scan(black_box(&body), nothing))
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
