//! The assembled problem: duplicates, caps, serialisation, other common shapes.

use serde_json::json;

use super::*;

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
