//! The console's hot paths at 100,000 users: drawing a page of the list, one filter
//! keystroke, decoding the list the server sends, taking that list into the state,
//! and normalising an error body.
//!
//! The 100k-user answer is the embedded sandbox's own (`bulk` tenant), fetched once
//! over loopback before anything is measured; the console is driven through its
//! public API (`update` with keys and client events, `ui::draw` on a TestBackend),
//! with a dispatch that only records, so no measurement touches the network.
//!
//! Run: `cargo bench --bench hot_paths` (about two minutes on two cores).

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use crossterm::event::KeyCode;
use orgdeck::api::backend::{Answer, Backend, Decoded};
use orgdeck::api::model::{Node, Operation, Page, Party, Reply};
use orgdeck::api::problem::{Context, normalise};
use orgdeck::app::keymap::Keymap;
use orgdeck::app::screens::{Level, Screen};
use orgdeck::app::{self, App, Msg, Surroundings, Tenant};
use orgdeck::backends::muninx::MuninX;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

#[path = "support/mod.rs"]
mod support;
use support::{Recorder, answer, key};

// The tests' builders and readers of neutral operations, in MuninX's words.
#[allow(dead_code, unused_imports)]
#[path = "../tests/support/ops.rs"]
mod ops;

const USERS: usize = 100_000;
const ORGS: usize = 5_000;

// ------------------------------------------------------------------ fixtures

/// The sandbox's answers for the bulk tenant: `/users` and `/customer-organizations`.
struct Bodies {
    users: Vec<u8>,
    orgs: Vec<u8>,
}

fn fetch_bodies() -> Bodies {
    let mut bodies = support::bulk_bodies(USERS, ORGS, &["users", "customer-organizations"]);
    let orgs = bodies.pop().expect("the organizations' body");
    let users = bodies.pop().expect("the users' body");
    Bodies { users, orgs }
}

fn list_people() -> Operation {
    ops::list_people()
}

fn decode_people(body: &[u8]) -> Vec<Party> {
    match MuninX.decode(&list_people(), &Answer::ok(body)) {
        Ok(Decoded::Reply(reply)) => ops::people(reply),
        other => panic!("expected people, got {other:?}"),
    }
}

fn decode_orgs(body: &[u8]) -> Vec<Node> {
    match MuninX.decode(&ops::list_orgs(), &Answer::ok(body)) {
        Ok(Decoded::Reply(reply)) => ops::orgs(reply),
        other => panic!("expected organizations, got {other:?}"),
    }
}

fn people_page(people: &[Party]) -> Reply {
    Reply::Parties(Page::one(people.to_vec()))
}

/// The console with one tenant (the sandbox's bulk tenant), on `:users`, loaded.
struct Console {
    app: App,
    io: Recorder,
}

impl Console {
    fn on_users(people: &[Party], orgs: &[Node]) -> Console {
        let tenant = Tenant::new("bulk", "http://127.0.0.1:8080", false);
        let surroundings = Surroundings {
            sandbox: true,
            ..Default::default()
        };
        let mut console = Console {
            app: App::new(vec![tenant], Keymap::default(), surroundings),
            io: Recorder::default(),
        };
        app::start(&mut console.app, &mut console.io);
        let me = people
            .iter()
            .find(|p| {
                matches!(ops::role(p), "admin" | "agent") && ops::email(p).starts_with("admin@")
            })
            .map(ops::caller_of)
            .expect("the bulk admin");
        let whoami = console.io.last(&Operation::WhoAmI);
        console.send(answer(whoami, Reply::Caller(me)));
        console.send(key(KeyCode::Char(':')));
        console.type_text("users");
        console.send(key(KeyCode::Enter));
        assert!(matches!(console.app.screen(), Screen::View { .. }));
        // People screens ask for people first and organizations once those are in.
        let list_people = console.io.last(&list_people());
        console.send(answer(list_people, people_page(people)));
        let list_orgs = console.io.last(&ops::list_orgs());
        console.send(answer(list_orgs, Reply::Nodes(Page::one(orgs.to_vec()))));
        assert_eq!(console.app.level().rows.len(), people.len());
        console
    }

    fn send(&mut self, msg: Msg) -> bool {
        app::update(&mut self.app, msg, &mut self.io)
    }

    fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.send(key(KeyCode::Char(c)));
        }
    }

    /// The current level after typing `/` and `filter` (then leaving filtering on).
    fn filtered_level(&mut self, filter: &str) -> Level {
        // From the whole list with the filter closed (Esc there would go back).
        self.send(key(KeyCode::Char('/')));
        self.type_text(filter);
        let level = self.app.level().clone();
        // Back to the whole list, filter closed.
        self.send(key(KeyCode::Esc));
        level
    }

    fn set_level(&mut self, level: &Level) {
        *self.app.stack.last_mut().expect("a level") = level.clone();
    }
}

fn terminal(width: u16, height: u16) -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(width, height)).expect("test terminal")
}

// ------------------------------------------------------------------ benches

fn render(c: &mut Criterion, console: &mut Console) {
    let mut group = c.benchmark_group("render_users_100k");
    group
        .sample_size(50)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    for (width, height) in [(80, 24), (200, 50)] {
        // Drawing the same state again: what a tick or a resize-free redraw costs.
        let mut term = terminal(width, height);
        let app = &console.app;
        group.bench_function(format!("draw_{width}x{height}"), |b| {
            b.iter(|| {
                term.draw(|f| orgdeck::ui::draw(f, black_box(app)))
                    .expect("draws");
            });
        });
    }
    for (width, height) in [(80, 24), (200, 50)] {
        // j (or k) then a draw: what holding an arrow key costs per step. Goes down
        // 1,000 rows then back up, so page changes are included at their natural rate.
        let mut term = terminal(width, height);
        let mut step = 0usize;
        group.bench_function(format!("move_and_draw_{width}x{height}"), |b| {
            b.iter(|| {
                let code = if step % 2000 < 1000 {
                    KeyCode::Char('j')
                } else {
                    KeyCode::Char('k')
                };
                step += 1;
                console.send(key(code));
                term.draw(|f| orgdeck::ui::draw(f, &console.app))
                    .expect("draws");
            });
        });
    }
    // The detail view of the last user, beside the list (Enter on the last row).
    console.send(key(KeyCode::Char('G')));
    console.send(key(KeyCode::Enter));
    assert!(matches!(console.app.screen(), Screen::Detail { .. }));
    for (width, height) in [(80, 24), (200, 50)] {
        let mut term = terminal(width, height);
        let app = &console.app;
        group.bench_function(format!("draw_person_detail_{width}x{height}"), |b| {
            b.iter(|| {
                term.draw(|f| orgdeck::ui::draw(f, black_box(app)))
                    .expect("draws");
            });
        });
    }
    group.finish();
    console.send(key(KeyCode::Esc));
    console.send(key(KeyCode::Char('g')));
    assert!(matches!(console.app.screen(), Screen::View { .. }));
}

/// One keystroke from a saved level: restoring the level is not timed, the
/// keystroke (`update`, which refilters) is.
fn keystroke(console: &mut Console, from: &Level, keys: &[KeyCode], iters: u64) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        console.set_level(from);
        let msgs: Vec<Msg> = keys.iter().map(|&code| key(code)).collect();
        let started = Instant::now();
        for msg in msgs {
            black_box(console.send(msg));
        }
        total += started.elapsed();
    }
    total
}

fn filter(c: &mut Criterion, console: &mut Console) {
    let whole = console.app.level().clone();
    assert!(whole.filter.is_empty() && !whole.filtering);
    let u = console.filtered_level("u");
    let nova = console.filtered_level("nova");
    let novak = console.filtered_level("novak");
    eprintln!(
        "filter rows: all {}, /u {}, /nova {}, /novak {}",
        whole.rows.len(),
        u.rows.len(),
        nova.rows.len(),
        novak.rows.len()
    );

    let mut group = c.benchmark_group("filter_users_100k");
    group
        .sample_size(30)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    let cases: [(&str, &Level, &[KeyCode]); 5] = [
        // `/` then the first character, on the whole list: every row is searched.
        (
            "fresh_slash_n",
            &whole,
            &[KeyCode::Char('/'), KeyCode::Char('n')],
        ),
        // One more character after a prefix most rows match ("u" → "us").
        ("next_char_broad_u_s", &u, &[KeyCode::Char('s')]),
        // One more character after a selective prefix ("nova" → "novak").
        ("next_char_narrow_nova_k", &nova, &[KeyCode::Char('k')]),
        // Backspace: the filter shrank, so every row is searched again.
        ("backspace_novak", &novak, &[KeyCode::Backspace]),
        // Esc: the filter is cleared and every row comes back.
        ("esc_clear_novak", &novak, &[KeyCode::Esc]),
    ];
    for (name, from, keys) in &cases {
        group.bench_function(*name, |b| {
            b.iter_custom(|iters| keystroke(console, from, keys, iters));
        });
    }
    group.finish();
    console.set_level(&whole);
}

fn decode(c: &mut Criterion, bodies: &Bodies) {
    let mut group = c.benchmark_group("decode_users_100k");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(6));
    let op = list_people();
    eprintln!("/users body: {} bytes", bodies.users.len());
    group.bench_function("muninx_list_people", |b| {
        // The decoded list goes on to the console; dropping it is not part of decoding.
        b.iter_with_large_drop(|| {
            MuninX.decode(black_box(&op), &Answer::ok(black_box(&bodies.users)))
        });
    });
    // What the client decodes of a streamed list before the rest of the body has
    // arrived: the users in its first 256 KiB (`benches/stream.rs` has the rest).
    let prefix = &bodies.users[..bodies.users.len().min(256 << 10)];
    group.bench_function("muninx_stream_first_256k", |b| {
        b.iter_with_large_drop(|| {
            let limits = orgdeck::api::stream::RowLimits::default();
            let mut rows = MuninX.stream(black_box(&op), limits).expect("users stream");
            rows.feed(black_box(prefix)).expect("the prefix decodes");
            rows.take()
        });
    });
    group.finish();
}

/// The console taking in a fresh 100k people list (counts, filter text, rows).
fn load(c: &mut Criterion, console: &mut Console, people: &[Party]) {
    let mut group = c.benchmark_group("load_users_100k");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    group.bench_function("people_finished_into_app", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                // r asks again; the answer to the people read is what is timed.
                console.send(key(KeyCode::Char('r')));
                let id = console.io.last(&list_people());
                let msg = answer(id, people_page(people));
                let started = Instant::now();
                black_box(console.send(msg));
                total += started.elapsed();
            }
            total
        });
    });
    group.finish();
}

const PROBLEM_400: &str = r#"{
  "type": "https://orgdeck.dev/problems/validation",
  "title": "Invalid request",
  "status": 400,
  "detail": "3 problems with the organization",
  "instance": "/customer-organizations",
  "errors": [
    {"pointer": "/display-name", "detail": "must not be blank"},
    {"pointer": "/domains/2", "detail": "acme.example is already used by customer organization Acme Ltd"},
    {"pointer": "/external-ref", "detail": "must be an absolute https URL"}
  ]
}"#;

const HTML_502: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>502 Bad Gateway</title>
<style>
  body { font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, sans-serif; margin: 0; background: #f7f7f7; color: #333; }
  .wrap { max-width: 640px; margin: 10vh auto; padding: 2rem; background: #fff; border-radius: 6px; box-shadow: 0 1px 3px rgba(0,0,0,.1); }
  h1 { font-size: 1.6rem; margin: 0 0 1rem; }
  p { line-height: 1.5; }
  .meta { font-size: .8rem; color: #888; }
</style>
<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}</script>
</head>
<body>
<div class="wrap">
  <h1>502 Bad Gateway</h1>
  <p>The server, while acting as a gateway or proxy, received an invalid response from the upstream server it accessed in attempting to fulfill the request.</p>
  <p>Please try again in a few minutes. If the problem persists, contact your administrator.</p>
  <p class="meta">Request ID: 7f3a9c1e-52b4-4d0e-9a61-0c2f6b1d8e44 &middot; edge fra1-03</p>
  <hr>
  <center>nginx/1.25.3</center>
</div>
</body>
</html>
"#;

fn problems(c: &mut Criterion) {
    let mut group = c.benchmark_group("normalise");
    group
        .sample_size(50)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    let fields: &[&str] = &["display-name", "domains", "external-ref", "notes"];
    let ctx = Context { fields, role: None };
    let problem = normalise(
        400,
        Some("application/problem+json"),
        PROBLEM_400.as_bytes(),
        ctx,
    );
    assert_eq!(problem.fields.len(), 3, "{problem:?}");
    let html = normalise(502, Some("text/html"), HTML_502.as_bytes(), ctx);
    eprintln!("502 summary: {}", html.summary);
    group.bench_function("problem_json_400_three_fields", |b| {
        b.iter(|| {
            normalise(
                400,
                Some("application/problem+json"),
                black_box(PROBLEM_400.as_bytes()),
                ctx,
            )
        });
    });
    group.bench_function("html_502_page", |b| {
        b.iter(|| {
            normalise(
                502,
                Some("text/html; charset=utf-8"),
                black_box(HTML_502.as_bytes()),
                ctx,
            )
        });
    });
    group.finish();
}

fn hot_paths(c: &mut Criterion) {
    let started = Instant::now();
    let bodies = fetch_bodies();
    let people = decode_people(&bodies.users);
    let orgs = decode_orgs(&bodies.orgs);
    assert_eq!(people.len(), USERS);
    let mut console = Console::on_users(&people, &orgs);
    eprintln!(
        "setup: {} users, {} organizations in {:.1?}",
        people.len(),
        orgs.len(),
        started.elapsed()
    );
    render(c, &mut console);
    filter(c, &mut console);
    decode(c, &bodies);
    load(c, &mut console, &people);
    problems(c);
    // Large fixtures are freed here, outside every measurement.
    drop((console, people, bodies));
}

criterion_group!(benches, hot_paths);
criterion_main!(benches);
