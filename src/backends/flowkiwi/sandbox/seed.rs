//! The seed file read into a [`Store`], its times taken from the sandbox's start
//! (`now-3d`), and the organizations `--partner-organizations N` adds.

use jiff::{SignedDuration, Timestamp};
use serde::Deserialize;

use super::clock::{resolve, shift};
use super::store::{Invite, Kept, Org, Partner, Seat, Store};

#[derive(Deserialize)]
struct SeedPartner {
    #[serde(default)]
    token: Option<String>,
    id: String,
    email: String,
    name: Option<String>,
}

#[derive(Deserialize)]
struct SeedSeat {
    partner: String,
    role: String,
    joined_at: String,
}

#[derive(Deserialize)]
struct SeedInvite {
    id: String,
    email: String,
    role: String,
    /// `pending`, `accepted` or `revoked`: `expired` is read off the clock.
    status: String,
    invited_by: String,
    created_at: String,
    /// The first send when absent.
    #[serde(default)]
    last_sent_at: Option<String>,
    #[serde(default = "one")]
    send_count: u32,
    #[serde(default)]
    accepted_at: Option<String>,
    #[serde(default)]
    revoked_at: Option<String>,
}

fn one() -> u32 {
    1
}

#[derive(Deserialize)]
struct SeedOrg {
    id: String,
    name: String,
    created_at: String,
    #[serde(default)]
    updated_at: Option<String>,
    #[serde(default)]
    instances: u32,
    people: Vec<SeedSeat>,
    #[serde(default)]
    invitations: Vec<SeedInvite>,
}

#[derive(Deserialize)]
struct Seed {
    partners: Vec<SeedPartner>,
    organizations: Vec<SeedOrg>,
}

fn role(raw: &str, whose: &str) -> Result<String, String> {
    match raw {
        "owner" | "member" => Ok(raw.to_owned()),
        other => Err(format!("{whose}: role {other:?} is not owner or member")),
    }
}

impl Store {
    /// The seed's state with its relative times taken from `start`.
    pub fn from_seed(seed: &str, start: Timestamp) -> Result<Store, String> {
        let seed: Seed = serde_json::from_str(seed).map_err(|e| e.to_string())?;
        let partners: Vec<Partner> = seed
            .partners
            .into_iter()
            .map(|p| Partner {
                token: p.token,
                id: p.id,
                email: p.email,
                name: p.name,
            })
            .collect();
        let known = |id: &str| partners.iter().any(|p| p.id == id);
        let at = |raw: &str| resolve(raw, start);
        let mut organizations = Vec::with_capacity(seed.organizations.len());
        for org in seed.organizations {
            let mut people = Vec::with_capacity(org.people.len());
            for seat in org.people {
                if !known(&seat.partner) {
                    return Err(format!("{}: unknown partner {}", org.id, seat.partner));
                }
                people.push(Seat {
                    role: role(&seat.role, &org.id)?,
                    partner: seat.partner,
                    joined_at: at(&seat.joined_at)?,
                });
            }
            if !people.iter().any(|s| s.role == "owner") {
                return Err(format!("{}: an organization needs an owner", org.id));
            }
            let mut invitations = Vec::with_capacity(org.invitations.len());
            for invite in org.invitations {
                if !known(&invite.invited_by) {
                    return Err(format!(
                        "{}: unknown inviter {}",
                        invite.id, invite.invited_by
                    ));
                }
                let kept = match invite.status.as_str() {
                    "pending" => Kept::Pending,
                    "accepted" => Kept::Accepted,
                    "revoked" => Kept::Revoked,
                    other => {
                        return Err(format!(
                            "{}: status {other:?} is not pending, accepted or revoked",
                            invite.id
                        ));
                    }
                };
                let created_at = at(&invite.created_at)?;
                invitations.push(Invite {
                    role: role(&invite.role, &invite.id)?,
                    kept,
                    created_at,
                    last_sent_at: invite
                        .last_sent_at
                        .as_deref()
                        .map(at)
                        .transpose()?
                        .unwrap_or(created_at),
                    send_count: invite.send_count.max(1),
                    accepted_at: invite.accepted_at.as_deref().map(at).transpose()?,
                    revoked_at: invite.revoked_at.as_deref().map(at).transpose()?,
                    id: invite.id,
                    email: invite.email,
                    invited_by: invite.invited_by,
                });
            }
            organizations.push(Org {
                id: org.id,
                name: org.name,
                created_at: at(&org.created_at)?,
                updated_at: org.updated_at.as_deref().map(at).transpose()?,
                instances: org.instances,
                people,
                invitations,
            });
        }
        Ok(Store {
            partners,
            organizations,
        })
    }

    /// Adds `count` organizations owned by `owner`, each with `member` as its
    /// member and every fifth with a pending invitation, made before the seed's
    /// (so the seed's stay on the first page) a minute apart.
    pub fn add_generated(
        &mut self,
        count: usize,
        owner: &str,
        member: Option<&str>,
        start: Timestamp,
    ) {
        let oldest = shift(start, -SignedDuration::from_hours(365 * 24));
        self.organizations.reserve(count);
        for n in 0..count {
            let created_at = shift(oldest, SignedDuration::from_mins(n as i64));
            let mut people = vec![Seat {
                partner: owner.to_owned(),
                role: "owner".to_owned(),
                joined_at: created_at,
            }];
            if let Some(member) = member {
                people.push(Seat {
                    partner: member.to_owned(),
                    role: "member".to_owned(),
                    joined_at: created_at,
                });
            }
            let invitations = (n % 5 == 0)
                .then(|| Invite {
                    id: generated_id(0x4444, n),
                    email: format!("invitee{:05}@generated.example", n + 1),
                    role: "member".to_owned(),
                    kept: Kept::Pending,
                    invited_by: owner.to_owned(),
                    created_at: shift(start, -SignedDuration::from_hours(24)),
                    last_sent_at: shift(start, -SignedDuration::from_hours(24)),
                    send_count: 1,
                    accepted_at: None,
                    revoked_at: None,
                })
                .into_iter()
                .collect();
            self.organizations.push(Org {
                id: generated_id(0x1111, n),
                name: format!("Generated organization {:05}", n + 1),
                created_at,
                updated_at: None,
                instances: 0,
                people,
                invitations,
            });
        }
    }
}

/// A version-7-looking UUID for generated thing `n` of a kind (`0x1111`
/// organizations, `0x4444` invitations), distinct from the seed's.
fn generated_id(kind: u128, n: usize) -> String {
    let id =
        0x0196_f3a0_0000_7000_8000_0000_0000_0000u128 | (kind << 80) | 0x9_0000_0000 | n as u128;
    uuid::Uuid::from_u128(id).to_string()
}
