//! Sequence's commands as data: `orgs list|show|create` (organizations found
//! through the customers), `orgs add-members|set-members ID` (the Owner &
//! members tab, changed from the organization's own commands), and `customers
//! list|show` with the server's `--name`/`--email` filters. What the API cannot
//! do (rename, delete, invite, suspend, remove one member) is not declared, so it
//! is not offered.

use super::*;
use crate::api::schema::{CliFilter, LevelCli, NodeTabCli, ViewCli};

pub(super) const ORGS: LevelCli = LevelCli {
    about: "Customer organizations: an owner customer and its member customers",
    list: "List organizations (read through every customer)",
    filters: &[],
    show: "Show one organization with its owner and members",
    create: "Create an organization from an owner and member customers",
    update: "",
    update_verb: "",
    delete: "",
    toggle: ("", ""),
    toggled: ("", ""),
    parent_flag: "",
    all_pages: false,
    key_filter: None,
    approvals_flag: None,
    tab: Some(NodeTabCli {
        tab: MEMBERS_TAB,
        add: "add-members",
        add_about: "Add member customers to an organization (adding one already there is harmless)",
        added: "added {count} to {node}",
        set: "set-members",
        set_about: "Replace an organization's members with exactly the --member ids given (none: no members); says who stays and who goes, and needs --yes",
        set_flag: "member",
        set_value: "CUSTOMER_ID",
        set_help: "A customer to keep or make a member (repeat for several); members not named are removed",
        set_keeps_role: "owner",
        set_question: "Replace the members of {node}? Sequence replaces the whole list:",
        replaced: "replaced the members of {node}",
        unchanged: "the members of {node} are already exactly those given: nothing sent",
        changed: "the members of {node} changed while you were answering: asking again",
    }),
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
    show: "Show one customer with the organizations it owns or belongs to",
    columns: Some(CUSTOMER_CLI_COLUMNS),
};
