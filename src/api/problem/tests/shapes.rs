//! The error shapes vendors and frameworks answer in, each found and read right.

use serde_json::json;

use super::*;

// ---- Shape 1: RFC 9457 with an `errors` list of pointers ----

const SANDBOX_400: &str = r#"{"type":"https://orgdeck.dev/problems/validation","title":"Invalid request","status":400,"detail":"2 problems","errors":[{"pointer":"/domains/5","detail":"at most 5 domains"},{"pointer":"/display-name","detail":"must not be blank"}]}"#;

#[test]
fn shape1_problem_json_with_pointers() {
    let p = normalise(
        400,
        Some("application/problem+json"),
        SANDBOX_400.as_bytes(),
        org(),
    );
    assert_eq!(p.status, Some(400));
    assert_eq!(p.code.as_deref(), Some("validation"));
    assert_eq!(p.summary, "2 problems: fix the marked fields");
    assert_eq!(
        pairs(&p),
        vec![
            pair("domains[5]", "at most 5 domains"),
            pair("display-name", "must not be blank"),
        ]
    );
    let domains: Vec<_> = p.for_field("domains").collect();
    assert_eq!(domains.len(), 1);
    assert_eq!(domains[0].path.index(), Some(5));
    assert_eq!(p.for_field("displayName").count(), 1);
    assert_eq!(p.for_field("notes").count(), 0);
    assert_eq!(p.raw, SANDBOX_400);
    assert_eq!(p.request_id, None);
}

#[test]
fn shape1_fragment_pointers_and_single_error() {
    let body = SANDBOX_400.replace("\"/domains/5\"", "\"#/domains/5\"");
    let p = json(400, &body, org());
    assert_eq!(p.fields[0].path, FieldPath::parse("domains[5]"));

    // The sandbox repeats a lone field's detail as the problem's detail.
    let one = r#"{"type":"https://orgdeck.dev/problems/validation","title":"Invalid request","status":400,"detail":"must not be blank","errors":[{"pointer":"/display-name","detail":"must not be blank"}]}"#;
    let p = json(400, one, org());
    assert_eq!(p.summary, "display-name: must not be blank");
    assert_eq!(pairs(&p), vec![pair("display-name", "must not be blank")]);

    // Query parameters are named by `parameter`.
    let q = r#"{"type":"https://orgdeck.dev/problems/bad-request","title":"Bad request","status":400,"detail":"unknown status filter","errors":[{"parameter":"status","detail":"must be active or suspended"}]}"#;
    let p = json(400, q, Context::default());
    assert_eq!(p.code.as_deref(), Some("bad-request"));
    assert_eq!(p.summary, "unknown status filter");
    assert_eq!(
        pairs(&p),
        vec![pair("status", "must be active or suspended")]
    );
}

// ---- Shape 2: RFC 9457 without a field list ----

#[test]
fn shape2_detail_naming_one_field() {
    let body = r#"{"title":"Conflict","status":409,"detail":"domain acme.com is already used by customer organization Acme Ltd"}"#;
    let p = normalise(
        409,
        Some("application/problem+json"),
        body.as_bytes(),
        org(),
    );
    assert_eq!(
        p.summary,
        "domain acme.com is already used by customer organization Acme Ltd"
    );
    assert_eq!(
        pairs(&p),
        vec![pair(
            "domains",
            "domain acme.com is already used by customer organization Acme Ltd"
        )]
    );
    assert_eq!(p.code, None);

    let p = json(
        400,
        r#"{"title":"Bad request","status":400,"detail":"the display name must not be blank"}"#,
        org(),
    );
    assert_eq!(p.for_field("display-name").count(), 1);

    // Another spelling of the field still names it.
    for detail in [
        "displayName must not be blank",
        "DisplayName must not be blank",
        "display_name must not be blank",
        "displayname must not be blank",
        "Display-Name: must not be blank",
    ] {
        let body = json!({ "title": "Bad request", "detail": detail }).to_string();
        let p = json(400, &body, org());
        assert_eq!(p.for_field("display-name").count(), 1, "{detail}");
        assert_eq!(p.summary, detail);
    }

    // `last name` is last-name, not name.
    let p = json(
        400,
        r#"{"title":"Bad request","detail":"last name is too long"}"#,
        Context {
            fields: USER_FIELDS,
            role: None,
        },
    );
    assert_eq!(pairs(&p), vec![pair("last-name", "last name is too long")]);
}

#[test]
fn shape2_ambiguous_or_unknown_detail_stays_in_summary() {
    let body = r#"{"title":"Conflict","status":409,"detail":"domain acme.com clashes with the display name of Acme Ltd"}"#;
    let p = json(409, body, org());
    assert!(p.fields.is_empty());
    assert_eq!(
        p.summary,
        "domain acme.com clashes with the display name of Acme Ltd"
    );
    // Without a form nothing can be tied.
    let body = r#"{"title":"Conflict","status":409,"detail":"domain acme.com is already used"}"#;
    let p = json(409, body, Context::default());
    assert!(p.fields.is_empty());
    assert_eq!(p.summary, "domain acme.com is already used");
}

// ---- Shape 3: API Platform / JSON-LD ----

#[test]
fn shape3_api_platform_violations_with_hint() {
    let body = r#"{"@context":"/contexts/ConstraintViolation","@type":"ConstraintViolation","status":422,"title":"An error occurred","detail":"owners[0].email: This value is not a valid email address.","violations":[{"propertyPath":"owners[0].email","message":"This value is not a valid email address.","code":"bd79c0ab-ddba-46cc-a703-a7a4b08de310","hint":"Use an address like name@example.com"}]}"#;
    let p = normalise(422, Some("application/ld+json"), body.as_bytes(), org());
    assert_eq!(p.code.as_deref(), Some("ConstraintViolation"));
    assert_eq!(
        pairs(&p),
        vec![pair(
            "owners[0].email",
            "This value is not a valid email address. (Use an address like name@example.com)"
        )]
    );
    assert_eq!(
        p.summary,
        "owners[0].email: This value is not a valid email address."
    );
    let entry = p.for_field("owners").next().unwrap();
    assert_eq!(entry.path.index(), Some(0));
}

#[test]
fn shape3_hydra_prefixed_keys() {
    let body = r#"{"@context":"/contexts/ConstraintViolationList","@type":"ConstraintViolationList","hydra:title":"An error occurred","hydra:description":"domains[5]: This collection should contain 5 elements or less.\nexternal-ref: This value is not a valid URL.","violations":[{"propertyPath":"domains[5]","message":"This collection should contain 5 elements or less.","code":"756b1212-697c-468d-a9ad-50dd783bb169"},{"propertyPath":"external-ref","message":"This value is not a valid URL.","code":"57c2f299-1154-4870-89bb-ef3b1f5ad229"}]}"#;
    let p = json(422, body, org());
    assert_eq!(p.code.as_deref(), Some("ConstraintViolationList"));
    // The description only repeats the violations.
    assert_eq!(p.summary, "2 problems: fix the marked fields");
    assert_eq!(p.for_field("domains").count(), 1);
    assert_eq!(p.for_field("external_ref").count(), 1);

    let body = r#"{"@type":"hydra:Error","hydra:title":"An error occurred","hydra:description":"Customer organization \"Acme\" is suspended."}"#;
    let p = json(409, body, org());
    assert_eq!(p.summary, "Customer organization \"Acme\" is suspended.");
}

// ---- Shape 4: BitGo ----

#[test]
fn shape4_bitgo_envelope() {
    let body = r#"{"name":"DuplicateEnterpriseCreation","context":{"idempotencyKey":"k-8812"},"error":"An enterprise was already created for this key","requestId":"cl3x8-2f9a1b"}"#;
    let p = json(400, body, org());
    assert_eq!(p.code.as_deref(), Some("DuplicateEnterpriseCreation"));
    assert_eq!(p.summary, "An enterprise was already created for this key");
    assert_eq!(p.request_id.as_deref(), Some("cl3x8-2f9a1b"));
    assert!(p.fields.is_empty());
    assert_eq!(
        p.to_string(),
        "An enterprise was already created for this key (request id cl3x8-2f9a1b)"
    );
    // The body's id wins over the header's.
    let p = p.with_request_id(Some("hdr-1".into()));
    assert_eq!(p.request_id.as_deref(), Some("cl3x8-2f9a1b"));
    let p = json(500, "", org()).with_request_id(Some("hdr-\u{1b}[2J1".into()));
    assert_eq!(p.request_id.as_deref(), Some("hdr-\u{241b}[2J1"));
}

// ---- Shape 5: Sequence ----

#[test]
fn shape5_sequence_error_object_with_leading_field() {
    let body =
        r#"{"error":{"type":"ValidationError","message":"ownerId: customer does not exist"}}"#;
    let ctx = Context {
        fields: &["ownerId", "name"],
        role: None,
    };
    let p = json(400, body, ctx);
    assert_eq!(p.code.as_deref(), Some("ValidationError"));
    assert_eq!(p.summary, "ownerId: customer does not exist");
    assert_eq!(pairs(&p), vec![pair("ownerId", "customer does not exist")]);
    assert_eq!(p.for_field("owner_id").count(), 1);
    assert_eq!(p.lines(), vec!["ownerId: customer does not exist"]);

    // A field the form does not have: still shown, in the summary.
    let p = json(400, body, org());
    assert_eq!(p.summary, "ownerId: customer does not exist");
}

#[test]
fn shape5_sequence_errors_list_and_message() {
    let body = r#"{"errors":["name: must be at most 64 characters","the price list is locked"]}"#;
    let p = json(400, body, Context::default());
    assert_eq!(
        pairs(&p),
        vec![pair("name", "must be at most 64 characters")]
    );
    assert_eq!(
        p.summary,
        "name: must be at most 64 characters; the price list is locked"
    );

    let p = json(422, r#"{"message":"amount must be positive"}"#, org());
    assert_eq!(p.summary, "amount must be positive");
    assert!(p.fields.is_empty());

    // Prefixes that are no identifier name no field.
    for message in [
        "Error: upstream timed out",
        "see https://example.com/docs",
        "12:30 is not a valid time",
        "the display name: too long",
    ] {
        let body = json!({ "message": message }).to_string();
        let p = json(400, &body, Context::default());
        assert!(p.fields.is_empty(), "{message}: {:?}", p.fields);
        assert_eq!(p.summary, message);
    }
}

// ---- Shape 6: field lists of other platforms ----

#[test]
fn shape6_code_message_errors_with_codes_only() {
    let body = r#"{"code":"invalid","message":"The request is invalid","errors":[{"field":"email","code":"email_taken"},{"field":"name","code":"tooLong"}]}"#;
    let p = json(
        422,
        body,
        Context {
            fields: USER_FIELDS,
            role: None,
        },
    );
    assert_eq!(p.code.as_deref(), Some("invalid"));
    assert_eq!(p.summary, "The request is invalid");
    assert_eq!(
        pairs(&p),
        vec![pair("email", "email taken"), pair("name", "too long")]
    );
}

#[test]
fn shape6_clerk_prefers_long_message() {
    let body = r#"{"errors":[{"message":"is invalid","long_message":"email_address must be a valid email address.","code":"form_param_format_invalid","meta":{"param_name":"email_address"}}],"clerk_trace_id":"b1946ac92492d2347c6235b4d2611184"}"#;
    let ctx = Context {
        fields: &["emailAddress", "password"],
        role: None,
    };
    let p = json(422, body, ctx);
    assert_eq!(p.code.as_deref(), Some("form_param_format_invalid"));
    assert_eq!(
        pairs(&p),
        vec![pair(
            "email_address",
            "email_address must be a valid email address."
        )]
    );
    assert_eq!(p.summary, "email_address must be a valid email address.");
    assert_eq!(p.for_field("emailAddress").count(), 1);
}

#[test]
fn shape6_aspnet_errors_map() {
    let body = r#"{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"One or more validation errors occurred.","status":400,"errors":{"Email":["The Email field is required."],"Owners[0].Email":["The Email field is not a valid e-mail address."]},"traceId":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"}"#;
    let ctx = Context {
        fields: &["email", "owners"],
        role: None,
    };
    let p = json(400, body, ctx);
    assert_eq!(p.code, None);
    assert_eq!(
        p.request_id.as_deref(),
        Some("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00")
    );
    assert_eq!(p.summary, "2 problems: fix the marked fields");
    assert_eq!(
        pairs(&p),
        vec![
            pair("Email", "The Email field is required."),
            pair(
                "Owners[0].Email",
                "The Email field is not a valid e-mail address."
            ),
        ]
    );
    assert_eq!(p.for_field("email").count(), 1);
    assert_eq!(p.for_field("owners").next().unwrap().path.index(), Some(0));

    let one = r#"{"title":"One or more validation errors occurred.","status":400,"errors":{"Email":["The Email field is required."]}}"#;
    let p = json(400, one, ctx);
    assert_eq!(p.summary, "The Email field is required.");
}

// ---- Shape 7: free-form objects (MuninX customer organizations) ----

#[test]
fn shape7_free_form_with_field_key() {
    let p = json(
        409,
        r#"{"error":"domain already in use","field":"domains"}"#,
        org(),
    );
    assert_eq!(p.summary, "domain already in use");
    assert_eq!(pairs(&p), vec![pair("domains", "domain already in use")]);
    assert_eq!(p.code, None);

    // Singular spelling, extra messages kept in the summary, data ignored.
    let body = r#"{"error":"domain already in use","field":"domain","conflicting_org":"Acme Ltd","hint":"remove it from the other organization first","domain":"acme.com","id":"org_1"}"#;
    let p = json(409, body, org());
    assert_eq!(pairs(&p), vec![pair("domains", "domain already in use")]);
    assert!(p.summary.starts_with("domain already in use; "));
    assert!(
        p.summary
            .contains("hint: remove it from the other organization first")
    );
    assert!(p.summary.contains("conflicting_org: Acme Ltd"));
    assert!(!p.summary.contains("acme.com"));
}

#[test]
fn shape7_free_form_keys_named_after_fields() {
    let body = r#"{"display_name":"must not be blank","domains":["too many","acme..com is not a DNS name"],"reason":"validation failed"}"#;
    let p = json(400, body, org());
    assert_eq!(p.summary, "validation failed");
    assert_eq!(p.for_field("display-name").count(), 1);
    assert_eq!(p.for_field("domains").count(), 2);

    // A message about a field the form lacks goes to the summary.
    let p = json(
        400,
        r#"{"error":"is not allowed","param":"ownerId"}"#,
        org(),
    );
    assert_eq!(pairs(&p), vec![pair("ownerId", "is not allowed")]);
    assert_eq!(p.summary, "ownerId: is not allowed");
    let p = json(
        400,
        r#"{"message":"Invalid request","errors":[{"field":"ownerId","message":"unknown customer"}]}"#,
        org(),
    );
    assert_eq!(p.summary, "Invalid request; ownerId: unknown customer");
}

// ---- Shape 8: Gin ----

#[test]
fn shape8_gin_envelope() {
    let body = r#"{"code":"FORBIDDEN","message":"admins only","error":"forbidden"}"#;
    let p = json(
        403,
        body,
        Context {
            fields: ORG_FIELDS,
            role: Some("agent"),
        },
    );
    assert_eq!(p.code.as_deref(), Some("FORBIDDEN"));
    assert_eq!(p.summary, "admins only");
    assert!(p.fields.is_empty());

    // The same envelope without anything useful falls back to the role wording.
    let body = r#"{"code":"FORBIDDEN","message":"Forbidden","error":"forbidden"}"#;
    let p = json(
        403,
        body,
        Context {
            fields: ORG_FIELDS,
            role: Some("agent"),
        },
    );
    assert_eq!(p.summary, "your role (agent) may not do this");
}
