//! The BitGo sandbox over HTTP: one started in this process on an ephemeral
//! loopback port per test, asked with plain reqwest calls as one of its demo tokens.

mod approvals;
mod bulk;
mod errors;
mod idempotency;
mod org_users;
mod paging;
mod reads;
mod roles;
mod signed;

use orgdeck::backends::bitgo::sandbox::{self, RunningSandbox, SandboxConfig};
use reqwest::Method;
use reqwest::header::HeaderMap;
use serde_json::Value;

pub const ADMIN: &str = "bitgo-northwind-admin";
pub const ADMIN2: &str = "bitgo-northwind-admin2";
pub const SERVICE: &str = "bitgo-northwind-service";
pub const MEMBER: &str = "bitgo-northwind-member";
pub const HARBOR: &str = "bitgo-harbor-admin";

pub struct Bg {
    pub sandbox: RunningSandbox,
    pub http: reqwest::Client,
    pub base: String,
}

/// One answer, read in full.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Answer {
    /// The body of an answer that must have `status`.
    pub fn expect(&self, status: u16) -> &Value {
        assert_eq!(self.status, status, "unexpected answer: {:?}", self.body);
        &self.body
    }

    /// A BitGo error with `status` and `name`, in the contract's whole shape.
    pub fn error(&self, status: u16, name: &str) -> &Value {
        let body = self.expect(status);
        let content_type = self
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok());
        assert_eq!(content_type, Some("application/json"), "{body}");
        assert_eq!(body["name"], name, "{body}");
        assert!(body["context"].is_object(), "{body}");
        assert!(
            !body["error"].as_str().unwrap_or_default().is_empty(),
            "{body}"
        );
        assert!(
            !body["requestId"].as_str().unwrap_or_default().is_empty(),
            "{body}"
        );
        body
    }

    /// The `context.errors[].path`s of an `InvalidRequestBody`.
    pub fn paths(&self) -> Vec<String> {
        let body = self.error(400, "InvalidRequestBody");
        body["context"]["errors"]
            .as_array()
            .unwrap_or_else(|| panic!("no context.errors: {body}"))
            .iter()
            .map(|e| e["path"].as_str().unwrap_or_default().to_owned())
            .collect()
    }
}

impl Bg {
    pub async fn start() -> Bg {
        Bg::start_with(SandboxConfig::default()).await
    }

    pub async fn start_with(config: SandboxConfig) -> Bg {
        let sandbox = sandbox::start(config)
            .await
            .expect("the BitGo sandbox starts");
        let base = sandbox.base_url();
        Bg {
            sandbox,
            http: crate::support::http_client(),
            base,
        }
    }

    pub async fn send(
        &self,
        method: Method,
        token: &str,
        path: &str,
        body: Option<&Value>,
    ) -> Answer {
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(token);
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body.to_string());
        }
        let response = request.send().await.expect("the sandbox answers");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.expect("a whole body");
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Answer {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, token: &str, path: &str) -> Answer {
        self.send(Method::GET, token, path, None).await
    }

    pub async fn post(&self, token: &str, path: &str, body: &Value) -> Answer {
        self.send(Method::POST, token, path, Some(body)).await
    }

    /// The id of the caller's organization called `name`.
    pub async fn org(&self, token: &str, name: &str) -> String {
        let list = self.get(token, "/api/v2/organization").await;
        let orgs = list.expect(200)["organizations"]
            .as_array()
            .unwrap()
            .clone();
        let org = orgs
            .iter()
            .find(|o| o["name"] == name)
            .unwrap_or_else(|| panic!("no {name}"));
        org["id"].as_str().unwrap().to_owned()
    }

    /// Every item of the organization's enterprise list, paged with `limit` to the end.
    pub async fn all_enterprises(
        &self,
        token: &str,
        org: &str,
        limit: usize,
        filter: &str,
    ) -> Vec<Value> {
        let mut items = Vec::new();
        let mut prev: Option<String> = None;
        loop {
            let after = prev
                .as_ref()
                .map(|p| format!("&prevId={p}"))
                .unwrap_or_default();
            let path =
                format!("/api/v2/organization/{org}/enterprise?limit={limit}{filter}{after}");
            let answer = self.get(token, &path).await;
            let page = answer.expect(200)["enterprises"]
                .as_array()
                .unwrap()
                .clone();
            assert!(page.len() <= limit, "{path}: {} items", page.len());
            let next = answer.body["nextBatchPrevId"].as_str().map(str::to_owned);
            if let Some(next) = &next {
                assert_eq!(
                    page.last().map(|e| &e["id"]),
                    Some(&Value::from(next.as_str()))
                );
            }
            items.extend(page);
            match next {
                Some(next) => prev = Some(next),
                None => return items,
            }
        }
    }

    /// The whole item of the enterprise called `name`, as the Northwind admin sees it.
    pub async fn enterprise(&self, org: &str, name: &str) -> Value {
        let items = self.all_enterprises(ADMIN, org, 500, "").await;
        items
            .into_iter()
            .find(|e| e["name"] == name)
            .unwrap_or_else(|| panic!("no enterprise {name}"))
    }

    /// Emails of an enterprise's v1 user list, admins first.
    pub async fn user_emails(&self, token: &str, ent: &str) -> Vec<String> {
        let path = format!("/api/v1/enterprise/{ent}/user?allowInactiveUsers=true");
        let answer = self.get(token, &path).await;
        let body = answer.expect(200);
        ["adminUsers", "nonAdminUsers"]
            .iter()
            .flat_map(|key| body[key].as_array().unwrap().clone())
            .map(|u| u["username"].as_str().unwrap().to_owned())
            .collect()
    }
}

/// Whether `text` is an id of the contract's pattern.
pub fn is_id(text: &str) -> bool {
    text.len() == 32 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}
