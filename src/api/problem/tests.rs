use proptest::prelude::*;
use serde_json::{Value, json};

use super::*;

const ORG_FIELDS: &[&str] = &["display-name", "domains", "external-ref", "notes"];
const USER_FIELDS: &[&str] = &[
    "email",
    "name",
    "last-name",
    "type",
    "agent-type",
    "organization",
];

fn org() -> Context<'static> {
    Context {
        fields: ORG_FIELDS,
        role: Some("admin"),
    }
}

fn json(status: u16, body: &str, ctx: Context<'_>) -> Problem {
    normalise(status, Some("application/json"), body.as_bytes(), ctx)
}

fn pairs(p: &Problem) -> Vec<(String, String)> {
    p.fields
        .iter()
        .map(|f| (f.path.to_string(), f.message.clone()))
        .collect()
}

fn pair(path: &str, message: &str) -> (String, String) {
    (path.to_owned(), message.to_owned())
}

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

// ---- Shape 9: not JSON ----

const NGINX_502: &str = "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n<body>\n<center><h1>502 Bad Gateway</h1></center>\n<hr><center>nginx</center>\n</body></html>\n";

#[test]
fn shape9_html_proxy_page() {
    let p = normalise(502, Some("text/html"), NGINX_502.as_bytes(), org());
    assert_eq!(
        p.summary,
        "the server failed (502 Bad Gateway); what you typed is kept, try again"
    );
    assert!(p.fields.is_empty());
    assert_eq!(p.raw, NGINX_502);

    let page = "<html><head><title>Error</title><style>h1{color:red}</style><script>var x='<p>no</p>';</script></head><body><!-- <p>hidden</p> --><h1>Upstream  is <b>restarting</b> &amp; will be back</h1><p>Ray ID: 8f3a</p></body></html>";
    let p = normalise(503, None, page.as_bytes(), org());
    assert_eq!(
        p.summary,
        "503 Service Unavailable: Upstream is restarting & will be back"
    );
    assert!(!p.summary.contains('<'));
}

#[test]
fn shape9_plain_text_empty_and_truncated() {
    let p = normalise(
        400,
        Some("text/plain"),
        b"\n  domain acme..com is not a DNS name\nat line 3",
        org(),
    );
    assert_eq!(
        p.summary,
        "400 Bad Request: domain acme..com is not a DNS name"
    );
    assert_eq!(
        pairs(&p),
        vec![pair("domains", "domain acme..com is not a DNS name")]
    );

    let p = normalise(500, None, b"", org());
    assert_eq!(
        p.summary,
        "the server failed (500 Internal Server Error); what you typed is kept, try again"
    );

    let p = normalise(
        500,
        Some("text/plain"),
        b"\x1b[31mdatabase\x07 \xffexploded\x1b[0m\r\nmore",
        org(),
    );
    assert_eq!(
        p.summary,
        "500 Internal Server Error: \u{241b}[31mdatabase\u{2407} \u{fffd}exploded\u{241b}[0m"
    );

    // Cut in half by a flaky link: the detail is still readable.
    let full = r#"{"type":"https://orgdeck.dev/problems/conflict","title":"Conflict","status":409,"detail":"domain acme.com is already used by customer organization Acme Ltd","errors":[{"pointer":"/domains/0","detail":"domain acme.com is already used"}]}"#;
    let cut = &full[..full.len() / 2 + 40];
    let p = normalise(409, Some("application/problem+json"), cut.as_bytes(), org());
    assert_eq!(
        p.summary,
        "domain acme.com is already used by customer organization Acme Ltd"
    );
    assert_eq!(p.for_field("domains").count(), 1);
    // Cut before any message: the status speaks.
    let p = normalise(409, None, &full.as_bytes()[..30], org());
    assert_eq!(p.summary, "409 Conflict");
    let p = normalise(502, None, &full.as_bytes()[..30], org());
    assert!(p.summary.starts_with("the server failed (502 Bad Gateway)"));
}

#[test]
fn shape9_long_lines_and_huge_bodies_are_bounded() {
    let long = "x ".repeat(5_000);
    let p = normalise(400, Some("text/plain"), long.as_bytes(), org());
    assert!(p.summary.chars().count() <= 500);
    assert!(p.summary.starts_with("400 Bad Request: x x"));
    assert!(p.summary.ends_with('…'));

    let huge = vec![b'a'; 3 * 1024 * 1024];
    let p = normalise(500, None, &huge, org());
    assert_eq!(p.raw.len(), RAW_MAX);
    assert!(p.summary.chars().count() <= 500);

    let deep = "[".repeat(100_000);
    let p = normalise(400, Some("application/json"), deep.as_bytes(), org());
    assert_eq!(p.summary, "400 Bad Request");

    let mut nested = String::new();
    for _ in 0..120 {
        nested.push_str(r#"{"error":"#);
    }
    nested.push_str(r#""deep""#);
    nested.push_str(&"}".repeat(120));
    let p = json(400, &nested, org());
    assert!(!p.summary.is_empty());
}

#[test]
fn clean_shows_controls_as_stand_ins() {
    // The operator sees that the server sent a cursor-position report, instead
    // of a bare "6n" glued to the next word.
    assert_eq!(clean("refused\u{1b}[6nevil", 100), "refused\u{241b}[6nevil");
    assert_eq!(
        clean("\u{1b}]0;pwned\u{7}title", 100),
        "\u{241b}]0;pwned\u{2407}title"
    );
    assert_eq!(
        clean("csi\u{9b}6n del\u{7f}", 100),
        "csi\u{fffd}6n del\u{2421}"
    );
    assert_eq!(
        clean("evil\u{202e}txt \u{2066}x\u{2069}", 100),
        "evil\u{fffd}txt \u{fffd}x\u{fffd}"
    );
    // Still one line: line breaks (NEL and U+2028 too) are whitespace.
    assert_eq!(
        clean("  two\r\n lines\u{85}and\u{2028}more\t ", 100),
        "two lines and more"
    );
    // Invisible zero-width characters go; the joiners that shape scripts stay.
    assert_eq!(clean("ad\u{200b}m\u{feff}in\u{2060}", 100), "admin");
    assert_eq!(
        clean("\u{645}\u{200c}\u{627}", 100),
        "\u{645}\u{200c}\u{627}"
    );
    // A stand-in counts towards the cap like any character.
    assert_eq!(clean("ab\u{1b}\u{1b}\u{1b}cd", 5), "ab\u{241b}\u{241b}…");
    assert_eq!(clean("\u{1b}\u{1b}\u{1b}", 3), "\u{241b}\u{241b}\u{241b}");
    assert_eq!(clean("\u{1b}\u{1b}\u{1b}\u{1b}", 3), "\u{241b}\u{241b}…");
}

// ---- Status codes with no useful body ----

#[test]
fn status_only_wording() {
    let agent = Context {
        fields: ORG_FIELDS,
        role: Some("agent"),
    };
    let cases: &[(u16, &str, Context<'_>, &str)] = &[
        (401, "", agent, "token rejected: check the profile's token"),
        (
            401,
            r#"{"title":"Unauthorized","status":401,"detail":"invalid or missing bearer token"}"#,
            agent,
            "token rejected: check the profile's token",
        ),
        (403, "", agent, "your role (agent) may not do this"),
        (
            403,
            r#"{"detail":"You do not have permission to perform this action."}"#,
            agent,
            "your role (agent) may not do this",
        ),
        (
            403,
            "Forbidden",
            Context::default(),
            "your role may not do this",
        ),
        (404, "", agent, "this server does not offer that (404)"),
        (
            404,
            r#"{"message":"Not Found"}"#,
            agent,
            "this server does not offer that (404)",
        ),
        (
            429,
            "Too Many Requests",
            agent,
            "rate limited: the server asks to wait",
        ),
        (
            500,
            r#"{"title":"Internal Server Error","status":500}"#,
            agent,
            "the server failed (500 Internal Server Error); what you typed is kept, try again",
        ),
        (
            599,
            "",
            agent,
            "the server failed (HTTP 599); what you typed is kept, try again",
        ),
        (405, "", agent, "this server does not offer that (405)"),
        (
            501,
            "Not Implemented",
            agent,
            "this server does not offer that (501)",
        ),
        (409, "", agent, "409 Conflict"),
        (400, "{}", agent, "400 Bad Request"),
        (418, "null", agent, "418 I'm a teapot"),
    ];
    for (status, body, ctx, want) in cases {
        let p = normalise(*status, None, body.as_bytes(), *ctx);
        assert_eq!(&p.summary, want, "{status} {body}");
        assert!(p.fields.is_empty(), "{status} {body}");
    }
}

#[test]
fn status_with_useful_body_uses_it() {
    let p = json(
        500,
        r#"{"type":"https://orgdeck.dev/problems/server-error","title":"Internal server error","status":500,"detail":"the sandbox hit an internal error; nothing was changed"}"#,
        org(),
    );
    assert_eq!(
        p.summary,
        "the sandbox hit an internal error; nothing was changed"
    );
    let p = json(401, r#"{"message":"Token expired"}"#, org());
    assert_eq!(p.summary, "Token expired");
    let p = json(
        429,
        r#"{"title":"Too many requests","detail":"rate limit reached; retry in 3 s"}"#,
        org(),
    )
    .with_retry_after(Some(3));
    assert_eq!(p.summary, "rate limit reached; retry in 3 s");
    assert_eq!(p.retry_after_secs, Some(3));
    assert_eq!(p.with_retry_after(None).retry_after_secs, Some(3));
}

// ---- Field paths ----

#[test]
fn field_path_notations_agree() {
    let want = FieldPath::parse("owners[0].email");
    for raw in [
        "owners.0.email",
        "/owners/0/email",
        "#/owners/0/email",
        "owners/0/email",
        "$.owners[0].email",
        "  owners[ 0 ].email ",
        "owners['0'].email",
    ] {
        let got = FieldPath::parse(raw);
        if raw.contains('\'') {
            // A quoted step is a key, even when it is digits.
            assert_eq!(got.to_string(), "owners[\"0\"].email");
        } else {
            assert_eq!(got, want, "{raw}");
        }
    }
    assert_eq!(want.to_string(), "owners[0].email");
    assert_eq!(want.root(), Some("owners"));
    assert_eq!(want.index(), Some(0));
    assert_eq!(
        want.segments(),
        &[
            Segment::Key("owners".into()),
            Segment::Index(0),
            Segment::Key("email".into())
        ]
    );

    let domains = FieldPath::parse("/domains/5");
    assert_eq!(domains.to_string(), "domains[5]");
    assert_eq!(domains, FieldPath::parse("domains[5]"));
    assert_eq!(domains.index(), Some(5));
    assert!(domains.names_field("domains"));
    assert!(!domains.names_field("domain"));

    let name = FieldPath::parse("display-name");
    assert_eq!(name.to_string(), "display-name");
    assert_eq!(name.index(), None);
    assert!(name.names_field("displayName"));
    assert!(name.names_field("DISPLAY_NAME"));
}

#[test]
fn field_path_escapes_and_odd_input() {
    let p = FieldPath::parse("/a~1b/c~0d/01");
    assert_eq!(
        p.segments(),
        &[
            Segment::Key("a/b".into()),
            Segment::Key("c~d".into()),
            Segment::Key("01".into())
        ]
    );
    assert_eq!(p.to_string(), r#"["a/b"].c~d["01"]"#);
    assert_eq!(FieldPath::parse(&p.to_string()), p);

    let p = FieldPath::parse("#/a%20b/0");
    assert_eq!(p.to_string(), r#"["a b"][0]"#);

    assert!(FieldPath::parse("").is_empty());
    assert!(FieldPath::parse("#").is_empty());
    assert!(FieldPath::parse("/").is_empty());
    assert!(FieldPath::parse("$").is_empty());
    assert_eq!(FieldPath::parse("[3].x").root(), None);
    assert_eq!(FieldPath::parse("a[unclosed").to_string(), "a.unclosed");
    assert_eq!(
        serde_json::to_value(FieldPath::parse("/owners/2/email")).unwrap(),
        json!("owners[2].email")
    );
    let big = "a.".repeat(10_000);
    assert!(FieldPath::parse(&big).segments().len() <= 32);
}

#[test]
fn field_key_equivalences() {
    for name in [
        "display-name",
        "display_name",
        "displayName",
        "DisplayName",
        "display name",
        "DISPLAY_NAME",
    ] {
        assert_eq!(field_key(name), "displayname", "{name}");
    }
    assert_ne!(field_key("domains"), field_key("domain"));
    assert_eq!(field_key(""), "");
}

// ---- Problem helpers ----

#[test]
fn duplicates_are_dropped_and_lines_listed() {
    let body = r##"{"title":"Invalid request","detail":"3 problems","errors":[{"pointer":"/domains/5","detail":"at most 5 domains"},{"pointer":"#/domains/5","detail":"at most 5 domains"},{"pointer":"/notes","detail":"too long"}]}"##;
    let p = json(400, body, org()).with_request_id(Some("req-7".into()));
    assert_eq!(p.fields.len(), 2);
    assert_eq!(p.summary, "2 problems: fix the marked fields");
    assert_eq!(
        p.lines(),
        vec![
            "2 problems: fix the marked fields (request id req-7)",
            "domains[5]: at most 5 domains",
            "notes: too long",
        ]
    );
}

#[test]
fn many_field_problems_are_capped_and_counted() {
    let errors: Vec<Value> = (0..300)
        .map(|i| json!({"field": format!("f{i}"), "message": "bad"}))
        .collect();
    let body = json!({ "errors": errors }).to_string();
    let p = json(400, &body, Context::default());
    assert_eq!(p.fields.len(), FIELDS_MAX);
    assert_eq!(
        p.summary,
        "300 problems: fix the marked fields; 200 more not shown"
    );
}

#[test]
fn problem_serialises() {
    let p = json(
        409,
        r#"{"error":"domain already in use","field":"domains"}"#,
        org(),
    );
    let v = serde_json::to_value(&p).unwrap();
    assert_eq!(v["fields"][0]["path"], json!("domains"));
    assert_eq!(v["status"], json!(409));
}

#[test]
fn other_common_shapes() {
    // NestJS
    let p = json(
        400,
        r#"{"statusCode":400,"message":["email must be an email","name should not be empty"],"error":"Bad Request"}"#,
        Context {
            fields: USER_FIELDS,
            role: None,
        },
    );
    assert_eq!(p.summary, "2 problems: fix the marked fields");
    assert_eq!(p.for_field("email").count(), 1);
    // JSON:API
    let p = json(
        422,
        r#"{"errors":[{"status":"422","source":{"pointer":"/data/attributes/display-name"},"title":"Invalid Attribute","detail":"must contain at least two characters"}]}"#,
        org(),
    );
    assert_eq!(
        pairs(&p),
        vec![pair("display-name", "must contain at least two characters")]
    );
    // Zod / FastAPI paths as arrays.
    let p = json(
        422,
        r#"{"detail":[{"loc":["body","owners",1,"email"],"msg":"value is not a valid email address","type":"value_error.email"}]}"#,
        Context::default(),
    );
    assert_eq!(
        pairs(&p),
        vec![pair(
            "owners[1].email",
            "value is not a valid email address"
        )]
    );
    // A bare JSON string.
    let p = json(409, r#""User already exists""#, Context::default());
    assert_eq!(p.summary, "User already exists");
}

// ---- Properties ----

const CONTENT_TYPES: &[&str] = &[
    "application/json",
    "application/problem+json",
    "application/ld+json",
    "text/html; charset=utf-8",
    "text/plain",
    "application/xml",
];

/// Nothing a terminal would obey (C0, DEL, C1, bidi controls): what `clean` lets
/// through is shown, never acted on.
fn obeyed(s: &str) -> bool {
    s.chars().any(crate::text::is_terminal_control)
}

fn check(p: &Problem) -> Result<(), TestCaseError> {
    prop_assert!(!p.summary.is_empty());
    prop_assert!(p.summary.chars().count() <= SUMMARY_MAX);
    prop_assert!(!obeyed(&p.summary), "{:?}", p.summary);
    prop_assert!(p.fields.len() <= FIELDS_MAX);
    prop_assert!(p.raw.len() <= RAW_MAX);
    for fp in &p.fields {
        prop_assert!(!fp.message.is_empty());
        prop_assert!(fp.message.chars().count() <= MESSAGE_MAX);
        prop_assert!(!obeyed(&fp.message), "{:?}", fp.message);
        prop_assert!(!fp.path.is_empty());
        prop_assert!(!obeyed(&fp.path.to_string()));
    }
    for s in [&p.code, &p.request_id].into_iter().flatten() {
        prop_assert!(!obeyed(s), "{:?}", s);
    }
    for line in p.lines() {
        prop_assert!(!obeyed(&line), "{:?}", line);
    }
    Ok(())
}

fn content_type() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        proptest::sample::select(CONTENT_TYPES).prop_map(|s| Some(s.to_owned())),
        any::<String>().prop_map(Some),
    ]
}

fn context_fields() -> impl Strategy<Value = &'static [&'static str]> {
    prop_oneof![Just(&[][..]), Just(ORG_FIELDS), Just(USER_FIELDS)]
}

/// Pieces that make the text paths (markup, salvage, escapes) do work.
const FRAGMENTS: &[&str] = &[
    "<html>",
    "<title>",
    "</title>",
    "<script>",
    "</script",
    "<!--",
    "-->",
    "<b>",
    "<p>",
    "&amp;",
    "&#x",
    "&#1114112;",
    ";",
    "{",
    "}",
    "[",
    "\"detail\":",
    "\"message\" : \"",
    "\"",
    "\\",
    "\\u00",
    ":",
    "domain",
    "display name",
    "ownerId: ",
    "Error: ",
    "\x1b[",
    "\x1b]",
    "\x07",
    "\n",
    "\r",
    "\t",
    "é",
    "\u{202e}",
    "\u{85}",
    " ",
    "x",
    "502 Bad Gateway",
];

proptest! {
    #[test]
    fn any_bytes_never_panic(
        status in 100u16..=599,
        ct in content_type(),
        body in proptest::collection::vec(any::<u8>(), 0..4096),
        fields in context_fields(),
        role in proptest::option::of(any::<String>()),
    ) {
        let ctx = Context { fields, role: role.as_deref() };
        let p = normalise(status, ct.as_deref(), &body, ctx);
        prop_assert_eq!(p.status, Some(status));
        check(&p)?;
    }

    #[test]
    fn fragment_soup_never_panics(
        status in 100u16..=599,
        ct in content_type(),
        pieces in proptest::collection::vec(proptest::sample::select(FRAGMENTS), 0..200),
        fields in context_fields(),
    ) {
        let body = pieces.concat();
        let p = normalise(status, ct.as_deref(), body.as_bytes(), Context { fields, role: None });
        check(&p)?;
    }

    #[test]
    fn any_json_never_panics(
        status in 100u16..=599,
        ct in proptest::sample::select(CONTENT_TYPES),
        value in json_value(),
        fields in context_fields(),
    ) {
        let body = serde_json::to_vec(&value).unwrap();
        let p = normalise(status, Some(ct), &body, Context { fields, role: Some("agent") });
        check(&p)?;
    }

    #[test]
    fn clean_is_one_bounded_line_that_drops_no_control(raw in any::<String>(), max in 0usize..40) {
        let shown = clean(&raw, max);
        prop_assert!(!obeyed(&shown), "{:?}", shown);
        prop_assert!(!shown.contains(['\n', '\r', '\u{85}', '\u{2028}']), "{:?}", shown);
        prop_assert!(shown.chars().count() <= max, "{:?}", shown);
        prop_assert_eq!(clean(&shown, max), shown.clone());
        if !shown.ends_with('…') {
            let controls = raw
                .chars()
                .filter(|c| crate::text::is_terminal_control(*c) && !c.is_whitespace())
                .count();
            let stand_ins = shown
                .chars()
                .filter(|c| matches!(c, '\u{2400}'..='\u{2421}' | '\u{fffd}'))
                .count();
            prop_assert!(stand_ins >= controls, "{:?} -> {:?}", raw, shown);
        }
    }

    #[test]
    fn field_path_display_parses_back(raw in any::<String>()) {
        let path = FieldPath::parse(&raw);
        let shown = path.to_string();
        prop_assert_eq!(FieldPath::parse(&shown), path, "{:?}", shown);
    }

    #[test]
    fn field_key_ignores_separators_and_case(name in "[a-zA-Z0-9]{1,12}([-_ ][a-zA-Z0-9]{1,12}){0,3}") {
        let key = field_key(&name);
        prop_assert_eq!(field_key(&name.to_uppercase()), key.clone());
        prop_assert_eq!(field_key(&name.replace(['-', ' '], "_")), key);
    }
}

/// Keys the normaliser looks for, so that generated objects hit its branches.
const KEYS: &[&str] = &[
    "type",
    "title",
    "status",
    "detail",
    "instance",
    "errors",
    "pointer",
    "@type",
    "@context",
    "hydra:title",
    "hydra:description",
    "violations",
    "propertyPath",
    "message",
    "hint",
    "code",
    "name",
    "error",
    "requestId",
    "context",
    "long_message",
    "meta",
    "param_name",
    "field",
    "param",
    "property",
    "source",
    "loc",
    "path",
    "children",
    "constraints",
    "display-name",
    "domains",
    "Email",
    "traceId",
    "details",
    "reason",
    "msg",
    "",
];

/// Strings with words, identifiers, prefixes and control characters.
const STRINGS: &[&str] = &[
    "",
    "2 problems",
    "must not be blank",
    "ownerId: customer does not exist",
    "domain acme.com is already used",
    "Forbidden",
    "admins only",
    "/domains/5",
    "#/owners/0/email",
    "owners[0].email",
    "https://orgdeck.dev/problems/validation",
    "about:blank",
    "email_taken",
    "\u{1b}[31mred\u{1b}[0m\n\t\u{0}",
    "\u{202e}evil",
];

fn json_value() -> impl Strategy<Value = Value> {
    let text = prop_oneof![
        3 => proptest::sample::select(STRINGS).prop_map(str::to_owned),
        1 => any::<String>(),
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        text.prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 96, 8, |inner| {
        let key = prop_oneof![
            3 => proptest::sample::select(KEYS).prop_map(str::to_owned),
            1 => any::<String>(),
        ];
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            proptest::collection::vec((key, inner), 0..8)
                .prop_map(|members| Value::Object(members.into_iter().collect())),
        ]
    })
}
