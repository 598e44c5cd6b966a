//! The Sequence sandbox over HTTP: one started in this process on an ephemeral
//! loopback port per test, asked with plain reqwest calls as a seed API client.

mod auth;
mod customers;
mod faults;
mod filters;
mod orgs;
mod paging;
mod update;

use orgdeck::backends::sequence::sandbox::{self, RunningSandbox, SandboxConfig};
use reqwest::Method;
use reqwest::header::HeaderMap;
use serde_json::{Value, json};

pub const CLIENT: (&str, &str) = ("seq-northwind-client", "seq-northwind-secret");
pub const VERSION: &str = "2024-07-30";
/// Seed customers: an owner of two organizations, its member, an archived one,
/// and the owner of the organization with no members.
pub const ACME: &str = "e8d79f49-af6d-414c-8a6f-188a424e617b";
pub const ACME_RETAIL: &str = "e3d6e4b9-d96e-482d-8d50-2d42af1ffe0d";
pub const ARCHIVED: &str = "71f33313-d690-421c-b2b8-af9ace5c4299";
pub const NIMBUS: &str = "fcb627af-bf97-4520-9c76-df528de1c743";
pub const EMPTY_ORG: &str = "b1f5d853-8b16-4b0d-8e98-225d8e600acf";
pub const ACME_ORG: &str = "7f1071ec-b903-4e23-bcd7-3b439a7ef9e4";

pub struct Seq {
    pub sandbox: RunningSandbox,
    pub http: reqwest::Client,
    pub base: String,
}

/// One answer, read in full.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: HeaderMap,
    pub text: String,
    pub body: Value,
}

impl Answer {
    pub fn expect(&self, status: u16) -> &Value {
        assert_eq!(self.status, status, "unexpected answer: {}", self.text);
        &self.body
    }

    /// The `(code, key)` of each `errors[]` item of a 400 `ApiError`.
    pub fn rules(&self) -> Vec<(String, String)> {
        let body = self.expect(400);
        assert_eq!(
            self.headers
                .get("content-type")
                .and_then(|v| v.to_str().ok()),
            Some("application/json")
        );
        assert!(
            !body["error"]["type"]
                .as_str()
                .unwrap_or_default()
                .is_empty()
        );
        assert!(
            !body["error"]["message"]
                .as_str()
                .unwrap_or_default()
                .is_empty()
        );
        body["error"]["errors"]
            .as_array()
            .unwrap_or_else(|| panic!("no error.errors: {body}"))
            .iter()
            .map(|e| {
                assert!(!e["message"].as_str().unwrap_or_default().is_empty(), "{e}");
                (
                    e["code"].as_str().unwrap_or_default().to_owned(),
                    e["key"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect()
    }

    pub fn version(&self) -> Option<&str> {
        self.headers
            .get("sequence-version")
            .and_then(|v| v.to_str().ok())
    }
}

/// `(code, key)` pairs as `Answer::rules` gives them.
pub fn owned(rules: &[(&str, &str)]) -> Vec<(String, String)> {
    let own = |(code, key): &(&str, &str)| ((*code).to_owned(), (*key).to_owned());
    rules.iter().map(own).collect()
}

/// A customer body that breaks no rule.
pub fn new_customer(name: &str) -> Value {
    json!({
        "legalName": name,
        "address": {"line1": "1 Test Road", "town": "Leeds", "postcode": "LS1 1AA", "country": "GB"},
        "contacts": [{"name": "Billing", "email": "billing@test.example", "billingPreference": "PRIMARY"}],
        "taxStatus": "TAXED"
    })
}

impl Seq {
    pub async fn start() -> Seq {
        Seq::start_with(SandboxConfig::default()).await
    }

    pub async fn start_with(config: SandboxConfig) -> Seq {
        let sandbox = sandbox::start(config)
            .await
            .expect("the Sequence sandbox starts");
        let base = sandbox.base_url();
        Seq {
            sandbox,
            http: crate::support::http_client(),
            base,
        }
    }

    /// A request as `credential` (None: no Authorization) at `version` (None: no header).
    pub async fn raw(
        &self,
        method: Method,
        path: &str,
        credential: Option<(&str, &str)>,
        version: Option<&str>,
        body: Option<&Value>,
    ) -> Answer {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some((id, secret)) = credential {
            request = request.basic_auth(id, Some(secret));
        }
        if let Some(version) = version {
            request = request.header("Sequence-Version", version);
        }
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body.to_string());
        }
        let response = request.send().await.expect("the sandbox answers");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.expect("a whole body");
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Answer {
            status,
            headers,
            text,
            body,
        }
    }

    pub async fn send(&self, method: Method, path: &str, body: Option<&Value>) -> Answer {
        self.raw(method, path, Some(CLIENT), Some(VERSION), body)
            .await
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.send(Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: &Value) -> Answer {
        self.send(Method::POST, path, Some(body)).await
    }

    pub async fn put(&self, path: &str, body: &Value) -> Answer {
        self.send(Method::PUT, path, Some(body)).await
    }

    /// The ids of the organizations customer `id` lists, in its own record.
    pub async fn org_ids_of(&self, id: &str) -> Vec<String> {
        let answer = self.get(&format!("/api/customers/{id}")).await;
        answer.expect(200)["organizations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["id"].as_str().unwrap().to_owned())
            .collect()
    }

    /// The organization `org` as customer `id`'s record shows it.
    pub async fn org_on(&self, id: &str, org: &str) -> Option<Value> {
        let answer = self.get(&format!("/api/customers/{id}")).await;
        answer.expect(200)["organizations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["id"] == org)
            .cloned()
    }
}

/// The ids of an organization's members.
pub fn member_ids(org: &Value) -> Vec<&str> {
    org["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect()
}
