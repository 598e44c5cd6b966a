//! `CreateOrUpdateCustomerRequest`, the one body of `POST /customers` and
//! `PUT /customers/{id}`: every field checked against the contract's rules (the
//! spec's enums, ISO countries, US and Canadian states, a PRIMARY contact, a
//! `parentId` that names someone else), every broken rule named by its key.

use serde_json::{Map, Value, json};

use crate::backends::sequence::sandbox::codes::{
    COUNTRIES, INTEGRATION_SERVICES, PUSH_INTEGRATIONS, states_of,
};
use crate::backends::sequence::sandbox::error::{Outcome, SeqError};
use crate::backends::sequence::sandbox::store::Store;
use crate::backends::sequence::wire::Address;

use super::check::Check;

const TAX_STATUSES: &[&str] = &["TAXED", "TAX_EXEMPT", "REVERSE_CHARGED"];
const STATUSES: &[&str] = &["DRAFT", "ACTIVE"];
const PREFERENCES: &[&str] = &["PRIMARY", "STANDARD", "NONE"];

/// A contact as asked for: what the request carries of it.
#[derive(Debug, Clone)]
pub struct AskedContact {
    pub name: String,
    pub email: String,
    pub billing_preference: String,
}

/// A request that breaks no rule. `None` is a field the request left out: an
/// update keeps what the customer had for `status`, `customProperties`, aliases
/// and integration ids (the spec replaces those only "when present").
#[derive(Debug, Clone)]
pub struct CustomerBody {
    pub legal_name: String,
    pub address: Address,
    pub contacts: Vec<AskedContact>,
    pub tax_status: String,
    pub status: Option<String>,
    pub url: Option<String>,
    pub label: Option<String>,
    pub aliases: Option<Vec<String>>,
    pub integration_ids: Option<Vec<Value>>,
    pub custom_properties: Option<Map<String, Value>>,
    pub parent_id: Option<String>,
}

/// The request, or every rule it breaks. `this` is the customer being updated
/// (None on create), which may not be its own parent.
pub fn customer_body(
    store: &Store,
    body: &Map<String, Value>,
    this: Option<&str>,
) -> Outcome<CustomerBody> {
    let mut check = Check::default();
    let legal_name = check.string(body, "legalName", "legalName");
    let address = address_of(&mut check, body);
    let contacts = contacts_of(&mut check, body);
    let tax_status = check.word(body, "taxStatus", TAX_STATUSES);
    let status = match body.get("status") {
        None | Some(Value::Null) => None,
        Some(_) => check.word(body, "status", STATUSES),
    };
    let url = check.optional(body, "url", "url");
    let url = url.filter(|url| {
        let ok = url::Url::parse(url).is_ok_and(|u| u.host_str().is_some());
        if !ok {
            check.fail(
                "invalidValue",
                "url",
                "must be a URL such as https://example.com/",
            );
        }
        ok
    });
    let label = check.optional(body, "label", "label");
    let aliases = strings(&mut check, body, "customerAliases");
    let integration_ids = integration_ids(&mut check, body);
    push_to_integrations(&mut check, body);
    let custom_properties = custom_properties(&mut check, body);
    let parent_id = check.optional(body, "parentId", "parentId");
    let parent_id = parent_id.filter(|id| {
        if this == Some(id.as_str()) {
            check.fail(
                "ownerIsMember",
                "parentId",
                "a customer cannot be its own parent",
            );
            return false;
        }
        check.customer(store, id, "parentId")
    });
    check.finish()?;
    // Every missing part failed a rule above, so this refusal is not reached.
    let (Some(legal_name), Some(address), Some(tax_status)) = (legal_name, address, tax_status)
    else {
        return Err(SeqError::invalid(Vec::new()));
    };
    Ok(CustomerBody {
        legal_name,
        address,
        contacts,
        tax_status,
        status,
        url,
        label,
        aliases,
        integration_ids,
        custom_properties,
        parent_id,
    })
}

/// The host of `url` without its `www.`, which the spec answers as `domain`.
pub fn domain_of(url: &str) -> Option<String> {
    let host = url::Url::parse(url).ok()?.host_str()?.to_ascii_lowercase();
    Some(host.strip_prefix("www.").unwrap_or(&host).to_owned())
}

fn address_of(check: &mut Check, body: &Map<String, Value>) -> Option<Address> {
    let address = match check.required(body, "address")? {
        Value::Object(address) => address,
        other => {
            check.mistyped("address", "an object", other);
            return None;
        }
    };
    let line1 = check.string(address, "line1", "address.line1");
    let line2 = check.optional(address, "line2", "address.line2");
    let town = check.string(address, "town", "address.town");
    let state = check.optional(address, "state", "address.state");
    let postcode = check.string(address, "postcode", "address.postcode");
    let country = check.string(address, "country", "address.country");
    let country = country.filter(|code| {
        let ok = COUNTRIES.contains(&code.as_str());
        if !ok {
            let why = "must be an ISO 3166-1 alpha-2 code such as GB";
            check.fail("invalidValue", "address.country", why);
        }
        ok
    });
    let state = state_of(check, country.as_deref(), state);
    Some(Address {
        line1: line1?,
        line2,
        town: town?,
        state,
        postcode: postcode?,
        country: country?,
    })
}

/// The US and Canada need a state of their own; elsewhere a state is let through
/// (the spec's schema allows one anywhere).
fn state_of(check: &mut Check, country: Option<&str>, state: Option<String>) -> Option<String> {
    let states = states_of(country?);
    match (states, state) {
        (Some(_), None) => {
            let why = "is required for an address in the US or Canada";
            check.fail("required", "address.state", why);
            None
        }
        (Some(states), Some(state)) if !states.contains(&state.as_str()) => {
            let why = format!("must be one of {}", states.join(", "));
            check.fail("invalidValue", "address.state", why);
            None
        }
        (_, state) => state,
    }
}

fn contacts_of(check: &mut Check, body: &Map<String, Value>) -> Vec<AskedContact> {
    let items = match check.required(body, "contacts") {
        Some(Value::Array(items)) => items,
        Some(other) => {
            check.mistyped("contacts", "a list of contacts", other);
            return Vec::new();
        }
        None => return Vec::new(),
    };
    let before = check.errors.len();
    let contacts: Vec<AskedContact> = items
        .iter()
        .enumerate()
        .filter_map(|(index, item)| contact_of(check, index, item))
        .collect();
    let primary = contacts.iter().any(|c| c.billing_preference == "PRIMARY");
    if !primary && check.errors.len() == before {
        let why = "at least one contact must be PRIMARY";
        check.fail("required", "contacts", why);
    }
    contacts
}

fn contact_of(check: &mut Check, index: usize, item: &Value) -> Option<AskedContact> {
    let at = format!("contacts[{index}]");
    let Value::Object(contact) = item else {
        check.mistyped(&at, "an object", item);
        return None;
    };
    let name = check.string(contact, "name", &format!("{at}.name"));
    let email = check.string(contact, "email", &format!("{at}.email"));
    let email = email.filter(|email| {
        let ok = email
            .split_once('@')
            .is_some_and(|(a, b)| !a.is_empty() && !b.is_empty());
        if !ok {
            check.fail(
                "invalidValue",
                &format!("{at}.email"),
                "must be an email address",
            );
        }
        ok
    });
    let key = format!("{at}.billingPreference");
    let preference = check.string(contact, "billingPreference", &key);
    let preference = preference.filter(|p| {
        let ok = PREFERENCES.contains(&p.as_str());
        if !ok {
            check.fail("invalidValue", &key, "must be PRIMARY, STANDARD or NONE");
        }
        ok
    });
    Some(AskedContact {
        name: name?,
        email: email?,
        billing_preference: preference?,
    })
}

/// An optional list of strings at `key`.
fn strings(check: &mut Check, body: &Map<String, Value>, key: &str) -> Option<Vec<String>> {
    let items = list(check, body, key)?;
    let mut texts = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        match item {
            Value::String(text) => texts.push(text.trim().to_owned()),
            other => {
                check.mistyped(&format!("{key}[{index}]"), "a string", other);
            }
        }
    }
    Some(texts)
}

/// An optional array at `key`; anything else there is refused.
fn list<'b>(check: &mut Check, body: &'b Map<String, Value>, key: &str) -> Option<&'b [Value]> {
    match body.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::Array(items)) => Some(items),
        Some(other) => {
            check.mistyped(key, "a list", other);
            None
        }
    }
}

/// `integrationIds`: `{service, id}` each, answered as the spec's `IntegrationId`
/// (with `isPending`, since the sandbox syncs with nothing).
fn integration_ids(check: &mut Check, body: &Map<String, Value>) -> Option<Vec<Value>> {
    let items = list(check, body, "integrationIds")?;
    let mut ids = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let at = format!("integrationIds[{index}]");
        let Value::Object(item) = item else {
            check.mistyped(&at, "an object", item);
            continue;
        };
        let service = check.string(item, "service", &format!("{at}.service"));
        let service = service.filter(|service| {
            let ok = INTEGRATION_SERVICES.contains(&service.as_str());
            if !ok {
                let why = format!("must be one of {}", INTEGRATION_SERVICES.join(", "));
                check.fail("invalidValue", &format!("{at}.service"), why);
            }
            ok
        });
        let id = check.string(item, "id", &format!("{at}.id"));
        if let (Some(service), Some(id)) = (service, id) {
            ids.push(json!({"service": service, "id": id, "isPending": false}));
        }
    }
    Some(ids)
}

/// `pushToIntegrations` is checked and then has nothing to push to.
fn push_to_integrations(check: &mut Check, body: &Map<String, Value>) {
    for (index, name) in strings(check, body, "pushToIntegrations")
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        if !PUSH_INTEGRATIONS.contains(&name.as_str()) {
            let why = format!("must be one of {}", PUSH_INTEGRATIONS.join(", "));
            check.fail("invalidValue", &format!("pushToIntegrations[{index}]"), why);
        }
    }
}

/// `customProperties`: an object of strings, replacing all when present.
fn custom_properties(check: &mut Check, body: &Map<String, Value>) -> Option<Map<String, Value>> {
    let properties = match body.get("customProperties") {
        None | Some(Value::Null) => return None,
        Some(Value::Object(properties)) => properties,
        Some(other) => {
            check.mistyped("customProperties", "an object of strings", other);
            return None;
        }
    };
    for (key, value) in properties {
        if !value.is_string() {
            check.mistyped(&format!("customProperties.{key}"), "a string", value);
        }
    }
    Some(properties.clone())
}
