//! Flowkiwi's record layouts: an organization's fields (with what its create and
//! rename forms ask for) and a person's, one layout for the owners and members of
//! an organization and for its invitations, each with its wire name.

use super::super::rules;
use super::*;
use crate::api::schema::{Choice, CliArg, FieldSpec, InputKind};

/// `--long VALUE`.
const fn arg(
    long: &'static str,
    value_name: &'static str,
    update_help: &'static str,
) -> Option<CliArg> {
    Some(CliArg {
        long,
        value_name: Some(value_name),
        update_help,
        choices: false,
        repeat: false,
    })
}

/// `owner` or `member` (the vendor enumerates none; these are ours).
pub(super) static ROLES: &[Choice] = &[
    Choice::new("member", "member: sees the organization and its instances"),
    Choice::new(
        "owner",
        "owner: also renames it, deletes it and manages its people",
    ),
];

pub(super) static ORG_FIELDS: &[FieldSpec] = &[
    FieldSpec {
        required: true,
        check: Some(rules::org_name),
        cli: arg("name", "NAME", "The new name"),
        help: "What partners see the organization as (1–255 characters; need not be unique)",
        ..field(
            ORG_NAME,
            "name",
            "Name",
            InputKind::Text {
                max: rules::NAME_MAX,
            },
        )
    },
    shown(OWNER_COUNT, "owners", "owners"),
    shown(MEMBER_COUNT, "members", "members"),
    shown(OWNER_NAMES, "owner-names", "owner names"),
    shown(CREATED, "created_at", "created"),
    shown(UPDATED, "updated_at", "updated"),
];

pub(super) static PERSON_FIELDS: &[FieldSpec] = &[
    FieldSpec {
        required: true,
        check: Some(rules::email),
        cli: arg("email", "EMAIL", ""),
        help: "The partner's email: an existing partner account to add, or the address to invite",
        ..field(EMAIL, "email", "Email", InputKind::Text { max: 254 })
    },
    shown(PARTNER_NAME, "name", "name"),
    FieldSpec {
        required: true,
        cli: Some(CliArg {
            long: "role",
            value_name: Some("ROLE"),
            update_help: "The new role (owner or member)",
            choices: true,
            repeat: false,
        }),
        help: "Owners manage the organization and its people; members see it",
        ..field(ROLE, "role", "Role", InputKind::Select(ROLES))
    },
    shown(JOINED, "joined_at", "joined"),
    shown(STATUS, "status", "status"),
    shown(INVITED_BY, "invited_by", "invited by"),
    shown(INVITED, "created_at", "invited"),
    shown(LAST_SENT, "last_sent_at", "last sent"),
    shown(SENDS, "send_count", "sends"),
    shown(EXPIRES, "expires_at", "expires"),
    shown(ACCEPTED, "accepted_at", "accepted"),
    shown(REVOKED, "revoked_at", "revoked"),
];
