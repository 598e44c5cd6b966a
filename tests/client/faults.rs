//! Lost and broken answers: a write whose status arrived is settled by it; one whose
//! answer was lost entirely (or came from a failing gateway) is reconciled by
//! re-reading, compared with what the same read showed before; garbled reads and
//! HTML error pages become readable errors.

use crate::support::client::*;
use crate::support::fake_servers::{Mode, Proxy};
use crate::support::ops;
use crate::support::{FaultScope, Faults, RunningSandbox};
use orgdeck::api::error::{ApiError, ErrorClass, WriteOutcome};
use orgdeck::api::model::*;
use orgdeck::api::value::Value as Field;

fn on_writes(drop_rate: f64, garble_rate: f64) -> Faults {
    Faults {
        drop_rate,
        garble_rate,
        scope: FaultScope::Writes,
        ..Default::default()
    }
}

fn new_org(name: &str, domains: &[&str]) -> Operation {
    ops::create_org(name, domains)
}

fn new_customer(email: &str) -> Operation {
    ops::invite(email, "Lost", "Answer", "customer", Some("co-acme-02"))
}

/// A write that must end `Ok` with `reconciled == true`.
async fn reconciled(client: &mut Client, op: Operation) -> Reply {
    let label = format!("{op:?}");
    match client.call(op).await {
        (Ok(reply), true) => reply,
        other => panic!("{label}: expected a reconciled success, got {other:?}"),
    }
}

/// A sandbox without faults behind a proxy in `mode`, and a client talking to the proxy.
async fn behind(mode: Mode) -> (RunningSandbox, Proxy, Client) {
    let sb = sandbox(Faults::default()).await;
    let proxy = Proxy::start(&sb.base_url(), mode);
    let client = Client::spawn(settings(&proxy.base_url(), ADMIN));
    (sb, proxy, client)
}

fn uncertain(err: &ApiError) -> WriteOutcome {
    match err {
        ApiError::WriteUncertain { outcome, .. } => *outcome,
        other => panic!("expected WriteUncertain, got {other:?}"),
    }
}

#[tokio::test]
async fn lost_write_answers_are_confirmed_by_re_reading() {
    let (_sb, _proxy, mut admin) = behind(Mode::LoseWrites).await;

    let created = org(reconciled(&mut admin, new_org("Dropco", &["dropco.example"])).await);
    assert_eq!(created.name, "Dropco");
    assert_eq!(ops::domains(&created), ["dropco.example"]);
    let reread = org(admin.ok(ops::get_org(&created.id)).await);
    assert_eq!(reread, created);

    // Without domains, the re-read is the list; the reply is the organization in it.
    let bare = org(reconciled(&mut admin, new_org("Nodomainco", &[])).await);
    assert_eq!(bare.name, "Nodomainco");
    assert!(ops::domains(&bare).is_empty());
    let reread = org(admin.ok(ops::get_org(&bare.id)).await);
    assert_eq!(reread, bare);

    let renamed = org(reconciled(&mut admin, ops::rename_org(&created.id, "Dropco Renamed")).await);
    assert_eq!(renamed.name, "Dropco Renamed");

    let invited = person(
        reconciled(
            &mut admin,
            new_customer("lost.answer@northwind-traders.com"),
        )
        .await,
    );
    assert_eq!(ops::email(&invited), "lost.answer@northwind-traders.com");
    assert_eq!(invited.state, MemberState::Invited);
    assert_eq!(ops::organization(&invited), Some("co-acme-02"));

    let changed = person(
        reconciled(
            &mut admin,
            ops::edit_person(
                "lost.answer@northwind-traders.com",
                vec![(ops::fields::NAME, Field::Text("Found".into()))],
            ),
        )
        .await,
    );
    assert_eq!(ops::name(&changed), "Found");

    done(reconciled(&mut admin, ops::revoke("lost.answer@northwind-traders.com")).await);
    let gone = admin
        .fails(ops::get_person("lost.answer@northwind-traders.com"))
        .await;
    assert_eq!(status_of(&gone), 404);

    let deleted = done(reconciled(&mut admin, ops::delete_org(&created.id)).await);
    assert!(deleted.contains("applied"), "{deleted}");
    let gone = admin.fails(ops::get_org(&created.id)).await;
    assert_eq!(status_of(&gone), 404);
}

#[tokio::test]
async fn a_refusal_whose_body_was_cut_off_is_a_refusal() {
    // The status line arrives, the body breaks off half-way.
    let sb = sandbox(on_writes(1.0, 0.0)).await;
    let mut admin = Client::new(&sb, ADMIN);
    let before = org_names(&mut admin).await;

    // 409: acme-ltd.com is taken. Settled by the status, not re-read.
    let err = admin
        .fails(new_org("Copycat", &["copycat.example", "acme-ltd.com"]))
        .await;
    assert_eq!(status_of(&err), 409, "{err:?}");
    assert_eq!(err.class(), ErrorClass::Rejected);
    let summary = &err.problem().unwrap().summary;
    assert!(
        summary.contains("acme-ltd.com")
            || summary.contains("refused it (409), its reason was cut off"),
        "{summary}"
    );
    assert_eq!(org_names(&mut admin).await, before);

    // The same create twice: the first is done (200 arrived), the second refused
    // (409 arrived), though the re-read would show an organization just like it.
    let first = admin.call(new_org("Dropco", &["dropco.example"])).await;
    let created = org(first.0.expect("a 200 settles it as done"));
    let again = admin.fails(new_org("Dropco", &["dropco.example"])).await;
    assert_eq!(status_of(&again), 409, "{again:?}");
    let names = org_names(&mut admin).await;
    assert_eq!(names.iter().filter(|n| *n == "Dropco").count(), 1);
    assert_eq!(created.name, "Dropco");

    // Inviting someone who is already an active user: refused, not "invited".
    let err = admin.fails(invite_jane()).await;
    assert_eq!(status_of(&err), 409, "{err:?}");
    assert_eq!(err.class(), ErrorClass::Rejected);
}

#[tokio::test]
async fn a_lost_answer_to_a_refused_write_is_not_applied() {
    let (_sb, proxy, mut admin) = behind(Mode::LoseWrites).await;
    let before = org_names(&mut admin).await;

    // The server refuses (409: acme-ltd.com is taken) and nothing of the answer
    // arrives: the re-read finds no organization on the first domain.
    let (result, was_reconciled) = admin
        .call(new_org("Copycat", &["copycat.example", "acme-ltd.com"]))
        .await;
    assert!(!was_reconciled);
    let err = result.unwrap_err();
    let ApiError::WriteUncertain { outcome, cause } = &err else {
        panic!("expected WriteUncertain, got {err:?}");
    };
    assert_eq!(*outcome, WriteOutcome::NotDone);
    assert!(!cause.is_empty());
    assert_eq!(err.class(), ErrorClass::Network);
    assert!(err.hint().unwrap().contains("safe to submit again"));
    assert_eq!(org_names(&mut admin).await, before);
    assert_eq!(proxy.writes(), 1);

    // An update the server refuses: the re-read shows the old domains.
    let err = admin
        .fails(ops::set_domains("co-acme-03", &["acme-ltd.com"]))
        .await;
    assert_eq!(uncertain(&err), WriteOutcome::NotDone, "{err:?}");
    let initech = org(admin.ok(ops::get_org("co-acme-03")).await);
    assert_eq!(ops::domains(&initech), ["initech-software.com"]);

    // Resend has no read that could show it: unknown.
    let err = admin.fails(ops::resend(PENDING_CUSTOMER)).await;
    assert_eq!(uncertain(&err), WriteOutcome::Unknown, "{err:?}");
}

#[tokio::test]
async fn a_lost_answer_to_a_write_that_was_already_so_says_so() {
    let dir = temp_dir();
    let audit = dir.path().join("audit.jsonl");
    let sb = sandbox(Faults::default()).await;
    let proxy = Proxy::start(&sb.base_url(), Mode::LoseWrites);
    let mut config = settings(&proxy.base_url(), ADMIN);
    config.audit = Some(audit.clone());
    let mut admin = Client::spawn(config);

    // Acme Ltd exists with exactly these domains: the server refused the create,
    // and a re-read alone would take Acme Ltd for this write's work.
    let err = admin
        .fails(new_org("Acme Ltd", &["acme-ltd.co.uk", "acme-ltd.com"]))
        .await;
    assert_eq!(uncertain(&err), WriteOutcome::AlreadySo, "{err:?}");
    assert!(err.to_string().contains("it already existed"), "{err}");
    assert_eq!(err.class(), ErrorClass::Rejected);
    assert!(err.hint().unwrap().contains("nothing to submit again"));

    // Jane Doe is an active user already.
    let err = admin.fails(invite_jane()).await;
    assert_eq!(uncertain(&err), WriteOutcome::AlreadySo, "{err:?}");
    assert!(err.to_string().contains("it already existed"), "{err}");

    // Vandelay Imports is suspended already.
    let err = admin.fails(ops::suspend_org("co-acme-06")).await;
    assert_eq!(uncertain(&err), WriteOutcome::AlreadySo, "{err:?}");
    assert!(err.to_string().contains("already so"), "{err}");

    // Deleting what is not there.
    let err = admin.fails(ops::delete_org("co-acme-99")).await;
    assert_eq!(uncertain(&err), WriteOutcome::AlreadySo, "{err:?}");
    assert!(err.to_string().contains("already gone"), "{err}");

    // And one this write did do, for contrast.
    let (result, was_reconciled) = admin.call(new_org("Newco", &["newco.example"])).await;
    assert!(was_reconciled, "{result:?}");
    assert_eq!(org(result.unwrap()).name, "Newco");

    let outcomes: Vec<String> = std::fs::read_to_string(&audit)
        .expect("audited")
        .lines()
        .map(|line| {
            let entry: serde_json::Value = serde_json::from_str(line).unwrap();
            entry["outcome"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(outcomes.len(), 5, "{outcomes:?}");
    assert!(outcomes[0].starts_with("already existed"), "{outcomes:?}");
    assert!(outcomes[1].starts_with("already existed"), "{outcomes:?}");
    assert!(outcomes[2].starts_with("already so"), "{outcomes:?}");
    assert!(outcomes[3].starts_with("already gone"), "{outcomes:?}");
    assert!(outcomes[4].starts_with("applied"), "{outcomes:?}");
}

#[tokio::test]
async fn a_gateway_failure_on_a_write_is_settled_by_re_reading() {
    // The gateway passed the create on and then answered 502: it was applied.
    let (_sb, proxy, mut admin) = behind(Mode::GatewayAfter(502)).await;
    let (result, was_reconciled) = admin.call(new_org("Gateco", &["gateco.example"])).await;
    assert!(was_reconciled, "{result:?}");
    assert_eq!(org(result.unwrap()).name, "Gateco");
    assert_eq!(proxy.writes(), 1, "sent once, not retried");
    let (result, was_reconciled) = admin
        .call(ops::set_notes("co-acme-03", Some("through the gateway")))
        .await;
    assert!(was_reconciled, "{result:?}");
    assert_eq!(
        ops::notes(&org(result.unwrap())),
        Some("through the gateway")
    );

    // 503 and 504 without passing it on: not applied, and safe to send again.
    for status in [503, 504] {
        let (_sb, proxy, mut admin) = behind(Mode::GatewayInstead(status)).await;
        let err = admin.fails(new_org("Gateco", &["gateco.example"])).await;
        assert_eq!(uncertain(&err), WriteOutcome::NotDone, "{status}: {err:?}");
        assert!(err.to_string().contains(&status.to_string()), "{err}");
        assert!(err.hint().unwrap().contains("safe to submit again"));
        assert_eq!(proxy.writes(), 1);
    }
}

#[tokio::test]
async fn a_dropped_update_with_a_padded_url_is_confirmed() {
    let sb = sandbox(on_writes(1.0, 0.0)).await;
    let mut admin = Client::new(&sb, ADMIN);
    let url = "https://crm.example.com/accounts/77";
    let (result, was_reconciled) = admin
        .call(ops::set_external_ref(
            "co-acme-05",
            Some(&format!(" {url} ")),
        ))
        .await;
    // The change is there...
    let stark = org(admin.ok(ops::get_org("co-acme-05")).await);
    assert_eq!(ops::external_ref(&stark), Some(url));
    // ...so the client must not say it was not applied.
    assert!(was_reconciled, "{result:?}");
    assert_eq!(org(result.unwrap()), stark);
}

#[tokio::test]
async fn a_write_whose_re_read_also_fails_is_unknown() {
    // The write's answer is lost, and every read's is cut short.
    let sb = sandbox(Faults {
        drop_rate: 1.0,
        scope: FaultScope::Reads,
        ..Default::default()
    })
    .await;
    let proxy = Proxy::start(&sb.base_url(), Mode::LoseWrites);
    let mut config = settings(&proxy.base_url(), ADMIN);
    config.retry.attempts = 2;
    let mut admin = Client::spawn(config);
    let outcome = admin
        .run(new_org("Unknownco", &["unknownco.example"]))
        .await;
    // The re-read is a read: it was retried, under the write's id.
    assert_eq!(outcome.retries().len(), 1, "{:?}", outcome.events);
    assert!(!outcome.reconciled);
    let err = outcome.err();
    assert_eq!(uncertain(&err), WriteOutcome::Unknown, "{err:?}");
    assert!(err.to_string().contains("may or may not"), "{err}");
}

#[tokio::test]
async fn a_success_whose_body_was_cut_off_is_done() {
    let sb = sandbox(on_writes(1.0, 0.0)).await;
    let mut admin = Client::new(&sb, ADMIN);
    // A create answers the organization; its re-read shows it.
    let created = org(reconciled(&mut admin, new_org("Halfco", &["halfco.example"])).await);
    assert_eq!(created.name, "Halfco");
    // A revoke has nothing to show afterwards: done, as the status said.
    let (result, _) = admin.call(ops::revoke(PENDING_CUSTOMER)).await;
    let note = done(result.expect("a 200 settles it as done"));
    assert!(note.contains("200"), "{note}");
    let gone = admin.fails(ops::get_person(PENDING_CUSTOMER)).await;
    assert_eq!(status_of(&gone), 404);
}

#[tokio::test]
async fn garbled_write_answers_still_end_in_the_true_state() {
    let sb = sandbox(on_writes(0.0, 1.0)).await;
    let mut admin = Client::new(&sb, ADMIN);

    // A create answers with the organization: a garbled one cannot be read, so the
    // client re-reads and confirms.
    let created = org(reconciled(&mut admin, new_org("Garbleco", &["garbleco.example"])).await);
    assert_eq!(created.name, "Garbleco");
    let reread = org(admin.ok(ops::lookup("garbleco.example")).await);
    assert_eq!(reread.id, created.id);

    // An invite answers with a bare string the client re-reads after anyway: the
    // reply is the person as the server holds it.
    let (result, _) = admin
        .call(new_customer("garbled.answer@northwind-traders.com"))
        .await;
    let invited = person(result.expect("the invite was applied"));
    assert_eq!(invited.state, MemberState::Invited);
    assert_eq!(ops::email(&invited), "garbled.answer@northwind-traders.com");

    // A delete's confirmation is not checked; what matters is that it succeeded.
    let (result, _) = admin.call(ops::delete_org(&created.id)).await;
    assert!(matches!(result, Ok(Reply::Done(_))), "{result:?}");
    let gone = admin.fails(ops::get_org(&created.id)).await;
    assert_eq!(status_of(&gone), 404);
}

#[tokio::test]
async fn garbled_reads_fail_as_decode_errors_without_retries() {
    let sb = sandbox(Faults {
        garble_rate: 1.0,
        scope: FaultScope::Reads,
        ..Default::default()
    })
    .await;
    let mut config = settings(&sb.base_url(), ADMIN);
    config.retry.attempts = 3;
    let mut admin = Client::spawn(config);
    for op in [ops::list_orgs(), ops::get_person(CUSTOMER_EMAIL)] {
        let outcome = admin.run(op).await;
        // The whole answer arrived: asking again would bring the same garble.
        assert_eq!(outcome.retries(), []);
        let err = outcome.err();
        assert!(matches!(err, ApiError::Decode { .. }), "{err:?}");
        assert_eq!(err.class(), ErrorClass::Network);
        assert!(err.to_string().contains("could not be read"), "{err}");
    }
}

#[tokio::test]
async fn a_garbled_read_does_not_poison_the_cache() {
    // The first read is garbled, every later one is clean.
    let seed = seed_where(0.5, &[true, false, false, false]);
    let sb = sandbox(Faults {
        garble_rate: 0.5,
        scope: FaultScope::Reads,
        seed: Some(seed),
        ..Default::default()
    })
    .await;
    let capture = Capture::start();
    let mut admin = Client::new(&sb, ADMIN);
    let garbled = admin.run(ops::list_orgs()).await;
    assert!(matches!(garbled.result, Err(ApiError::Decode { .. })));
    let outcome = admin.run(ops::list_orgs()).await;
    // The statuses the client saw: the bug shows as [200, 304], the second read
    // re-decoding the cached garbage.
    let statuses: Vec<Option<u64>> = capture
        .events()
        .into_iter()
        .filter(|e| e.message == "answered")
        .map(|e| e.status)
        .collect();
    assert_eq!(statuses, [Some(200), Some(200)], "{:?}", outcome.events);
    assert_eq!(
        orgs(outcome.result.expect("the next read gets a clean answer")).len(),
        12
    );
}

#[tokio::test]
async fn html_error_pages_become_plain_problems() {
    let sb = sandbox(Faults {
        error_rate: 1.0,
        html_errors: true,
        ..Default::default()
    })
    .await;
    let mut config = settings(&sb.base_url(), ADMIN);
    config.retry.attempts = 2;
    let mut admin = Client::spawn(config);

    let read = admin.run(ops::list_orgs()).await;
    assert_eq!(read.retries().len(), 1);
    let write = admin.run(new_org("Htmlco", &["htmlco.example"])).await;
    assert_eq!(write.retries(), []);
    for err in [read.err(), write.err()] {
        let problem = err
            .problem()
            .unwrap_or_else(|| panic!("expected a problem, got {err:?}"));
        assert_eq!(problem.status, Some(500));
        assert!(!problem.summary.contains('<'), "{}", problem.summary);
        assert!(!err.to_string().contains('<'), "{err}");
        assert!(problem.summary.contains("500"), "{}", problem.summary);
        assert!(problem.raw.contains("<html>"));
        assert!(problem.request_id.is_some());
        assert_eq!(err.class(), ErrorClass::Network);
    }
}

#[tokio::test]
async fn the_read_before_a_write_leaves_a_refresh_comparing_with_what_the_caller_holds() {
    let sb = sandbox(Faults::default()).await;
    let mut admin = Client::new(&sb, ADMIN);
    let mut other = Client::new(&sb, ADMIN);
    let list = || ops::list_orgs();

    // The caller holds the list as it was...
    let id = admin.handle.load(list());
    let held = orgs(finished(&mut admin.rx, id).await.result.unwrap());
    // ...someone else changes it...
    other.ok(new_org("Elsewhereco", &[])).await;
    // ...and a create without domains reads the list before it is sent (refused
    // here: a blank name).
    let refused = admin.fails(new_org(" ", &[])).await;
    assert_eq!(status_of(&refused), 400);

    // A refresh must not be told "unchanged" on the strength of that read.
    let id = admin.handle.refresh(list());
    let now = finished(&mut admin.rx, id).await.result.unwrap();
    let now = orgs(now);
    assert_eq!(now.len(), held.len() + 1);
    assert!(now.iter().any(|o| o.name == "Elsewhereco"));
}

/// Inviting Jane Doe, who is an active customer of Acme Ltd already.
fn invite_jane() -> orgdeck::api::model::Operation {
    ops::invite(
        CUSTOMER_EMAIL,
        "Jane",
        "Doe",
        "customer",
        Some("co-acme-01"),
    )
}
