//! Flowkiwi's commands as data: `orgs list|show|create|update|delete` (update
//! renames: only the name is writable), `members list|add|remove` and `invites
//! list|resend|revoke` on one organization, with `invite` to send a new one.
//! What the API cannot do (suspend, transfer ownership) is not declared, so it is
//! not offered.

use super::*;
use crate::api::schema::{CliFilter, LevelCli, MemberCli, TabCli};

const EMAIL_FLAG: CliFilter = CliFilter {
    field: EMAIL_FILTER,
    id: "email",
    long: "email",
    value_name: Some("TEXT"),
    values: &[],
    repeat: false,
    help: "Only those whose email matches (partial, case-insensitive: the server's email filter)",
};

pub(super) const ORGS: LevelCli = LevelCli {
    about: "Partner organizations you belong to",
    list: "List your organizations (the first page; --all reads every page)",
    filters: &[CliFilter {
        field: NAME_SEARCH,
        id: "name",
        long: "name",
        value_name: Some("TEXT"),
        values: &[],
        repeat: false,
        help: "Only organizations whose name matches (partial, case-insensitive)",
    }],
    show: "Show one organization with its owners and members",
    create: "Create an organization; you become its sole owner",
    update: "Rename an organization (owners only)",
    delete: "Delete an organization (owners only; refused while it still has instances)",
    toggle: ("", ""),
    toggled: ("", ""),
    parent_flag: "",
    all_pages: true,
    key_filter: None,
    approvals_flag: None,
    tab: None,
};

pub(super) const MEMBERS_CLI: TabCli = TabCli {
    command: "members",
    about: "Owners and members of an organization",
    list: "List an organization's owners and members",
    filters: &[
        CliFilter {
            field: ROLE_FILTER,
            id: "role",
            long: "role",
            value_name: None,
            values: &["owner", "member"],
            repeat: false,
            help: "Only owners or only members",
        },
        EMAIL_FLAG,
    ],
    resend: "",
    revoke: "",
    party_arg: "member",
    invite_command: "",
    invite_about: "",
    invited: "",
    resent: "",
    revoke_question: "",
    revoked: "",
    not_revocable: "",
    node_flag: Some("org"),
    members: Some(MemberCli {
        add: "Add an existing partner account to an organization, as owner or member (owners only)",
        added: "added {party} to {node}",
        remove: "Remove an owner or member from an organization (never its last owner)",
        remove_question: "Remove {party} from {node}? They lose access to it and its instances.",
        removed: "removed {party} from {node}",
    }),
};

pub(super) const INVITES_CLI: TabCli = TabCli {
    command: "invites",
    about: "Invitations to an organization",
    list: "List an organization's invitations, newest first",
    filters: &[
        CliFilter {
            field: STATUS_FILTER,
            id: "status",
            long: "status",
            value_name: None,
            values: &["pending", "accepted", "revoked", "expired"],
            repeat: false,
            help: "Only invitations in this state",
        },
        EMAIL_FLAG,
    ],
    resend: "Send a pending invitation again (at most once a minute); it expires 7 days later",
    revoke: "Revoke a pending invitation (the record stays, marked revoked)",
    party_arg: "invitation",
    invite_command: "invite",
    invite_about: "Invite an email address to an organization, as owner or member (owners only)",
    invited: "invited {party}: {state} until they accept",
    resent: "invitation sent again to {party}",
    revoke_question: "Revoke the invitation of {party}? The invitation link stops working.",
    revoked: "revoked the invitation of {party}",
    not_revocable: "the invitation of {party} is {state}, not pending: only pending invitations can be revoked",
    node_flag: Some("org"),
    members: None,
};
