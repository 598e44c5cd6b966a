//! One filter keystroke on a million people, and what the console holds per
//! person beyond the people themselves.
//!
//! A million synthetic MuninX users (shaped as the sandbox's bulk tenant makes
//! them, decoded by `neutral::party_from_json`) are answered whole to `:users`;
//! then the harness's typing run: `/`, "user0421" typed and erased again, each
//! keystroke an `update` (which refilters) timed on its own. Criterion times
//! the whole run; the keystrokes' p50/p99 and the bytes held are printed.
//!
//! Run: `cargo bench --bench search` (a minute or two on two cores;
//! `SEARCH_USERS=100000` for a smaller list).

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::KeyCode;
use orgdeck::api::model::{Operation, Page, Party, Reply};
use orgdeck::app::keymap::Keymap;
use orgdeck::app::screens::Screen;
use orgdeck::app::{self, App, Surroundings, Tenant};
use orgdeck::backends::muninx::neutral::party_from_json;

#[path = "support/mod.rs"]
mod support;
use support::{Recorder, answer, key};

#[allow(dead_code, unused_imports)]
#[path = "../tests/support/ops.rs"]
mod ops;

/// Counts the bytes live on the heap, for the bytes held per person.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        // SAFETY: the layout is passed on unchanged.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: `ptr` came from `alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const TYPED: &str = "user0421";
const FIRST: [&str; 8] = [
    "Ada", "Björn", "Chloé", "Dmitri", "Elif", "Farah", "Goran", "Hana",
];
const LAST: [&str; 8] = [
    "Novak", "Okafor", "Petrov", "Quinn", "Rossi", "Sato", "Tanaka", "Ueda",
];

fn users() -> usize {
    std::env::var("SEARCH_USERS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000)
}

/// The `n`th user as the sandbox's bulk tenant words it (staff every tenth).
fn user_json(n: usize, orgs: usize) -> String {
    let (kind, agent) = match n % 100 {
        0 => ("admin", "\"human\""),
        1..=9 => ("agent", "\"ai-assisted\""),
        _ => ("customer", "null"),
    };
    let org = n % orgs + 1;
    let (email, organization) = if kind == "customer" {
        (
            format!("user{n:06}@org{org:05}.bulk.example"),
            format!("\"co-bulk-{org:05}\""),
        )
    } else {
        (
            format!("staff{n:06}@bulk-tenant.example"),
            "\"t-bulk\"".to_owned(),
        )
    };
    let status = ["active", "pending", "active", "suspended"][n % 4];
    format!(
        r#"{{"email":"{email}","name":"{}","last-name":"{} {n}","type":"{kind}","agent-type":{agent},"organization":{organization},"status":"{status}","auto-assign-tickets":false,"created-at":"2025-01-01T00:00:00Z"}}"#,
        FIRST[n % 8],
        LAST[n / 8 % 8],
    )
}

fn people(count: usize) -> Vec<Party> {
    let orgs = (count / 50).max(1);
    (0..count)
        .map(|n| party_from_json(user_json(n, orgs).as_bytes()).expect("a user decodes"))
        .collect()
}

/// The console on `:users` with `people` taken in whole.
fn on_users(people: Vec<Party>) -> (App, Recorder) {
    let tenant = Tenant::new("bulk", "http://127.0.0.1:8080", false);
    let mut app = App::new(vec![tenant], Keymap::default(), Surroundings::default());
    let mut io = Recorder::default();
    app::start(&mut app, &mut io);
    let me = ops::caller_of(&people[0]);
    let whoami = io.last(&Operation::WhoAmI);
    app::update(&mut app, answer(whoami, Reply::Caller(me)), &mut io);
    for code in [KeyCode::Char(':')]
        .into_iter()
        .chain("users".chars().map(KeyCode::Char))
        .chain([KeyCode::Enter])
    {
        app::update(&mut app, key(code), &mut io);
    }
    assert!(matches!(app.screen(), Screen::View { .. }));
    let count = people.len();
    let read = io.last(&ops::list_people());
    app::update(
        &mut app,
        answer(read, Reply::Parties(Page::one(people))),
        &mut io,
    );
    assert_eq!(app.level().rows.len(), count);
    (app, io)
}

/// `/`, the typed text, then Backspace back to nothing and Esc: each key's time.
/// The level starts as a copy of itself, which keeps no rows of earlier
/// filters: every run types afresh, as an operator does a new filter.
fn type_and_erase(app: &mut App, io: &mut Recorder) -> Vec<Duration> {
    let fresh = app.level().clone();
    if let Some(level) = app.stack.last_mut() {
        *level = fresh;
    }
    let keys = std::iter::once(KeyCode::Char('/'))
        .chain(TYPED.chars().map(KeyCode::Char))
        .chain(TYPED.chars().map(|_| KeyCode::Backspace))
        .chain([KeyCode::Esc]);
    let mut times = Vec::new();
    for code in keys {
        let started = Instant::now();
        black_box(app::update(app, key(code), io));
        times.push(started.elapsed());
    }
    times
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let at = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[at.min(sorted.len() - 1)]
}

fn search(c: &mut Criterion) {
    let count = users();
    let people = people(count);
    let held: usize = people.iter().map(Party::heap_bytes).sum();
    let before = LIVE.load(Ordering::Relaxed);
    let (mut app, mut io) = on_users(people);
    let loaded = LIVE.load(Ordering::Relaxed);
    // The id index, built by the first lookup.
    let someone = app.tenants[0]
        .people
        .data
        .as_ref()
        .map(|p| p[421].id().to_owned());
    assert!(
        app.tenants[0]
            .person(&someone.unwrap_or_default())
            .is_some()
    );
    let indexed = LIVE.load(Ordering::Relaxed);
    let first = type_and_erase(&mut app, &mut io);
    let searched = LIVE.load(Ordering::Relaxed);
    let per = |bytes: usize| bytes as f64 / count as f64;
    eprintln!(
        "search: {count} people, {:.0} B each on the heap; taken in: +{:.1} B a person \
         (the level's rows, 8 B); id index +{:.1} B; after typing and erasing +{:.1} B \
         (search text, or the rows of recent filters); first run {:.1} ms",
        per(held),
        per(loaded.saturating_sub(before)),
        per(indexed.saturating_sub(loaded)),
        per(searched.saturating_sub(indexed)),
        first.iter().sum::<Duration>().as_secs_f64() * 1e3,
    );
    let mut keystrokes: Vec<Duration> = Vec::new();
    let mut group = c.benchmark_group("search_users");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(10));
    group.bench_function("type_user0421_and_erase", |b| {
        b.iter_custom(|runs| {
            let mut total = Duration::ZERO;
            for _ in 0..runs {
                let times = type_and_erase(&mut app, &mut io);
                total += times.iter().sum::<Duration>();
                keystrokes.extend(times);
            }
            total
        })
    });
    group.finish();
    let typed: Vec<Duration> = keystrokes
        .chunks(TYPED.len() * 2 + 2)
        .flat_map(|run| run.iter().skip(1).take(TYPED.len()).copied())
        .collect();
    let mut typed = typed;
    typed.sort();
    // Which keystroke costs what: the median of each place in the run.
    let run = TYPED.len() * 2 + 2;
    let by_key: Vec<String> = (0..run)
        .map(|at| {
            let mut times: Vec<Duration> =
                keystrokes.iter().skip(at).step_by(run).copied().collect();
            times.sort();
            format!("{:.1}", percentile(&times, 0.5).as_secs_f64() * 1e3)
        })
        .collect();
    eprintln!(
        "search: median ms by keystroke (/, typed, erased, Esc): {}",
        by_key.join(" ")
    );
    keystrokes.sort();
    eprintln!(
        "search: typing alone: p50 {:.2} ms, p99 {:.2} ms (n={})",
        percentile(&typed, 0.5).as_secs_f64() * 1e3,
        percentile(&typed, 0.99).as_secs_f64() * 1e3,
        typed.len(),
    );
    eprintln!(
        "search: one filter keystroke over {count} people: p50 {:.2} ms, p99 {:.2} ms, \
         max {:.2} ms (n={})",
        percentile(&keystrokes, 0.5).as_secs_f64() * 1e3,
        percentile(&keystrokes, 0.99).as_secs_f64() * 1e3,
        keystrokes.last().map_or(0.0, |d| d.as_secs_f64() * 1e3),
        keystrokes.len(),
    );
}

criterion_group!(benches, search);
criterion_main!(benches);
