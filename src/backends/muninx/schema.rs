//! MuninX's screens as data (`api::schema`): one level (customer organizations)
//! with its Members and Invites tabs, the tenant-wide users, staff and invites
//! views, the forms with the contract's checks from `rules`, and the role matrix
//! (`shared/api/muninx.md`, "Roles").

use super::adapter::AGENT_TYPES;
use super::rules;
use crate::api::model::Capability;
use crate::api::schema::{
    Choice, CliArg, Column, Counted, Detail, FieldId, FieldSpec, Find, FormSpec, InputKind, Level,
    LevelId, MemberStateName, OptionSpec, PartyFilter, PartyKind, RoleSpec, Schema, Shown, Source,
    Tab, TabId, Toggle, View, ViewId, Width,
};

pub const ORGANIZATION: LevelId = LevelId("customer-organization");
pub const MEMBERS: TabId = TabId("members");
pub const INVITES: TabId = TabId("invites");
pub const USERS: ViewId = ViewId("users");
pub const STAFF: ViewId = ViewId("staff");
pub const PENDING: ViewId = ViewId("invites");

// An organization's record.
pub const DISPLAY_NAME: FieldId = FieldId("display-name");
pub const DOMAINS: FieldId = FieldId("domains");
pub const EXTERNAL_REF: FieldId = FieldId("external-ref");
pub const NOTES: FieldId = FieldId("notes");
pub const STATUS: FieldId = FieldId("status");
pub const CREATED: FieldId = FieldId("created-at");
pub const UPDATED: FieldId = FieldId("updated-at");
pub const PARENT: FieldId = FieldId("parent");
pub const OWNER: FieldId = FieldId("owner");

// A user's record.
pub const EMAIL: FieldId = FieldId("email");
pub const NAME: FieldId = FieldId("name");
pub const LAST_NAME: FieldId = FieldId("last-name");
pub const TYPE: FieldId = FieldId("type");
pub const AGENT_TYPE: FieldId = FieldId("agent-type");
pub const ORGANIZATION_FIELD: FieldId = FieldId("organization");
pub const USER_STATUS: FieldId = FieldId("user-status");
pub const AUTO_ASSIGN: FieldId = FieldId("auto-assign-tickets");
pub const USER_CREATED: FieldId = FieldId("user-created-at");

const STAFF_TYPES: &[&str] = &["admin", "agent"];

const ACTIVE: &[MemberStateName] = &[MemberStateName::Active, MemberStateName::Suspended];
const INVITED: &[MemberStateName] = &[MemberStateName::Invited];

const fn field(id: FieldId, label: &'static str, input: InputKind) -> FieldSpec {
    FieldSpec {
        id,
        wire: id.0,
        label,
        input,
        required: false,
        check: None,
        shown: Shown::Always,
        cli: None,
        help: "",
    }
}

const fn arg(long: &'static str, value_name: Option<&'static str>) -> Option<CliArg> {
    Some(CliArg { long, value_name })
}

fn display_name(raw: &str) -> Result<String, String> {
    rules::text(raw, rules::MAX_DISPLAY_NAME)
}

fn person_name(raw: &str) -> Result<String, String> {
    rules::text(raw, rules::MAX_PERSON_NAME)
}

static ORG_STATES: &[Choice] = &[
    Choice::new("active", "active"),
    Choice::new("suspended", "suspended"),
];

static ORG_FIELDS: &[FieldSpec] = &[
    FieldSpec {
        required: true,
        check: Some(display_name),
        cli: arg("name", None),
        ..field(
            DISPLAY_NAME,
            "Display name",
            InputKind::Text {
                max: rules::MAX_DISPLAY_NAME,
            },
        )
    },
    FieldSpec {
        cli: arg("domain", Some("DOMAIN")),
        help: "A domain (repeat for several, at most 5).",
        ..field(
            DOMAINS,
            "Domains",
            InputKind::MultiValue {
                max_entries: rules::MAX_DOMAINS,
                check: rules::domain,
                noun: "domains",
            },
        )
    },
    FieldSpec {
        check: Some(rules::external_ref),
        cli: arg("external-ref", Some("URL")),
        ..field(
            EXTERNAL_REF,
            "External ref",
            InputKind::Text {
                max: rules::MAX_URL,
            },
        )
    },
    FieldSpec {
        check: Some(rules::notes),
        cli: arg("notes", None),
        ..field(
            NOTES,
            "Notes",
            InputKind::LongText {
                max: rules::MAX_NOTES,
            },
        )
    },
    field(STATUS, "Status", InputKind::Select(ORG_STATES)),
    field(CREATED, "created", InputKind::Shown),
    field(UPDATED, "updated", InputKind::Shown),
    // Not MuninX's: the model's, which the CLI's `show` has always printed.
    field(PARENT, "parent", InputKind::Shown),
    field(OWNER, "owner", InputKind::Shown),
];

static ROLES: &[Choice] = &[
    Choice::new("customer", "customer"),
    Choice::new("agent", "agent"),
    Choice::new("admin", "admin"),
];

/// Starting on "choose" so that nobody gets an agent type by accident.
static AGENT_TYPE_CHOICES: &[Choice] = &[
    Choice::new("", "choose…"),
    Choice::new(AGENT_TYPES[0], AGENT_TYPES[0]),
    Choice::new(AGENT_TYPES[1], AGENT_TYPES[1]),
    Choice::new(AGENT_TYPES[2], AGENT_TYPES[2]),
];

static USER_STATES: &[Choice] = &[
    Choice::new("active", "active"),
    Choice::new("suspended", "suspended"),
    Choice {
        value: "pending",
        label: "pending",
        only_as_current: true,
    },
];

static USER_FIELDS: &[FieldSpec] = &[
    FieldSpec {
        required: true,
        check: Some(rules::email),
        cli: arg("email", None),
        ..field(
            EMAIL,
            "Email",
            InputKind::Text {
                max: rules::MAX_EMAIL,
            },
        )
    },
    FieldSpec {
        required: true,
        check: Some(person_name),
        cli: arg("name", None),
        ..field(
            NAME,
            "Name",
            InputKind::Text {
                max: rules::MAX_PERSON_NAME,
            },
        )
    },
    FieldSpec {
        required: true,
        check: Some(person_name),
        cli: arg("last-name", None),
        ..field(
            LAST_NAME,
            "Last name",
            InputKind::Text {
                max: rules::MAX_PERSON_NAME,
            },
        )
    },
    FieldSpec {
        cli: arg("type", None),
        ..field(TYPE, "Type", InputKind::Select(ROLES))
    },
    FieldSpec {
        required: true,
        shown: Shown::When(TYPE, STAFF_TYPES),
        cli: arg("agent-type", None),
        help: "Required for admins and agents: human, ai-assisted or ai-autonomous.",
        ..field(
            AGENT_TYPE,
            "Agent type",
            InputKind::Select(AGENT_TYPE_CHOICES),
        )
    },
    FieldSpec {
        shown: Shown::Unless(TYPE, STAFF_TYPES),
        cli: arg("org", Some("ID")),
        help: "The customer organization (customers only).",
        ..field(
            ORGANIZATION_FIELD,
            "Organization",
            InputKind::NodePicker {
                level: ORGANIZATION,
                none: Some("(no organization)"),
            },
        )
    },
    FieldSpec {
        wire: "status",
        ..field(USER_STATUS, "Status", InputKind::Select(USER_STATES))
    },
    FieldSpec {
        shown: Shown::When(TYPE, STAFF_TYPES),
        ..field(
            AUTO_ASSIGN,
            "Auto-assign tickets",
            InputKind::Bool("no", "yes"),
        )
    },
    FieldSpec {
        wire: "created-at",
        ..field(USER_CREATED, "created", InputKind::Shown)
    },
];

static INVITE: FormSpec = FormSpec {
    title: "Invite user",
    fields: &[EMAIL, NAME, LAST_NAME, TYPE, AGENT_TYPE, ORGANIZATION_FIELD],
};

static TABS: &[Tab] = &[
    Tab {
        id: MEMBERS,
        label: "Members",
        command: "members",
        party_kind: PartyKind::User,
        states: ACTIVE,
        invite: Some(INVITE),
        offers: &[
            Capability::Invite,
            Capability::UpdatePerson,
            Capability::ReadPerson,
        ],
        empty_text: "nobody here",
        cli: None,
    },
    Tab {
        id: INVITES,
        label: "Pending invites",
        command: "invites",
        party_kind: PartyKind::User,
        states: INVITED,
        invite: Some(INVITE),
        offers: &[
            Capability::Invite,
            Capability::ResendInvite,
            Capability::RevokeInvite,
            Capability::ReadPerson,
        ],
        empty_text: "nobody here",
        cli: Some("invites"),
    },
];

static LEVELS: &[Level] = &[Level {
    id: ORGANIZATION,
    nouns: ("organization", "organizations"),
    article: "an",
    title: "customer organizations",
    cli: "orgs",
    command: "orgs",
    parent: None,
    fields: ORG_FIELDS,
    name_field: DISPLAY_NAME,
    columns: &[
        Column {
            source: Source::Field(DISPLAY_NAME),
            title: "NAME",
            width: Width::Fill,
        },
        Column {
            source: Source::Field(STATUS),
            title: "STATUS",
            width: Width::Fixed(10),
        },
        Column {
            source: Source::Count(Counted::Members),
            title: "MEMBERS",
            width: Width::Fixed(7),
        },
        Column {
            source: Source::Count(Counted::Invites),
            title: "PENDING",
            width: Width::Fixed(7),
        },
        Column {
            source: Source::Field(DOMAINS),
            title: "DOMAINS",
            width: Width::Fixed(30),
        },
    ],
    detail: &[
        Detail {
            label: "id",
            source: Source::Id,
        },
        Detail {
            label: "name",
            source: Source::Field(DISPLAY_NAME),
        },
        Detail {
            label: "status",
            source: Source::Field(STATUS),
        },
        Detail {
            label: "domains",
            source: Source::Field(DOMAINS),
        },
        Detail {
            label: "external-ref",
            source: Source::Field(EXTERNAL_REF),
        },
        Detail {
            label: "notes",
            source: Source::Field(NOTES),
        },
        Detail {
            label: "members",
            source: Source::Count(Counted::Members),
        },
        Detail {
            label: "pending invites",
            source: Source::Count(Counted::Invites),
        },
        Detail {
            label: "created",
            source: Source::Field(CREATED),
        },
        Detail {
            label: "updated",
            source: Source::Field(UPDATED),
        },
    ],
    cli_columns: &[
        Column {
            source: Source::Id,
            title: "ID",
            width: Width::Fill,
        },
        Column {
            source: Source::Field(DISPLAY_NAME),
            title: "NAME",
            width: Width::Fill,
        },
        Column {
            source: Source::Field(STATUS),
            title: "STATUS",
            width: Width::Fill,
        },
        Column {
            source: Source::Field(DOMAINS),
            title: "DOMAINS",
            width: Width::Fill,
        },
    ],
    cli_detail: &[
        Detail {
            label: "id",
            source: Source::Id,
        },
        Detail {
            label: "name",
            source: Source::Field(DISPLAY_NAME),
        },
        Detail {
            label: "status",
            source: Source::Field(STATUS),
        },
        Detail {
            label: "domains",
            source: Source::Field(DOMAINS),
        },
        Detail {
            label: "external-ref",
            source: Source::Field(EXTERNAL_REF),
        },
        Detail {
            label: "notes",
            source: Source::Field(NOTES),
        },
        Detail {
            label: "parent",
            source: Source::Field(PARENT),
        },
        Detail {
            label: "owner",
            source: Source::Field(OWNER),
        },
        Detail {
            label: "created",
            source: Source::Field(CREATED),
        },
        Detail {
            label: "updated",
            source: Source::Field(UPDATED),
        },
    ],
    create: Some(FormSpec {
        title: "New organization",
        fields: &[DISPLAY_NAME, DOMAINS, EXTERNAL_REF, NOTES],
    }),
    edit: Some(FormSpec {
        title: "Edit",
        fields: &[DISPLAY_NAME, DOMAINS, EXTERNAL_REF, NOTES, STATUS],
    }),
    toggle: Some(Toggle {
        field: STATUS,
        phrase: ("suspend or reactivate", "suspending or reactivating"),
        on: ("suspended", "suspend"),
        off: ("active", "activate"),
    }),
    find: Some(Find {
        field: DOMAINS,
        verb: "lookup",
        arg: "DOMAIN",
        help: "Find the organization that owns a domain.",
    }),
    tabs: TABS,
    delete_effect: "they will keep their accounts but lose their organization. Its domains are freed.",
}];

/// In the order `:` completion lists them.
static VIEWS: &[View] = &[
    View {
        id: PENDING,
        label: "pending invites",
        crumb: "Pending invites",
        command: "invites",
        cli: None,
        filter: PartyFilter {
            roles: &[],
            states: INVITED,
        },
        invite: Some(INVITE),
    },
    View {
        id: STAFF,
        label: "staff",
        crumb: "Staff",
        command: "staff",
        cli: None,
        // An invite from here starts on the first: agent.
        filter: PartyFilter {
            roles: &["agent", "admin"],
            states: &[],
        },
        invite: Some(INVITE),
    },
    View {
        id: USERS,
        label: "all users",
        crumb: "Users",
        command: "users",
        cli: Some("users"),
        filter: PartyFilter {
            roles: &[],
            states: &[],
        },
        invite: Some(INVITE),
    },
];

/// Customers read only themselves (`GET /users` answers just the caller).
const CUSTOMER: &[Capability] = &[
    Capability::WhoAmI,
    Capability::ListPeople,
    Capability::ReadPerson,
];

/// Agents read organizations and users and look organizations up by domain.
const AGENT: &[Capability] = &[
    Capability::WhoAmI,
    Capability::ListOrganizations,
    Capability::ReadOrganization,
    Capability::LookupOrganization,
    Capability::ListPeople,
    Capability::ReadPerson,
];

/// The least privileged role first: a role MuninX does not define gets what it gets.
static ROLE_SPECS: &[RoleSpec] = &[
    RoleSpec {
        name: "customer",
        may: CUSTOMER,
    },
    RoleSpec {
        name: "agent",
        may: AGENT,
    },
    RoleSpec {
        name: "admin",
        may: &Capability::ALL,
    },
];

pub static SCHEMA: Schema = Schema {
    title: "MuninX",
    levels: LEVELS,
    party_fields: USER_FIELDS,
    party_columns: &[
        Column {
            source: Source::Field(EMAIL),
            title: "EMAIL",
            width: Width::Fill,
        },
        Column {
            source: Source::Fields(&[NAME, LAST_NAME]),
            title: "NAME",
            width: Width::Fixed(22),
        },
        Column {
            source: Source::Field(TYPE),
            title: "TYPE",
            width: Width::Fixed(8),
        },
        Column {
            source: Source::Field(USER_STATUS),
            title: "STATUS",
            width: Width::Fixed(9),
        },
        Column {
            source: Source::Field(ORGANIZATION_FIELD),
            title: "ORGANIZATION",
            width: Width::Fixed(12),
        },
    ],
    party_detail: &[
        Detail {
            label: "email",
            source: Source::Field(EMAIL),
        },
        Detail {
            label: "name",
            source: Source::Field(NAME),
        },
        Detail {
            label: "last name",
            source: Source::Field(LAST_NAME),
        },
        Detail {
            label: "type",
            source: Source::Field(TYPE),
        },
        Detail {
            label: "agent type",
            source: Source::Field(AGENT_TYPE),
        },
        Detail {
            label: "organization",
            source: Source::Field(ORGANIZATION_FIELD),
        },
        Detail {
            label: "status",
            source: Source::Field(USER_STATUS),
        },
        Detail {
            label: "auto-assign",
            source: Source::Field(AUTO_ASSIGN),
        },
        Detail {
            label: "created",
            source: Source::Field(USER_CREATED),
        },
    ],
    party_cli_columns: &[
        Column {
            source: Source::Field(EMAIL),
            title: "EMAIL",
            width: Width::Fill,
        },
        Column {
            source: Source::Fields(&[NAME, LAST_NAME]),
            title: "NAME",
            width: Width::Fill,
        },
        Column {
            source: Source::Field(TYPE),
            title: "TYPE",
            width: Width::Fill,
        },
        Column {
            source: Source::Field(AGENT_TYPE),
            title: "AGENT TYPE",
            width: Width::Fill,
        },
        Column {
            source: Source::Field(USER_STATUS),
            title: "STATUS",
            width: Width::Fill,
        },
        Column {
            source: Source::Field(ORGANIZATION_FIELD),
            title: "ORGANIZATION",
            width: Width::Fill,
        },
    ],
    party_cli_detail: &[
        Detail {
            label: "email",
            source: Source::Field(EMAIL),
        },
        Detail {
            label: "name",
            source: Source::Field(NAME),
        },
        Detail {
            label: "last-name",
            source: Source::Field(LAST_NAME),
        },
        Detail {
            label: "type",
            source: Source::Field(TYPE),
        },
        Detail {
            label: "agent-type",
            source: Source::Field(AGENT_TYPE),
        },
        Detail {
            label: "organization",
            source: Source::Field(ORGANIZATION_FIELD),
        },
        Detail {
            label: "status",
            source: Source::Field(USER_STATUS),
        },
        Detail {
            label: "auto-assign",
            source: Source::Field(AUTO_ASSIGN),
        },
        Detail {
            label: "created",
            source: Source::Field(USER_CREATED),
        },
    ],
    party_edit: Some(FormSpec {
        title: "Edit",
        fields: &[
            NAME,
            LAST_NAME,
            TYPE,
            USER_STATUS,
            ORGANIZATION_FIELD,
            AGENT_TYPE,
            AUTO_ASSIGN,
        ],
    }),
    party_nouns: ("user", "users"),
    party_article: "a",
    party_label: EMAIL,
    party_role: Some(TYPE),
    views: VIEWS,
    roles: ROLE_SPECS,
    options: &[] as &[OptionSpec],
    idempotent_creates: false,
    notes: &[],
    bridge: super::bridge::BRIDGE,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_and_refusals_say_what_they_always_said() {
        for capability in Capability::ALL {
            assert_eq!(SCHEMA.describe(capability), capability.describe());
            assert_eq!(SCHEMA.offer(capability), capability.offer());
        }
    }
    use crate::api::schema::{self, form_fields};

    #[test]
    fn the_schema_is_whole() {
        assert_eq!(schema::faults(&SCHEMA), Vec::<String>::new());
    }

    #[test]
    fn forms_ask_for_what_the_adapter_sends() {
        let level = SCHEMA.top_level().expect("a top level");
        let wires = |form: &FormSpec, layout| {
            form_fields(form, layout)
                .map(|f: &FieldSpec| f.wire)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            wires(&level.edit.expect("an edit form"), level.fields),
            ["display-name", "domains", "external-ref", "notes", "status"]
        );
        assert_eq!(
            wires(&INVITE, SCHEMA.party_fields),
            [
                "email",
                "name",
                "last-name",
                "type",
                "agent-type",
                "organization"
            ]
        );
    }

    #[test]
    fn checks_are_the_contracts_rules() {
        let level = SCHEMA.top_level().expect("a top level");
        let name = level.field(DISPLAY_NAME).expect("display-name");
        assert_eq!(name.fault("   ").as_deref(), Some("must not be blank"));
        let reference = level.field(EXTERNAL_REF).expect("external-ref");
        assert_eq!(reference.fault(""), None);
        assert!(reference.fault("crm.example.com").is_some());
        let email = SCHEMA.party_field(EMAIL).expect("email");
        assert!(email.fault("jane@localhost").is_some());
    }

    #[test]
    fn agent_type_is_for_staff_and_the_organization_for_customers() {
        let shown = |id, kind: &'static str| {
            SCHEMA
                .party_field(id)
                .expect("a user field")
                .shown
                .holds(|f| (f == TYPE).then(|| kind.to_owned()))
        };
        assert!(shown(AGENT_TYPE, "agent") && shown(AUTO_ASSIGN, "admin"));
        assert!(!shown(AGENT_TYPE, "customer") && !shown(AUTO_ASSIGN, "customer"));
        assert!(shown(ORGANIZATION_FIELD, "customer") && !shown(ORGANIZATION_FIELD, "agent"));
    }
}
