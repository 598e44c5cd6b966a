use super::*;
use crate::api::model::{Filter, Scope};
use crate::api::value::{Changes, Draft};
use crate::backends::flowkiwi::schema::{INVITATIONS_TAB, MEMBERS_TAB, ORGANIZATION};
use crate::backends::flowkiwi::wire::hydra_prefixed;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

const ORG: &str = "0196f3a0-1111-7000-8000-000000000001";

fn create() -> Operation {
    Operation::CreateNode {
        level: ORGANIZATION,
        parent: None,
        draft: Draft::default(),
    }
}

fn delete() -> Operation {
    Operation::DeleteNode {
        level: ORGANIZATION,
        id: ORG.into(),
    }
}

fn scope(tab: crate::api::schema::TabId) -> Scope {
    Scope::Node {
        level: ORGANIZATION,
        id: ORG.into(),
        tab,
    }
}

fn refused(op: &Operation, status: u16, body: &serde_json::Value, form: &[&str]) -> Problem {
    refused_with(op, status, body, form, &HeaderMap::new())
}

fn refused_with(
    op: &Operation,
    status: u16,
    body: &serde_json::Value,
    form: &[&str],
    headers: &HeaderMap,
) -> Problem {
    let bytes = serde_json::to_vec(body).unwrap();
    let answer = Answer {
        status: StatusCode::from_u16(status).unwrap(),
        headers,
        body: &bytes,
    };
    problem(op, &answer, form).expect("Flowkiwi's error document")
}

fn error(status: u16, detail: &str) -> serde_json::Value {
    serde_json::json!({"@context": "/api/contexts/Error", "@id": format!("/api/errors/{status}"),
        "@type": "Error", "title": "An error occurred", "detail": detail, "status": status,
        "type": format!("/errors/{status}"), "description": detail})
}

fn violations(items: serde_json::Value) -> serde_json::Value {
    serde_json::json!({"@context": "/api/contexts/ConstraintViolation",
        "@id": "/api/validation_errors/x", "@type": "ConstraintViolation", "status": 422,
        "title": "An error occurred", "detail": "…", "violations": items})
}

#[test]
fn each_path_shape_lands_where_the_form_can_show_it() {
    let form = &["name", "owners", "email"];
    // Exact wire name; an entry of a list field; a nested key of a field the form lacks.
    assert_eq!(field_path("name", form), FieldPath::parse("name"));
    assert_eq!(
        field_path("owners[0].email", form),
        FieldPath::parse("owners[0].email")
    );
    assert_eq!(field_path("owners[0].email", form).index(), Some(0));
    let person = &["email", "role"];
    assert_eq!(
        field_path("owners[0].email", person),
        FieldPath::parse("email")
    );
    assert_eq!(
        field_path("invitee.email", person),
        FieldPath::parse("email")
    );
    // Nothing of it on the form: the path as it came, for the summary to name.
    assert_eq!(
        field_path("joined_at", person),
        FieldPath::parse("joined_at")
    );
    assert_eq!(
        field_path("owners[2].joined_at", person).root(),
        Some("owners")
    );
}

#[test]
fn violations_land_under_their_fields_with_their_hints_in_both_spellings() {
    let body = violations(serde_json::json!([
        {"propertyPath": "email", "message": "This value is not a valid email address.",
         "code": "bd79c0ab-ddba-46cc-a703-a7a4b08de310", "hint": "Use a full address such as name@example.com"},
        {"propertyPath": "owners[0].email", "message": "This partner is already a member."},
        {"propertyPath": "joined_at", "message": "This value should not be blank."}]));
    for body in [body.clone(), hydra_prefixed(body)] {
        let add = Operation::AddMembers {
            scope: scope(INVITATIONS_TAB),
            draft: Draft::default(),
        };
        let problem = refused(&add, 422, &body, &["email", "role"]);
        assert_eq!(problem.code.as_deref(), Some("ConstraintViolation"));
        let email: Vec<&str> = problem
            .for_field("email")
            .map(|f| f.message.as_str())
            .collect();
        assert_eq!(
            email,
            [
                "This value is not a valid email address. (Use a full address such as name@example.com)",
                "This partner is already a member."
            ]
        );
        assert_eq!(problem.fields[2].path.root(), Some("joined_at"));
        assert!(problem.summary.contains("3 fields"), "{}", problem.summary);
    }
}

#[test]
fn a_401_is_the_token_refused_whatever_its_body() {
    for body in [
        error(
            401,
            "Full authentication is required to access this resource.",
        ),
        serde_json::json!("<html>nginx</html>"),
    ] {
        let problem = refused(&create(), 401, &body, &[]);
        assert_eq!(problem.summary, TOKEN_REFUSED);
    }
    let bare = Answer {
        status: StatusCode::UNAUTHORIZED,
        headers: &HeaderMap::new(),
        body: b"",
    };
    assert_eq!(
        problem(&create(), &bare, &[]).unwrap().summary,
        TOKEN_REFUSED
    );
}

#[test]
fn refusals_say_what_they_mean_here_and_what_to_do() {
    let said = |p: &Problem| format!("{} {}", p.summary, p.hint.as_deref().unwrap_or_default());
    let instances = refused(
        &delete(),
        403,
        &hydra_prefixed(error(
            403,
            "The organization still has instances; delete them first.",
        )),
        &[],
    );
    assert!(
        instances
            .summary
            .starts_with("The organization still has instances")
    );
    // What to do is the hint, which takes the place of a 403's usual "ask an
    // admin": nothing is missing but the instances' removal.
    assert_eq!(
        instances.hint.as_deref(),
        Some("delete or move its instances first, in Flowkiwi; then delete it again")
    );
    let rename = Operation::UpdateNode {
        level: ORGANIZATION,
        id: ORG.into(),
        changes: Changes::default(),
    };
    let not_owner = refused(&rename, 403, &error(403, "Access Denied."), &["name"]);
    assert!(said(&not_owner).contains("owners"), "{}", said(&not_owner));
    let get = Operation::GetNode {
        level: ORGANIZATION,
        id: ORG.into(),
    };
    let stranger = refused(&get, 403, &error(403, "Access Denied."), &[]);
    assert!(
        said(&stranger).contains("not a member"),
        "{}",
        said(&stranger)
    );
    let remove = Operation::RemoveMember {
        scope: scope(MEMBERS_TAB),
        party: "m-1".into(),
    };
    let last = refused(
        &remove,
        409,
        &error(409, "An organization must keep at least one owner."),
        &[],
    );
    assert!(
        said(&last).contains("make someone else an owner first"),
        "{}",
        said(&last)
    );
    let revoke = Operation::RevokeInvite {
        scope: scope(INVITATIONS_TAB),
        party: "i-1".into(),
    };
    let twice = refused(
        &revoke,
        409,
        &error(409, "The invitation is not pending."),
        &[],
    );
    assert!(
        said(&twice).contains("only a pending invitation"),
        "{}",
        said(&twice)
    );
    let mut headers = HeaderMap::new();
    headers.insert("retry-after", "42".parse().unwrap());
    let resend = Operation::ResendInvite {
        scope: scope(INVITATIONS_TAB),
        party: "i-1".into(),
    };
    let soon = refused_with(
        &resend,
        429,
        &error(429, "Too Many Requests"),
        &[],
        &headers,
    );
    assert!(
        soon.summary.contains("less than a minute ago") && soon.summary.contains("42 s"),
        "{}",
        soon.summary
    );
    let types = refused(
        &create(),
        400,
        &error(
            400,
            "The type of the \"name\" attribute must be \"string\", \"integer\" given.",
        ),
        &["name"],
    );
    assert!(
        types.summary.contains("must be \"string\""),
        "{}",
        types.summary
    );
}

#[test]
fn server_failures_and_bare_404s_are_left_to_the_normaliser_and_traces_never_kept() {
    let mut failed = error(500, "Internal Server Error");
    failed["trace"] = serde_json::json!([{"file": "/srv/app/src/Secret.php", "line": 7}]);
    let bytes = serde_json::to_vec(&failed).unwrap();
    let answer = Answer {
        status: StatusCode::INTERNAL_SERVER_ERROR,
        headers: &HeaderMap::new(),
        body: &bytes,
    };
    assert!(problem(&create(), &answer, &[]).is_none());
    let bytes = serde_json::to_vec(&error(404, "Not Found")).unwrap();
    let answer = Answer {
        status: StatusCode::NOT_FOUND,
        headers: &HeaderMap::new(),
        body: &bytes,
    };
    assert!(problem(&delete(), &answer, &[]).is_none());
    let mut conflict = error(409, "An organization must keep at least one owner.");
    conflict["trace"] = serde_json::json!([{"file": "/srv/app/src/Secret.php"}]);
    let kept = refused(&delete(), 409, &conflict, &[]);
    assert!(!kept.raw.contains("Secret.php"), "{}", kept.raw);
    let list = Operation::ListParties {
        scope: scope(MEMBERS_TAB),
        filter: Filter::default(),
        page: None,
    };
    let bytes = b"not json";
    let answer = Answer {
        status: StatusCode::BAD_REQUEST,
        headers: &HeaderMap::new(),
        body: bytes,
    };
    assert!(problem(&list, &answer, &[]).is_none());
}

#[test]
fn a_server_failure_reads_as_the_usual_failure_without_its_trace() {
    let mut failed = error(500, "Internal Server Error");
    failed["trace"] = serde_json::json!([{"file": "/srv/app/src/Kernel.php", "line": 7}]);
    let bytes = serde_json::to_vec(&hydra_prefixed(failed)).unwrap();
    let usual = crate::api::problem::normalise(
        500,
        Some("application/problem+json; charset=utf-8"),
        &bytes,
        crate::api::problem::Context::default(),
    );
    assert!(
        usual.summary.contains("the server failed"),
        "{}",
        usual.summary
    );
    assert!(!usual.summary.contains("Kernel.php"), "{}", usual.summary);
}
