//! The Flowkiwi sandbox over HTTP (organizations): one started in this process on
//! an ephemeral loopback port per test, asked with plain reqwest calls.

mod faults;
mod orgs;
mod prefix;

use orgdeck::backends::flowkiwi::sandbox::{self, RunningSandbox, SandboxConfig};
use reqwest::header::HeaderMap;
use serde_json::Value;

/// Seed partners: Jane owns Acme Corp (with Sam as a member) and Acme Labs
/// (which has instances); Olga owns Nimbus alone.
pub const JANE: &str = "fk-jane-token";
pub const SAM: &str = "fk-sam-token";
pub const ACME: &str = "0196f3a0-1111-7000-8000-000000000001";
pub const LABS: &str = "0196f3a0-1111-7000-8000-000000000002";
pub const NIMBUS: &str = "0196f3a0-1111-7000-8000-000000000003";

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

    pub async fn stop(self) {
        self.sandbox.stop().await;
    }
}
