//! The Flowkiwi sandbox's state: partners (each with its bearer token) and the
//! organizations they own or belong to, read from `assets/flowkiwi/seed.json`.

use serde::Deserialize;

use crate::backends::flowkiwi::wire::{Ld, Member, Organization};

pub const DEFAULT_SEED: &str = include_str!("../../../../assets/flowkiwi/seed.json");

#[derive(Debug, Clone, Deserialize)]
pub struct Partner {
    pub token: String,
    pub id: String,
    pub email: String,
    pub name: Option<String>,
}

/// A partner in an organization, as `owner` or `member`.
#[derive(Debug, Clone, Deserialize)]
pub struct Seat {
    pub partner: String,
    pub role: String,
    pub joined_at: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Org {
    pub id: String,
    pub name: String,
    pub created_at: String,
    #[serde(default)]
    pub updated_at: Option<String>,
    /// Instances still attached: a delete is refused while any remain.
    #[serde(default)]
    pub instances: u32,
    pub people: Vec<Seat>,
}

impl Org {
    pub fn seat(&self, partner: &str) -> Option<&Seat> {
        self.people.iter().find(|s| s.partner == partner)
    }

    pub fn is_owner(&self, partner: &str) -> bool {
        self.seat(partner).is_some_and(|s| s.role == "owner")
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Store {
    pub partners: Vec<Partner>,
    /// In creation order; lists answer newest first.
    pub organizations: Vec<Org>,
}

pub fn iri(id: &str) -> String {
    format!("/api/organizations/{id}")
}

pub fn now() -> String {
    jiff::Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%S+00:00")
        .to_string()
}

impl Store {
    pub fn from_seed(seed: &str) -> Result<Store, String> {
        let store: Store = serde_json::from_str(seed).map_err(|e| e.to_string())?;
        for org in &store.organizations {
            if let Some(seat) = org
                .people
                .iter()
                .find(|s| store.partner(&s.partner).is_none())
            {
                return Err(format!("{}: unknown partner {}", org.id, seat.partner));
            }
        }
        Ok(store)
    }

    pub fn partner(&self, id: &str) -> Option<&Partner> {
        self.partners.iter().find(|p| p.id == id)
    }

    pub fn by_token(&self, token: &str) -> Option<&Partner> {
        self.partners.iter().find(|p| p.token == token)
    }

    pub fn org(&self, id: &str) -> Option<&Org> {
        self.organizations.iter().find(|o| o.id == id)
    }

    /// The organizations `partner` belongs to, newest first (`createdAt desc`).
    pub fn visible(&self, partner: &str) -> Vec<&Org> {
        let mut orgs: Vec<&Org> = self
            .organizations
            .iter()
            .filter(|o| o.seat(partner).is_some())
            .collect();
        orgs.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
        orgs
    }

    /// `org` as the wire has it: owners in `owners` only, the rest in `members`.
    pub fn wire(&self, org: &Org, context: bool) -> Organization {
        let people = |role: &str| -> Vec<Member> {
            org.people
                .iter()
                .filter(|s| (s.role == "owner") == (role == "owner"))
                .filter_map(|s| self.member(org, s))
                .collect()
        };
        Organization {
            ld: Ld {
                context: context.then(|| "/api/contexts/Organization".to_owned()),
                id: iri(&org.id),
                kind: "Organization".to_owned(),
            },
            id: Some(org.id.clone()),
            name: org.name.clone(),
            created_at: org.created_at.clone(),
            updated_at: org.updated_at.clone().unwrap_or(org.created_at.clone()),
            owners: people("owner"),
            members: people("member"),
        }
    }

    fn member(&self, org: &Org, seat: &Seat) -> Option<Member> {
        let partner = self.partner(&seat.partner)?;
        Some(Member {
            ld: Ld {
                context: None,
                id: format!("{}/members/{}", iri(&org.id), partner.id),
                kind: "Member".to_owned(),
            },
            id: partner.id.clone(),
            email: partner.email.clone(),
            name: partner.name.clone(),
            role: seat.role.clone(),
            joined_at: seat.joined_at.clone(),
        })
    }
}
