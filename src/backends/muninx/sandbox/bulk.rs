//! The generated `bulk` tenant for scale tests: the same people and organizations
//! every run, so that measurements can be repeated. At a million users making them
//! is most of the sandbox's start-up: one thread makes the users in batches while
//! the other files them into the tenant's map, so the two halves of the work overlap.

use std::sync::mpsc;

use jiff::Timestamp;

use crate::backends::muninx::wire::{
    AgentType, CustomerAccessType, CustomerOrganization, OrgStatus, ReplyIdentity, TenantSettings,
    User, UserStatus, UserType,
};

use super::store::{BULK_TOKEN, Store, Tenant, TokenRecord};

/// The names the bulk tenant's people and organizations are made of.
const FIRST: [&str; 16] = [
    "Ada", "Bruno", "Chen", "Dana", "Emeka", "Farah", "Gus", "Hana", "Ivo", "Jun", "Kofi", "Lena",
    "Mira", "Nils", "Omar", "Priya",
];
const LAST: [&str; 16] = [
    "Adams", "Berg", "Costa", "Diaz", "Eze", "Fischer", "Garcia", "Hughes", "Ito", "Jensen",
    "Khan", "Lopez", "Moreau", "Novak", "Okoro", "Patel",
];

const TENANT_ID: &str = "tnt-bulk";
const ADMIN: &str = "admin@bulk-tenant.example";

/// Users made per batch handed from the making thread to the filing one.
const BATCH: usize = 16 * 1024;

fn epoch() -> Timestamp {
    Timestamp::from_second(1_704_067_200).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// When item `n` was created: spread over about a year, ten minutes apart.
fn created(n: usize) -> Timestamp {
    let epoch = epoch();
    Timestamp::from_second(epoch.as_second() + (n as i64 % 50_000) * 600).unwrap_or(epoch)
}

/// The bulk tenant's organization number `n`: one domain each, every 50th suspended.
fn bulk_org(n: usize) -> CustomerOrganization {
    CustomerOrganization {
        id: format!("co-bulk-{n:05}"),
        tenant_id: TENANT_ID.to_owned(),
        display_name: format!("{} {} Holdings {n}", LAST[n % 16], FIRST[n / 16 % 16]),
        domains: vec![format!("org{n:05}.bulk.example")],
        external_ref: None,
        notes: None,
        status: if n.is_multiple_of(50) {
            OrgStatus::Suspended
        } else {
            OrgStatus::Active
        },
        created_at: created(n),
        updated_at: created(n),
    }
}

/// The bulk tenant's user number `n` (of `orgs` organizations): one in a hundred an
/// admin, nine agents, the rest customers spread over the organizations; a few
/// suspended or pending.
fn bulk_user(n: usize, orgs: usize) -> User {
    let kind = match n % 100 {
        0 => UserType::Admin,
        1..=9 => UserType::Agent,
        _ => UserType::Customer,
    };
    let org_number = n % orgs.max(1) + 1;
    let (email, organization) = if kind.is_staff() {
        (
            format!("staff{n:06}@bulk-tenant.example"),
            Some(TENANT_ID.to_owned()),
        )
    } else if orgs == 0 {
        (format!("user{n:06}@customers.example"), None)
    } else {
        (
            format!("user{n:06}@org{org_number:05}.bulk.example"),
            Some(format!("co-bulk-{org_number:05}")),
        )
    };
    let status = match n % 97 {
        0 => UserStatus::Suspended,
        m if m % 13 == 0 => UserStatus::Pending,
        _ => UserStatus::Active,
    };
    User {
        email,
        name: FIRST[n % 16].into(),
        last_name: format!("{} {n}", LAST[n / 16 % 16]),
        kind,
        agent_type: kind.is_staff().then(|| AgentType::ALL[n % 3]),
        organization,
        status,
        auto_assign_tickets: kind == UserType::Agent,
        created_at: created(n),
    }
}

fn bulk_admin() -> User {
    User {
        email: ADMIN.to_owned(),
        name: "Bulk".into(),
        last_name: "Admin".into(),
        kind: UserType::Admin,
        agent_type: Some(AgentType::Human),
        organization: Some(TENANT_ID.to_owned()),
        status: UserStatus::Active,
        auto_assign_tickets: false,
        created_at: epoch(),
    }
}

/// Users `1..users` in order, made on a second thread and filed here as they come.
fn file_users(tenant: &mut Tenant, users: usize, orgs: usize) {
    let filed = tenant.users.edit();
    // Two batches in flight keep both threads busy without making them all up front.
    let (batches, arriving) = mpsc::sync_channel::<Vec<User>>(2);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let mut n = 1;
            while n < users {
                let end = users.min(n + BATCH);
                let batch = (n..end).map(|n| bulk_user(n, orgs)).collect();
                if batches.send(batch).is_err() {
                    return;
                }
                n = end;
            }
        });
        for batch in arriving {
            for user in batch {
                filed.insert(user.email.clone(), user);
            }
        }
    });
}

impl Store {
    /// Adds tenant `bulk`: `orgs` organizations and `users` users (a few of them staff),
    /// generated the same way every run so that measurements can be repeated.
    pub fn add_bulk_tenant(&mut self, users: usize, orgs: usize) {
        let mut tenant = Tenant::new(
            "bulk".into(),
            TenantSettings {
                id: TENANT_ID.to_owned(),
                display_name: "Bulk Test Tenant".into(),
                customer_access_type: CustomerAccessType::Open,
                allowed_domains: Vec::new(),
                blocked_domains: Vec::new(),
                owner: ADMIN.to_owned(),
                reply_identity: ReplyIdentity::Agent,
                created_at: epoch(),
            },
        );
        tenant.orgs.edit().reserve(orgs);
        for n in 1..=orgs {
            tenant.insert_org(bulk_org(n));
        }
        tenant.users.edit().reserve(users.max(1));
        tenant.users.edit().insert(ADMIN.to_owned(), bulk_admin());
        file_users(&mut tenant, users, orgs);
        let index = self.tenants.len();
        self.tenants.push(tenant);
        self.tokens.insert(
            BULK_TOKEN.into(),
            TokenRecord {
                id: "tok-bulk-admin".into(),
                name: "sandbox demo (bulk admin)".into(),
                tenant: index,
                user: ADMIN.to_owned(),
                created_at: epoch(),
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bulk_tenant_is_deterministic_and_consistent() {
        let mut a = Store::default();
        a.add_bulk_tenant(100_000, 20);
        let mut b = Store::default();
        b.add_bulk_tenant(100_000, 20);
        let (ta, tb) = (&a.tenants[0], &b.tenants[0]);
        assert_eq!(ta.users.len(), 100_000);
        assert_eq!(ta.orgs.len(), 20);
        assert!(ta.users.iter().eq(tb.users.iter()));
        // In number order, each under its own lower-cased email.
        assert_eq!(
            ta.users.get_index(1).unwrap().0,
            "staff000001@bulk-tenant.example"
        );
        assert_eq!(
            ta.users.get_index(99_999).unwrap().0,
            "user099999@org00020.bulk.example"
        );
        for (email, user) in ta.users.iter() {
            assert_eq!(*email, user.email);
            assert_eq!(user.kind.is_staff(), user.agent_type.is_some());
            if let Some(org) = &user.organization {
                assert!(org == "tnt-bulk" || ta.orgs.contains_key(org));
            }
        }
        assert_eq!(
            ta.domain_owner("ORG00003.bulk.example"),
            Some("co-bulk-00003")
        );
    }

    #[test]
    fn a_bulk_tenant_of_one_is_its_admin() {
        let mut store = Store::default();
        store.add_bulk_tenant(1, 0);
        let users: Vec<&str> = store.tenants[0].users.keys().map(String::as_str).collect();
        assert_eq!(users, [ADMIN]);
        assert_eq!(store.demo_tokens()[0].0, BULK_TOKEN);
    }
}
