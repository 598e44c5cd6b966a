//! The JSON of the Sequence contract (`shared/api/sequence.md`), camelCase as on
//! the wire, shared by the sandbox and (later) the adapter.

use serde::{Deserialize, Serialize};

/// The only API version that has customer organizations.
pub const API_VERSION: &str = "2024-07-30";

/// The version header, sent by the client and echoed by the server.
pub const VERSION_HEADER: &str = "sequence-version";

/// A customer as an owner or member names it: `name` is its legal name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerRef {
    pub id: String,
    pub name: String,
}

/// `CustomerOrganization`: `members` never includes the owner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerOrganization {
    pub id: String,
    pub owner: CustomerRef,
    pub members: Vec<CustomerRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    pub line1: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line2: Option<String>,
    pub town: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    pub postcode: String,
    pub country: String,
}

/// A customer's contact as answered (`Contact`): the request's three fields plus
/// the server's id and times, which the spec requires on every answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    #[serde(default)]
    pub id: String,
    pub name: String,
    pub email: String,
    pub billing_preference: String,
    #[serde(default)]
    pub created_at: String,
    #[serde(default)]
    pub updated_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived_at: Option<String>,
}

/// `Customer`, as `GET /customers/{id}`, create and archive answer it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Customer {
    pub id: String,
    pub created_at: String,
    pub legal_name: String,
    pub address: Address,
    pub contacts: Vec<Contact>,
    #[serde(default)]
    pub integration_ids: Vec<serde_json::Value>,
    #[serde(default)]
    pub custom_properties: serde_json::Map<String, serde_json::Value>,
    #[serde(default)]
    pub organizations: Vec<CustomerOrganization>,
    pub status: String,
    pub tax_status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The host of `url`, as the spec's examples show it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived_at: Option<String>,
}

/// `ListCustomerResponseModel`: a customer without `contacts` and `status`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerItem {
    pub id: String,
    pub created_at: String,
    pub legal_name: String,
    pub address: Address,
    pub integration_ids: Vec<serde_json::Value>,
    pub custom_properties: serde_json::Map<String, serde_json::Value>,
    pub organizations: Vec<CustomerOrganization>,
    pub tax_status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The host of `url`, as the spec's examples show it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived_at: Option<String>,
}

/// Cursors of a customer page; a missing `after` means the last page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pagination {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    pub total_result_size: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerPage {
    pub items: Vec<CustomerItem>,
    pub pagination: Pagination,
}

/// One broken rule of an `ApiError`; `key` is a path into the request body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorItem {
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    #[serde(default)]
    pub errors: Vec<ErrorItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    #[serde(rename = "type")]
    pub kind: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ErrorItem>,
}

/// The `ApiError` envelope: `{"error": {type, message, errors[]}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub error: ErrorDetail,
}
