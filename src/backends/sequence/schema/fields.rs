//! Sequence's record layouts: an organization's fields (with what its create
//! form asks for) and a customer's, each with its wire name.

use super::super::rules;
use super::*;
use crate::api::schema::{CliArg, FieldSpec, InputKind, PickFrom};

/// `--long VALUE`, repeatable when `repeat`.
const fn arg(long: &'static str, value_name: &'static str, repeat: bool) -> Option<CliArg> {
    Some(CliArg {
        long,
        value_name: Some(value_name),
        update_help: "",
        choices: false,
        repeat,
    })
}

/// Customers picked by name from the tenant-wide list, searched on the server.
const fn customers(max_entries: usize, noun: &'static str) -> InputKind {
    InputKind::PartiesPicker {
        from: PickFrom::View(CUSTOMERS),
        sends: None,
        max_entries,
        check: rules::customer_id,
        noun,
    }
}

/// The most members one create or one edit names: a picker's list, not a bulk
/// import.
pub const MEMBERS_MAX: usize = 100;

pub(super) static ORG_FIELDS: &[FieldSpec] = &[
    shown(OWNER_NAME, "owner.name", "owner"),
    shown(OWNER_ID, "owner.id", "owner id"),
    shown(MEMBER_COUNT, "memberCount", "members"),
    shown(MEMBER_NAMES, "members", "member names"),
    FieldSpec {
        required: true,
        help: "The customer that owns the organization (invoices roll up to it)",
        cli: arg("owner", "CUSTOMER_ID", false),
        ..field(OWNER, "ownerId", "Owner", customers(1, "owner"))
    },
    FieldSpec {
        help: "Customers billed under the owner (repeat for several); may be none",
        cli: arg("member", "CUSTOMER_ID", true),
        ..field(
            MEMBERS,
            "memberIds",
            "Members",
            customers(MEMBERS_MAX, "members"),
        )
    },
];

pub(super) static CUSTOMER_FIELDS: &[FieldSpec] = &[
    shown(LEGAL_NAME, "legalName", "legal name"),
    shown(CUSTOMER_ID, "id", "id"),
    shown(STATUS, "status", "status"),
    shown(DOMAIN, "domain", "domain"),
    shown(EMAIL, "email", "email"),
    shown(ROLE, "role", "role"),
    shown(LABEL, "label", "label"),
    shown(COUNTRY, "address.country", "country"),
    shown(TAX_STATUS, "taxStatus", "tax status"),
    shown(CREATED, "createdAt", "created"),
    shown(ARCHIVED, "archivedAt", "archived"),
    shown(CUSTOMER_ORGS, "organizations", "organizations"),
    FieldSpec {
        required: true,
        help: "Customers to add as members (repeat for several); adding one twice is harmless",
        cli: arg("member", "CUSTOMER_ID", true),
        ..field(
            ADD_CUSTOMERS,
            "customerIds",
            "Customers",
            customers(MEMBERS_MAX, "customers"),
        )
    },
];
