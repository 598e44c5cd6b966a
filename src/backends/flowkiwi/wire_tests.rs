//! The contract's own examples (`shared/api/flowkiwi.md` and the OpenAPI draft
//! beside it) read into the wire types and written back unchanged.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::*;

const ORG: &str = "/api/organizations/0196f3a0-1111-7000-8000-000000000001";

/// Reads `example` as `T`, writes it back and asserts nothing was lost or added.
fn round_trip<T: Serialize + DeserializeOwned>(example: Value) -> T {
    let typed: T = serde_json::from_value(example.clone()).expect("reads the example");
    let back = serde_json::to_value(&typed).expect("writes");
    assert_eq!(back, example);
    typed
}

fn owner() -> Value {
    json!({
        "@id": format!("{ORG}/members/0196f3a0-2222-7000-8000-000000000001"),
        "@type": "Member",
        "id": "0196f3a0-2222-7000-8000-000000000001",
        "email": "jane@acme.example",
        "name": "Jane Doe",
        "role": "owner",
        "joined_at": "2026-11-02T09:30:00+00:00"
    })
}

fn organization() -> Value {
    json!({
        "@id": ORG,
        "@type": "Organization",
        "id": "0196f3a0-1111-7000-8000-000000000001",
        "name": "Acme Corp",
        "created_at": "2026-11-02T09:30:00+00:00",
        "updated_at": "2026-11-02T09:30:00+00:00",
        "owners": [owner()],
        "members": []
    })
}

fn collection() -> Value {
    json!({
        "@context": "/api/contexts/Organization",
        "@id": "/api/organizations",
        "@type": "Collection",
        "totalItems": 1,
        "member": [organization()]
    })
}

#[test]
fn the_created_organization_round_trips_with_its_context() {
    let mut example = organization();
    example["@context"] = json!("/api/contexts/Organization");
    let org: Organization = round_trip(example);
    assert_eq!(org.ld.id, ORG);
    assert_eq!(
        org.ld.context.as_deref(),
        Some("/api/contexts/Organization")
    );
    assert_eq!(org.owners[0].role, "owner");
    assert_eq!(org.owners[0].name.as_deref(), Some("Jane Doe"));
    assert!(org.members.is_empty());
}

#[test]
fn a_member_without_a_name_keeps_its_null() {
    let mut example = owner();
    example["name"] = Value::Null;
    let member: Member = round_trip(example);
    assert_eq!(member.name, None);
}

#[test]
fn the_plain_collection_round_trips() {
    let page: OrganizationCollection = round_trip(collection());
    assert_eq!(page.total_items, Some(1));
    assert_eq!(page.member[0].name, "Acme Corp");
    assert_eq!(page.view, None);
}

#[test]
fn the_prefixed_collection_reads_the_same_as_the_plain_one() {
    let mut plain = collection();
    plain["view"] = json!({
        "@id": "/api/organizations?page=1",
        "@type": "PartialCollectionView",
        "first": "/api/organizations?page=1",
        "last": "/api/organizations?page=2",
        "next": "/api/organizations?page=2"
    });
    let prefixed = hydra_prefixed(plain.clone());
    assert_eq!(prefixed["@type"], "hydra:Collection");
    assert_eq!(prefixed["hydra:totalItems"], 1);
    assert_eq!(
        prefixed["hydra:view"]["@type"],
        "hydra:PartialCollectionView"
    );
    assert_eq!(
        prefixed["hydra:view"]["hydra:next"],
        "/api/organizations?page=2"
    );
    assert!(prefixed.get("member").is_none());
    // The resources inside are not Hydra's: their keys stay.
    assert_eq!(prefixed["hydra:member"][0], organization());

    let a: OrganizationCollection = serde_json::from_value(plain).expect("plain");
    let b: OrganizationCollection = serde_json::from_value(prefixed).expect("prefixed");
    assert_eq!(a.member, b.member);
    assert_eq!(
        a.view.as_ref().and_then(|v| v.next.clone()),
        b.view.and_then(|v| v.next)
    );
    assert_eq!(a.total_items, b.total_items);
}

#[test]
fn a_collection_mixing_both_spellings_is_read() {
    let mixed = json!({
        "@id": "/api/organizations",
        "@type": "hydra:Collection",
        "hydra:member": [organization()],
        "view": {"@id": "/api/organizations?page=1", "@type": "PartialCollectionView",
                 "hydra:next": "/api/organizations?page=2"}
    });
    let page: OrganizationCollection = serde_json::from_value(mixed).expect("mixed");
    assert_eq!(page.member.len(), 1);
    assert_eq!(page.total_items, None);
    let next = page.view.and_then(|v| v.next);
    assert_eq!(next.as_deref(), Some("/api/organizations?page=2"));
}

#[test]
fn the_invitation_round_trips_with_its_nulls() {
    let example = json!({
        "@context": "/api/contexts/Invitation",
        "@id": format!("{ORG}/invitations/0196f3a0-4444-7000-8000-000000000001"),
        "@type": "Invitation",
        "id": "0196f3a0-4444-7000-8000-000000000001",
        "email": "sam@acme.example",
        "role": "member",
        "status": "pending",
        "invited_by": owner(),
        "created_at": "2026-11-02T10:00:00+00:00",
        "last_sent_at": "2026-11-02T10:00:00+00:00",
        "send_count": 1,
        "expires_at": "2026-11-09T10:00:00+00:00",
        "accepted_at": null,
        "revoked_at": null
    });
    let invitation: Invitation = round_trip(example);
    assert_eq!(invitation.status, "pending");
    assert_eq!(invitation.invited_by.email, "jane@acme.example");
    assert_eq!(invitation.revoked_at, None);
}

#[test]
fn the_contract_s_422_round_trips_with_its_composite_id() {
    let id = format!("0={NOT_BLANK};1={EMAIL}");
    let detail =
        "name: This value should not be blank.\nemail: This value is not a valid email address.";
    let example = json!({
        "@context": "/api/contexts/ConstraintViolation",
        "@id": format!("/api/validation_errors/{id}"),
        "@type": "ConstraintViolation", "status": 422, "title": "An error occurred",
        "type": format!("/validation_errors/{id}"),
        "detail": detail,
        "description": detail,
        "violations": [
            {"propertyPath": "name", "message": "This value should not be blank.", "code": NOT_BLANK},
            {"propertyPath": "email", "message": "This value is not a valid email address.",
             "code": EMAIL, "hint": "Use a full address such as name@example.com"}]
    });
    let problem: Problem = round_trip(example);
    assert_eq!(problem.status, Some(422));
    assert_eq!(problem.violations[1].property_path, "email");
    assert_eq!(problem.violations[0].hint, None);
    assert_eq!(Problem::violation_id(&[NOT_BLANK, EMAIL]), id);
    assert_eq!(Problem::violation_id(&[NOT_BLANK]), NOT_BLANK);
    assert_eq!(Problem::violation_detail(&problem.violations), detail);
}

#[test]
fn the_spec_s_errors_round_trip() {
    let detail = r#"The content-type "application/json" is not supported. Supported MIME types are "application/merge-patch+json"."#;
    let e415 = json!({
        "@context": "/api/contexts/Error", "@id": "/api/errors/415", "@type": "Error",
        "title": "An error occurred", "detail": detail, "status": 415, "type": "/errors/415"
    });
    let problem: Problem = round_trip(e415);
    assert_eq!(problem.status, Some(415));
    assert!(problem.violations.is_empty());
    let e403 = json!({
        "@context": "/api/contexts/Error", "@id": "/api/errors/403", "@type": "Error",
        "title": "An error occurred", "detail": "Access Denied.", "status": 403,
        "type": "/errors/403", "description": "Access Denied."
    });
    round_trip::<Problem>(e403);
}

#[test]
fn a_prefixed_error_reads_its_title_and_description() {
    let plain = json!({
        "@context": "/api/contexts/Error", "@id": "/api/errors/409", "@type": "Error",
        "title": "An error occurred", "detail": "An organization must keep at least one owner.",
        "status": 409, "type": "/errors/409",
        "description": "An organization must keep at least one owner."
    });
    let prefixed = hydra_prefixed(plain.clone());
    assert_eq!(prefixed["@type"], "hydra:Error");
    assert_eq!(prefixed["hydra:title"], "An error occurred");
    let a: Problem = serde_json::from_value(plain).expect("plain");
    let b: Problem = serde_json::from_value(prefixed).expect("prefixed");
    assert_eq!((a.title, a.description), (b.title, b.description));
}

#[test]
fn request_bodies_are_the_contract_s() {
    let create = OrganizationCreate {
        name: "Acme Corp".into(),
    };
    assert_eq!(
        serde_json::to_value(create).unwrap(),
        json!({"name": "Acme Corp"})
    );
    assert_eq!(
        serde_json::to_value(OrganizationPatch::default()).unwrap(),
        json!({})
    );
    let member: MemberCreate = round_trip(json!({"email": "sam@acme.example", "role": "member"}));
    assert_eq!(member.role, "member");
    let patch: MemberPatch = round_trip(json!({"role": "owner"}));
    assert_eq!(patch.role.as_deref(), Some("owner"));
}
