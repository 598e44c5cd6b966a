//! BitGo's commands as data: `orgs list|show`, `enterprises list|show|create`
//! (a paged list under `--org`, creates found again by their key) and `members
//! list|add|remove` on one `--enterprise`. What the API cannot do (edit, freeze or
//! delete either level, resend or revoke) is not declared, so it is not offered.

use super::*;
use crate::api::schema::{CliFilter, LevelCli, MemberCli, TabCli};

/// The four KYC states `kycState` takes (`shared/api/bitgo.md`).
pub(super) const KYC_STATES: &[&str] = &["unverified", "pending", "approved", "rejected"];

const fn level(about: &'static str, list: &'static str, show: &'static str) -> LevelCli {
    LevelCli {
        about,
        list,
        filters: &[],
        show,
        create: "",
        update: "",
        update_verb: "",
        delete: "",
        toggle: ("", ""),
        toggled: ("", ""),
        parent_flag: "",
        all_pages: false,
        key_filter: None,
        approvals_flag: None,
        tab: None,
    }
}

pub(super) const ORGS: LevelCli = level(
    "Organizations you belong to",
    "List your organizations",
    "Show one organization",
);

pub(super) const ENTERPRISES: LevelCli = LevelCli {
    filters: &[
        CliFilter {
            field: SEARCH,
            id: "search",
            long: "search",
            value_name: Some("TEXT"),
            values: &[],
            repeat: false,
            help: "Only enterprises whose name or id matches (one page: the server does not page a search)",
        },
        CliFilter {
            field: KYC_STATE,
            id: "kyc_state",
            long: "kyc-state",
            value_name: Some("STATE"),
            values: KYC_STATES,
            repeat: true,
            help: "Only enterprises in this KYC state (repeat for several)",
        },
    ],
    create: "Create a child enterprise (never two for one idempotency key)",
    parent_flag: "org",
    all_pages: true,
    key_filter: Some(crate::backends::bitgo::call::IDEMPOTENCY_KEY),
    approvals_flag: Some("enterprise"),
    tab: None,
    ..level(
        "Child enterprises of an organization",
        "List an organization's child enterprises",
        "Show one enterprise",
    )
};

pub(super) const MEMBERS: TabCli = TabCli {
    command: "members",
    about: "Users of an enterprise",
    list: "List an enterprise's users",
    filters: &[],
    resend: "",
    revoke: "",
    party_arg: "email",
    invite_command: "",
    invite_about: "",
    invited: "",
    resent: "",
    revoke_question: "",
    revoked: "",
    not_revocable: "",
    node_flag: Some("enterprise"),
    by_position: false,
    columns: None,
    members: Some(MemberCli {
        add: "Add a user to an enterprise (where it needs approvals, it waits for another admin's)",
        added: "added {party} to {node}",
        change: "",
        change_about: "",
        changed: "",
        remove: "Remove a user from an enterprise (where it needs approvals, it waits for another admin's)",
        remove_question: "Remove {party} from {node}?",
        removed: "removed {party} from {node}",
    }),
};
