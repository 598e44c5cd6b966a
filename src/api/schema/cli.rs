//! How a backend's commands read on the command line: the words the generated
//! `orgdeck <level> …`, `<view> list`, `invite` and `<tab> …` commands print in
//! their help and their answers. The flags themselves come from the forms'
//! fields (`FieldSpec::cli`).

use super::{Column, FieldId, Schema, TabId, form_fields};

/// `orgdeck <level.cli> list|show|create|update|delete|<toggle verbs>|<find verb>`.
#[derive(Debug, Clone, Copy)]
pub struct LevelCli {
    pub about: &'static str,
    pub list: &'static str,
    pub filters: &'static [CliFilter],
    pub show: &'static str,
    pub create: &'static str,
    pub update: &'static str,
    /// The command that sends the edit form, where `update` is not the word for
    /// it (`rename`, when only the name is writable); `update` then stays as its
    /// alias. Empty: `update`.
    pub update_verb: &'static str,
    pub delete: &'static str,
    /// The help of the toggle's two commands: (on, off).
    pub toggle: (&'static str, &'static str),
    /// What they print before the node: ("suspended", "reactivated").
    pub toggled: (&'static str, &'static str),
    /// For a lower level, the flag naming the node above on `list` and `create`
    /// (`--org ID`); `--parent ID` when empty.
    pub parent_flag: &'static str,
    /// The list comes in pages the command reads one at a time: `list` shows the
    /// first and says there are more, `list --all` reads every page.
    pub all_pages: bool,
    /// The filter that finds what a create's idempotency key made: `create` then
    /// takes `--idempotency-key K`, looks the key up first and creates only when
    /// it made nothing yet (so a script may retry with the same key).
    pub key_filter: Option<FieldId>,
    /// Changes on this level's nodes may wait for other admins' approval: an
    /// `approvals list|approve|reject` command, whose list takes this flag
    /// (`--enterprise ID`) for one node's.
    pub approvals_flag: Option<&'static str>,
    /// One node's tab changed from the level's own commands, with the node as
    /// the positional `ID` (`orgs add-members ID --member C`), and listed by
    /// `show` under the node.
    pub tab: Option<NodeTabCli>,
}

impl LevelCli {
    /// The command that sends the level's edit form.
    pub fn edit_command(&self) -> &'static str {
        if self.update_verb.is_empty() {
            "update"
        } else {
            self.update_verb
        }
    }
}

/// `orgdeck <level> <add> ID --<flag> P…` (the tab's invite form) and `<level>
/// <set> ID [--<set_flag> P]… --yes` (the tab's parties become exactly those
/// given), each where the tab offers it; `<level> show ID` then lists the tab's
/// parties under the node. In the words `{node}` is the node's name and `{count}`
/// how many parties a command named.
#[derive(Debug, Clone, Copy)]
pub struct NodeTabCli {
    pub tab: TabId,
    pub add: &'static str,
    pub add_about: &'static str,
    /// What `add` prints before the node.
    pub added: &'static str,
    pub set: &'static str,
    pub set_about: &'static str,
    /// The repeatable flag naming each party `set` keeps or adds.
    pub set_flag: &'static str,
    pub set_value: &'static str,
    pub set_help: &'static str,
    /// The role of the tab's parties `set` leaves where they are (an owner):
    /// shown apart, never among those that go; empty for none.
    pub set_keeps_role: &'static str,
    /// What `set` asks before it replaces the list.
    pub set_question: &'static str,
    /// What `set` prints before the node.
    pub replaced: &'static str,
    /// What `set` says when the list already is exactly the one given (and it
    /// sends nothing).
    pub unchanged: &'static str,
    /// What `set` says when the list changed while the operator was asked.
    pub changed: &'static str,
}

/// A list's filter flag. Its values are checked by the parser.
#[derive(Debug, Clone, Copy)]
pub struct CliFilter {
    /// The field it filters on.
    pub field: FieldId,
    /// The parser's id for it, which usage errors name in capitals (`<KIND>`).
    pub id: &'static str,
    pub long: &'static str,
    pub value_name: Option<&'static str>,
    /// The values it takes; empty for any.
    pub values: &'static [&'static str],
    /// Whether it may be given several times (each value is one more accepted).
    pub repeat: bool,
    pub help: &'static str,
}

/// `orgdeck <view.cli> list [--all]` (`--all` where the view is read page by
/// page) and `show ID`.
#[derive(Debug, Clone, Copy)]
pub struct ViewCli {
    pub command: &'static str,
    pub about: &'static str,
    pub list: &'static str,
    pub filters: &'static [CliFilter],
    /// The help of `show ID` (one party by its id); empty: no `show`.
    pub show: &'static str,
    /// `<view> list`'s columns, where the schema's `party_cli_columns` do not
    /// fit the view's items; None: those.
    pub columns: Option<&'static [Column]>,
}

/// `orgdeck invite` (a tab's invite form) and `orgdeck <tab> list|resend|revoke`.
#[derive(Debug, Clone, Copy)]
pub struct TabCli {
    pub command: &'static str,
    pub about: &'static str,
    pub list: &'static str,
    pub filters: &'static [CliFilter],
    pub resend: &'static str,
    pub revoke: &'static str,
    /// The party argument's name (`EMAIL`).
    pub party_arg: &'static str,
    pub invite_command: &'static str,
    pub invite_about: &'static str,
    /// What the commands print; `{party}`, `{name}` and `{state}` are filled in.
    pub invited: &'static str,
    pub resent: &'static str,
    pub revoke_question: &'static str,
    pub revoked: &'static str,
    /// A party whose state the tab does not hold cannot be revoked: why.
    pub not_revocable: &'static str,
    /// For the tab of one node: the flag naming it (`--enterprise ID`), which
    /// every command of the tab then requires. `None`: parties are named
    /// tenant-wide, wherever they are listed.
    pub node_flag: Option<&'static str>,
    /// On one node's tab: the node is the commands' first argument (`ORG`, the
    /// node flag in capitals) and the party their second (`<tab> remove ORG
    /// MEMBER`), given by id or by its label (an email), which is looked up in
    /// the node's list. Otherwise `--<node_flag> ID` and `--<party_arg> P`, the
    /// party sent as given.
    pub by_position: bool,
    /// `<tab> list`'s columns, where the schema's `party_cli_columns` do not fit
    /// the tab's parties; None: those.
    pub columns: Option<&'static [Column]>,
    /// `<tab> add` (the tab's invite form) and `<tab> remove`, where the tab
    /// offers them.
    pub members: Option<MemberCli>,
}

/// `orgdeck <tab> add|remove`, on one node's tab. `{party}` and `{node}` are
/// filled in.
#[derive(Debug, Clone, Copy)]
pub struct MemberCli {
    pub add: &'static str,
    pub added: &'static str,
    /// `<tab> <change> ORG PARTY --<field>…`: the schema's `party_edit` form on
    /// one party here (a change of role), where the tab offers it; empty: none.
    /// `{party}`, `{node}` and `{role}` (the role it now has) are filled in.
    pub change: &'static str,
    pub change_about: &'static str,
    pub changed: &'static str,
    pub remove: &'static str,
    pub remove_question: &'static str,
    pub removed: &'static str,
}

/// `template` with each `{key}` replaced by its value.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(template.to_owned(), |text, (key, value)| {
            text.replace(&format!("{{{key}}}"), value)
        })
}

/// The flags `update` takes, from the top level's edit form, as a hint ("--name,
/// --domain, --no-domains, … or --notes"). A list also has its `--no-` flag, which
/// clears it.
pub fn update_flags(schema: &Schema) -> String {
    let Some(level) = schema.top_level() else {
        return "a field to change".to_owned();
    };
    let Some(form) = level.edit else {
        return "a field to change".to_owned();
    };
    let mut flags = Vec::new();
    for field in form_fields(&form, level.fields) {
        let Some(arg) = field.cli else { continue };
        flags.push(format!("--{}", arg.long));
        if let Some((_, _, noun)) = field.input.entries() {
            flags.push(format!("--no-{noun}"));
        }
    }
    match flags.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => "a field to change".to_owned(),
    }
}
