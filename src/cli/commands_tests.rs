//! A command whose write the server holds for approval: said on stdout (as
//! `{"pending_approval": …}` with `--json`) and the command succeeds; and a server
//! echoing a Basic credential back, masked on stderr. The default backend does
//! neither, so a backend that does (the default one otherwise) answers here.

use std::sync::Arc;

use reqwest::StatusCode;
use reqwest::header::{HeaderName, HeaderValue};

use super::{Ctx, dispatch};
use crate::api::backend::{
    Answer, Backend, CredentialKind, Decoded, HttpCall, Paging, Settle, Unsupported, Verdict,
};
use crate::api::client::{self, ClientSettings};
use crate::api::error::ApiError;
use crate::api::model::{Approval, Capability, Operation, Reply};
use crate::api::secret::Secret;
use crate::cli::Command;
use crate::cli::output::capture;
use crate::cli::session::Session;

/// A command as the command line gives it: `orgs create --name Kiwi`.
fn parsed(args: &[&str]) -> Command {
    let line = std::iter::once("orgdeck").chain(args.iter().copied());
    match crate::cli::try_parse_from(line) {
        Ok(cli) => cli.command.expect("a command"),
        Err(err) => panic!("{args:?} does not parse: {err}"),
    }
}

/// The default backend, except that a 202 is a pending approval; `basic` signs in with
/// `id:secret` instead of a token.
struct Approving {
    basic: bool,
    inner: Arc<dyn Backend>,
}

impl Backend for Approving {
    fn name(&self) -> &'static str {
        "approving"
    }
    fn schema(&self) -> &'static crate::api::schema::Schema {
        self.inner.schema()
    }
    fn role_allows(&self, role: &str, capability: Capability, on_self: bool) -> bool {
        self.inner.role_allows(role, capability, on_self)
    }
    fn credential(&self) -> CredentialKind {
        match self.basic {
            true => CredentialKind::IdSecret,
            false => CredentialKind::Token,
        }
    }
    fn auth(&self, credential: &Secret) -> Result<Vec<(HeaderName, HeaderValue)>, String> {
        match self.basic {
            true => crate::api::backend::basic_auth(credential),
            false => self.inner.auth(credential),
        }
    }
    fn call(&self, op: &Operation, paging: Paging<'_>) -> Result<HttpCall, Unsupported> {
        self.inner.call(op, paging)
    }
    fn decode(&self, op: &Operation, answer: &Answer<'_>) -> Result<Decoded, String> {
        if answer.status != StatusCode::ACCEPTED {
            return self.inner.decode(op, answer);
        }
        let body: serde_json::Value =
            serde_json::from_slice(answer.body).map_err(|e| e.to_string())?;
        Ok(Decoded::Reply(Reply::Pending(Approval {
            id: body["id"].as_str().unwrap_or_default().to_owned(),
            what: body["what"].as_str().unwrap_or_default().to_owned(),
            asked_by: None,
            asked_at: None,
            needs: None,
            state: "pending".to_owned(),
            ..Default::default()
        })))
    }
    fn form_fields(&self, op: &Operation) -> &'static [&'static str] {
        self.inner.form_fields(op)
    }
    fn missing_endpoint_on_404(&self, op: &Operation) -> bool {
        self.inner.missing_endpoint_on_404(op)
    }
    fn settle(&self, write: &Operation) -> Settle {
        self.inner.settle(write)
    }
    fn applied(
        &self,
        write: &Operation,
        before: &Result<Reply, ApiError>,
        after: &Result<Reply, ApiError>,
    ) -> Verdict {
        self.inner.applied(write, before, after)
    }
    fn confirmed_reply(&self, write: &Operation, read: Reply) -> Reply {
        self.inner.confirmed_reply(write, read)
    }
}

/// A server that holds every organization it is asked to create for approval,
/// and refuses to list them, quoting the credential it was sent.
async fn approving_server() -> String {
    let refuse = |headers: axum::http::HeaderMap| async move {
        let sent = headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let detail = format!(
            "bad credentials {sent}, i.e. {}",
            sent.trim_start_matches("Basic ")
        );
        let body = serde_json::json!({ "title": "Unauthorized", "detail": detail });
        (axum::http::StatusCode::UNAUTHORIZED, axum::Json(body))
    };
    let approve = || async {
        let body = serde_json::json!({ "id": "ap-42", "what": "create organization Kiwi" });
        (axum::http::StatusCode::ACCEPTED, axum::Json(body))
    };
    // Whatever path the backend calls: a create is held, a list refused.
    let app = axum::Router::new().fallback(axum::routing::post(approve).get(refuse));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

/// Runs `command` against that server; its result and what it printed (a failure
/// printed as `orgdeck` prints it).
async fn run(
    command: Command,
    backend: Approving,
    token: &str,
    json: bool,
) -> (Result<(), super::Failure>, Vec<String>) {
    let base = url::Url::parse(&approving_server().await).unwrap();
    let settings = ClientSettings::new("test", base, Secret::new(token));
    let (handle, events) = client::spawn(settings, Arc::new(backend)).unwrap();
    let mut ctx = Ctx {
        session: Session::on_client(handle, events),
        json,
        csv: false,
    };
    capture::start();
    let result = dispatch(&mut ctx, command).await;
    if let Err(failure) = &result {
        crate::cli::output::print_failure(failure, json);
    }
    (result, capture::finish())
}

/// `orgs create --name Kiwi`; its result and what it printed.
async fn create_kiwi(json: bool) -> (Result<(), super::Failure>, Vec<String>) {
    let command = parsed(&["orgs", "create", "--name", "Kiwi"]);
    run(
        command,
        Approving {
            basic: false,
            inner: (crate::backends::default().backend)(
                &crate::backends::default().option_defaults(),
            ),
        },
        "approving-token-1",
        json,
    )
    .await
}

#[tokio::test]
async fn a_write_sent_for_approval_is_said_and_the_command_succeeds() {
    let (result, lines) = create_kiwi(false).await;
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(
        lines,
        ["sent for approval: create organization Kiwi (approval ap-42)"]
    );
}

#[tokio::test]
async fn json_output_carries_the_pending_approval() {
    let (result, lines) = create_kiwi(true).await;
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(lines.len(), 1, "{lines:?}");
    let doc: serde_json::Value = serde_json::from_str(&lines[0]).unwrap();
    assert_eq!(doc["status"], "pending-approval");
    assert_eq!(doc["approval_id"], "ap-42");
    assert_eq!(doc["pending_approval"]["id"], "ap-42");
    assert_eq!(doc["pending_approval"]["what"], "create organization Kiwi");
    assert_eq!(doc["pending_approval"]["state"], "pending");
}

#[tokio::test]
async fn an_echoed_basic_credential_is_masked_on_stderr_and_in_json() {
    use base64::Engine as _;
    let credential = "cli-ops:cli-secret-8e41";
    let encoded = base64::engine::general_purpose::STANDARD.encode(credential);
    for json in [false, true] {
        let list = parsed(&["orgs", "list"]);
        let (result, lines) = run(
            list,
            Approving {
                basic: true,
                inner: (crate::backends::default().backend)(
                    &crate::backends::default().option_defaults(),
                ),
            },
            credential,
            json,
        )
        .await;
        assert_eq!(result.unwrap_err().code, crate::cli::EXIT_AUTH);
        let printed = lines.join("\n");
        assert!(printed.contains("bad credentials [redacted]"), "{printed}");
        for form in [encoded.as_str(), "cli-secret-8e41", credential] {
            assert!(!printed.contains(form), "{form} printed in: {printed}");
        }
    }
}

/// A profile's backend options reach `info`: a line each under the table, and an
/// `options` object in `--json info`.
#[test]
fn info_shows_a_profiles_backend_options() {
    let url = url::Url::parse("http://127.0.0.1:1").unwrap();
    let mut profile = crate::config::Profile::sandbox(url, Secret::new("t"));
    profile.options = [("api_version", "2024-07-30".to_owned())].into();
    let shown = super::InfoProfile::of(&profile);
    let json = serde_json::to_value(&shown).unwrap();
    assert_eq!(json["options"]["api_version"], "2024-07-30");

    let info = super::Info {
        config_file: "config.toml".to_owned(),
        config_found: true,
        log_file: String::new(),
        state_dir: String::new(),
        audit_file: String::new(),
        default_profile: None,
        profiles: vec![shown],
        warnings: Vec::new(),
    };
    capture::start();
    super::say_info(&info);
    let lines = capture::finish();
    let backend = crate::backends::default().name;
    let expected = format!("sandbox: {backend} option api_version = 2024-07-30");
    assert!(lines.contains(&expected), "{lines:#?}");
}
