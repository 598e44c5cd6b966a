//! MuninX's role matrix (`shared/api/muninx.md`, "Roles"), declared in its schema: only admins
//! manage; agents read organizations and users and look organizations up by
//! domain; customers see only themselves (`GET /users` answers just the caller);
//! anyone may edit their own user (`PUT /users/{email}`: "the user, or admins";
//! only name and last name, which the server checks field by field).

use super::schema::SCHEMA;
use crate::api::model::{Capability, Role};

/// What any caller may use on their own user.
pub(super) const ON_SELF: &[Capability] = &[Capability::UpdatePerson];

/// What `role` may do, as the schema's role matrix says. A role MuninX does not
/// define gets what its least privileged role (declared first) gets: offering more
/// would only be refused.
pub(super) fn allowed(role: &Role) -> &'static [Capability] {
    SCHEMA
        .role(role.as_str())
        .or(SCHEMA.roles.first())
        .map_or(&[], |spec| spec.may)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_admins_may_write() {
        for capability in Capability::ALL {
            assert!(allowed(&Role::Admin).contains(&capability));
            if capability.is_write() {
                assert!(!allowed(&Role::Agent).contains(&capability), "{capability}");
                assert!(
                    !allowed(&Role::Customer).contains(&capability),
                    "{capability}"
                );
            }
        }
    }

    #[test]
    fn agents_read_organizations_and_customers_only_users() {
        assert!(allowed(&Role::Agent).contains(&Capability::ListOrganizations));
        assert!(allowed(&Role::Agent).contains(&Capability::LookupOrganization));
        assert!(!allowed(&Role::Customer).contains(&Capability::ListOrganizations));
        assert!(allowed(&Role::Customer).contains(&Capability::ListPeople));
        assert_eq!(
            allowed(&Role::Other("auditor".into())),
            allowed(&Role::Customer)
        );
    }
}
