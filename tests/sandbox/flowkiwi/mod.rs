//! The Flowkiwi sandbox over HTTP: one started in this process on an ephemeral
//! loopback port per test, asked with plain reqwest calls.

mod collections;
mod faults;
mod generated;
mod invitations;
mod members;
mod orgs;
mod prefix;

use orgdeck::backends::flowkiwi::sandbox::{self, RunningSandbox, SandboxConfig};
use reqwest::header::HeaderMap;
use serde_json::Value;

/// Seed partners: Jane owns Acme Corp alone (with Sam as a member and
/// invitations in every state), Acme Labs (which has instances), Orchard
/// Analytics and Blue Fern Studio, owns Kiwi Ventures with Sam and Olga, and is
/// a member of Sam's Harbor Logistics. Olga owns Nimbus and Nimbus Research.
pub const JANE: &str = "fk-jane-token";
pub const SAM: &str = "fk-sam-token";
pub const OLGA: &str = "fk-olga-token";
pub const ACME: &str = "0196f3a0-1111-7000-8000-000000000001";
pub const LABS: &str = "0196f3a0-1111-7000-8000-000000000002";
pub const NIMBUS: &str = "0196f3a0-1111-7000-8000-000000000003";
pub const KIWI: &str = "0196f3a0-1111-7000-8000-000000000004";
pub const ORCHARD: &str = "0196f3a0-1111-7000-8000-000000000005";
pub const HARBOR: &str = "0196f3a0-1111-7000-8000-000000000006";
pub const BLUE_FERN: &str = "0196f3a0-1111-7000-8000-000000000007";
/// Jane's organizations, newest first.
pub const JANES: [&str; 6] = [BLUE_FERN, HARBOR, ORCHARD, KIWI, LABS, ACME];
pub const JANE_ID: &str = "0196f3a0-2222-7000-8000-000000000001";
pub const SAM_ID: &str = "0196f3a0-2222-7000-8000-000000000002";
pub const OLGA_ID: &str = "0196f3a0-2222-7000-8000-000000000003";
/// Acme Corp's invitations: accepted (Sam), revoked, expired (last sent 10
/// days ago), pending sent 3 days ago, pending sent seconds ago.
pub const ACCEPTED: &str = "0196f3a0-4444-7000-8000-000000000001";
pub const REVOKED: &str = "0196f3a0-4444-7000-8000-000000000002";
pub const EXPIRED: &str = "0196f3a0-4444-7000-8000-000000000003";
pub const SENT_DAYS_AGO: &str = "0196f3a0-4444-7000-8000-000000000004";
pub const JUST_SENT: &str = "0196f3a0-4444-7000-8000-000000000005";

pub const JSON: &str = "application/json";
pub const MERGE: &str = "application/merge-patch+json";
pub const PROBLEM: &str = "application/problem+json; charset=utf-8";

pub struct Fk {
    pub sandbox: RunningSandbox,
    pub http: reqwest::Client,
    pub base: String,
}

#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Answer {
    pub fn expect(&self, status: u16) -> &Value {
        assert_eq!(self.status, status, "unexpected answer: {}", self.body);
        &self.body
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }
}

impl Fk {
    pub async fn start() -> Fk {
        Fk::with(
            sandbox::start(SandboxConfig::default())
                .await
                .expect("starts"),
        )
    }

    pub fn with(sandbox: RunningSandbox) -> Fk {
        let base = sandbox.base_url();
        Fk {
            sandbox,
            http: crate::support::http_client(),
            base,
        }
    }

    /// `method path` as `token`, with `body` sent as `content_type`.
    pub async fn call(
        &self,
        token: &str,
        method: reqwest::Method,
        path: &str,
        body: Option<(&str, &str)>,
    ) -> Answer {
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(token)
            .header("Accept", "application/ld+json");
        if let Some((content_type, text)) = body {
            request = request
                .header("Content-Type", content_type)
                .body(text.to_owned());
        }
        let response = request.send().await.expect("answers");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.expect("reads");
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Answer {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, token: &str, path: &str) -> Answer {
        self.call(token, reqwest::Method::GET, path, None).await
    }

    /// `POST path` with a JSON `body` (None: no body at all).
    pub async fn post(&self, token: &str, path: &str, body: Option<&str>) -> Answer {
        let body = body.map(|text| (JSON, text));
        self.call(token, reqwest::Method::POST, path, body).await
    }

    /// `PATCH path` with `body` as a merge patch.
    pub async fn patch(&self, token: &str, path: &str, body: &str) -> Answer {
        self.call(token, reqwest::Method::PATCH, path, Some((MERGE, body)))
            .await
    }

    pub async fn delete(&self, token: &str, path: &str) -> Answer {
        self.call(token, reqwest::Method::DELETE, path, None).await
    }

    pub async fn stop(self) {
        self.sandbox.stop().await;
    }
}

/// The `id`s of a collection's `member`, in order.
pub fn ids(body: &Value) -> Vec<String> {
    body["member"]
        .as_array()
        .map(|m| {
            m.iter()
                .filter_map(|o| o["id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}
