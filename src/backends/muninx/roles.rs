//! MuninX's role matrix (`shared/api/muninx.md`, "Roles"), declared in its schema: only admins
//! manage; agents read organizations and users and look organizations up by
//! domain; customers see only themselves (`GET /users` answers just the caller);
//! anyone may edit their own user (`PUT /users/{email}`: "the user, or admins";
//! only name and last name, which the server checks field by field).

use super::schema::SCHEMA;
use crate::api::model::{Capability, Verb};

/// Whether `role` may use `capability`, as the schema's role matrix says, on
/// their own user when `on_self`. A role MuninX does not define gets what its
/// least privileged role (declared first) gets: offering more would only be refused.
pub(super) fn allows(role: &str, capability: Capability, on_self: bool) -> bool {
    let spec = SCHEMA.role(role).or(SCHEMA.roles.first());
    spec.is_some_and(|spec| spec.allows(capability))
        || (on_self && capability.verb == Verb::UpdateMember)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::model::Target;
    use crate::backends::muninx::schema::{INVITES, MEMBERS, ORGANIZATION, STAFF, USERS};

    fn every_capability() -> Vec<Capability> {
        let verbs = [
            Verb::List,
            Verb::Read,
            Verb::Find,
            Verb::Create,
            Verb::Update,
            Verb::Toggle,
            Verb::Delete,
            Verb::Invite,
            Verb::Resend,
            Verb::Revoke,
            Verb::UpdateMember,
        ];
        let targets = [
            Target::Level(ORGANIZATION),
            Target::Tab(ORGANIZATION, MEMBERS),
            Target::Tab(ORGANIZATION, INVITES),
            Target::View(USERS),
            Target::View(STAFF),
            Target::Parties,
        ];
        verbs
            .iter()
            .flat_map(|v| targets.iter().map(|t| Capability::new(*v, *t)))
            .collect()
    }

    #[test]
    fn only_admins_may_write() {
        for capability in every_capability() {
            assert!(allows("admin", capability, false));
            if capability.is_write() {
                assert!(!allows("agent", capability, false), "{capability:?}");
                assert!(!allows("customer", capability, false), "{capability:?}");
            }
        }
    }

    #[test]
    fn agents_read_organizations_and_customers_only_users() {
        let org = |verb| Capability::new(verb, Target::Level(ORGANIZATION));
        assert!(allows("agent", org(Verb::List), false));
        assert!(allows("agent", org(Verb::Find), false));
        assert!(!allows("customer", org(Verb::List), false));
        let users = Capability::new(Verb::List, Target::View(USERS));
        assert!(allows("customer", users, false));
        for capability in every_capability() {
            assert_eq!(
                allows("auditor", capability, false),
                allows("customer", capability, false)
            );
        }
    }

    #[test]
    fn anyone_may_edit_themselves_and_nothing_more() {
        let edit = Capability::new(Verb::UpdateMember, Target::View(USERS));
        assert!(!allows("customer", edit, false));
        assert!(allows("customer", edit, true));
        let suspend = Capability::new(Verb::Toggle, Target::Level(ORGANIZATION));
        assert!(!allows("customer", suspend, true));
    }
}
