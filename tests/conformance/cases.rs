//! The cases, written once against `Subject`: each starts a fresh sandbox of the
//! subject's backend and drives it through the real client task.

use std::collections::BTreeSet;

use orgdeck::api::error::{ApiError, ErrorClass};
use orgdeck::api::model::{Capability, MemberState, Operation, Support, Target, Verb};
use orgdeck::cli::{EXIT_AUTH, Failure};

use crate::subject::{Profile, Subject, client, start};
use crate::support::client::Client;
use crate::support::fake_servers::{Mode, Proxy};

/// How many items `listing` holds now, read whole by `admin`.
async fn count(subject: &impl Subject, admin: &mut Client, listing: &Operation) -> usize {
    subject.ids(&admin.ok(listing.clone()).await).len()
}

fn sorted(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids
}

/// Case 1: Every list read with pages of two comes to its end with no item twice, and
/// holds what one whole read gives.
pub async fn lists_every_level_to_the_end(subject: &impl Subject) {
    let sandbox = start(subject).await;
    let admin = subject.tokens().admin;
    let paged_profile = Profile {
        page_size: Some(2),
        ..Profile::default()
    };
    let mut paged = client(subject, &sandbox.base_url(), admin, paged_profile);
    let mut whole = client(subject, &sandbox.base_url(), admin, Profile::default());
    let listings = subject.listings();
    assert!(!listings.is_empty(), "the subject lists nothing");
    for listing in listings {
        // A client that follows pages refuses ones that repeat: that is this case
        // failing too, with the client's reason.
        let ids = match paged.run(listing.op.clone()).await.result {
            Ok(reply) => subject.ids(&reply),
            Err(err) => panic!(
                "{}: the pages of two did not read to the end: {err}",
                listing.what
            ),
        };
        assert!(
            ids.len() > 2,
            "{}: the seed must hold more than a page of two ({ids:?})",
            listing.what
        );
        let unique: BTreeSet<&String> = ids.iter().collect();
        assert_eq!(
            unique.len(),
            ids.len(),
            "{}: an item came twice: {ids:?}",
            listing.what
        );
        let all = subject.ids(&whole.ok(listing.op).await);
        assert_eq!(sorted(ids), sorted(all), "{}", listing.what);
    }
}

/// Case 2: What is created reads back as it was answered, and is listed.
pub async fn created_reads_back_and_is_listed(subject: &impl Subject) {
    let sandbox = start(subject).await;
    let mut admin = client(
        subject,
        &sandbox.base_url(),
        subject.tokens().admin,
        Profile::default(),
    );
    for creatable in subject.creatables() {
        let what = creatable.what;
        let created = admin.ok(creatable.valid).await;
        let id = subject
            .id(&created)
            .unwrap_or_else(|| panic!("{what}: the create answered no id: {created:?}"));
        let read = admin.ok((creatable.read)(&id)).await;
        assert_eq!(subject.id(&read).as_deref(), Some(id.as_str()), "{what}");
        assert_eq!(subject.fields(&read), subject.fields(&created), "{what}");
        let listed = subject.ids(&admin.ok(creatable.listing).await);
        assert!(listed.contains(&id), "{what}: {id} is not listed");
    }
}

/// Case 3: An invalid draft is refused with a problem the form draws under the field
/// that is wrong, and nothing is created.
pub async fn an_invalid_draft_lands_on_its_field(subject: &impl Subject) {
    let sandbox = start(subject).await;
    let mut admin = client(
        subject,
        &sandbox.base_url(),
        subject.tokens().admin,
        Profile::default(),
    );
    for creatable in subject.creatables() {
        let what = creatable.what;
        let before = count(subject, &mut admin, &creatable.listing).await;
        let err = admin.fails(creatable.invalid).await;
        assert_eq!(err.class(), ErrorClass::Rejected, "{what}: {err:?}");
        let problem = err
            .problem()
            .unwrap_or_else(|| panic!("{what}: no problem in {err:?}"));
        // What the form does with it: `Form::apply_problem` matches by `for_field`.
        let under: Vec<&str> = problem
            .for_field(creatable.invalid_field)
            .map(|field| field.message.as_str())
            .collect();
        assert!(
            under.iter().any(|message| !message.trim().is_empty()),
            "{what}: nothing lands on {}: {problem:?}",
            creatable.invalid_field
        );
        let after = count(subject, &mut admin, &creatable.listing).await;
        assert_eq!(before, after, "{what}: a refused draft created something");
    }
}

/// Case 4: An update changes the field it gives and no other.
pub async fn an_update_changes_only_what_was_given(subject: &impl Subject) {
    let sandbox = start(subject).await;
    let mut admin = client(
        subject,
        &sandbox.base_url(),
        subject.tokens().admin,
        Profile::default(),
    );
    let updates = subject.updates();
    assert!(!updates.is_empty(), "the subject updates nothing");
    for update in updates {
        let what = update.what;
        let before = subject.fields(&admin.ok(update.read.clone()).await);
        assert!(
            before.contains_key(update.field),
            "{what}: no field {} in {before:?}",
            update.field
        );
        assert_ne!(
            before[update.field], update.value,
            "{what}: the seed already holds the new value"
        );
        admin.ok(update.write).await;
        let after = subject.fields(&admin.ok(update.read).await);
        assert_eq!(after[update.field], update.value, "{what}");
        let untouched = |fields: &std::collections::BTreeMap<String, String>| {
            fields
                .iter()
                .filter(|(name, _)| {
                    name.as_str() != update.field && !update.bookkeeping.contains(&name.as_str())
                })
                .map(|(name, value)| (name.clone(), value.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(untouched(&after), untouched(&before), "{what}");
    }
}

/// Case 5: A create whose answer is lost after it took effect is settled: sent once,
/// made once, and either confirmed by what the server now holds or said unknown.
pub async fn a_lost_answer_never_creates_twice(subject: &impl Subject) {
    let sandbox = start(subject).await;
    let token = subject.tokens().admin;
    let mut admin = client(subject, &sandbox.base_url(), token, Profile::default());
    for creatable in subject.creatables() {
        let what = creatable.what;
        let proxy = Proxy::start(&sandbox.base_url(), Mode::LoseWrites);
        let mut lossy = client(subject, &proxy.base_url(), token, Profile::default());
        let before = count(subject, &mut admin, &creatable.listing).await;
        let outcome = lossy.run(creatable.valid).await;
        assert_eq!(proxy.writes(), 1, "{what}: the write was sent again");
        let now = subject.ids(&admin.ok(creatable.listing).await);
        assert_eq!(now.len(), before + 1, "{what}: {now:?}");
        match outcome.result {
            Ok(reply) => {
                assert!(
                    outcome.reconciled,
                    "{what}: a lost answer read as an answer"
                );
                let id = subject.id(&reply);
                assert!(
                    id.as_ref().is_some_and(|id| now.contains(id)),
                    "{what}: settled as {id:?}, which is not listed"
                );
            }
            Err(ApiError::WriteUncertain { .. }) => {}
            Err(other) => panic!("{what}: not settled: {other:?}"),
        }
    }
}

/// The exit class the CLI gives `err`.
fn exit_code(err: ApiError) -> i32 {
    Failure::from(err).code
}

/// Case 6: A role that may read but not write is refused each write as a permission
/// problem, and a token the server does not know as an authentication problem.
pub async fn refused_role_and_bad_token_are_auth_errors(subject: &impl Subject) {
    let sandbox = start(subject).await;
    let tokens = subject.tokens();
    let base = sandbox.base_url();
    let mut admin = client(subject, &base, tokens.admin, Profile::default());
    let mut reader = client(subject, &base, tokens.reader, Profile::default());
    let mut stranger = client(subject, &base, tokens.bad, Profile::default());
    for listing in subject.listings() {
        reader.ok(listing.op.clone()).await;
        let err = stranger.fails(listing.op).await;
        assert_eq!(err.status(), Some(401), "{}: {err:?}", listing.what);
        assert_eq!(err.class(), ErrorClass::Auth, "{}", listing.what);
        assert_eq!(exit_code(err), EXIT_AUTH, "{}", listing.what);
    }
    let updates = subject.updates().into_iter().map(|u| (u.what, u.write));
    let creates = subject.creatables().into_iter().map(|c| (c.what, c.valid));
    let listings: Vec<Operation> = subject
        .creatables()
        .into_iter()
        .map(|c| c.listing)
        .collect();
    let mut held = Vec::new();
    for listing in &listings {
        held.push(count(subject, &mut admin, listing).await);
    }
    for (what, write) in creates.chain(updates) {
        if subject.has_read_only_role() {
            let err = reader.fails(write.clone()).await;
            assert!(matches!(err, ApiError::Rejected(_)), "{what}: {err:?}");
            assert_eq!(err.status(), Some(403), "{what}: {err:?}");
            assert_eq!(err.class(), ErrorClass::Auth, "{what}");
            assert_eq!(exit_code(err), EXIT_AUTH, "{what}");
        }
        let err = stranger.fails(write).await;
        assert_eq!(err.status(), Some(401), "{what}: {err:?}");
        assert_eq!(exit_code(err), EXIT_AUTH, "{what}");
    }
    for (listing, before) in listings.iter().zip(held) {
        assert_eq!(count(subject, &mut admin, listing).await, before);
    }
}

/// The writes the subject's backend declares: what its schema's screens offer
/// (each level's create and edit forms, its toggle, deleting its nodes; each tab's
/// verbs and invite form; each view's invite form, and on a person it lists the
/// edit, and the resend and revoke of an invite where it lists invited people),
/// less what the subject says the backend has no request for.
fn declared_writes(subject: &impl Subject) -> BTreeSet<Capability> {
    let schema = subject.backend().schema();
    let mut declared: Vec<(Verb, Target, bool)> = Vec::new();
    for level in schema.levels {
        let target = Target::Level(level.id);
        declared.extend([
            (Verb::Create, target, level.create.is_some()),
            (Verb::Update, target, level.edit.is_some()),
            (Verb::Toggle, target, level.toggle.is_some()),
            (Verb::Delete, target, true),
        ]);
        for tab in level.tabs {
            let target = Target::Tab(level.id, tab.id);
            // Replacing a node's members names the node, not the tab it is offered on.
            declared.extend(tab.offers.iter().map(|verb| match verb {
                Verb::SetMembers => (*verb, Target::Level(level.id), true),
                _ => (*verb, target, true),
            }));
            declared.push((Verb::Invite, target, tab.invite.is_some()));
        }
    }
    for view in schema.views {
        let target = Target::View(view.id);
        let states = view.filter.states;
        let invited = states.is_empty() || states.contains(&MemberState::Invited);
        declared.extend([
            (Verb::Invite, target, view.invite.is_some()),
            (Verb::UpdateMember, target, schema.party_edit.is_some()),
            (Verb::Resend, target, invited),
            (Verb::Revoke, target, invited),
        ]);
    }
    let undeclared: BTreeSet<Capability> = subject
        .undeclared()
        .iter()
        .map(Operation::capability)
        .collect();
    declared
        .into_iter()
        .filter(|(verb, _, offered)| *offered && verb.is_write())
        .map(|(verb, target, _)| Capability::new(verb, target))
        .filter(|capability| !undeclared.contains(capability))
        .collect()
}

/// Case 7: A read-only profile refuses every write the backend offers, and sends nothing.
pub async fn a_read_only_profile_sends_no_write(subject: &impl Subject) {
    let sandbox = start(subject).await;
    let proxy = Proxy::start(&sandbox.base_url(), Mode::GatewayInstead(503));
    let read_only = Profile {
        read_only: true,
        ..Profile::default()
    };
    let mut client = client(
        subject,
        &proxy.base_url(),
        subject.tokens().admin,
        read_only,
    );
    let writes = subject.writes();
    let covered: BTreeSet<Capability> = writes.iter().map(Operation::capability).collect();
    let declared = declared_writes(subject);
    assert!(!declared.is_empty(), "the backend declares no write");
    let missing: Vec<&Capability> = declared.difference(&covered).collect();
    assert!(missing.is_empty(), "no write tried for {missing:?}");
    for write in writes {
        let err = client.fails(write.clone()).await;
        assert!(
            matches!(err, ApiError::ReadOnly { .. }),
            "{write:?} was not refused as read-only: {err:?}"
        );
        assert_eq!(exit_code(err), EXIT_AUTH, "{write:?}");
    }
    assert_eq!(proxy.requests(), 0, "a read-only profile sent a request");
}

/// Case 8: An operation the backend does not declare, or whose endpoint the server has
/// shown it lacks, is refused as unsupported, and once known without a request.
pub async fn an_unsupported_capability_is_refused_without_a_request(subject: &impl Subject) {
    let sandbox = start(subject).await;
    let admin = subject.tokens().admin;
    let lacks = subject.lacks();
    let undeclared = subject.undeclared();
    assert!(
        !lacks.is_empty() || !undeclared.is_empty(),
        "the subject names nothing it may lack"
    );
    for lack in lacks {
        let what = format!("{} {} answering {}", lack.method, lack.path, lack.status);
        let mode = Mode::Lacking {
            method: lack.method,
            path: lack.path,
            status: lack.status,
        };
        let proxy = Proxy::start(&sandbox.base_url(), mode);
        let mut client = client(subject, &proxy.base_url(), admin, Profile::default());
        let capability = lack.op.capability();
        let first = client.fails(lack.op.clone()).await;
        assert!(
            matches!(&first, ApiError::Unsupported { capability: c, .. } if *c == capability),
            "{what}: {first:?}"
        );
        assert!(
            matches!(client.handle.capabilities().support(capability),
                Support::Unavailable(why) if why.contains(&lack.status.to_string())),
            "{what}: the client does not know it now"
        );
        let sent = proxy.requests();
        let again = client.fails(lack.op).await;
        assert!(
            matches!(&again, ApiError::Unsupported { capability: c, .. } if *c == capability),
            "{what}: {again:?}"
        );
        assert_eq!(proxy.requests(), sent, "{what}: asked again");
    }
    for op in undeclared {
        let proxy = Proxy::start(&sandbox.base_url(), Mode::GatewayInstead(503));
        let mut client = client(subject, &proxy.base_url(), admin, Profile::default());
        let err = client.fails(op.clone()).await;
        assert!(
            matches!(&err, ApiError::Unsupported { capability, .. } if *capability == op.capability()),
            "{op:?}: {err:?}"
        );
        assert_eq!(proxy.requests(), 0, "{op:?}: a request was sent");
    }
}
