//! Sequence's commands as data: `orgs list|show|create` (organizations found
//! through the customers), `members list|add|set` on one `--org`, and
//! `customers list|show` with the server's `--name`/`--email` filters. What the
//! API cannot do (rename, delete, invite, suspend) is not declared, so it is not
//! offered.

use super::*;
use crate::api::schema::{CliFilter, LevelCli, MemberCli, TabCli, ViewCli};

pub(super) const ORGS: LevelCli = LevelCli {
    about: "Customer organizations: an owner customer and its member customers",
    list: "List organizations (read through every customer)",
    filters: &[],
    show: "Show one organization with its owner and members",
    create: "Create an organization from an owner and member customers",
    update: "",
    delete: "",
    toggle: ("", ""),
    toggled: ("", ""),
    parent_flag: "",
    all_pages: false,
    key_filter: None,
    approvals_flag: None,
};

pub(super) const CUSTOMERS_CLI: ViewCli = ViewCli {
    command: "customers",
    about: "Billing customers",
    list: "List customers (the first page; --all reads every page)",
    filters: &[
        CliFilter {
            field: NAME_FILTER,
            id: "name",
            long: "name",
            value_name: Some("TEXT"),
            values: &[],
            repeat: false,
            help: "Only customers whose legal name matches (the server's legalName filter)",
        },
        CliFilter {
            field: EMAIL_FILTER,
            id: "email",
            long: "email",
            value_name: Some("TEXT"),
            values: &[],
            repeat: false,
            help: "Only customers with a contact of this email (the server's email filter)",
        },
    ],
};

pub(super) const MEMBERS_CLI: TabCli = TabCli {
    command: "members",
    about: "An organization's owner and member customers",
    list: "List an organization's owner and members",
    filters: &[],
    resend: "",
    revoke: "",
    party_arg: "customer-id",
    invite_command: "",
    invite_about: "",
    invited: "",
    resent: "",
    revoke_question: "",
    revoked: "",
    not_revocable: "",
    node_flag: Some("org"),
    members: Some(MemberCli {
        add: "Add member customers to an organization (adding one twice is harmless)",
        added: "added {party} to {node}",
        remove: "Replace an organization's members with exactly the --member ids given",
        remove_question: "Replace the members of {node}?",
        removed: "replaced the members of {node}",
    }),
};
