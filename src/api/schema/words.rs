//! A capability in a schema's own nouns, for help and refusals: "create
//! organizations", "reading one user".

use super::Schema;
use crate::api::model::{Capability, Target, Verb};

/// "a user", "an organization": the article as the schema spells it, since
/// spelling cannot tell "a user" from "an umbrella".
fn with_article(article: &str, noun: &str) -> String {
    format!("{article} {noun}")
}

impl Schema {
    /// Whether this backend offers `capability` at all: a level's forms, toggle,
    /// lookup and delete, a tab's verbs and a view's invite are what it declares.
    pub fn declares(&self, capability: Capability) -> bool {
        match capability.target {
            Target::Level(id) => self.level(id).is_some_and(|level| match capability.verb {
                Verb::List | Verb::Read => true,
                Verb::Find => level.find.is_some(),
                Verb::Create => level.create.is_some(),
                Verb::Update => level.edit.is_some(),
                Verb::Toggle => level.toggle.is_some(),
                // A level whose nodes can be deleted says what deleting one does.
                Verb::Delete => !level.delete_effect.is_empty(),
                _ => true,
            }),
            Target::Tab(level, tab) => {
                self.level(level)
                    .and_then(|l| l.tab(tab))
                    .is_some_and(|tab| match capability.verb {
                        Verb::List => true,
                        Verb::Invite => tab.invite.is_some() && tab.offers.contains(&Verb::Invite),
                        Verb::UpdateMember => {
                            self.party_edit.is_some() && tab.offers.contains(&Verb::UpdateMember)
                        }
                        verb => tab.offers.contains(&verb),
                    })
            }
            Target::View(view) => self.view(view).is_some_and(|view| match capability.verb {
                Verb::Invite => view.invite.is_some(),
                Verb::UpdateMember => self.party_edit.is_some(),
                _ => true,
            }),
            Target::Approvals => self.approvals.is_some(),
            Target::Parties | Target::Caller => true,
        }
    }

    /// What using `capability` does, in this schema's nouns, for "your role (agent)
    /// may not …": "create organizations", "read a user".
    pub fn describe(&self, capability: Capability) -> String {
        self.phrase(capability, false)
    }

    /// The same as a noun, for "this server does not offer …": "creating
    /// organizations", "reading one user".
    pub fn offer(&self, capability: Capability) -> String {
        self.phrase(capability, true)
    }

    fn phrase(&self, capability: Capability, noun: bool) -> String {
        let pick = |verb: &str, ing: &str| {
            if noun {
                ing.to_owned()
            } else {
                verb.to_owned()
            }
        };
        let (person, people) = self.party_nouns;
        let tab = match capability.target {
            Target::Tab(level, tab) => self.level(level).and_then(|l| l.tab(tab)),
            _ => None,
        }
        .or_else(|| self.levels.iter().flat_map(|l| l.tabs.iter()).next());
        let (resend, resending) =
            tab.map_or(("resend invites", "resending invites"), |t| t.resend_words);
        let (revoke, revoking) =
            tab.map_or(("revoke invites", "revoking invites"), |t| t.revoke_words);
        let level = match capability.target {
            Target::Level(id) => self.level(id),
            _ => None,
        };
        match (capability.verb, capability.target, level) {
            (_, Target::Caller, _) => {
                pick("identify the token's user", "identifying the token's user")
            }
            (Verb::List | Verb::Decide, Target::Approvals, _) => {
                pick("work the approvals queue", "working the approvals queue")
            }
            (verb, Target::Level(_), Some(level)) => level_phrase(verb, level, noun),
            (Verb::List, _, _) => format!("{} {people}", pick("list", "listing")),
            (Verb::Read, _, _) if noun => format!("reading one {person}"),
            (Verb::Read, _, _) => format!("read {}", with_article(self.party_article, person)),
            (Verb::Invite, _, _) => format!("{} {people}", pick("invite", "inviting")),
            (Verb::UpdateMember | Verb::Update, _, _) => {
                format!("{} {people}", pick("edit", "editing"))
            }
            (Verb::Resend, _, _) => pick(resend, resending),
            (Verb::Revoke, _, _) => pick(revoke, revoking),
            (Verb::RemoveMember, _, _) => format!("{} members", pick("remove", "removing")),
            (Verb::SetMembers, _, _) => format!("{} members", pick("replace", "replacing")),
            (verb, _, _) => format!("{} {people}", pick(verb_word(verb), verb_word(verb))),
        }
    }
}

fn verb_word(verb: Verb) -> &'static str {
    match verb {
        Verb::List => "list",
        Verb::Read => "read",
        Verb::Find => "find",
        Verb::Create => "create",
        Verb::Update => "edit",
        Verb::Toggle => "switch",
        Verb::Delete => "delete",
        Verb::Invite => "invite",
        Verb::Resend => "resend",
        Verb::Revoke => "revoke",
        Verb::UpdateMember => "edit",
        Verb::RemoveMember => "remove",
        Verb::SetMembers => "replace",
        Verb::Decide => "decide",
    }
}

fn level_phrase(verb: Verb, level: &super::Level, noun: bool) -> String {
    let (one, many) = level.nouns;
    let pick = |verb: &str, ing: &str| {
        if noun {
            ing.to_owned()
        } else {
            verb.to_owned()
        }
    };
    match verb {
        Verb::List => format!("{} {many}", pick("list", "listing")),
        Verb::Read if noun => format!("reading one {one}"),
        Verb::Read => format!("read {}", with_article(level.article, one)),
        Verb::Find => {
            let by = level
                .find
                .map_or_else(|| "a field".to_owned(), |f| f.arg.to_lowercase());
            let verb = pick("look", "looking");
            format!("{verb} {} up by {by}", with_article(level.article, one))
        }
        Verb::Create => format!("{} {many}", pick("create", "creating")),
        Verb::Update => format!("{} {many}", pick("edit", "editing")),
        Verb::Toggle => {
            let (verb, ing) = level.toggle.map_or(("switch", "switching"), |t| t.phrase);
            format!("{} {many}", pick(verb, ing))
        }
        Verb::Delete => format!("{} {many}", pick("delete", "deleting")),
        Verb::SetMembers => format!("{} the members of {many}", pick("replace", "replacing")),
        other => format!("{} {many}", pick(verb_word(other), verb_word(other))),
    }
}
