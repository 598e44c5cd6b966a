//! BitGo's screens as data (`api::schema`): organizations with their child
//! enterprises under them, an enterprise's users, the organization's users, the
//! create form of a child enterprise (with its idempotency key) and the
//! organization roles (`shared/api/bitgo.md`).

use crate::api::model::{Capability, Target, Verb};
use crate::api::schema::{
    Column, Detail, FieldId, FormSpec, Grant, LevelId, MemberStateName, OptionSpec, Queue,
    RoleSpec, Schema, Source, TabId, Width, column, field, id_line, line, shown,
};

mod cli;
mod fields;
mod screens;

use fields::USER_FIELDS;
use screens::LEVELS;

pub const ORGANIZATION: LevelId = LevelId("organization");
pub const ENTERPRISE: LevelId = LevelId("enterprise");
pub const USERS_TAB: TabId = TabId("enterprise-users");
pub const ORG_USERS_TAB: TabId = TabId("organization-users");

/// What a list's search matches (an enterprise's name, id or a user's email): a
/// filter, not a field of any record.
pub const SEARCH: FieldId = FieldId("search");

// An organization's record.
pub const ORG_NAME: FieldId = FieldId("organization-name");
pub const ORG_ROLE: FieldId = FieldId("organization-role");
pub const ENTERPRISE_COUNT: FieldId = FieldId("enterprise-count");
pub const BUSINESS_MODEL: FieldId = FieldId("business-model");

// An enterprise's record, and what its create form asks for.
pub const ENTERPRISE_NAME: FieldId = FieldId("enterprise-name");
pub const ACCOUNT_TYPE: FieldId = FieldId("account-type");
pub const KYC_STATE: FieldId = FieldId("kyc-state");
pub const APPROVALS_REQUIRED: FieldId = FieldId("approvals-required");
pub const ENTERPRISE_CREATED: FieldId = FieldId("enterprise-created");
pub const CREATE_EMAIL: FieldId = FieldId("create-email");
pub const ADDITIONAL_ADMINS: FieldId = FieldId("additional-admins");
pub const THIRD_PARTY: FieldId = FieldId("third-party-identifiers");

// A user's record.
pub const USERNAME: FieldId = FieldId("username");
pub const FULL_NAME: FieldId = FieldId("full-name");
pub const PERMISSION: FieldId = FieldId("permission");
pub const IS_ADMIN: FieldId = FieldId("is-admin");
pub const USER_ACTIVE: FieldId = FieldId("user-active");
pub const INVITE: FieldId = FieldId("invite");
pub const USER_ID: FieldId = FieldId("user-id");

const fn cap(verb: Verb, target: Target) -> Capability {
    Capability::new(verb, target)
}

/// Reading: who you are, the organizations and their enterprises, an
/// enterprise's users and the approvals. The organization's users are its
/// managers' to list (the sandbox answers others 403).
const READ: &[Capability] = &[
    cap(Verb::Read, Target::Caller),
    cap(Verb::List, Target::Level(ORGANIZATION)),
    cap(Verb::Read, Target::Level(ORGANIZATION)),
    cap(Verb::List, Target::Level(ENTERPRISE)),
    cap(Verb::Read, Target::Level(ENTERPRISE)),
    cap(Verb::List, Target::Tab(ENTERPRISE, USERS_TAB)),
    cap(Verb::Read, Target::Parties),
    cap(Verb::List, Target::Approvals),
];

/// Customers see the enterprises they belong to and who they are.
const CUSTOMER: &[Capability] = &[
    cap(Verb::Read, Target::Caller),
    cap(Verb::List, Target::Level(ORGANIZATION)),
    cap(Verb::List, Target::Level(ENTERPRISE)),
    cap(Verb::Read, Target::Level(ENTERPRISE)),
];

/// The least privileged role first: a role BitGo does not define gets what it gets.
/// Organization admins and service users manage (creates are admins' by the
/// contract; the service user is added to every child enterprise).
static ROLE_SPECS: &[RoleSpec] = &[
    RoleSpec {
        name: "customer",
        may: Grant::Only(CUSTOMER),
    },
    RoleSpec {
        name: "member",
        may: Grant::Only(READ),
    },
    RoleSpec {
        name: "serviceUser",
        may: Grant::All,
    },
    RoleSpec {
        name: "admin",
        may: Grant::All,
    },
];

pub static SCHEMA: Schema = Schema {
    title: "BitGo",
    levels: LEVELS,
    party_fields: USER_FIELDS,
    party_columns: &[
        column(USERNAME, "EMAIL", Width::Fill),
        column(FULL_NAME, "NAME", Width::Fixed(22)),
        column(PERMISSION, "PERMISSION", Width::Fixed(13)),
        column(IS_ADMIN, "ADMIN", Width::Fixed(5)),
    ],
    party_detail: &[
        Detail {
            label: "email",
            source: Source::Field(USERNAME),
        },
        Detail {
            label: "name",
            source: Source::Field(FULL_NAME),
        },
        Detail {
            label: "permission",
            source: Source::Field(PERMISSION),
        },
        Detail {
            label: "admin",
            source: Source::Field(IS_ADMIN),
        },
        Detail {
            label: "active",
            source: Source::Field(USER_ACTIVE),
        },
        Detail {
            label: "id",
            source: Source::Field(USER_ID),
        },
    ],
    party_cli_columns: &[
        column(USER_ID, "ID", Width::Fixed(32)),
        column(USERNAME, "EMAIL", Width::Fill),
        column(FULL_NAME, "NAME", Width::Fixed(22)),
        column(IS_ADMIN, "ADMIN", Width::Fixed(5)),
        column(USER_ACTIVE, "ACTIVE", Width::Fixed(6)),
    ],
    party_cli_detail: &[
        Detail {
            label: "id",
            source: Source::Field(USER_ID),
        },
        Detail {
            label: "email",
            source: Source::Field(USERNAME),
        },
        Detail {
            label: "name",
            source: Source::Field(FULL_NAME),
        },
        Detail {
            label: "admin",
            source: Source::Field(IS_ADMIN),
        },
    ],
    party_edit: None,
    party_nouns: ("user", "users"),
    party_article: "a",
    party_label: USERNAME,
    party_role: None,
    party_name: &[FULL_NAME],
    party_search: &[USERNAME, FULL_NAME, PERMISSION],
    party_toggle: None,
    party_dialogs: None,
    // BitGo's users are listed per organization or enterprise, never tenant-wide.
    views: &[],
    approvals: Some(Queue {
        command: "approvals",
        label: "pending approvals",
        crumb: "Approvals",
    }),
    roles: ROLE_SPECS,
    options: &[] as &[OptionSpec],
    // A child enterprise's create carries its key in the body.
    idempotent_creates: true,
    notes: &[
        (
            "organizations",
            "organizations are not created, renamed or deleted through this API",
        ),
        (
            "enterprises",
            "enterprises are not edited, frozen or deleted through this API",
        ),
        (
            "invitations",
            "no invitation resource: pending invites are pending approvals",
        ),
    ],
    json_names: &[],
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::schema::{self, form_fields};

    #[test]
    fn the_schema_is_whole() {
        assert_eq!(schema::faults(&SCHEMA), Vec::<String>::new());
    }

    #[test]
    fn enterprises_are_under_organizations_and_created_with_a_key() {
        let enterprise = SCHEMA.level(ENTERPRISE).expect("enterprises");
        assert_eq!(enterprise.parent, Some(ORGANIZATION));
        assert_eq!(SCHEMA.top_level().map(|l| l.id), Some(ORGANIZATION));
        let wires: Vec<&str> = form_fields(
            &enterprise.create.expect("a create form"),
            enterprise.fields,
        )
        .map(|f| f.wire)
        .collect();
        assert_eq!(
            wires,
            [
                "email",
                "additionalAdmins",
                "accountType",
                "thirdPartyIdentifier"
            ]
        );
        assert!(SCHEMA.idempotent_creates);
        let draft = crate::api::value::Draft::opened(&SCHEMA, || "k-1".to_owned());
        assert_eq!(draft.idempotency_key.as_deref(), Some("k-1"));
    }

    #[test]
    fn only_admins_and_service_users_change_anything() {
        let create = cap(Verb::Create, Target::Level(ENTERPRISE));
        let allows = |role: &str| SCHEMA.role(role).is_some_and(|r| r.allows(create));
        assert!(allows("admin") && allows("serviceUser"));
        assert!(!allows("member") && !allows("customer"));
        let approvals = cap(Verb::List, Target::Approvals);
        assert!(SCHEMA.role("member").is_some_and(|r| r.allows(approvals)));
    }

    #[test]
    fn the_create_form_checks_what_the_contract_asks() {
        let enterprise = SCHEMA.level(ENTERPRISE).expect("enterprises");
        let email = enterprise.field(CREATE_EMAIL).expect("email");
        assert_eq!(email.fault("  ").as_deref(), Some("must not be empty"));
        let admins = enterprise.field(ADDITIONAL_ADMINS).expect("admins").input;
        let InputKind::PartiesPicker { from, .. } = admins else {
            panic!("additional admins are picked from the organization's users");
        };
        assert_eq!(from, crate::api::schema::PickFrom::Tab(ORG_USERS_TAB));
        let (_, check, _) = admins.entries().expect("several ids");
        assert!(check("not-an-id").is_err());
        assert!(check("0123456789abcdef0123456789abcdef").is_ok());
    }

    use crate::api::schema::InputKind;

    #[test]
    fn what_the_api_lacks_is_not_declared() {
        let org = |verb| cap(verb, Target::Level(ORGANIZATION));
        let ent = |verb| cap(verb, Target::Level(ENTERPRISE));
        for verb in [
            Verb::Create,
            Verb::Update,
            Verb::Toggle,
            Verb::Delete,
            Verb::Find,
        ] {
            assert!(!SCHEMA.declares(org(verb)), "{verb:?} organizations");
        }
        assert!(SCHEMA.declares(org(Verb::List)));
        assert!(SCHEMA.declares(ent(Verb::Create)));
        assert!(!SCHEMA.declares(ent(Verb::Delete)) && !SCHEMA.declares(ent(Verb::Update)));
        let users = |verb| cap(verb, Target::Tab(ENTERPRISE, USERS_TAB));
        assert!(SCHEMA.declares(users(Verb::Invite)) && SCHEMA.declares(users(Verb::RemoveMember)));
        assert!(
            !SCHEMA.declares(users(Verb::Resend)) && !SCHEMA.declares(users(Verb::UpdateMember))
        );
        // MuninX declares all it does.
        let muninx = &crate::backends::muninx::schema::SCHEMA;
        let top = muninx.top_level().expect("a level").id;
        for verb in [
            Verb::Create,
            Verb::Update,
            Verb::Toggle,
            Verb::Delete,
            Verb::Find,
        ] {
            assert!(muninx.declares(cap(verb, Target::Level(top))), "{verb:?}");
        }
    }
}
