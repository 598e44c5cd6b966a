//! The streamed decode of a 100,000-user `GET /users` body (the sandbox's bulk
//! tenant, fetched once over loopback), fed in 16 KiB chunks as it arrives from
//! the network: `api::stream::JsonArrayRows` with `neutral::party_leading`,
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
use orgdeck::api::stream::{JsonArrayRows, LeadingDecode, RowLimits, RowStream, leading};
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
fn scan<T: Send>(body: &[u8], decode: LeadingDecode<T>) -> u64 {
    let mut rows = JsonArrayRows::new("users", decode, |_| Reply::Unchanged, RowLimits::default());
    for chunk in body.chunks(CHUNK) {
        rows.feed(chunk).expect("the body decodes");
        if rows.ready() >= 16_384 {
            black_box(rows.take());
        }
    }
    rows.finish().expect("the list is whole")
}

/// Each element's end alone, nothing decoded.
fn boundaries(bytes: &[u8]) -> Result<Option<((), usize)>, String> {
    Ok(leading::<serde::de::IgnoredAny>(bytes)?.map(|(_, used)| ((), used)))
}

/// Each element parsed as a user, no record packed.
fn parsed_only(bytes: &[u8]) -> Result<Option<((), usize)>, String> {
    let user = leading::<orgdeck::backends::muninx::wire::UserRef<'_>>(bytes)?;
    Ok(user.map(|(user, used)| {
        black_box(&user);
        ((), used)
    }))
}

fn streamed_decode(c: &mut Criterion) {
    let body = users_body();
    assert_eq!(scan(&body, neutral::party_leading), USERS as u64);
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
        b.iter(|| scan(black_box(&body), neutral::party_leading))
    });
    group.bench_function("json_array_rows_boundaries_only", |b| {
        b.iter(|| scan(black_box(&body), boundaries))
    });
    group.bench_function("json_array_rows_parsed_only", |b| {
        b.iter(|| scan(black_box(&body), parsed_only))
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
