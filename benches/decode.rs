//! What one MuninX user costs the console: the bytes and allocations a decoded
//! party holds (counted by the allocator, malloc's rounding included), and how
//! fast `GET /users`'s elements decode with serde_json, sonic-rs and simd-json,
//! side by side on the same body.
//!
//! The body is the bulk sandbox's 100k-user answer: read from the file
//! `ORGDECK_USERS_BODY` names (saved with curl from `orgdeck sandbox --users
//! 100000`), else fetched once from an embedded sandbox of that size.
//!
//! Run: `cargo bench --bench decode --features compare-parsers` (the figures per party print first).

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group};
use orgdeck::api::model::Party;
use orgdeck::backends::muninx::neutral::{self, decode_parties, party_from_json};

#[path = "support/mod.rs"]
mod support;
use orgdeck::backends::muninx::wire;

const USERS: usize = 100_000;
const ORGS: usize = 5_000;

// ------------------------------------------------------------ counting memory

/// Counts live blocks and their real size (what malloc hands out, its rounding
/// included, plus glibc's 8-byte chunk header), so a figure per party is what
/// the process pays, not what was asked for.
struct Counting;

static LIVE_BYTES: AtomicUsize = AtomicUsize::new(0);
static LIVE_BLOCKS: AtomicUsize = AtomicUsize::new(0);

const CHUNK_HEADER: usize = 8;

fn real_size(ptr: *mut u8) -> usize {
    // SAFETY: `ptr` is a live block that `System` (malloc) returned.
    unsafe { libc::malloc_usable_size(ptr.cast()) + CHUNK_HEADER }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as received.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            LIVE_BYTES.fetch_add(real_size(ptr), Ordering::Relaxed);
            LIVE_BLOCKS.fetch_add(1, Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE_BYTES.fetch_sub(real_size(ptr), Ordering::Relaxed);
        LIVE_BLOCKS.fetch_sub(1, Ordering::Relaxed);
        // SAFETY: forwarded as received.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn live() -> (usize, usize) {
    (
        LIVE_BYTES.load(Ordering::Relaxed),
        LIVE_BLOCKS.load(Ordering::Relaxed),
    )
}

// ------------------------------------------------------------------ fixtures

fn users_body() -> Vec<u8> {
    if let Ok(path) = std::env::var("ORGDECK_USERS_BODY") {
        return std::fs::read(&path).unwrap_or_else(|err| panic!("{path}: {err}"));
    }
    support::bulk_bodies(USERS, ORGS, &["users"]).remove(0)
}

/// The body's array elements, each as its own bytes: what the streamed decode
/// hands `party_from_json`. Cut where serde_json's parse says each one ends.
fn elements(body: &[u8]) -> Vec<Vec<u8>> {
    let list: serde_json::Value = serde_json::from_slice(body).expect("a JSON body");
    let users = match list {
        serde_json::Value::Object(mut map) => map.remove("users").expect("a users key"),
        array => array,
    };
    match users {
        serde_json::Value::Array(items) => items
            .iter()
            .map(|item| serde_json::to_vec(item).expect("re-encodes"))
            .collect(),
        other => panic!("not a list: {other}"),
    }
}

// ------------------------------------------------------------------ figures

fn print_memory_figures(elements: &[Vec<u8>]) {
    let (bytes_before, blocks_before) = live();
    let mut parties: Vec<Party> = Vec::with_capacity(elements.len());
    let (vec_bytes, vec_blocks) = live();
    for element in elements {
        parties.push(party_from_json(element).expect("a user"));
    }
    let (bytes_after, blocks_after) = live();
    let rows = parties.len().max(1);
    let heap = (bytes_after - vec_bytes) as f64 / rows as f64;
    let blocks = (blocks_after - vec_blocks) as f64 / rows as f64;
    let inline = std::mem::size_of::<Party>();
    let reported: usize = parties.iter().map(Party::heap_bytes).sum::<usize>() / rows;
    let members = parties.iter().filter(|p| !p.memberships.is_empty()).count();
    println!(
        "per party over {rows} users ({members} with a membership): {inline} B inline + \
         {heap:.1} B real heap in {blocks:.2} allocations = {:.1} B a user \
         (heap_bytes says {reported} B); the list's Vec {} B in {} block",
        inline as f64 + heap,
        vec_bytes - bytes_before,
        vec_blocks - blocks_before,
    );
    drop(parties);
}

// ------------------------------------------------------------------ parsers

fn with_serde_json(element: &[u8]) -> Party {
    neutral::party(serde_json::from_slice::<wire::User>(element).expect("a user"))
}

fn with_sonic_rs(element: &[u8]) -> Party {
    neutral::party(sonic_rs::from_slice::<wire::User>(element).expect("a user"))
}

/// simd-json parses in place: each element is copied into a scratch buffer
/// first, as a streamed decode would have to.
fn with_simd_json(element: &[u8], scratch: &mut Vec<u8>) -> Party {
    scratch.clear();
    scratch.extend_from_slice(element);
    neutral::party(simd_json::serde::from_slice::<wire::User>(scratch).expect("a user"))
}

fn borrowed_sonic_rs(element: &[u8]) -> Party {
    neutral::party_borrowed(&sonic_rs::from_slice::<wire::UserRef<'_>>(element).expect("a user"))
}

fn borrowed_simd_json(element: &[u8], scratch: &mut Vec<u8>) -> Party {
    scratch.clear();
    scratch.extend_from_slice(element);
    let user = simd_json::serde::from_slice::<wire::UserRef<'_>>(scratch).expect("a user");
    neutral::party_borrowed(&user)
}

fn bench_decode(c: &mut Criterion) {
    let body = users_body();
    let elements = elements(&body);
    let element_bytes: usize = elements.iter().map(Vec::len).sum();
    print_memory_figures(&elements);

    let mut group = c.benchmark_group("decode 100k users, one element at a time");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(8));
    group.throughput(Throughput::Bytes(element_bytes as u64));
    group.bench_function("sonic-rs into wire::UserRef (borrowed), then party", |b| {
        b.iter(|| {
            for element in &elements {
                black_box(borrowed_sonic_rs(element));
            }
        })
    });
    group.bench_function("simd-json into wire::UserRef (borrowed), then party", |b| {
        let mut scratch = Vec::new();
        b.iter(|| {
            for element in &elements {
                black_box(borrowed_simd_json(element, &mut scratch));
            }
        })
    });
    group.bench_function("party_from_json (the console's)", |b| {
        b.iter(|| {
            for element in &elements {
                black_box(party_from_json(element).expect("a user"));
            }
        })
    });
    group.bench_function("serde_json into wire::User, then party", |b| {
        b.iter(|| {
            for element in &elements {
                black_box(with_serde_json(element));
            }
        })
    });
    group.bench_function("sonic-rs into wire::User, then party", |b| {
        b.iter(|| {
            for element in &elements {
                black_box(with_sonic_rs(element));
            }
        })
    });
    group.bench_function("simd-json into wire::User, then party", |b| {
        let mut scratch = Vec::new();
        b.iter(|| {
            for element in &elements {
                black_box(with_simd_json(element, &mut scratch));
            }
        })
    });
    group.finish();

    let mut whole = c.benchmark_group("decode 100k users, the whole body");
    whole.sample_size(10);
    whole.measurement_time(Duration::from_secs(8));
    whole.throughput(Throughput::Bytes(body.len() as u64));
    whole.bench_function("decode_parties (bulk::decode_list)", |b| {
        b.iter(|| black_box(decode_parties(&body).expect("users")))
    });
    whole.finish();
}

/// `ORGDECK_DECODE_ONLY=NAME`: decode every element `ORGDECK_DECODE_ROUNDS`
/// times (10) with one parser and exit, for `perf stat` to count instructions
/// and CPU time, which a busy machine disturbs far less than wall time.
fn decode_only(name: &str) {
    let body = users_body();
    let elements = elements(&body);
    let rounds: usize = std::env::var("ORGDECK_DECODE_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(10);
    let mut scratch = Vec::new();
    let decode = |element: &[u8], scratch: &mut Vec<u8>| match name {
        "console" => party_from_json(element).expect("a user"),
        "serde_json" => with_serde_json(element),
        "sonic-rs" => with_sonic_rs(element),
        "simd-json" => with_simd_json(element, scratch),
        "sonic-rs-borrowed" => borrowed_sonic_rs(element),
        "simd-json-borrowed" => borrowed_simd_json(element, scratch),
        other => panic!("no parser {other}"),
    };
    let start = std::time::Instant::now();
    for _ in 0..rounds {
        for element in &elements {
            black_box(decode(element, &mut scratch));
        }
    }
    eprintln!(
        "{name}: {} rows in {:?}",
        rounds * elements.len(),
        start.elapsed()
    );
}

criterion_group!(benches, bench_decode);

fn main() {
    if let Ok(name) = std::env::var("ORGDECK_DECODE_ONLY") {
        return decode_only(&name);
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
