//! Read-only profiles, the audit trail, keeping the token secret, transport checks
//! and the body size cap.

use crate::support::client::*;
use crate::support::fake_servers::Gate;
use crate::support::ops::{self, fields};
use crate::support::{FaultScope, Faults};
use orgdeck::api::error::{ApiError, ErrorClass};
use orgdeck::api::model::*;
use orgdeck::api::value::Value as Field;
use orgdeck::backends::muninx::schema::SCHEMA;
use serde_json::Value;

fn every_write() -> Vec<Operation> {
    vec![
        ops::create_org("Readonlyco", &["readonlyco.example"]),
        ops::rename_org("co-acme-01", "Renamed"),
        ops::suspend_org("co-acme-01"),
        ops::delete_org("co-acme-02"),
        ops::invite("ro@acme-ltd.com", "Read", "Only", "customer", None),
        ops::edit_person(
            CUSTOMER_EMAIL,
            vec![(fields::NAME, Field::Text("Janet".into()))],
        ),
        ops::resend(PENDING_CUSTOMER),
        ops::revoke(PENDING_CUSTOMER),
    ]
}

#[tokio::test]
async fn a_read_only_profile_refuses_every_write_without_sending_it() {
    let sb = sandbox(Faults::default()).await;
    let base = sb.base_url();
    let mut admin = Client::new(&sb, ADMIN);
    let orgs_before = admin.ok(ops::list_orgs()).await;
    let people_before = admin.ok(ops::list_people()).await;

    let mut config = settings(&base, ADMIN);
    config.read_only = true;
    let mut viewer = Client::spawn(config);
    assert!(viewer.handle.read_only());
    let counter = request_counter(&base).await;
    for op in every_write() {
        assert!(op.is_write());
        let action = SCHEMA.describe(op.capability());
        let err = viewer.fails(op).await;
        assert_eq!(
            err,
            ApiError::ReadOnly {
                profile: "test".into(),
                action
            }
        );
        assert_eq!(err.class(), ErrorClass::Auth);
        assert!(err.hint().unwrap().contains("read_only"));
    }
    assert_eq!(
        request_counter(&base).await,
        counter + 1,
        "a write was sent"
    );

    // Reads still work, and nothing changed.
    let me = ops::caller(viewer.ok(Operation::WhoAmI).await);
    assert_eq!(me.id, ADMIN_EMAIL);
    assert_eq!(viewer.ok(ops::list_orgs()).await, orgs_before);
    assert_eq!(admin.ok(ops::list_people()).await, people_before);
}

fn audit_lines(path: &std::path::Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .expect("audit file exists")
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect()
}

#[tokio::test]
async fn every_write_attempt_leaves_one_audit_line() {
    let dir = temp_dir();
    let audit = dir.path().join("state").join("audit.jsonl");
    let sb = sandbox(Faults::default()).await;
    let mut config = settings(&sb.base_url(), ADMIN);
    config.audit = Some(audit.clone());
    let mut admin = Client::spawn(config.clone());
    config.read_only = true;
    config.profile = "viewer".into();
    let mut viewer = Client::spawn(config);

    admin
        .ok(ops::create_org_with(vec![
            (fields::DISPLAY_NAME, Field::Text("Auditco".into())),
            (fields::DOMAINS, Field::List(vec!["auditco.example".into()])),
            (fields::NOTES, Field::Text("audited".into())),
        ]))
        .await;
    // Reads are not audited.
    admin.ok(ops::list_orgs()).await;
    let rejected = admin
        .fails(ops::create_org("Auditco Two", &["auditco.example"]))
        .await;
    assert_eq!(status_of(&rejected), 409);
    let refused = viewer.fails(ops::delete_org("co-acme-01")).await;
    assert!(matches!(refused, ApiError::ReadOnly { .. }));

    let lines = audit_lines(&audit);
    assert_eq!(lines.len(), 3, "{lines:#?}");
    for line in &lines {
        for key in [
            "time",
            "profile",
            "operator",
            "method",
            "path",
            "fields",
            "status",
            "outcome",
            "request_id",
        ] {
            assert!(line.get(key).is_some(), "{key} missing in {line}");
        }
        assert_eq!(line["operator"], "tester");
    }
    let (done, failed, ro) = (&lines[0], &lines[1], &lines[2]);
    assert_eq!(done["profile"], "test");
    assert_eq!(done["method"], "POST");
    assert_eq!(done["path"], "/customer-organizations");
    assert_eq!(
        done["fields"],
        serde_json::json!({"display-name": "Auditco", "domains": ["auditco.example"], "notes": "audited"})
    );
    assert_eq!(done["status"], 200);
    assert_eq!(done["outcome"], "done");
    assert!(done["request_id"].as_str().unwrap().starts_with("req-"));

    assert_eq!(failed["status"], 409);
    assert_eq!(failed["outcome"], "rejected");
    assert_eq!(
        failed["request_id"].as_str(),
        rejected.problem().unwrap().request_id.as_deref()
    );
    assert!(failed["request_id"].as_str().unwrap().starts_with("req-"));

    assert_eq!(ro["profile"], "viewer");
    assert_eq!(ro["method"], "DELETE");
    assert_eq!(ro["path"], "/customer-organizations/co-acme-01");
    assert_eq!(ro["status"], Value::Null);
    assert_eq!(ro["request_id"], Value::Null);
    assert!(ro["outcome"].as_str().unwrap().contains("read-only"));

    let text = std::fs::read_to_string(&audit).unwrap();
    assert!(!text.contains(ADMIN));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&audit).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "audit file is private: {mode:o}");
    }
}

#[tokio::test]
async fn a_cancelled_write_is_audited() {
    let dir = temp_dir();
    let audit = dir.path().join("audit.jsonl");
    let sb = sandbox(Faults::default()).await;
    let gate = Gate::start(&sb.base_url());
    let mut config = settings(&gate.base_url(), ADMIN);
    config.audit = Some(audit.clone());
    let mut admin = Client::spawn(config);
    let id = admin.handle.send(ops::delete_org("co-acme-05"));
    gate.until("the write under way", |arrived, _| !arrived.is_empty())
        .await;
    admin.handle.cancel(id);
    let err = finished(&mut admin.rx, id).await.err();
    assert!(matches!(err, ApiError::Cancelled { write: true, .. }));
    // Once the server has answered what it held, and the client has served another
    // request, the trail still has the one line.
    gate.open();
    gate.until_all_answered().await;
    admin.ok(Operation::WhoAmI).await;
    let lines = if audit.exists() {
        audit_lines(&audit)
    } else {
        Vec::new()
    };
    assert_eq!(
        lines.len(),
        1,
        "README: every change appends a line, whatever became of it"
    );
    assert_eq!(lines[0]["method"], "DELETE");
}

#[tokio::test]
async fn an_accepted_write_with_a_too_large_answer_is_not_audited_as_rejected() {
    let dir = temp_dir();
    let audit = dir.path().join("audit.jsonl");
    let sb = sandbox(Faults::default()).await;
    let mut config = settings(&sb.base_url(), ADMIN);
    config.max_body_bytes = 100;
    config.audit = Some(audit.clone());
    let mut capped = Client::spawn(config);
    let (result, _) = capped
        .call(ops::create_org("Bigco", &["bigco.example"]))
        .await;
    // The 200 arrived, so it is done; the answer was refused for its size and so
    // is the read that would show the organization, which the note says.
    let note = done(result.expect("a 200 settles the write as done"));
    assert!(note.contains("100-byte limit"), "{note}");
    // The server did create it.
    let mut admin = Client::new(&sb, ADMIN);
    let bigco = org(admin.ok(ops::lookup("bigco.example")).await);
    assert_eq!(bigco.name, "Bigco");
    let lines = audit_lines(&audit);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["status"], 200, "{}", lines[0]);
    assert!(
        lines[0]["outcome"].as_str().unwrap().starts_with("done"),
        "{}",
        lines[0]
    );
}

/// A personal token nobody else knows, made through the sandbox's POST /tokens.
async fn fresh_token(base: &str) -> String {
    let answer: Value = http()
        .post(format!("{base}/tokens"))
        .bearer_auth(ADMIN)
        .json(&serde_json::json!({"name": "client secrecy test"}))
        .send()
        .await
        .expect("sandbox answers")
        .json()
        .await
        .expect("token JSON");
    let token = answer["token"].as_str().expect("raw token shown once");
    assert!(token.len() > 20);
    token.to_owned()
}

#[tokio::test]
async fn the_token_never_shows_in_debug_errors_logs_or_audit() {
    let capture = Capture::start();
    let dir = temp_dir();
    let audit = dir.path().join("audit.jsonl");
    let sb = sandbox(Faults::default()).await;
    let base = sb.base_url();
    let token = fresh_token(&base).await;
    let mut texts = Vec::new();

    let mut config = settings(&base, &token);
    config.audit = Some(audit.clone());
    texts.push(format!("{config:?}"));
    let mut mine = Client::spawn(config.clone());
    assert_eq!(
        ops::caller(mine.ok(Operation::WhoAmI).await).id,
        ADMIN_EMAIL
    );

    // Written, rejected, refused: all audited.
    mine.ok(ops::set_notes("co-acme-03", Some("secrecy"))).await;
    let conflict = mine
        .fails(ops::invite(CUSTOMER_EMAIL, "Jane", "Doe", "customer", None))
        .await;
    let mut errors = vec![conflict];

    // A wrong token: rejected, and the wrong text is not repeated either.
    let wrong = format!("{token}-wrong");
    let mut stranger = Client::new(&sb, &wrong);
    let unauthorized = stranger.fails(Operation::WhoAmI).await;
    assert_eq!(status_of(&unauthorized), 401);
    errors.push(unauthorized);

    // Nobody listening: a connection error.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let mut nowhere = Client::spawn(settings(&format!("http://{closed}"), &token));
    errors.push(nowhere.fails(Operation::WhoAmI).await);

    // Dropped and garbled answers on reads: transport and decode errors.
    let broken = sandbox(Faults {
        drop_rate: 0.5,
        garble_rate: 1.0,
        scope: FaultScope::Reads,
        seed: Some(7),
        ..Default::default()
    })
    .await;
    let broken_token = fresh_token(&broken.base_url()).await;
    let mut config = settings(&broken.base_url(), &broken_token);
    config.audit = Some(audit.clone());
    config.retry.attempts = 2;
    let mut unlucky = Client::spawn(config);
    for op in [Operation::WhoAmI, ops::list_people()] {
        let outcome = unlucky.run(op).await;
        texts.extend(outcome.events.iter().map(|e| format!("{e:?}")));
        errors.push(outcome.err());
    }

    let mut read_only = settings(&base, &token);
    read_only.read_only = true;
    read_only.audit = Some(audit.clone());
    let mut viewer = Client::spawn(read_only);
    errors.push(viewer.fails(ops::delete_org("co-acme-01")).await);

    for err in &errors {
        texts.push(err.to_string());
        texts.push(format!("{err:?}"));
        texts.extend(err.hint());
    }
    let logged = capture.events();
    assert!(logged.iter().any(|e| e.message == "answered"));
    assert!(logged.iter().any(|e| e.message == "retrying read"));
    texts.extend(logged.into_iter().map(|e| e.all));
    texts.push(std::fs::read_to_string(&audit).expect("audit written"));
    assert!(texts.len() > 20);
    for text in &texts {
        assert!(!text.contains(&token), "token leaked: {text}");
        assert!(!text.contains(&broken_token), "token leaked: {text}");
        assert!(!text.contains(&wrong), "wrong token leaked: {text}");
    }
    assert_eq!(audit_lines(&audit).len(), 3);
}

#[tokio::test]
async fn a_token_echoed_by_the_server_is_redacted_from_errors() {
    let sb = sandbox(Faults::default()).await;
    let token = fresh_token(&sb.base_url()).await;
    let mut mine = Client::new(&sb, &token);
    // The sandbox repeats the id it could not find; here the id is the token.
    let echoed = mine.fails(ops::get_org(&token)).await;
    assert_eq!(status_of(&echoed), 404);
    let problem = echoed.problem().unwrap();
    assert!(problem.summary.contains("[redacted]"), "{problem:?}");
    assert!(problem.raw.contains("[redacted]"), "{problem:?}");
    for text in [echoed.to_string(), format!("{echoed:?}")] {
        assert!(!text.contains(&token), "token leaked: {text}");
    }
}

#[tokio::test]
async fn a_token_in_a_path_stays_out_of_logs_and_audit() {
    let capture = Capture::start();
    let dir = temp_dir();
    let audit = dir.path().join("audit.jsonl");
    let sb = sandbox(Faults::default()).await;
    let token = fresh_token(&sb.base_url()).await;
    let mut config = settings(&sb.base_url(), &token);
    config.audit = Some(audit.clone());
    let mut mine = Client::spawn(config);
    // An operator pastes the token into the wrong prompt.
    mine.fails(ops::get_org(&token)).await;
    mine.fails(ops::delete_org(&token)).await;
    let logged: Vec<String> = capture.events().into_iter().map(|e| e.all).collect();
    assert!(logged.iter().any(|l| l.contains("answered")));
    let trail = std::fs::read_to_string(&audit).expect("the delete is audited");
    let leaks: Vec<&String> = logged
        .iter()
        .chain([&trail])
        .filter(|text| text.contains(&token))
        .collect();
    assert!(
        leaks.is_empty(),
        "token in the log or audit trail: {leaks:#?}"
    );
}

#[tokio::test]
async fn answers_over_the_body_cap_are_refused() {
    let sb = sandbox(Faults::default()).await;
    let mut config = settings(&sb.base_url(), ADMIN);
    config.max_body_bytes = 1000;
    let mut capped = Client::spawn(config);
    let outcome = capped.run(ops::list_people()).await;
    assert_eq!(outcome.retries(), [], "a too-large answer is not retried");
    let err = outcome.err();
    assert_eq!(err, ApiError::TooLarge { limit: 1000 });
    assert_eq!(err.class(), ErrorClass::Network);
    assert!(err.hint().unwrap().contains("max_body_bytes"));
    // Small answers still fit.
    let me = ops::caller(capped.ok(Operation::WhoAmI).await);
    assert_eq!(me.id, ADMIN_EMAIL);
}
