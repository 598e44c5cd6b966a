//! Flowkiwi's commands as data: `orgs list|show|create|rename|delete` (rename,
//! alias `update`: only the name is writable), `members list|add|role|remove ORG`
//! and `invites list|create|resend|revoke ORG`, the organization and then the
//! member or invitation (by id or email) as arguments. What the API cannot do
//! (suspend, transfer ownership) is not declared, so it is not offered.

use super::*;
use crate::api::schema::{CliFilter, LevelCli, MemberCli, NodeTabCli, TabCli};

/// An id first: the commands take a member or an invitation by it (or by email).
static MEMBER_COLUMNS: &[Column] = &[
    Column {
        source: Source::Id,
        title: "ID",
        width: Width::Fill,
    },
    column(EMAIL, "EMAIL", Width::Fill),
    column(PARTNER_NAME, "NAME", Width::Fill),
    column(ROLE, "ROLE", Width::Fill),
    column(JOINED, "JOINED", Width::Fill),
];

static INVITATION_COLUMNS: &[Column] = &[
    Column {
        source: Source::Id,
        title: "ID",
        width: Width::Fill,
    },
    column(EMAIL, "EMAIL", Width::Fill),
    column(ROLE, "ROLE", Width::Fill),
    column(STATUS, "STATUS", Width::Fill),
    column(INVITED_BY, "INVITED BY", Width::Fill),
    column(LAST_SENT, "LAST SENT", Width::Fill),
    column(SENDS, "SENDS", Width::Fill),
    column(EXPIRES, "EXPIRES", Width::Fill),
];

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
    update_verb: "rename",
    delete: "Delete an organization (owners only; refused while it still has instances)",
    toggle: ("", ""),
    toggled: ("", ""),
    parent_flag: "",
    all_pages: true,
    key_filter: None,
    approvals_flag: None,
    // `orgs show` lists the owners and members under the organization; they are
    // changed with `members …`, not from here.
    tab: Some(NodeTabCli {
        tab: MEMBERS_TAB,
        add: "",
        add_about: "",
        added: "",
        set: "",
        set_about: "",
        set_flag: "",
        set_value: "",
        set_help: "",
        set_keeps_role: "",
        set_question: "",
        replaced: "",
        unchanged: "",
        changed: "",
    }),
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
    by_position: true,
    columns: Some(MEMBER_COLUMNS),
    members: Some(MemberCli {
        add: "Add an existing partner account to an organization, as owner or member (owners only)",
        added: "added {party} to {node}",
        change: "role",
        change_about: "Make an owner a member or a member an owner (owners only; never the last owner a member)",
        changed: "{party} is now {role} of {node}",
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
    invite_command: "create",
    invite_about: "Invite an email address to an organization, as owner or member (owners only)",
    invited: "invited {party} as {role}; the invitation expires {expires}",
    resent: "invitation sent again to {party}; it now expires {expires}",
    revoke_question: "Revoke the invitation of {party}? The invitation link stops working.",
    revoked: "revoked the invitation of {party}",
    not_revocable: "the invitation of {party} is {status}, not pending: only pending invitations can be revoked",
    node_flag: Some("org"),
    by_position: true,
    columns: Some(INVITATION_COLUMNS),
    members: None,
};

#[cfg(test)]
mod tests {
    use clap::{ArgMatches, Command};

    use super::super::SCHEMA;

    fn root() -> Command {
        Command::new("orgdeck").subcommands(crate::cli::generated_commands(&SCHEMA))
    }

    fn verbs(name: &str) -> Vec<String> {
        let root = root();
        let group = root.find_subcommand(name).expect("a command");
        group
            .get_subcommands()
            .map(|c| c.get_name().to_owned())
            .collect()
    }

    /// The innermost subcommand's matches for `words`.
    fn parsed(words: &[&str]) -> ArgMatches {
        let all = std::iter::once("orgdeck").chain(words.iter().copied());
        let mut at = root()
            .try_get_matches_from(all)
            .unwrap_or_else(|e| panic!("{words:?}: {e}"));
        while let Some((_, sub)) = at.subcommand() {
            at = sub.clone();
        }
        at
    }

    fn refused(words: &[&str]) -> String {
        let all = std::iter::once("orgdeck").chain(words.iter().copied());
        match root().try_get_matches_from(all) {
            Ok(_) => panic!("{words:?} parsed"),
            Err(e) => e.to_string(),
        }
    }

    fn text<'a>(matches: &'a ArgMatches, id: &str) -> Option<&'a str> {
        matches.get_one::<String>(id).map(String::as_str)
    }

    #[test]
    fn the_commands_are_orgs_members_and_invites_and_no_top_level_invite() {
        let names: Vec<String> = root()
            .get_subcommands()
            .map(|c| c.get_name().to_owned())
            .collect();
        assert_eq!(names, ["orgs", "members", "invites"]);
        assert_eq!(
            verbs("orgs"),
            ["list", "show", "create", "rename", "delete"]
        );
        assert_eq!(verbs("members"), ["list", "add", "role", "remove"]);
        assert_eq!(verbs("invites"), ["list", "create", "resend", "revoke"]);
    }

    #[test]
    fn orgs_rename_takes_the_name_and_update_is_its_alias() {
        let renamed = parsed(&["orgs", "rename", "o-1", "--name", "Kiwi"]);
        assert_eq!(text(&renamed, "id"), Some("o-1"));
        assert_eq!(text(&renamed, "name"), Some("Kiwi"));
        let root = root();
        let (name, _) = root
            .try_get_matches_from(["orgdeck", "orgs", "update", "o-1", "--name", "K"])
            .expect("update parses")
            .subcommand()
            .map(|(n, m)| (n.to_owned(), m.clone()))
            .expect("orgs");
        assert_eq!(name, "orgs");
        let mut help = Vec::new();
        let mut orgs = self::root();
        let orgs = orgs.find_subcommand_mut("orgs").expect("orgs");
        orgs.write_help(&mut help).expect("help");
        let help = String::from_utf8(help).expect("utf-8");
        assert!(help.contains("rename") && help.contains("alias"), "{help}");
        assert!(refused(&["orgs", "list", "--all", "--name"]).contains("--name"));
        assert_eq!(
            text(&parsed(&["orgs", "list", "--name", "ki"]), "name"),
            Some("ki")
        );
        assert!(parsed(&["orgs", "delete", "o-1", "--yes"]).get_flag("yes"));
    }

    #[test]
    fn members_take_the_organization_and_the_member_as_arguments() {
        let list = parsed(&[
            "members", "list", "o-1", "--role", "owner", "--email", "ada",
        ]);
        assert_eq!(text(&list, "node"), Some("o-1"));
        assert_eq!(text(&list, "role"), Some("owner"));
        assert_eq!(text(&list, "email"), Some("ada"));
        let add = parsed(&[
            "members", "add", "o-1", "--email", "a@b.co", "--role", "member",
        ]);
        assert_eq!(
            (text(&add, "node"), text(&add, "email")),
            (Some("o-1"), Some("a@b.co"))
        );
        assert!(refused(&["members", "add", "o-1", "--email", "a@b.co"]).contains("--role"));
        let role = parsed(&["members", "role", "o-1", "a@b.co", "--role", "owner"]);
        assert_eq!(
            (text(&role, "node"), text(&role, "party")),
            (Some("o-1"), Some("a@b.co"))
        );
        assert!(refused(&["members", "role", "o-1", "m-1", "--role", "boss"]).contains("owner"));
        assert!(refused(&["members", "role", "o-1", "--role", "owner"]).contains("<MEMBER>"));
        let remove = parsed(&["members", "remove", "o-1", "m-1", "--yes"]);
        assert_eq!(text(&remove, "party"), Some("m-1"));
        assert!(remove.get_flag("yes"));
        assert!(refused(&["members", "list"]).contains("<ORG>"));
    }

    #[test]
    fn invites_take_the_organization_and_the_invitation_as_arguments() {
        let list = parsed(&["invites", "list", "o-1", "--status", "pending"]);
        assert_eq!(
            (text(&list, "node"), text(&list, "status")),
            (Some("o-1"), Some("pending"))
        );
        assert!(refused(&["invites", "list", "o-1", "--status", "lost"]).contains("expired"));
        let create = parsed(&[
            "invites", "create", "o-1", "--email", "n@b.co", "--role", "owner",
        ]);
        assert_eq!(text(&create, "email"), Some("n@b.co"));
        for verb in ["resend", "revoke"] {
            let one = parsed(&["invites", verb, "o-1", "i-1"]);
            assert_eq!(
                (text(&one, "node"), text(&one, "party")),
                (Some("o-1"), Some("i-1"))
            );
            assert!(refused(&["invites", verb, "o-1"]).contains("<INVITATION>"));
        }
        assert!(parsed(&["invites", "revoke", "o-1", "i-1", "--yes"]).get_flag("yes"));
    }
}
