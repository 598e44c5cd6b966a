//! What a status code says when its body says nothing useful.

use super::*;

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
