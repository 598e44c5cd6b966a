//! A capability in a schema's own nouns, for help and refusals: "create
//! organizations", "reading one user".

use super::Schema;
use crate::api::model::Capability;

/// "a user", "an organization": the article as the schema spells it, since
/// spelling cannot tell "a user" from "an umbrella".
fn with_article(article: &str, noun: &str) -> String {
    format!("{article} {noun}")
}

impl Schema {
    /// What using `capability` does, in this schema's nouns, for "your role (agent)
    /// may not …": "create organizations", "read a user". A capability the schema
    /// has no words for is said as the model says it.
    pub fn describe(&self, capability: Capability) -> String {
        self.phrase(capability, false)
            .unwrap_or_else(|| capability.describe().to_owned())
    }

    /// The same as a noun, for "this server does not offer …": "creating
    /// organizations", "reading one user".
    pub fn offer(&self, capability: Capability) -> String {
        self.phrase(capability, true)
            .unwrap_or_else(|| capability.offer().to_owned())
    }

    fn phrase(&self, capability: Capability, noun: bool) -> Option<String> {
        let level = self.top_level()?;
        let (one, many) = level.nouns;
        let (person, people) = self.party_nouns;
        let pick = |verb: &str, ing: &str| {
            if noun {
                ing.to_owned()
            } else {
                verb.to_owned()
            }
        };
        Some(match capability {
            Capability::ListOrganizations => format!("{} {many}", pick("list", "listing")),
            Capability::ReadOrganization if noun => format!("reading one {one}"),
            Capability::ReadOrganization => format!("read {}", with_article(level.article, one)),
            Capability::LookupOrganization => {
                let find = level.find?;
                let by = find.arg.to_lowercase();
                let verb = pick("look", "looking");
                format!("{verb} {} up by {by}", with_article(level.article, one))
            }
            Capability::CreateOrganization => format!("{} {many}", pick("create", "creating")),
            Capability::UpdateOrganization => format!("{} {many}", pick("edit", "editing")),
            Capability::SuspendOrganization => {
                let (verb, ing) = level.toggle?.phrase;
                format!("{} {many}", pick(verb, ing))
            }
            Capability::DeleteOrganization => format!("{} {many}", pick("delete", "deleting")),
            Capability::ListPeople => format!("{} {people}", pick("list", "listing")),
            Capability::ReadPerson if noun => format!("reading one {person}"),
            Capability::ReadPerson => format!("read {}", with_article(self.party_article, person)),
            Capability::Invite => format!("{} {people}", pick("invite", "inviting")),
            Capability::UpdatePerson => format!("{} {people}", pick("edit", "editing")),
            Capability::WhoAmI | Capability::ResendInvite | Capability::RevokeInvite => {
                return None;
            }
        })
    }
}
