//! A Flowkiwi tenant as the console tests hand it to the console: partner
//! organizations (their owners, members and pending invitations counted),
//! an organization's Owners & members and Invitations tabs, and a console on
//! one Flowkiwi tenant whose who-am-I is answered and whose wall clock is
//! pinned, so that "3d ago" reads the same on every run. The console never
//! calls the backend here (the tests answer by hand): the tenant's backend only
//! declares Flowkiwi's schema.

use std::sync::Arc;

use crossterm::event::KeyCode;
use orgdeck::api::backend::CredentialKind;
use orgdeck::api::model::{
    Caller, MemberState, Membership, Node, NodeState, Operation, Page, Party, PartyKind, Record,
    Reply, Scope,
};
use orgdeck::api::schema::TabId;
use orgdeck::api::value::Value;
use orgdeck::app::screens::Screen;
use orgdeck::app::{NoticeKind, Tenant};
use orgdeck::backends::flowkiwi::schema::{
    ACCEPTED, CREATED, EMAIL, EXPIRES, INVITATIONS_TAB, INVITED, INVITED_BY, JOINED, LAST_SENT,
    MEMBER_COUNT, MEMBERS_TAB, ORG_NAME, ORGANIZATION, OWNER_COUNT, OWNER_NAMES, PARTNER_NAME,
    REVOKED, ROLE, SCHEMA, SENDS, STATUS, UPDATED,
};

use super::console::Console;
use super::declared::Declared;

/// What the console's wall clock reads in these tests.
pub const NOW: &str = "2026-12-01T12:00:00Z";

/// Organization `n`'s id, UUID-shaped.
pub fn org_id(n: usize) -> String {
    format!("5b0c9d2e-0000-4000-8000-{n:012}")
}

/// Organization `n` named `name`, with these owners' names and counts.
pub fn org(n: usize, name: &str, owners: &[&str], members: usize) -> Node {
    let fields = SCHEMA.level(ORGANIZATION).expect("organizations").fields;
    Node {
        id: org_id(n),
        level: ORGANIZATION,
        parent: None,
        name: name.into(),
        state: NodeState::Active,
        record: Record::read(fields, |field| match field {
            ORG_NAME => Value::Text(name.into()),
            OWNER_COUNT => Value::Number(owners.len() as i64),
            MEMBER_COUNT => Value::Number(members as i64),
            OWNER_NAMES => Value::Text(owners.join(", ")),
            CREATED => Value::Text(format!("2026-0{n}-14T09:30:00+00:00")),
            UPDATED => Value::Text("2026-11-20T16:05:00+00:00".into()),
            _ => Value::Empty,
        }),
    }
}

/// Kiwi Labs (one owner, Aroha), then Tui Partners (two owners).
pub fn orgs() -> Vec<Node> {
    vec![
        org(1, "Kiwi Labs", &["Aroha Ngata"], 2),
        org(2, "Tui Partners", &["Mere Tane", "Hemi Walker"], 1),
    ]
}

/// An owner or member of organization `org`.
pub fn member(n: usize, email: &str, name: Option<&str>, role: &'static str, org: &str) -> Party {
    let record = Record::read(SCHEMA.party_fields, |field| match field {
        EMAIL => Value::Text(email.into()),
        PARTNER_NAME => Value::text(name),
        ROLE => Value::Word(role),
        JOINED => Value::Text("2026-10-02T08:00:00+00:00".into()),
        _ => Value::Empty,
    });
    Party::new(
        &format!("m-{n}"),
        PartyKind::User,
        MemberState::Active,
        record,
        vec![Membership {
            node: org.into(),
            role: Some(role.into()),
            state: MemberState::Active,
        }]
        .into_boxed_slice(),
    )
}

/// Kiwi Labs' owners and members: Aroha its only owner, two members.
pub fn members() -> Vec<Party> {
    let at = org_id(1);
    vec![
        member(
            1,
            "aroha@kiwilabs.example",
            Some("Aroha Ngata"),
            "owner",
            &at,
        ),
        member(2, "ben@kiwilabs.example", Some("Ben Carter"), "member", &at),
        member(3, "chloe@kiwilabs.example", None, "member", &at),
    ]
}

/// An invitation to organization `org`, its server word `status`, sent `sends`
/// times, last at `last_sent`, expiring at `expires`.
pub fn invitation(
    n: usize,
    email: &str,
    status: &'static str,
    last_sent: &str,
    expires: &str,
    org: &str,
) -> Party {
    let state = match status {
        "pending" => MemberState::Invited,
        "accepted" => MemberState::Active,
        _ => MemberState::Closed,
    };
    let record = Record::read(SCHEMA.party_fields, |field| match field {
        EMAIL => Value::Text(email.into()),
        ROLE => Value::Word("member"),
        STATUS => Value::Word(status),
        INVITED_BY => Value::Text("Aroha Ngata".into()),
        INVITED => Value::Text("2026-11-20T10:00:00+00:00".into()),
        LAST_SENT => Value::Text(last_sent.into()),
        SENDS => Value::Number(2),
        EXPIRES => Value::Text(expires.into()),
        ACCEPTED if status == "accepted" => Value::Text("2026-11-22T10:00:00+00:00".into()),
        REVOKED if status == "revoked" => Value::Text("2026-11-25T10:00:00+00:00".into()),
        _ => Value::Empty,
    });
    Party::new(
        &format!("i-{n}"),
        PartyKind::User,
        state,
        record,
        vec![Membership {
            node: org.into(),
            role: Some("member".into()),
            state,
        }]
        .into_boxed_slice(),
    )
}

/// Kiwi Labs' invitations: one pending (sent a day ago, expiring in 6 days),
/// one accepted, one revoked.
pub fn invitations() -> Vec<Party> {
    let at = org_id(1);
    vec![
        invitation(
            1,
            "dana@partner.example",
            "pending",
            "2026-11-30T12:00:00+00:00",
            "2026-12-07T12:00:00+00:00",
            &at,
        ),
        invitation(
            2,
            "eli@partner.example",
            "accepted",
            "2026-11-21T10:00:00+00:00",
            "2026-11-28T10:00:00+00:00",
            &at,
        ),
        invitation(
            3,
            "finn@partner.example",
            "revoked",
            "2026-11-24T10:00:00+00:00",
            "2026-12-01T10:00:00+00:00",
            &at,
        ),
    ]
}

/// A console on one Flowkiwi tenant, "partners", on the tenants pane, its
/// who-am-I answered and its wall clock at [`NOW`].
pub fn console() -> Console {
    let on = Tenant::new("partners", "https://identity.flowkiwi.example", false).with_backend(
        Arc::new(Declared {
            name: "flowkiwi",
            schema: &SCHEMA,
            credential: CredentialKind::Token,
        }),
    );
    let mut console = Console::with_tenants(vec![on], &[], false);
    console.app.wall_clock = || NOW.parse().expect("a timestamp");
    let whoami = console
        .unanswered()
        .into_iter()
        .find(|s| s.op == Operation::WhoAmI)
        .expect("who-am-I is asked first");
    let me = Caller {
        id: "p-aroha".into(),
        label: "aroha@kiwilabs.example".into(),
        role: "partner".into(),
        tenant: None,
        party: None,
        roles: Vec::new(),
    };
    console.answer(whoami.id, Ok(Reply::Caller(me)));
    console
}

/// Answers every list still waiting: the organizations with `orgs()`, each
/// organization's Owners & members with `members` and its Invitations with
/// `invitations`.
pub fn answer_lists(console: &mut Console, members: &[Party], invitations: &[Party]) {
    for sent in console.unanswered() {
        let reply = match &sent.op {
            Operation::ListNodes { .. } => Reply::Nodes(Page::one(orgs())),
            Operation::ListParties {
                scope: Scope::Node { tab, id, .. },
                ..
            } => Reply::Parties(Page::one(tab_of(*tab, id, members, invitations))),
            _ => continue,
        };
        console.answer(sent.id, Ok(reply));
    }
}

/// Kiwi Labs' tabs hold what the test gives; Tui Partners' two owners and one
/// pending invitation.
fn tab_of(tab: TabId, id: &str, members: &[Party], invitations: &[Party]) -> Vec<Party> {
    let at = org_id(2);
    match (tab == MEMBERS_TAB, id == org_id(1)) {
        (true, true) => members.to_vec(),
        (false, true) => invitations.to_vec(),
        (true, false) => vec![
            member(11, "mere@tui.example", Some("Mere Tane"), "owner", &at),
            member(12, "hemi@tui.example", Some("Hemi Walker"), "owner", &at),
            member(13, "kai@tui.example", None, "member", &at),
        ],
        (false, false) => vec![invitation(
            11,
            "rua@partner.example",
            "pending",
            "2026-12-01T11:55:00+00:00",
            "2026-12-08T11:55:00+00:00",
            &at,
        )],
    }
}

/// The console on the tenant's organizations, each row's tabs read for its counts.
pub fn on_orgs() -> Console {
    let mut console = console();
    console.press(KeyCode::Enter);
    for _ in 0..3 {
        answer_lists(&mut console, &members(), &invitations());
    }
    console
}

/// The console on Kiwi Labs' Owners & members tab, holding `members`.
pub fn on_members_with(members: &[Party]) -> Console {
    let mut console = console();
    console.press(KeyCode::Enter);
    for _ in 0..3 {
        answer_lists(&mut console, members, &invitations());
    }
    console.press(KeyCode::Enter);
    answer_lists(&mut console, members, &invitations());
    assert!(
        matches!(console.app.screen(), Screen::Node { tab, .. } if *tab == MEMBERS_TAB),
        "Enter opens the organization's first tab: {:?}",
        console.app.screen()
    );
    console
}

pub fn on_members() -> Console {
    on_members_with(&members())
}

/// The console on Kiwi Labs' Invitations tab.
pub fn on_invitations() -> Console {
    let mut console = on_members();
    console.press(KeyCode::Tab);
    answer_lists(&mut console, &members(), &invitations());
    assert!(
        matches!(console.app.screen(), Screen::Node { tab, .. } if *tab == INVITATIONS_TAB),
        "Tab opens the Invitations: {:?}",
        console.app.screen()
    );
    console
}

/// Moves the tab's cursor to row `n` (0: the first).
pub fn to_row(console: &mut Console, n: usize) {
    console.ch('g');
    for _ in 0..n {
        console.ch('j');
    }
}

/// The notice on screen: its kind, text and hint.
pub fn notice(console: &Console) -> (NoticeKind, String, Option<String>) {
    let notice = console.app.notice.as_ref().expect("a notice");
    (notice.kind, notice.text.clone(), notice.hint.clone())
}

/// The last unanswered request that is one of these, with its id.
pub fn pending(console: &Console, wanted: impl Fn(&Operation) -> bool) -> (u64, Operation) {
    let sent = console
        .unanswered()
        .into_iter()
        .rev()
        .find(|s| wanted(&s.op))
        .unwrap_or_else(|| panic!("not sent: {:?}", console.io.sent));
    (sent.id, sent.op)
}
