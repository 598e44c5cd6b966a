//! MuninX's record layouts: an organization's fields and a user's, each with its
//! wire name, label, input, the contract's check and when a form shows it.

use super::super::adapter::AGENT_TYPES;
use super::super::rules;
use super::*;
use crate::api::schema::{Choice, CliArg, FieldSpec, InputKind, Shown};

/// MuninX's field ids are its wire names.
const fn field(id: FieldId, label: &'static str, input: InputKind) -> FieldSpec {
    crate::api::schema::field(id, id.0, label, input)
}

const fn arg(long: &'static str, value_name: Option<&'static str>) -> Option<CliArg> {
    Some(CliArg {
        long,
        value_name,
        update_help: "",
        choices: false,
        repeat: false,
    })
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

pub(super) static ORG_FIELDS: &[FieldSpec] = &[
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
        cli: Some(CliArg {
            long: "domain",
            value_name: Some("DOMAIN"),
            update_help: "Replace the domains with these (repeat for several)",
            choices: false,
            repeat: false,
        }),
        help: "A domain (repeat for several, at most 5)",
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
        cli: Some(CliArg {
            long: "external-ref",
            value_name: Some("URL"),
            update_help: "New external reference; an empty value clears it",
            choices: false,
            repeat: false,
        }),
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
        cli: Some(CliArg {
            long: "notes",
            value_name: None,
            update_help: "New notes; an empty value clears them",
            choices: false,
            repeat: false,
        }),
        ..field(
            NOTES,
            "Notes",
            InputKind::LongText {
                max: rules::MAX_NOTES,
            },
        )
    },
    field(STATUS, "Status", InputKind::Select(ORG_STATES)),
    // Not MuninX's: the model's, which the CLI's `show` has always printed. Before
    // the times, the order `--json` has always written them in.
    field(PARENT, "parent", InputKind::Shown),
    field(OWNER, "owner", InputKind::Shown),
    field(CREATED, "created", InputKind::Shown),
    field(UPDATED, "updated", InputKind::Shown),
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

pub(super) static USER_FIELDS: &[FieldSpec] = &[
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
        required: true,
        cli: Some(CliArg {
            long: "type",
            value_name: Some("KIND"),
            update_help: "",
            choices: true,
            repeat: false,
        }),
        ..field(TYPE, "Type", InputKind::Select(ROLES))
    },
    FieldSpec {
        required: true,
        shown: Shown::When(TYPE, STAFF_TYPES),
        cli: arg("agent-type", None),
        help: "Required for admins and agents: human, ai-assisted or ai-autonomous",
        ..field(
            AGENT_TYPE,
            "Agent type",
            InputKind::Select(AGENT_TYPE_CHOICES),
        )
    },
    FieldSpec {
        shown: Shown::Unless(TYPE, STAFF_TYPES),
        cli: arg("org", Some("ID")),
        help: "The customer organization (customers only)",
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
