//! The backend seam's powers, through the real client task, with a test backend
//! (`support::seam::Kiwi`) since MuninX uses none of them: Basic `id:secret` auth and
//! extra headers (and the masking of every form of that credential), media types,
//! decoding that sees status and headers, the vendor's error shape first, settling
//! a lost write by re-sending it, 202 pending approvals, and lists in pages.

use std::sync::Arc;

use crate::support::client::{Client, finished, settings, temp_dir};
use crate::support::ops;
use crate::support::seam::{
    Act, Kiwi, LD_JSON, MERGE_PATCH, Server, VERSION, VERSION_HEADER, json_answer,
};
use base64::Engine as _;
use orgdeck::api::backend::CredentialKind;
use orgdeck::api::client::spawn;
use orgdeck::api::error::{ApiError, WriteOutcome};
use orgdeck::api::model::{Operation, Reply};
use orgdeck::api::secret;
use serde_json::json;

const ID: &str = "kiwi-ops";
const SECRET: &str = "s3cr3t-seam-91f2";

fn credential() -> String {
    format!("{ID}:{SECRET}")
}

fn basic_value() -> String {
    base64::engine::general_purpose::STANDARD.encode(credential())
}

fn kiwi(server: &Server) -> Client {
    kiwi_with(server, |_| {})
}

fn kiwi_with(
    server: &Server,
    tune: impl FnOnce(&mut orgdeck::api::client::ClientSettings),
) -> Client {
    let mut settings = settings(&server.base_url(), &credential());
    tune(&mut settings);
    let (handle, rx) = spawn(settings, Arc::new(Kiwi::BASIC)).expect("client spawns");
    Client { handle, rx }
}

fn ids(reply: Reply) -> Vec<String> {
    match reply {
        Reply::Nodes(orgs) => orgs.items.into_iter().map(|o| o.id).collect(),
        other => panic!("expected organizations, got {other:?}"),
    }
}

fn list() -> Operation {
    ops::list_orgs()
}

fn create(name: &str) -> Operation {
    ops::create_org(name, &[])
}

/// Five organizations, `limit` at a time; the cursor is the last id given.
fn five_in_pages(seen: &crate::support::seam::Seen) -> Act {
    let query = url::Url::parse(&format!("http://x{}", seen.target)).unwrap();
    let param = |name: &str| {
        query
            .query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    };
    let limit: usize = param("limit").and_then(|l| l.parse().ok()).unwrap_or(100);
    let after: usize = param("after").and_then(|a| a.parse().ok()).unwrap_or(0);
    let items: Vec<_> = (after + 1..=5)
        .take(limit)
        .map(|n| json!({ "id": n.to_string(), "name": format!("Org {n}") }))
        .collect();
    let last = after + items.len();
    let next = (last < 5).then(|| last.to_string());
    json_answer(200, json!({ "items": items, "next": next, "total": 5 }))
}

#[tokio::test]
async fn a_paged_list_arrives_whole_once_and_in_order() {
    let server = Server::start(|seen, _| five_in_pages(seen));
    let mut client = kiwi_with(&server, |s| s.page_size = Some(2));
    let reply = client.ok(list()).await;
    assert_eq!(ids(reply), ["1", "2", "3", "4", "5"]);
    let targets: Vec<String> = server.seen().into_iter().map(|s| s.target).collect();
    assert_eq!(
        targets,
        [
            "/orgs?limit=2",
            "/orgs?limit=2&after=2",
            "/orgs?limit=2&after=4"
        ],
        "each page its own request, with the profile's page size"
    );
}

#[tokio::test]
async fn a_refresh_of_a_paged_list_reads_every_page_again() {
    // Every page has a validator, and a server that says 304 to any: the first
    // page unchanged says nothing of the pages after it.
    let server = Server::start(|seen, _| {
        if seen.header("if-none-match").is_some() {
            return Act::AnswerWith(304, vec![("etag", "\"v1\"".into())], String::new());
        }
        match five_in_pages(seen) {
            Act::Answer(status, content_type, body) => Act::AnswerWith(
                status,
                vec![
                    ("content-type", content_type.into()),
                    ("etag", "\"v1\"".into()),
                ],
                body,
            ),
            other => other,
        }
    });
    let mut client = kiwi_with(&server, |s| s.page_size = Some(2));
    let id = client.handle.load(list());
    let loaded = finished(&mut client.rx, id).await.result.unwrap();
    assert_eq!(ids(loaded).len(), 5);
    let id = client.handle.refresh(list());
    let refreshed = finished(&mut client.rx, id).await.result.unwrap();
    assert_eq!(ids(refreshed), ["1", "2", "3", "4", "5"]);
    assert_eq!(server.seen().len(), 6);
    assert!(
        server
            .seen()
            .iter()
            .all(|s| s.header("if-none-match").is_none())
    );
}

#[tokio::test]
async fn a_cursor_that_repeats_ends_the_read_with_an_error() {
    let server = Server::start(|_, _| {
        json_answer(
            200,
            json!({ "items": [{ "id": "x", "name": "X" }], "next": "again" }),
        )
    });
    assert_read_circles(&server).await;
}

/// The circling list's read ends on page 2, naming the cursor that came back.
async fn assert_read_circles(server: &Server) {
    let mut client = kiwi(server);
    let err = client.fails(ops::list_orgs_in("suspended")).await;
    let ApiError::Decode { cause } = &err else {
        panic!("expected an unreadable answer, got {err:?}");
    };
    assert!(cause.contains("go round in a circle"), "{cause}");
    assert!(cause.contains("\"again\""), "{cause}");
    assert_eq!(
        server.seen().len(),
        2,
        "the first page and the one it pointed at"
    );
}

/// The circle is caught on its own too: each page brings a new item, only the
/// cursor comes back.
#[tokio::test]
async fn a_cursor_that_repeats_with_new_items_each_time_ends_the_read_with_an_error() {
    let server = Server::start(|_, n| {
        json_answer(
            200,
            json!({ "items": [{ "id": format!("x{n}"), "name": "X" }], "next": "again" }),
        )
    });
    assert_read_circles(&server).await;
}

#[tokio::test]
async fn a_page_that_fails_fails_the_whole_read() {
    let server = Server::start(|seen, _| {
        if seen.target.contains("after=2") {
            return json_answer(
                400,
                json!({ "error": { "type": "bad_cursor", "message": "cursor expired" } }),
            );
        }
        five_in_pages(seen)
    });
    let mut client = kiwi_with(&server, |s| s.page_size = Some(2));
    let err = client.fails(list()).await;
    let ApiError::Rejected(problem) = &err else {
        panic!("expected a refusal, got {err:?}");
    };
    assert_eq!(problem.summary, "cursor expired");
    assert_eq!(server.seen().len(), 2, "no page after the one that failed");
}

#[tokio::test]
async fn cancelling_a_paged_read_stops_its_walk() {
    let (arrived_tx, arrived) = std::sync::mpsc::channel::<()>();
    let (release, held) = std::sync::mpsc::channel::<()>();
    let arrived_tx = std::sync::Mutex::new(arrived_tx);
    let held = std::sync::Mutex::new(Some(held));
    let server = Server::start(move |seen, _| {
        if seen.target.starts_with("/orgs/") {
            return json_answer(200, json!({ "id": "1", "name": "Org 1" }));
        }
        if seen.target.contains("after=2") {
            let _ = arrived_tx.lock().unwrap().send(());
            let next = json!({ "items": [{ "id": "3", "name": "Org 3" }], "next": "3" });
            return Act::Hold(held.lock().unwrap().take().unwrap(), 200, next.to_string());
        }
        five_in_pages(seen)
    });
    let mut client = kiwi_with(&server, |s| s.page_size = Some(2));
    let id = client.handle.send(list());
    tokio::task::spawn_blocking(move || arrived.recv().expect("page 2 is asked for"))
        .await
        .unwrap();
    client.handle.cancel(id);
    let outcome = finished(&mut client.rx, id).await;
    assert!(
        matches!(outcome.result, Err(ApiError::Cancelled { .. })),
        "{:?}",
        outcome.result
    );
    drop(release);
    // A later read goes out and is answered: by then a walk still going would have
    // asked for page 3 after page 2's answer.
    client.ok(ops::get_org("1")).await;
    assert!(
        !server.seen().iter().any(|s| s.target.contains("after=3")),
        "{:?}",
        server.seen()
    );
}

#[tokio::test]
async fn basic_credentials_and_the_backends_headers_sign_every_call() {
    let server = Server::start(|seen, _| five_in_pages(seen));
    let mut client = kiwi(&server);
    client.ok(list()).await;
    let seen = &server.seen()[0];
    assert_eq!(
        seen.header("authorization"),
        Some(format!("Basic {}", basic_value()).as_str())
    );
    assert_eq!(seen.header(VERSION_HEADER), Some(VERSION));
    assert_eq!(
        seen.header("accept"),
        Some("application/json, application/problem+json"),
        "the default Accept"
    );
}

#[tokio::test]
async fn an_id_secret_backend_refuses_a_token_without_a_colon() {
    let settings = settings("http://127.0.0.1:9", "bare-token-4411");
    let err = match spawn(settings, Arc::new(Kiwi::BASIC)) {
        Ok(_) => panic!("a token without ':' was taken as id:secret"),
        Err(err) => err,
    };
    let text = err.to_string();
    assert!(matches!(err, ApiError::Setup(_)), "{err:?}");
    assert!(text.contains("id:secret"), "{text}");
    assert!(text.contains("profile test"), "{text}");
    assert!(!text.contains("bare-token-4411"), "{text}");
    // The same token is fine for a backend that takes tokens.
    let settings = crate::support::client::settings("http://127.0.0.1:9", "bare-token-4411");
    let token = Kiwi {
        credential: CredentialKind::Token,
    };
    assert!(spawn(settings, Arc::new(token)).is_ok());
}

#[tokio::test]
async fn an_echoed_basic_header_is_masked_wherever_orgdeck_writes() {
    let server = Server::start(|seen, _| {
        let echoed = seen.header("authorization").unwrap_or_default().to_owned();
        let body = json!({ "error": {
            "type": "unauthorized",
            "message": format!("bad credentials: {echoed} (secret {SECRET})"),
            "request_id": format!("req {}", echoed.trim_start_matches("Basic ")),
        }});
        json_answer(401, body)
    });
    let mut client = kiwi(&server);
    let err = client.fails(list()).await;
    let ApiError::Rejected(problem) = &err else {
        panic!("expected a refusal, got {err:?}");
    };
    // What stderr, --json and the log are made of.
    let everything = format!(
        "{err} {err:?} {} {}",
        serde_json::to_string(problem.as_ref()).unwrap(),
        problem.lines().join("\n")
    );
    for form in [basic_value(), SECRET.to_owned(), credential()] {
        assert!(!everything.contains(&form), "{form} shows in: {everything}");
    }
    assert!(
        problem.summary.contains("[redacted]"),
        "{}",
        problem.summary
    );
    // Text orgdeck did not word itself (the raw body a server sent elsewhere) is
    // masked where it is written, as the token is.
    let raw = format!("Authorization: Basic {} / {SECRET}", basic_value());
    assert_eq!(
        secret::scrub(&raw),
        "Authorization: [redacted] / [redacted]"
    );
}

#[tokio::test]
async fn calls_send_the_media_types_their_backend_names() {
    let server = Server::start(|_, _| json_answer(200, json!({ "id": "o-1", "name": "Renamed" })));
    let mut client = kiwi(&server);
    let reply = client.ok(ops::rename_org("o-1", "Renamed")).await;
    assert!(matches!(reply, Reply::Node(org) if org.name == "Renamed"));
    let patch = &server.seen_with("PATCH")[0];
    assert_eq!(patch.header("content-type"), Some(MERGE_PATCH));
    assert_eq!(patch.header("accept"), Some(LD_JSON));
    assert_eq!(patch.json(), json!({ "name": "Renamed" }));
}

#[tokio::test]
async fn decoding_sees_the_answers_status_and_headers() {
    let server = Server::start(|_, _| {
        Act::AnswerWith(
            201,
            vec![
                ("content-type", "application/json".into()),
                ("location", "/orgs/org-77".into()),
            ],
            json!({ "name": "Kiwi" }).to_string(),
        )
    });
    let mut client = kiwi(&server);
    match client.ok(create("Kiwi")).await {
        Reply::Node(org) => assert_eq!(org.id, "org-77", "the id from Location"),
        other => panic!("expected the organization, got {other:?}"),
    }
}

#[tokio::test]
async fn the_vendors_error_shape_is_read_first_and_cleaned() {
    let server = Server::start(|_, _| {
        json_answer(
            422,
            json!({ "error": {
                "type": "invalid_request",
                "message": "name is \u{1b}[31mtaken\u{1b}[0m",
                "errors": [{ "key": "name", "message": "already\nused" }],
            }}),
        )
    });
    let mut client = kiwi(&server);
    let err = client.fails(create("Kiwi")).await;
    let ApiError::Rejected(problem) = &err else {
        panic!("expected a refusal, got {err:?}");
    };
    assert_eq!(problem.status, Some(422));
    assert_eq!(problem.code.as_deref(), Some("invalid_request"));
    assert!(!problem.summary.contains('\u{1b}'), "{:?}", problem.summary);
    assert!(
        problem.summary.starts_with("name is "),
        "{:?}",
        problem.summary
    );
    let field: Vec<_> = problem.for_field("name").collect();
    assert_eq!(field.len(), 1);
    assert_eq!(field[0].message, "already used");
}

#[tokio::test]
async fn a_refusal_the_vendor_does_not_claim_goes_to_the_normaliser() {
    let server = Server::start(|_, _| {
        Act::Answer(
            409,
            "application/problem+json",
            json!({ "title": "Conflict", "status": 409, "detail": "an organization named Kiwi exists" })
                .to_string(),
        )
    });
    let mut client = kiwi(&server);
    let err = client.fails(create("Kiwi")).await;
    let ApiError::Rejected(problem) = &err else {
        panic!("expected a refusal, got {err:?}");
    };
    assert_eq!(problem.summary, "an organization named Kiwi exists");
}

fn audit_lines(dir: &tempfile::TempDir) -> Vec<serde_json::Value> {
    std::fs::read_to_string(dir.path().join("audit.jsonl"))
        .unwrap_or_default()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

#[tokio::test]
async fn a_lost_write_with_its_own_key_is_resent_once_and_settled() {
    let created = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let store = created.clone();
    let server = Server::start(move |seen, _| {
        let body = seen.json();
        let key = body["idempotencyKey"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let mut created = store.lock().unwrap();
        if created.contains(&key) {
            // The server knows the key: the first answer again, nothing new.
            return json_answer(201, json!({ "id": "o-1", "name": body["name"] }));
        }
        created.push(key);
        Act::Drop
    });
    let dir = temp_dir();
    let mut client = kiwi_with(&server, |s| s.audit = Some(dir.path().join("audit.jsonl")));
    let outcome = client.run(create("Kiwi")).await;
    assert!(outcome.reconciled, "settled without its first answer");
    match outcome.result {
        Ok(Reply::Node(org)) => {
            assert_eq!((org.id.as_str(), org.name.as_str()), ("o-1", "Kiwi"))
        }
        other => panic!("expected the organization, got {other:?}"),
    }
    let posts = server.seen_with("POST");
    assert_eq!(posts.len(), 2, "sent once, re-sent once");
    assert_eq!(posts[0].body, posts[1].body, "the same body, the same key");
    assert_eq!(posts[0].json()["idempotencyKey"], "key-Kiwi");
    assert_eq!(created.lock().unwrap().len(), 1, "created once");
    let audit = audit_lines(&dir);
    assert_eq!(audit.len(), 1, "{audit:?}");
    let outcome = audit[0]["outcome"].as_str().unwrap();
    assert!(
        outcome.starts_with(
            "applied (answer lost; settled by re-sending it with the same idempotency key)"
        ),
        "{outcome}"
    );
    assert_eq!(audit[0]["status"], 201);
}

#[tokio::test]
async fn a_resent_write_whose_answer_is_lost_again_is_unknown() {
    let server = Server::start(|_, _| Act::Drop);
    let mut client = kiwi(&server);
    let err = client.fails(create("Kiwi")).await;
    assert!(
        matches!(
            err,
            ApiError::WriteUncertain {
                outcome: WriteOutcome::Unknown,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .contains("sent again with the same idempotency key"),
        "{err}"
    );
    assert_eq!(server.seen_with("POST").len(), 2, "re-sent once, not more");
}

#[tokio::test]
async fn a_202_is_a_pending_approval() {
    let server = Server::start(|_, _| {
        json_answer(
            202,
            json!({ "id": "ap-7", "what": "create organization Kiwi", "needs": 2 }),
        )
    });
    let dir = temp_dir();
    let mut client = kiwi_with(&server, |s| s.audit = Some(dir.path().join("audit.jsonl")));
    let reply = client.ok(create("Kiwi")).await;
    let Reply::Pending(approval) = reply else {
        panic!("expected a pending approval, got {reply:?}");
    };
    assert_eq!(approval.id, "ap-7");
    assert_eq!(approval.needs, Some(2));
    assert_eq!(
        approval.sentence(),
        "sent for approval: create organization Kiwi (approval ap-7, needs 2)"
    );
    let audit = audit_lines(&dir);
    assert_eq!(audit[0]["outcome"], "sent for approval (approval ap-7)");
    assert_eq!(audit[0]["status"], 202);
}

#[tokio::test]
async fn muninx_answers_each_list_whole_whatever_the_page_size() {
    let sandbox = crate::support::client::sandbox(Default::default()).await;
    let mut whole = Client::new(&sandbox, crate::support::client::ADMIN);
    let mut sized = Client::spawn({
        let mut settings = settings(&sandbox.base_url(), crate::support::client::ADMIN);
        settings.page_size = Some(2);
        settings
    });
    let all = ids(whole.ok(list()).await);
    assert!(all.len() > 2, "{all:?}");
    assert_eq!(ids(sized.ok(list()).await), all);
}

#[test]
fn a_vendor_problem_is_held_to_what_the_normaliser_guarantees() {
    use orgdeck::api::problem::{FieldPath, FieldProblem, Problem, RAW_MAX, SUMMARY_MAX};
    let field = |message: &str| FieldProblem {
        path: FieldPath::parse("name"),
        message: message.into(),
    };
    let problem = Problem {
        status: None,
        code: Some(" \u{1b}[2J ".into()),
        summary: "  \n ".into(),
        fields: vec![field("too\tlong"), field("too long"), field(" ")],
        request_id: Some("r\u{7}1".into()),
        retry_after_secs: None,
        hint: None,
        raw: "é".repeat(RAW_MAX),
    }
    .cleaned(409);
    assert_eq!(problem.status, Some(409));
    assert_eq!(problem.summary, "409 Conflict", "never empty");
    assert!(!problem.code.unwrap().contains('\u{1b}'));
    assert_eq!(
        problem.fields,
        [field("too long")],
        "cleaned, once, none empty"
    );
    assert!(!problem.request_id.unwrap().contains('\u{7}'));
    assert!(problem.raw.len() <= RAW_MAX);
    let long = Problem {
        status: Some(422),
        code: None,
        summary: "x".repeat(SUMMARY_MAX * 2),
        fields: Vec::new(),
        request_id: None,
        retry_after_secs: None,
        hint: None,
        raw: String::new(),
    }
    .cleaned(400);
    assert_eq!(long.status, Some(422), "the vendor's own status stands");
    assert_eq!(long.summary.chars().count(), SUMMARY_MAX);
}
