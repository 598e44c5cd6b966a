//! Every operation's success path through the client task and the MuninX adapter,
//! with writes checked by reading the sandbox state back; and validation failures
//! mapped to the API's field names.

use crate::support::Faults;
use crate::support::client::*;
use orgdeck::api::error::{ApiError, ErrorClass};
use orgdeck::api::model::*;

#[tokio::test]
async fn reads_return_the_seed_data() {
    let sb = sandbox(Faults::default()).await;
    let mut admin = Client::new(&sb, ADMIN);

    let me = person(admin.ok(Operation::WhoAmI).await);
    assert_eq!(me.email, ADMIN_EMAIL);
    assert_eq!(me.id, ADMIN_EMAIL);
    assert_eq!(me.role, Role::Admin);
    assert_eq!(me.status, PersonStatus::Active);
    assert_eq!(me.agent_type.as_deref(), Some("human"));

    let all = orgs(
        admin
            .ok(Operation::ListOrganizations { status: None })
            .await,
    );
    assert_eq!(all.len(), 12);
    assert!(
        all.iter()
            .any(|o| o.id == "co-acme-01" && o.name == "Acme Ltd")
    );
    let suspended = orgs(
        admin
            .ok(Operation::ListOrganizations {
                status: Some(OrgStatus::Suspended),
            })
            .await,
    );
    let ids: Vec<&str> = suspended.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids, ["co-acme-06"]);
    assert_eq!(suspended[0].status, OrgStatus::Suspended);

    let acme = org(admin
        .ok(Operation::GetOrganization {
            id: "co-acme-01".into(),
        })
        .await);
    assert_eq!(acme.name, "Acme Ltd");
    assert_eq!(acme.domains, ["acme-ltd.com", "acme-ltd.co.uk"]);
    assert_eq!(
        acme.external_ref.as_deref(),
        Some("https://crm.example.com/accounts/1001")
    );
    assert!(acme.created_at.is_some() && acme.updated_at.is_some());

    // Lookup is exact but case-insensitive, and the adapter trims.
    let found = org(admin
        .ok(Operation::LookupOrganization {
            domain: " ACME-LTD.CO.UK ".into(),
        })
        .await);
    assert_eq!(found, acme);

    let jane = person(
        admin
            .ok(Operation::GetPerson {
                id: CUSTOMER_EMAIL.into(),
            })
            .await,
    );
    assert_eq!(jane.role, Role::Customer);
    assert_eq!(jane.organization.as_deref(), Some("co-acme-01"));
    assert_eq!(jane.agent_type, None);
    assert_eq!(jane.full_name(), "Jane Doe");
}

#[tokio::test]
async fn list_people_applies_every_filter() {
    let sb = sandbox(Faults::default()).await;
    let mut admin = Client::new(&sb, ADMIN);

    let everyone = people(
        admin
            .ok(Operation::ListPeople(PeopleFilter::default()))
            .await,
    );
    assert_eq!(everyone.len(), 60);

    let pending_agents = people(
        admin
            .ok(Operation::ListPeople(PeopleFilter {
                roles: vec![Role::Agent],
                statuses: vec![PersonStatus::Pending],
                organization: None,
            }))
            .await,
    );
    let emails: Vec<&str> = pending_agents.iter().map(|p| p.email.as_str()).collect();
    assert_eq!(emails, [PENDING_AGENT]);

    let staff = people(
        admin
            .ok(Operation::ListPeople(PeopleFilter {
                roles: vec![Role::Admin, Role::Agent],
                ..Default::default()
            }))
            .await,
    );
    assert_eq!(staff.len(), 13);
    assert!(staff.iter().all(|p| p.role.is_staff()));

    let acme_ltd = people(
        admin
            .ok(Operation::ListPeople(PeopleFilter {
                organization: Some("co-acme-01".into()),
                ..Default::default()
            }))
            .await,
    );
    assert_eq!(acme_ltd.len(), 7);
    assert!(
        acme_ltd
            .iter()
            .all(|p| p.organization.as_deref() == Some("co-acme-01"))
    );
    let expected_pending = acme_ltd
        .iter()
        .filter(|p| p.status == PersonStatus::Pending)
        .count();
    let pending_here = people(
        admin
            .ok(Operation::ListPeople(PeopleFilter {
                roles: vec![Role::Customer],
                statuses: vec![PersonStatus::Pending],
                organization: Some("co-acme-01".into()),
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
        .ok(Operation::CreateOrganization(NewOrganization {
            name: "Newco".into(),
            domains: vec!["newco.example".into(), "newco.test".into()],
            external_ref: Some("https://crm.example.com/accounts/9001".into()),
            notes: Some("created by a test".into()),
        }))
        .await);
    assert_eq!(created.name, "Newco");
    assert_eq!(created.status, OrgStatus::Active);
    let id = created.id.clone();
    let reread = org(admin
        .ok(Operation::GetOrganization { id: id.clone() })
        .await);
    assert_eq!(reread, created);
    let by_domain = org(admin
        .ok(Operation::LookupOrganization {
            domain: "newco.test".into(),
        })
        .await);
    assert_eq!(by_domain.id, id);

    // An update answers with a bare string; the client re-reads and returns the org.
    let updated = org(admin
        .ok(Operation::UpdateOrganization {
            id: id.clone(),
            changes: OrganizationChanges {
                name: Some("Newco Holdings".into()),
                domains: Some(vec!["newco.example".into()]),
                notes: Some(None),
                ..Default::default()
            },
        })
        .await);
    assert_eq!(updated.name, "Newco Holdings");
    assert_eq!(updated.domains, ["newco.example"]);
    assert_eq!(updated.notes, None);
    assert_eq!(
        updated.external_ref.as_deref(),
        Some("https://crm.example.com/accounts/9001")
    );
    let reread = org(admin
        .ok(Operation::GetOrganization { id: id.clone() })
        .await);
    assert_eq!(reread, updated);
    let gone = admin
        .fails(Operation::LookupOrganization {
            domain: "newco.test".into(),
        })
        .await;
    assert_eq!(status_of(&gone), 404);

    // Suspend = an update with only a status.
    let suspend = Operation::UpdateOrganization {
        id: id.clone(),
        changes: OrganizationChanges {
            status: Some(OrgStatus::Suspended),
            ..Default::default()
        },
    };
    assert_eq!(suspend.capability(), Capability::SuspendOrganization);
    let suspended = org(admin.ok(suspend).await);
    assert_eq!(suspended.status, OrgStatus::Suspended);
    assert_eq!(suspended.name, "Newco Holdings");
    let listed = orgs(
        admin
            .ok(Operation::ListOrganizations {
                status: Some(OrgStatus::Suspended),
            })
            .await,
    );
    assert!(listed.iter().any(|o| o.id == id));

    let message = done(
        admin
            .ok(Operation::DeleteOrganization { id: id.clone() })
            .await,
    );
    assert_eq!(message, "Customer org deleted");
    let missing = admin
        .fails(Operation::GetOrganization { id: id.clone() })
        .await;
    assert_eq!(status_of(&missing), 404);
    assert_eq!(missing.class(), ErrorClass::Rejected);
    // A missing resource is not a missing endpoint.
    assert!(
        admin
            .handle
            .capabilities()
            .is_available(Capability::ReadOrganization)
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
            .ok(Operation::Invite(NewInvite {
                email: " Sam+Test@Acme-Ltd.com ".into(),
                name: "Sam".into(),
                last_name: "Lee".into(),
                role: Role::Customer,
                agent_type: None,
                organization: Some("co-acme-01".into()),
            }))
            .await,
    );
    let email = "sam+test@acme-ltd.com";
    assert_eq!(invited.email, email);
    assert_eq!(invited.status, PersonStatus::Pending);
    assert_eq!(invited.role, Role::Customer);
    assert_eq!(invited.organization.as_deref(), Some("co-acme-01"));
    let reread = person(admin.ok(Operation::GetPerson { id: email.into() }).await);
    assert_eq!(reread, invited);

    let agent = person(
        admin
            .ok(Operation::Invite(NewInvite {
                email: "kim@acme-support.example".into(),
                name: "Kim".into(),
                last_name: "Ito".into(),
                role: Role::Agent,
                agent_type: Some("ai-assisted".into()),
                organization: None,
            }))
            .await,
    );
    assert_eq!(agent.role, Role::Agent);
    assert_eq!(agent.agent_type.as_deref(), Some("ai-assisted"));
    assert_eq!(agent.status, PersonStatus::Pending);

    let updated = person(
        admin
            .ok(Operation::UpdatePerson {
                id: email.into(),
                changes: PersonChanges {
                    last_name: Some("Lee-Park".into()),
                    organization: Some(Some("co-acme-03".into())),
                    auto_assign: Some(true),
                    ..Default::default()
                },
            })
            .await,
    );
    assert_eq!(updated.last_name, "Lee-Park");
    assert_eq!(updated.organization.as_deref(), Some("co-acme-03"));
    assert_eq!(updated.auto_assign, Some(true));
    assert_eq!(updated.status, PersonStatus::Pending);
    let reread = person(admin.ok(Operation::GetPerson { id: email.into() }).await);
    assert_eq!(reread, updated);

    let sent = done(admin.ok(Operation::ResendInvite { id: email.into() }).await);
    assert_eq!(sent, "Activation email sent");
    let sent = done(
        admin
            .ok(Operation::ResendInvite {
                id: PENDING_CUSTOMER.into(),
            })
            .await,
    );
    assert_eq!(sent, "Activation email sent");
    // Only pending invites get one.
    let active = admin
        .fails(Operation::ResendInvite {
            id: CUSTOMER_EMAIL.into(),
        })
        .await;
    assert_eq!(status_of(&active), 409);

    let revoked = done(admin.ok(Operation::RevokeInvite { id: email.into() }).await);
    assert_eq!(revoked, "User deleted");
    let gone = admin.fails(Operation::GetPerson { id: email.into() }).await;
    assert_eq!(status_of(&gone), 404);
    let pending = people(
        admin
            .ok(Operation::ListPeople(PeopleFilter {
                statuses: vec![PersonStatus::Pending],
                ..Default::default()
            }))
            .await,
    );
    assert!(pending.iter().all(|p| p.email != email));
    assert!(
        pending
            .iter()
            .any(|p| p.email == "kim@acme-support.example")
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

    let six = admin
        .fails(Operation::CreateOrganization(NewOrganization {
            name: "Sixco".into(),
            domains: (1..=6).map(|i| format!("six{i}.example")).collect(),
            ..Default::default()
        }))
        .await;
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
        .fails(Operation::CreateOrganization(NewOrganization {
            name: "Copycat".into(),
            domains: vec!["copycat.example".into(), "acme-ltd.com".into()],
            ..Default::default()
        }))
        .await;
    assert_eq!(status_of(&taken), 409);
    assert_eq!(taken.class(), ErrorClass::Rejected);
    assert_eq!(field_roots(&taken), [("domains".to_owned(), Some(1))]);
    assert!(taken.to_string().contains("Acme Ltd"), "{taken}");

    // The same through an update of another organization.
    let clash = admin
        .fails(Operation::UpdateOrganization {
            id: "co-acme-03".into(),
            changes: OrganizationChanges {
                domains: Some(vec!["acme-ltd.co.uk".into()]),
                ..Default::default()
            },
        })
        .await;
    assert_eq!(status_of(&clash), 409);
    assert!(
        field_roots(&clash)
            .iter()
            .all(|(root, _)| root == "domains")
    );
    assert!(!field_roots(&clash).is_empty());

    let agent = admin
        .fails(Operation::Invite(NewInvite {
            email: "no.type@acme-support.example".into(),
            name: "No".into(),
            last_name: "Type".into(),
            role: Role::Agent,
            agent_type: None,
            organization: None,
        }))
        .await;
    assert_eq!(status_of(&agent), 400);
    assert_eq!(field_roots(&agent), [("agent-type".to_owned(), None)]);
    assert!(agent.hint().unwrap().contains("fix the fields"));

    // Nothing of this reached the data.
    assert_eq!(org_names(&mut admin).await, before);
    let initech = org(admin
        .ok(Operation::GetOrganization {
            id: "co-acme-03".into(),
        })
        .await);
    assert_eq!(initech.domains, ["initech-software.com"]);
    let missing = admin
        .fails(Operation::GetPerson {
            id: "no.type@acme-support.example".into(),
        })
        .await;
    assert_eq!(status_of(&missing), 404);
}
