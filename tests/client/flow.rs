//! Request ids, cancellation, superseding reads, capabilities that servers take away,
//! conditional GETs, and which URLs the client agrees to use.

use std::sync::Arc;

use crate::support::Faults;
use crate::support::MuninX;
use crate::support::client::*;
use crate::support::fake_servers::Gate;
use crate::support::ops::{self, fields, on_orgs, on_users};
use orgdeck::api::client::{ClientEvent, spawn};
use orgdeck::api::error::{ApiError, ErrorClass};
use orgdeck::api::model::*;
use orgdeck::api::value::Value;

fn slow(ms: u64) -> Faults {
    Faults {
        latency_ms: ms,
        ..Default::default()
    }
}

#[tokio::test]
async fn ids_are_unique_and_each_request_finishes_once() {
    let sb = sandbox(Faults::default()).await;
    let mut admin = Client::new(&sb, ADMIN);
    let ids: Vec<u64> = ["co-acme-01", "co-acme-02", "co-acme-03"]
        .into_iter()
        .map(|id| admin.handle.send(ops::get_org(id)))
        .collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
    // A clone shares the id sequence.
    let other = admin.handle.clone().send(Operation::WhoAmI);
    assert!(other > ids[2]);
    // They run at once, so they may finish in any order; each finishes once.
    let mut all = ids.clone();
    all.push(other);
    let mut outcomes = finished_each(&mut admin.rx, &all).await;
    let me = ops::caller(outcomes.pop().expect("who am I").result.unwrap());
    assert_eq!(me.id, ADMIN_EMAIL);
    let names: Vec<String> = outcomes
        .into_iter()
        .map(|outcome| org(outcome.result.unwrap()).name)
        .collect();
    assert_eq!(names, ["Acme Ltd", "Northwind Traders", "Initech"]);
    // Cancelling what already finished reports nothing: the client handles its
    // commands in order, so a report would come before the next request's answer.
    admin.handle.cancel(other);
    let next = admin.run(Operation::WhoAmI).await;
    assert_eq!(next.events, [], "events besides the next request's");
    assert_eq!(admin.drain(), []);
}

#[tokio::test]
async fn cancelling_a_read_reports_at_once_and_only_once() {
    let sb = sandbox(Faults::default()).await;
    // The server holds the read until the gate opens: "at once" is "before the
    // server has answered", whatever the machine's load.
    let gate = Gate::start(&sb.base_url());
    let mut admin = Client::spawn(settings(&gate.base_url(), ADMIN));
    let id = admin.handle.send(ops::list_orgs());
    gate.until("the list", |arrived, _| !arrived.is_empty())
        .await;
    admin.handle.cancel(id);
    // The gate is still closed here: the cancellation was reported without an answer.
    let outcome = finished(&mut admin.rx, id).await;
    let err = outcome.err();
    assert_eq!(
        err,
        ApiError::Cancelled {
            superseded: false,
            write: false
        }
    );
    assert_eq!(err.class(), ErrorClass::Cancelled);
    assert_eq!(err.hint(), None);
    // The server answers the cancelled read after all: nothing arrives for it, before
    // or while the client serves the next request.
    gate.open();
    gate.until("the cancelled read answered", |_, answered| answered == 1)
        .await;
    assert_eq!(admin.drain(), []);
    let next = admin.run(Operation::WhoAmI).await;
    assert_eq!(next.events, [], "events besides the next request's");
    assert_eq!(ops::caller(next.result.expect("who am I")).id, ADMIN_EMAIL);
    assert_eq!(admin.drain(), []);
}

#[tokio::test]
async fn cancelling_a_write_says_it_may_still_apply() {
    let sb = sandbox(Faults::default()).await;
    let gate = Gate::start(&sb.base_url());
    let mut admin = Client::spawn(settings(&gate.base_url(), ADMIN));
    let id = admin.handle.send(ops::delete_org("co-acme-05"));
    gate.until("the write under way", |arrived, _| !arrived.is_empty())
        .await;
    admin.handle.cancel(id);
    let err = finished(&mut admin.rx, id).await.err();
    assert_eq!(
        err,
        ApiError::Cancelled {
            superseded: false,
            write: true
        }
    );
    assert!(err.hint().unwrap().contains("may still apply"));
    // Whatever the server makes of it, nothing more is reported for it.
    gate.open();
    gate.until_all_answered().await;
    let next = admin.run(Operation::WhoAmI).await;
    assert_eq!(next.events, [], "events besides the next request's");
    assert_eq!(admin.drain(), []);
}

#[tokio::test]
async fn a_newer_identical_read_supersedes_the_older() {
    let sb = sandbox(Faults::default()).await;
    let gate = Gate::start(&sb.base_url());
    let mut admin = Client::spawn(settings(&gate.base_url(), ADMIN));
    let list = ops::list_orgs();
    let first = admin.handle.send(list.clone());
    gate.until("the first list", |arrived, _| arrived.len() == 1)
        .await;
    let second = admin.handle.send(list);
    // A different read (another filter) is left alone.
    let third = admin.handle.send(ops::list_orgs_in("active"));

    // Superseded while the server still holds it (the gate is closed).
    let old = finished(&mut admin.rx, first).await;
    gate.open();
    assert_eq!(
        old.result,
        Err(ApiError::Cancelled {
            superseded: true,
            write: false
        })
    );
    // Both were held at the gate and are answered in whatever order the server finishes.
    let [new, active]: [Outcome; 2] = finished_each(&mut admin.rx, &[second, third])
        .await
        .try_into()
        .expect("two outcomes");
    assert_eq!(orgs(new.result.unwrap()).len(), 12);
    assert_eq!(orgs(active.result.unwrap()).len(), 11);
    // The superseded read never reports again, even once the server has answered it.
    gate.until_all_answered().await;
    let next = admin.run(Operation::WhoAmI).await;
    let mut late: Vec<ClientEvent> = next.events;
    late.extend(admin.drain());
    assert!(
        !late
            .iter()
            .any(|e| matches!(e, ClientEvent::Finished { id, .. } if *id == first)),
        "{late:?}"
    );
}

#[tokio::test]
async fn writes_in_flight_do_not_supersede_each_other() {
    let sb = sandbox(slow(150)).await;
    let mut admin = Client::new(&sb, ADMIN);
    let suspend = ops::suspend_org;
    let a = admin.handle.send(suspend("co-acme-07"));
    let b = admin.handle.send(suspend("co-acme-08"));
    let a = org(finished(&mut admin.rx, a).await.result.unwrap());
    let b = org(finished(&mut admin.rx, b).await.result.unwrap());
    assert_eq!(
        (&a.state, &b.state),
        (&NodeState::Suspended, &NodeState::Suspended)
    );
    assert_eq!(
        (ops::status(&a), ops::status(&b)),
        ("suspended", "suspended")
    );
    let suspended: Vec<String> = orgs(admin.ok(ops::list_orgs_in("suspended")).await)
        .into_iter()
        .map(|o| o.id)
        .collect();
    assert_eq!(suspended, ["co-acme-06", "co-acme-07", "co-acme-08"]);
}

#[tokio::test]
async fn a_collection_404_turns_the_capability_off() {
    let sb = sandbox(Faults::default()).await;
    let base = sb.base_url();
    let mut lost = Client::spawn(settings(&format!("{base}/nope/"), ADMIN));
    assert!(lost.handle.capabilities().is_available(on_orgs(Verb::List)));

    let outcome = lost.run(ops::list_orgs()).await;
    let events = outcome.events.clone();
    let err = outcome.err();
    let ApiError::Unsupported {
        capability, reason, ..
    } = &err
    else {
        panic!("expected Unsupported, got {err:?}");
    };
    assert_eq!(*capability, on_orgs(Verb::List));
    assert!(reason.contains("404"), "{reason}");
    assert!(reason.contains("/customer-organizations"), "{reason}");
    assert_eq!(err.class(), ErrorClass::Network);
    assert!(
        events.iter().any(|e| matches!(
            e,
            ClientEvent::CapabilityLost { capability, reason }
                if *capability == on_orgs(Verb::List) && reason.contains("404")
        )),
        "{events:?}"
    );
    let caps = lost.handle.capabilities();
    assert!(!caps.is_available(on_orgs(Verb::List)));
    assert!(caps.is_available(on_users(Verb::List)));
    assert!(matches!(
        caps.support(on_orgs(Verb::List)),
        Support::Unavailable(why) if why.contains("404")
    ));

    // The next try fails at once, without a request.
    let before = request_counter(&base).await;
    let again = lost.run(ops::list_orgs()).await;
    assert!(again.events.is_empty(), "{:?}", again.events);
    assert!(matches!(
        again.err(),
        ApiError::Unsupported { capability, .. } if capability == on_orgs(Verb::List)
    ));
    let after = request_counter(&base).await;
    assert_eq!(after, before + 1, "the client made a request");

    // A 404 on one resource does not: the org simply does not exist.
    let mut fine = Client::new(&sb, ADMIN);
    let missing = fine.fails(ops::get_org("co-nope")).await;
    assert_eq!(status_of(&missing), 404);
    assert!(matches!(missing, ApiError::Rejected(_)));
    assert!(fine.handle.capabilities().is_available(on_orgs(Verb::Read)));
}

#[tokio::test]
async fn a_405_turns_a_write_capability_off() {
    let sb = sandbox(Faults::default()).await;
    // POST /users/customer-organizations exists only for GET, PUT and DELETE.
    let mut odd = Client::spawn(settings(&format!("{}/users/", sb.base_url()), ADMIN));
    let outcome = odd.run(ops::create_org("Nowhere", &[])).await;
    assert!(
        outcome.events.iter().any(
            |e| matches!(e, ClientEvent::CapabilityLost { capability, reason }
                if *capability == on_orgs(Verb::Create) && reason.contains("405"))
        ),
        "{:?}",
        outcome.events
    );
    assert!(matches!(
        outcome.result,
        Err(ApiError::Unsupported { capability, .. }) if capability == on_orgs(Verb::Create)
    ));
    assert!(
        !odd.handle
            .capabilities()
            .is_available(on_orgs(Verb::Create))
    );
    let mut admin = Client::new(&sb, ADMIN);
    assert!(!org_names(&mut admin).await.contains(&"Nowhere".to_owned()));
}

/// Current-thread runtime (the default): the client's task logs on this thread, so
/// a thread-local subscriber sees its "answered" events.
#[tokio::test]
async fn an_unchanged_list_is_answered_304_and_served_from_the_cache() {
    let capture = Capture::start();
    let sb = sandbox(Faults::default()).await;
    let mut admin = Client::new(&sb, ADMIN);
    let list = ops::list_people();

    let first = admin.ok(list.clone()).await;
    let second = admin.ok(list.clone()).await;
    assert_eq!(people(second.clone()).len(), 60);
    assert_eq!(first, second);

    // A change makes the tag stale: the next read is a full 200 with the change.
    admin
        .ok(ops::edit_person(
            CUSTOMER_EMAIL,
            vec![(fields::LAST_NAME, Value::Text("Doe-Smith".into()))],
        ))
        .await;
    let third = people(admin.ok(list).await);
    assert!(
        third
            .iter()
            .any(|p| ops::email(p) == CUSTOMER_EMAIL && ops::last_name(p) == "Doe-Smith")
    );

    let statuses: Vec<Option<u64>> = capture
        .events()
        .into_iter()
        .filter(|e| e.message == "answered" && e.request == "GET /users")
        .map(|e| e.status)
        .collect();
    assert_eq!(statuses, [Some(200), Some(304), Some(200)]);
}

#[tokio::test]
async fn a_dot_id_names_a_resource_not_the_collection() {
    let sb = sandbox(Faults::default()).await;
    let mut admin = Client::new(&sb, ADMIN);
    // URL normalisation would turn DELETE /customer-organizations/.. into a call on
    // the collection (405, and the capability lost); the client refuses the id instead.
    let err = admin.fails(ops::delete_org("..")).await;
    assert!(
        admin
            .handle
            .capabilities()
            .is_available(on_orgs(Verb::Delete)),
        "capability lost after {err:?}"
    );
    assert!(
        matches!(&err, ApiError::Setup(why) if why.contains("not a valid id")),
        "{err:?}"
    );
    // A read of "." must not become a read of the list.
    let err = admin.fails(ops::get_org(".")).await;
    assert!(
        matches!(&err, ApiError::Setup(why) if why.contains("not a valid id")),
        "{err:?}"
    );
}

#[tokio::test]
async fn plain_http_is_refused_for_remote_hosts() {
    let remote = settings("http://api.muninx.example", ADMIN);
    let err = match spawn(remote.clone(), Arc::new(MuninX)) {
        Err(err) => err,
        Ok(_) => panic!("http:// to a remote host was accepted"),
    };
    assert!(matches!(err, ApiError::Setup(_)), "{err:?}");
    assert_eq!(err.class(), ErrorClass::Usage);
    assert!(err.to_string().contains("allow_http"), "{err}");
    assert!(!err.to_string().contains(ADMIN));

    let mut allowed = remote;
    allowed.allow_http = true;
    assert!(spawn(allowed, Arc::new(MuninX)).is_ok());
    for url in [
        "https://api.muninx.example",
        "http://localhost:9",
        "http://127.0.0.1:9",
        "http://[::1]:9",
    ] {
        assert!(
            spawn(settings(url, ADMIN), Arc::new(MuninX)).is_ok(),
            "{url}"
        );
    }
    for url in ["http://localhost.muninx.example", "ftp://127.0.0.1/"] {
        let refused = spawn(settings(url, ADMIN), Arc::new(MuninX));
        assert!(matches!(refused, Err(ApiError::Setup(_))), "{url}");
    }
}

#[tokio::test]
async fn a_refresh_of_unchanged_data_answers_unchanged_and_a_send_the_cached_body() {
    let sb = sandbox(Faults::default()).await;
    let mut admin = Client::new(&sb, ADMIN);
    let list = ops::list_orgs();
    let Reply::Nodes(first) = admin.ok(list.clone()).await else {
        panic!("organizations expected");
    };
    // The caller holds the answer: a 304 is reported as such, nothing decoded.
    let id = admin.handle.refresh(list.clone());
    let outcome = finished(&mut admin.rx, id).await;
    assert_eq!(outcome.result, Ok(Reply::Unchanged));
    // A plain read still gets the whole list (from the cached body on 304).
    assert_eq!(admin.ok(list.clone()).await, Reply::Nodes(first.clone()));
    // After a change, a refresh brings the new data.
    admin
        .ok(ops::create_org("Refreshco", &["refreshco.example"]))
        .await;
    let id = admin.handle.refresh(list);
    let outcome = finished(&mut admin.rx, id).await;
    match outcome.result {
        Ok(Reply::Nodes(now)) => assert_eq!(now.items.len(), first.items.len() + 1),
        other => panic!("the changed list expected, got {other:?}"),
    }
}

#[tokio::test]
async fn a_load_keeps_only_the_validator_and_a_later_send_still_gets_the_data() {
    let sb = sandbox(Faults::default()).await;
    let mut admin = Client::new(&sb, ADMIN);
    let list = ops::list_people();
    let id = admin.handle.load(list.clone());
    let Ok(Reply::Parties(loaded)) = finished(&mut admin.rx, id).await.result else {
        panic!("people expected");
    };
    // The validator was kept: a refresh is answered "unchanged"...
    let id = admin.handle.refresh(list.clone());
    assert_eq!(
        finished(&mut admin.rx, id).await.result,
        Ok(Reply::Unchanged)
    );
    // ...but no body was, so a plain read asks unconditionally and gets the data
    // (a 304 here would leave the client with nothing to answer).
    assert_eq!(admin.ok(list).await, Reply::Parties(loaded));
}
