//! Shared helpers for the HTTP-level sandbox tests: start a sandbox in-process on an
//! ephemeral loopback port, send requests as one of the demo tokens, and check
//! answers (plain JSON strings, problem+json with field pointers).

#![allow(dead_code)]

use super::{Faults, RunningSandbox, SandboxConfig};
use reqwest::header::{CONTENT_TYPE, HeaderMap};
use reqwest::{Client, Method, RequestBuilder, StatusCode};
use serde_json::Value;

// Re-exported so that an area's tests need one `use`; not every binary uses each.
#[allow(unused_imports)]
pub use super::seed::seed_users;
#[allow(unused_imports)]
pub use super::{
    ADMIN, ADMIN_EMAIL, ADMIN2_EMAIL, AGENT, AGENT_EMAIL, CUSTOMER, CUSTOMER_EMAIL, GLOBEX,
    GLOBEX_EMAIL, OTHER_CUSTOMER, PENDING_CUSTOMER,
};

pub const INVITED: &str = "A confirmation email has been sent to the new user's email";
pub const PROBLEM_JSON: &str = "application/problem+json";

/// A running sandbox plus a client pointed at it.
pub struct Api {
    pub sandbox: RunningSandbox,
    pub http: Client,
    base: String,
}

/// Everything a test needs from one answer, read in full.
#[derive(Debug)]
pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

pub fn client() -> Client {
    super::http_client()
}

impl Api {
    /// The shipped seed, no faults.
    pub async fn start() -> Api {
        Api::start_with(SandboxConfig::default()).await
    }

    pub async fn start_with(config: SandboxConfig) -> Api {
        let sandbox = super::start_sandbox(config).await;
        let base = sandbox.base_url();
        Api {
            sandbox,
            http: client(),
            base,
        }
    }

    /// A sandbox with these faults (and the shipped seed).
    pub async fn with_faults(faults: Faults) -> Api {
        Api::start_with(super::with_faults(faults)).await
    }

    pub async fn stop(self) {
        self.sandbox.stop().await;
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A request builder, with `Authorization: Bearer <token>` when a token is given.
    pub fn request(&self, method: Method, path: &str, token: Option<&str>) -> RequestBuilder {
        let builder = self.http.request(method, self.url(path));
        match token {
            Some(token) => builder.bearer_auth(token),
            None => builder,
        }
    }

    pub async fn send(&self, builder: RequestBuilder) -> Resp {
        let response = builder.send().await.expect("request is answered");
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await.expect("body is read").to_vec();
        Resp {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, token: &str, path: &str) -> Resp {
        self.send(self.request(Method::GET, path, Some(token)))
            .await
    }

    pub async fn delete(&self, token: &str, path: &str) -> Resp {
        self.send(self.request(Method::DELETE, path, Some(token)))
            .await
    }

    /// Sends `body` as JSON with `method`.
    pub async fn send_json(&self, method: Method, token: &str, path: &str, body: &Value) -> Resp {
        self.send(self.request(method, path, Some(token)).json(body))
            .await
    }

    pub async fn post(&self, token: &str, path: &str, body: &Value) -> Resp {
        self.send_json(Method::POST, token, path, body).await
    }

    pub async fn patch(&self, token: &str, path: &str, body: &Value) -> Resp {
        self.send_json(Method::PATCH, token, path, body).await
    }

    pub async fn put(&self, token: &str, path: &str, body: &Value) -> Resp {
        self.send_json(Method::PUT, token, path, body).await
    }

    /// Sends raw bytes with an explicit content type (or none).
    pub async fn send_raw(
        &self,
        method: Method,
        token: &str,
        path: &str,
        content_type: Option<&str>,
        body: impl Into<reqwest::Body>,
    ) -> Resp {
        let mut builder = self.request(method, path, Some(token)).body(body);
        if let Some(content_type) = content_type {
            builder = builder.header(CONTENT_TYPE, content_type);
        }
        self.send(builder).await
    }

    /// GET that must answer 200 with JSON; returns the JSON.
    pub async fn get_json(&self, token: &str, path: &str) -> Value {
        let resp = self.get(token, path).await;
        assert_eq!(
            resp.status,
            StatusCode::OK,
            "GET {path} as {token}: {}",
            resp.text()
        );
        resp.json()
    }

    /// One organization, read by the acme admin.
    pub async fn org(&self, id: &str) -> Value {
        self.get_json(ADMIN, &format!("/customer-organizations/{id}"))
            .await
    }

    /// Every organization of the acme tenant, as the admin sees them.
    pub async fn orgs(&self) -> Vec<Value> {
        self.get_json(ADMIN, "/customer-organizations").await["customer-organizations"]
            .as_array()
            .expect("customer-organizations is a list")
            .clone()
    }

    /// One acme user, read by the acme admin.
    pub async fn user(&self, email: &str) -> Value {
        self.get_json(ADMIN, &format!("/users/{email}")).await
    }

    /// Whether the acme admin can see a user with this email.
    pub async fn user_exists(&self, email: &str) -> bool {
        let resp = self.get(ADMIN, &format!("/users/{email}")).await;
        match resp.status {
            StatusCode::OK => true,
            StatusCode::NOT_FOUND => false,
            other => panic!("GET /users/{email}: unexpected {other}: {}", resp.text()),
        }
    }

    /// `GET /users<query>` as `token`; the emails, in the order served.
    pub async fn user_emails(&self, token: &str, query: &str) -> Vec<String> {
        let list = self.get_json(token, &format!("/users{query}")).await;
        emails(&list)
    }

    pub async fn tenant(&self, token: &str) -> Value {
        self.get_json(token, "/tenants").await
    }
}

/// The emails of a `{"users": [...]}` answer.
pub fn emails(list: &Value) -> Vec<String> {
    list["users"]
        .as_array()
        .expect("users is a list")
        .iter()
        .map(|u| u["email"].as_str().expect("email is a string").to_owned())
        .collect()
}

/// The ids of a `{"customer-organizations": [...]}` answer.
pub fn org_ids(list: &Value) -> Vec<String> {
    list["customer-organizations"]
        .as_array()
        .expect("customer-organizations is a list")
        .iter()
        .map(|o| o["id"].as_str().expect("id is a string").to_owned())
        .collect()
}

impl Resp {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    #[track_caller]
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|err| panic!("body is not JSON ({err}): {}", self.text()))
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .map(|v| v.to_str().expect("header is text").to_owned())
    }

    pub fn content_type(&self) -> String {
        self.header("content-type").unwrap_or_default()
    }

    /// 200 with a body that is exactly the JSON string `message`.
    #[track_caller]
    pub fn assert_message(&self, message: &str) {
        assert_eq!(self.status, StatusCode::OK, "body: {}", self.text());
        assert!(
            self.content_type().starts_with("application/json"),
            "content type {:?}",
            self.content_type()
        );
        assert_eq!(self.json(), Value::String(message.to_owned()));
    }

    /// 200 with a JSON body; returns it.
    #[track_caller]
    pub fn assert_ok(&self) -> Value {
        assert_eq!(self.status, StatusCode::OK, "body: {}", self.text());
        self.json()
    }

    /// An RFC 9457 answer with this status: problem+json content type and the usual
    /// members, with `status` repeated in the body. Returns the problem.
    #[track_caller]
    pub fn assert_problem(&self, status: u16) -> Value {
        assert_eq!(self.status.as_u16(), status, "body: {}", self.text());
        assert!(
            self.content_type().starts_with(PROBLEM_JSON),
            "content type {:?} for {status}: {}",
            self.content_type(),
            self.text()
        );
        let problem = self.json();
        assert_eq!(problem["status"], status, "problem: {problem}");
        for member in ["type", "title", "detail"] {
            assert!(
                problem[member].as_str().is_some_and(|s| !s.is_empty()),
                "problem lacks {member}: {problem}"
            );
        }
        problem
    }

    /// A problem with this status and an `errors` entry at `pointer`.
    #[track_caller]
    pub fn assert_field_error(&self, status: u16, pointer: &str) -> Value {
        let problem = self.assert_problem(status);
        assert!(
            pointers(&problem).iter().any(|p| p == pointer),
            "no errors entry at {pointer}: {problem}"
        );
        problem
    }

    /// A problem with this status whose `errors` name the query parameter `name`.
    #[track_caller]
    pub fn assert_parameter_error(&self, status: u16, name: &str) -> Value {
        let problem = self.assert_problem(status);
        let named = problem["errors"]
            .as_array()
            .is_some_and(|errors| errors.iter().any(|e| e["parameter"] == name));
        assert!(named, "no errors entry for parameter {name}: {problem}");
        problem
    }
}

/// The pointers of a problem's `errors` member (empty when there is none).
pub fn pointers(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .filter_map(|e| e["pointer"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// The emails of the acme seed users that `keep` accepts, sorted.
pub fn seed_emails(keep: impl Fn(&Value) -> bool) -> Vec<String> {
    let mut emails: Vec<String> = seed_users("acme")
        .iter()
        .filter(|u| keep(u))
        .map(|u| u["email"].as_str().expect("email").to_lowercase())
        .collect();
    emails.sort();
    emails
}

/// `list`, sorted: for comparing sets of emails or ids.
pub fn sorted(mut list: Vec<String>) -> Vec<String> {
    list.sort();
    list
}
