//! Every operation's success path through the client task and the MuninX adapter,
//! with writes checked by reading the sandbox state back; and validation failures
//! mapped to the API's field names.

use crate::support::Faults;
use crate::support::client::*;
use crate::support::ops::{self, fields, on_orgs};
use orgdeck::api::error::{ApiError, ErrorClass};
use orgdeck::api::model::*;
use orgdeck::api::value::{Changes, Value};

fn text(value: &str) -> Value {
    Value::Text(value.to_owned())
}

fn list(items: &[&str]) -> Value {
    Value::List(items.iter().map(|i| (*i).to_owned()).collect())
}

#[tokio::test]
async fn reads_return_the_seed_data() {
    let sb = sandbox(Faults::default()).await;
    let mut admin = Client::new(&sb, ADMIN);

    // Who-am-I names the caller; the rest of the admin's user is read as a user.
    let me = ops::caller(admin.ok(Operation::WhoAmI).await);
    assert_eq!(me.id, ADMIN_EMAIL);
    assert_eq!(me.role, "admin");
    let admin_user = person(admin.ok(ops::get_person(ADMIN_EMAIL)).await);
    assert_eq!(me, ops::caller_of(&admin_user));
    assert_eq!(ops::email(&admin_user), ADMIN_EMAIL);
    assert_eq!(admin_user.id(), ADMIN_EMAIL);
    assert_eq!(ops::role(&admin_user), "admin");
    assert_eq!(ops::person_status(&admin_user), "active");
    assert_eq!(admin_user.state, MemberState::Active);
    assert_eq!(ops::agent_type(&admin_user), Some("human"));

    let all = orgs(admin.ok(ops::list_orgs()).await);
    assert_eq!(all.len(), 12);
    assert!(
        all.iter()
            .any(|o| o.id == "co-acme-01" && o.name == "Acme Ltd")
    );
    let suspended = orgs(admin.ok(ops::list_orgs_in("suspended")).await);
    let ids: Vec<&str> = suspended.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids, ["co-acme-06"]);
    assert_eq!(suspended[0].state, NodeState::Suspended);
    assert_eq!(ops::status(&suspended[0]), "suspended");

    let acme = org(admin.ok(ops::get_org("co-acme-01")).await);
    assert_eq!(acme.name, "Acme Ltd");
    assert_eq!(ops::domains(&acme), ["acme-ltd.com", "acme-ltd.co.uk"]);
    assert_eq!(
        ops::external_ref(&acme),
        Some("https://crm.example.com/accounts/1001")
    );
    assert!(matches!(
        ops::org_value(&acme, fields::CREATED),
        orgdeck::api::model::ValueRef::Time(_)
    ));
    assert!(matches!(
        ops::org_value(&acme, fields::UPDATED),
        orgdeck::api::model::ValueRef::Time(_)
    ));

    // Lookup is exact but case-insensitive, and the adapter trims.
    let found = org(admin.ok(ops::lookup(" ACME-LTD.CO.UK ")).await);
    assert_eq!(found, acme);

    let jane = person(admin.ok(ops::get_person(CUSTOMER_EMAIL)).await);
    assert_eq!(ops::role(&jane), "customer");
    assert_eq!(ops::organization(&jane), Some("co-acme-01"));
    assert_eq!(ops::agent_type(&jane), None);
    assert_eq!(jane.full_name(&fields::SCHEMA), "Jane Doe");
    // A customer's organization is their one membership.
    assert_eq!(
        *jane.memberships,
        [Membership {
            node: "co-acme-01".into(),
            role: None,
            state: MemberState::Active,
        }]
    );
}

#[tokio::test]
async fn list_people_applies_every_filter() {
    let sb = sandbox(Faults::default()).await;
    let mut admin = Client::new(&sb, ADMIN);

    let everyone = people(admin.ok(ops::list_people()).await);
    assert_eq!(everyone.len(), 60);

    let pending_agents = people(
        admin
            .ok(ops::list_people_where(Filter {
                fields: vec![(fields::TYPE, vec!["agent".into()])],
                states: vec![MemberState::Invited],
            }))
            .await,
    );
    let emails: Vec<&str> = pending_agents.iter().map(ops::email).collect();
    assert_eq!(emails, [PENDING_AGENT]);

    let staff = people(
        admin
            .ok(ops::list_people_of(&["admin", "agent"], None))
            .await,
    );
    assert_eq!(staff.len(), 13);
    assert!(
        staff
            .iter()
            .all(|p| ["admin", "agent"].contains(&ops::role(p)))
    );

    let acme_ltd = people(admin.ok(ops::list_people_of(&[], Some("co-acme-01"))).await);
    assert_eq!(acme_ltd.len(), 7);
    assert!(
        acme_ltd
            .iter()
            .all(|p| ops::organization(p) == Some("co-acme-01"))
    );
    let expected_pending = acme_ltd
        .iter()
        .filter(|p| ops::person_status(p) == "pending")
        .count();
    let pending_here = people(
        admin
            .ok(ops::list_people_where(Filter {
                fields: vec![
                    (fields::TYPE, vec!["customer".into()]),
                    (fields::ORGANIZATION_FIELD, vec!["co-acme-01".into()]),
                ],
                states: vec![MemberState::Invited],
            }))
            .await,
    );
    assert_eq!(pending_here.len(), expected_pending);
    assert_eq!(expected_pending, 2);
}

#[tokio::test]
async fn organization_writes_take_effect() {
    let sb = sandbox(Faults::default()).await;
    let mut admin = Client::new(&sb, ADMIN);

    let created = org(admin
        .ok(ops::create_org_with(vec![
            (fields::DISPLAY_NAME, text("Newco")),
            (fields::DOMAINS, list(&["newco.example", "newco.test"])),
            (
                fields::EXTERNAL_REF,
                text("https://crm.example.com/accounts/9001"),
            ),
            (fields::NOTES, text("created by a test")),
        ]))
        .await);
    assert_eq!(created.name, "Newco");
    assert_eq!(created.state, NodeState::Active);
    assert_eq!(ops::status(&created), "active");
    let id = created.id.clone();
    let reread = org(admin.ok(ops::get_org(&id)).await);
    assert_eq!(reread, created);
    let by_domain = org(admin.ok(ops::lookup("newco.test")).await);
    assert_eq!(by_domain.id, id);

    // An update answers with a bare string; the client re-reads and returns the org.
    let updated = org(admin
        .ok(ops::edit_org(
            &id,
            vec![
                (fields::DISPLAY_NAME, text("Newco Holdings")),
                (fields::DOMAINS, list(&["newco.example"])),
                (fields::NOTES, Value::Empty),
            ],
        ))
        .await);
    assert_eq!(updated.name, "Newco Holdings");
    assert_eq!(ops::domains(&updated), ["newco.example"]);
    assert_eq!(ops::notes(&updated), None);
    assert_eq!(
        ops::external_ref(&updated),
        Some("https://crm.example.com/accounts/9001")
    );
    let reread = org(admin.ok(ops::get_org(&id)).await);
    assert_eq!(reread, updated);
    let gone = admin.fails(ops::lookup("newco.test")).await;
    assert_eq!(status_of(&gone), 404);

    // Suspend = an update with only a status.
    let suspend = Operation::update_node(
        ops::level(),
        id.clone(),
        Changes {
            values: vec![(fields::STATUS, text("suspended"))],
        },
    );
    assert_eq!(suspend, ops::suspend_org(&id));
    assert_eq!(suspend.capability(), on_orgs(Verb::Toggle));
    let suspended = org(admin.ok(suspend).await);
    assert_eq!(suspended.state, NodeState::Suspended);
    assert_eq!(ops::status(&suspended), "suspended");
    assert_eq!(suspended.name, "Newco Holdings");
    let listed = orgs(admin.ok(ops::list_orgs_in("suspended")).await);
    assert!(listed.iter().any(|o| o.id == id));

    let message = done(admin.ok(ops::delete_org(&id)).await);
    assert_eq!(message, "Customer org deleted");
    let missing = admin.fails(ops::get_org(&id)).await;
    assert_eq!(status_of(&missing), 404);
    assert_eq!(missing.class(), ErrorClass::Rejected);
    // A missing resource is not a missing endpoint.
    assert!(
        admin
            .handle
            .capabilities()
            .is_available(on_orgs(Verb::Read))
    );
    assert!(
        !org_names(&mut admin)
            .await
            .contains(&"Newco Holdings".into())
    );
}

#[tokio::test]
async fn invites_and_people_writes_take_effect() {
    let sb = sandbox(Faults::default()).await;
    let mut admin = Client::new(&sb, ADMIN);

    // Mixed case and spaces: the reply is the re-read person, under the lower-cased email.
    let invited = person(
        admin
            .ok(ops::invite(
                " Sam+Test@Acme-Ltd.com ",
                "Sam",
                "Lee",
                "customer",
                Some("co-acme-01"),
            ))
            .await,
    );
    let email = "sam+test@acme-ltd.com";
    assert_eq!(ops::email(&invited), email);
    assert_eq!(invited.id(), email);
    assert_eq!(ops::person_status(&invited), "pending");
    assert_eq!(invited.state, MemberState::Invited);
    assert_eq!(ops::role(&invited), "customer");
    assert_eq!(ops::organization(&invited), Some("co-acme-01"));
    let reread = person(admin.ok(ops::get_person(email)).await);
    assert_eq!(reread, invited);

    let agent = person(
        admin
            .ok(ops::invite_staff(
                "kim@acme-support.example",
                "Kim",
                "Ito",
                "agent",
                "ai-assisted",
            ))
            .await,
    );
    assert_eq!(ops::role(&agent), "agent");
    assert_eq!(ops::agent_type(&agent), Some("ai-assisted"));
    assert_eq!(ops::person_status(&agent), "pending");

    let updated = person(
        admin
            .ok(ops::edit_person(
                email,
                vec![
                    (fields::LAST_NAME, text("Lee-Park")),
                    (fields::ORGANIZATION_FIELD, text("co-acme-03")),
                    (fields::AUTO_ASSIGN, Value::Bool(true)),
                ],
            ))
            .await,
    );
    assert_eq!(ops::last_name(&updated), "Lee-Park");
    assert_eq!(ops::organization(&updated), Some("co-acme-03"));
    assert_eq!(ops::auto_assign(&updated), Some(true));
    assert_eq!(ops::person_status(&updated), "pending");
    let reread = person(admin.ok(ops::get_person(email)).await);
    assert_eq!(reread, updated);

    let sent = done(admin.ok(ops::resend(email)).await);
    assert_eq!(sent, "Activation email sent");
    let sent = done(admin.ok(ops::resend(PENDING_CUSTOMER)).await);
    assert_eq!(sent, "Activation email sent");
    // Only pending invites get one.
    let active = admin.fails(ops::resend(CUSTOMER_EMAIL)).await;
    assert_eq!(status_of(&active), 409);

    let revoked = done(admin.ok(ops::revoke(email)).await);
    assert_eq!(revoked, "User deleted");
    let gone = admin.fails(ops::get_person(email)).await;
    assert_eq!(status_of(&gone), 404);
    let pending = people(admin.ok(ops::list_people_in(&[MemberState::Invited])).await);
    assert!(pending.iter().all(|p| ops::email(p) != email));
    assert!(
        pending
            .iter()
            .any(|p| ops::email(p) == "kim@acme-support.example")
    );
}

fn field_roots(err: &ApiError) -> Vec<(String, Option<usize>)> {
    let problem = err
        .problem()
        .unwrap_or_else(|| panic!("expected a problem, got {err:?}"));
    problem
        .fields
        .iter()
        .map(|f| (f.path.root().unwrap_or("").to_owned(), f.path.index()))
        .collect()
}

#[tokio::test]
async fn validation_problems_name_the_api_fields() {
    let sb = sandbox(Faults::default()).await;
    let mut admin = Client::new(&sb, ADMIN);
    let before = org_names(&mut admin).await;

    let six_domains: Vec<String> = (1..=6).map(|i| format!("six{i}.example")).collect();
    let six_domains: Vec<&str> = six_domains.iter().map(String::as_str).collect();
    let six = admin.fails(ops::create_org("Sixco", &six_domains)).await;
    assert!(matches!(six, ApiError::Rejected(_)), "{six:?}");
    assert_eq!(status_of(&six), 400);
    assert_eq!(six.class(), ErrorClass::Rejected);
    assert_eq!(field_roots(&six), [("domains".to_owned(), Some(5))]);
    let problem = six.problem().unwrap();
    assert!(
        problem.fields[0].message.contains("at most 5"),
        "{problem:?}"
    );
    assert_eq!(problem.fields[0].path.to_string(), "domains[5]");
    // The sandbox's x-request-id, kept for the operator to quote.
    assert!(
        problem
            .request_id
            .as_deref()
            .is_some_and(|id| id.starts_with("req-")),
        "{problem:?}"
    );

    // A domain another organization holds: 409, tied to the domains input.
    let taken = admin
        .fails(ops::create_org(
            "Copycat",
            &["copycat.example", "acme-ltd.com"],
        ))
        .await;
    assert_eq!(status_of(&taken), 409);
    assert_eq!(taken.class(), ErrorClass::Rejected);
    assert_eq!(field_roots(&taken), [("domains".to_owned(), Some(1))]);
    assert!(taken.to_string().contains("Acme Ltd"), "{taken}");

    // The same through an update of another organization.
    let clash = admin
        .fails(ops::set_domains("co-acme-03", &["acme-ltd.co.uk"]))
        .await;
    assert_eq!(status_of(&clash), 409);
    assert!(
        field_roots(&clash)
            .iter()
            .all(|(root, _)| root == "domains")
    );
    assert!(!field_roots(&clash).is_empty());

    let agent = admin
        .fails(ops::invite(
            "no.type@acme-support.example",
            "No",
            "Type",
            "agent",
            None,
        ))
        .await;
    assert_eq!(status_of(&agent), 400);
    assert_eq!(field_roots(&agent), [("agent-type".to_owned(), None)]);
    assert!(agent.hint().unwrap().contains("fix the fields"));

    // Nothing of this reached the data.
    assert_eq!(org_names(&mut admin).await, before);
    let initech = org(admin.ok(ops::get_org("co-acme-03")).await);
    assert_eq!(ops::domains(&initech), ["initech-software.com"]);
    let missing = admin
        .fails(ops::get_person("no.type@acme-support.example"))
        .await;
    assert_eq!(status_of(&missing), 404);
}
