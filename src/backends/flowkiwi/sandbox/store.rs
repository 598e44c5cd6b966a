//! The Flowkiwi sandbox's state: partners (each with its bearer token), the
//! organizations they own or belong to, and each organization's invitations,
//! read from `assets/flowkiwi/seed.json` (see `seed.rs`).

use jiff::{SignedDuration, Timestamp};

use super::clock::{format, shift};
use crate::backends::flowkiwi::wire::{Invitation, Ld, Member, Organization};

pub const DEFAULT_SEED: &str = include_str!("../../../../assets/flowkiwi/seed.json");

/// How long an invitation stays open after its last send.
pub const INVITATION_LIFETIME: SignedDuration = SignedDuration::from_hours(7 * 24);
/// How soon after a send an invitation may be sent again.
pub const RESEND_AFTER: SignedDuration = SignedDuration::from_secs(60);

#[derive(Debug, Clone)]
pub struct Partner {
    /// None for an account made by accepting an invitation: it has no session here.
    pub token: Option<String>,
    pub id: String,
    pub email: String,
    pub name: Option<String>,
}

/// A partner in an organization, as `owner` or `member`.
#[derive(Debug, Clone)]
pub struct Seat {
    pub partner: String,
    pub role: String,
    pub joined_at: Timestamp,
}

/// What an invitation was left at; `expired` is not kept but read off the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    Pending,
    Accepted,
    Revoked,
}

#[derive(Debug, Clone)]
pub struct Invite {
    pub id: String,
    pub email: String,
    pub role: String,
    pub kept: Kept,
    /// The inviting partner's id.
    pub invited_by: String,
    pub created_at: Timestamp,
    pub last_sent_at: Timestamp,
    pub send_count: u32,
    pub accepted_at: Option<Timestamp>,
    pub revoked_at: Option<Timestamp>,
}

impl Invite {
    pub fn expires_at(&self) -> Timestamp {
        shift(self.last_sent_at, INVITATION_LIFETIME)
    }

    /// The status word at `now`: a pending invitation past its expiry is `expired`.
    pub fn status(&self, now: Timestamp) -> &'static str {
        match self.kept {
            Kept::Pending if now > self.expires_at() => "expired",
            Kept::Pending => "pending",
            Kept::Accepted => "accepted",
            Kept::Revoked => "revoked",
        }
    }

    pub fn is_pending(&self, now: Timestamp) -> bool {
        self.status(now) == "pending"
    }
}

#[derive(Debug, Clone)]
pub struct Org {
    pub id: String,
    pub name: String,
    pub created_at: Timestamp,
    pub updated_at: Option<Timestamp>,
    /// Instances still attached: a delete is refused while any remain.
    pub instances: u32,
    /// In the order they joined.
    pub people: Vec<Seat>,
    /// In the order they were made; lists answer newest first.
    pub invitations: Vec<Invite>,
}

impl Org {
    pub fn seat(&self, partner: &str) -> Option<&Seat> {
        self.people.iter().find(|s| s.partner == partner)
    }

    pub fn is_owner(&self, partner: &str) -> bool {
        self.seat(partner).is_some_and(|s| s.role == "owner")
    }

    pub fn owner_count(&self) -> usize {
        self.people.iter().filter(|s| s.role == "owner").count()
    }

    pub fn invitation(&self, id: &str) -> Option<&Invite> {
        self.invitations.iter().find(|i| i.id == id)
    }
}

#[derive(Debug, Clone)]
pub struct Store {
    pub partners: Vec<Partner>,
    /// In creation order; lists answer newest first.
    pub organizations: Vec<Org>,
}

pub fn iri(id: &str) -> String {
    format!("/api/organizations/{id}")
}

pub fn member_iri(org: &str, partner: &str) -> String {
    format!("{}/members/{partner}", iri(org))
}

pub fn invitation_iri(org: &str, invitation: &str) -> String {
    format!("{}/invitations/{invitation}", iri(org))
}

/// The sandbox's clock: the wall clock, as the seed's times are taken from it too.
pub fn now() -> Timestamp {
    Timestamp::now()
}

impl Store {
    pub fn partner(&self, id: &str) -> Option<&Partner> {
        self.partners.iter().find(|p| p.id == id)
    }

    /// Email addresses are compared without regard to case.
    pub fn partner_by_email(&self, email: &str) -> Option<&Partner> {
        self.partners
            .iter()
            .find(|p| p.email.eq_ignore_ascii_case(email))
    }

    pub fn by_token(&self, token: &str) -> Option<&Partner> {
        self.partners
            .iter()
            .find(|p| p.token.as_deref() == Some(token))
    }

    pub fn org(&self, id: &str) -> Option<&Org> {
        self.organizations.iter().find(|o| o.id == id)
    }

    pub fn org_mut(&mut self, id: &str) -> Option<&mut Org> {
        self.organizations.iter_mut().find(|o| o.id == id)
    }

    /// The organizations `partner` belongs to, in creation order.
    pub fn visible(&self, partner: &str) -> Vec<&Org> {
        self.organizations
            .iter()
            .filter(|o| o.seat(partner).is_some())
            .collect()
    }

    /// `org` as the wire has it: owners in `owners` only, the rest in `members`.
    pub fn wire(&self, org: &Org, context: bool) -> Organization {
        let people = |owners: bool| -> Vec<Member> {
            org.people
                .iter()
                .filter(|s| (s.role == "owner") == owners)
                .filter_map(|s| self.member(org, s, false))
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
            created_at: format(org.created_at),
            updated_at: format(org.updated_at.unwrap_or(org.created_at)),
            owners: people(true),
            members: people(false),
        }
    }

    /// One seat as a `Member`; `context` for a document of its own.
    pub fn member(&self, org: &Org, seat: &Seat, context: bool) -> Option<Member> {
        let partner = self.partner(&seat.partner)?;
        Some(Member {
            ld: Ld {
                context: context.then(|| "/api/contexts/Member".to_owned()),
                id: member_iri(&org.id, &partner.id),
                kind: "Member".to_owned(),
            },
            id: partner.id.clone(),
            email: partner.email.clone(),
            name: partner.name.clone(),
            role: seat.role.clone(),
            joined_at: format(seat.joined_at),
        })
    }

    /// One invitation at `now`; its inviter embedded as the `Member` they are,
    /// or as the owner they were when they have left since.
    pub fn invitation(
        &self,
        org: &Org,
        invite: &Invite,
        now: Timestamp,
        context: bool,
    ) -> Invitation {
        let seat = org.seat(&invite.invited_by).cloned().unwrap_or(Seat {
            partner: invite.invited_by.clone(),
            role: "owner".to_owned(),
            joined_at: invite.created_at,
        });
        let invited_by = self.member(org, &seat, false).unwrap_or_else(|| Member {
            ld: Ld {
                context: None,
                id: member_iri(&org.id, &seat.partner),
                kind: "Member".to_owned(),
            },
            id: seat.partner.clone(),
            email: String::new(),
            name: None,
            role: seat.role.clone(),
            joined_at: format(seat.joined_at),
        });
        Invitation {
            ld: Ld {
                context: context.then(|| "/api/contexts/Invitation".to_owned()),
                id: invitation_iri(&org.id, &invite.id),
                kind: "Invitation".to_owned(),
            },
            id: invite.id.clone(),
            email: invite.email.clone(),
            role: invite.role.clone(),
            status: invite.status(now).to_owned(),
            invited_by,
            created_at: format(invite.created_at),
            last_sent_at: format(invite.last_sent_at),
            send_count: invite.send_count,
            expires_at: format(invite.expires_at()),
            accepted_at: invite.accepted_at.map(format),
            revoked_at: invite.revoked_at.map(format),
        }
    }
}
