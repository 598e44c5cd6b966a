//! The cases can fail: each test here runs one case against a subject with one flaw
//! put in (a backend that repeats a page, settles a lost write by sending it again,
//! drops the field of a problem; a profile whose read-only flag is lost on the way)
//! and expects that case, and that assertion, to fail. The flaws wrap the subject's
//! own backend and settings, so they hold for every backend.

use std::collections::HashSet;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};

use orgdeck::api::backend::{
    Answer, Backend, CredentialKind, Decoded, HttpCall, Paging, Settle, Unsupported, Verdict,
};
use orgdeck::api::client::ClientSettings;
use orgdeck::api::error::ApiError;
use orgdeck::api::model::{Capability, Cursor, Operation, Reply, Target, Verb};
use orgdeck::api::problem::{self, Problem};
use orgdeck::api::schema::Schema;
use orgdeck::api::secret::Secret;
use orgdeck::backends::Entry;
use reqwest::header::{HeaderName, HeaderValue};

use crate::cases;
use crate::muninx::MuninXSubject;
use crate::subject::{Creatable, Lack, Listing, Profile, Subject, Tokens, Update};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flaw {
    /// The first page of each list points to a next page, which is the same again.
    RepeatFirstPage,
    /// A write whose answer was lost is sent once more.
    ResendLostWrites,
    /// A refusal's field problems are dropped; only its summary is left.
    DropFieldProblems,
    /// The profile's `read_only` never reaches the client.
    IgnoreReadOnly,
    /// Not a flaw: the backend has no request for this verb on its top level, and
    /// the subject says so (the other way case 8 meets an unsupported capability).
    Undeclared(Verb),
}

/// A subject with one flaw.
struct Flawed<S> {
    subject: S,
    flaw: Flaw,
}

/// A backend with one flaw, otherwise the wrapped one.
struct FlawedBackend {
    inner: Arc<dyn Backend>,
    flaw: Flaw,
    /// The reads whose first page was answered already (`RepeatFirstPage`).
    paged: Mutex<HashSet<String>>,
}

impl Backend for FlawedBackend {
    fn name(&self) -> &'static str {
        self.inner.name()
    }

    fn credential(&self) -> CredentialKind {
        self.inner.credential()
    }

    fn schema(&self) -> &'static Schema {
        self.inner.schema()
    }

    fn role_allows(&self, role: &str, capability: Capability, on_self: bool) -> bool {
        self.inner.role_allows(role, capability, on_self)
    }

    fn auth(&self, credential: &Secret) -> Result<Vec<(HeaderName, HeaderValue)>, String> {
        self.inner.auth(credential)
    }

    fn call(&self, op: &Operation, paging: Paging<'_>) -> Result<HttpCall, Unsupported> {
        if self.flaw.undeclared(self.inner.schema()) == Some(op.capability()) {
            return Err(Unsupported("that, in this backend without it"));
        }
        self.inner.call(op, paging)
    }

    fn decode(&self, op: &Operation, answer: &Answer<'_>) -> Result<Decoded, String> {
        let decoded = self.inner.decode(op, answer)?;
        let Some(key) = op.read_key() else {
            return Ok(decoded);
        };
        let first = self
            .paged
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(key);
        Ok(match decoded {
            Decoded::Reply(reply)
                if self.flaw == Flaw::RepeatFirstPage && first && is_list(&reply) =>
            {
                Decoded::Page {
                    reply,
                    next: Some(Cursor::new("the-same-page-again")),
                    total: None,
                    scanned: None,
                }
            }
            other => other,
        })
    }

    fn problem(&self, op: &Operation, answer: &Answer<'_>) -> Option<Problem> {
        if self.flaw != Flaw::DropFieldProblems {
            return self.inner.problem(op, answer);
        }
        let mut problem = self.inner.problem(op, answer).unwrap_or_else(|| {
            let content_type = answer.header("content-type");
            let context = problem::Context {
                fields: self.inner.form_fields(op),
                role: None,
            };
            problem::normalise(answer.status.as_u16(), content_type, answer.body, context)
        });
        problem.fields.clear();
        Some(problem)
    }

    fn form_fields(&self, op: &Operation) -> &'static [&'static str] {
        self.inner.form_fields(op)
    }

    fn endpoint(&self, op: &Operation) -> String {
        self.inner.endpoint(op)
    }

    fn missing_endpoint_on_404(&self, op: &Operation) -> bool {
        self.inner.missing_endpoint_on_404(op)
    }

    fn settle(&self, write: &Operation) -> Settle {
        match self.flaw {
            Flaw::ResendLostWrites => Settle::Resend,
            _ => self.inner.settle(write),
        }
    }

    fn applied(
        &self,
        write: &Operation,
        before: &Result<Reply, ApiError>,
        after: &Result<Reply, ApiError>,
    ) -> Verdict {
        self.inner.applied(write, before, after)
    }

    fn confirmed_reply(&self, write: &Operation, read: Reply) -> Reply {
        self.inner.confirmed_reply(write, read)
    }
}

/// Whether a reply holds a list: only those can come in pages.
fn is_list(reply: &Reply) -> bool {
    matches!(
        reply,
        Reply::Nodes(_) | Reply::Parties(_) | Reply::Approvals(_)
    )
}

impl Flaw {
    /// The capability an `Undeclared` flaw takes away, on the top level of `schema`.
    fn undeclared(self, schema: &Schema) -> Option<Capability> {
        let Flaw::Undeclared(verb) = self else {
            return None;
        };
        let level = schema.top_level().expect("a backend with a level");
        Some(Capability::new(verb, Target::Level(level.id)))
    }
}

impl<S: Subject> Subject for Flawed<S> {
    fn entry(&self) -> &'static Entry {
        self.subject.entry()
    }

    fn backend(&self) -> Arc<dyn Backend> {
        Arc::new(FlawedBackend {
            inner: self.subject.backend(),
            flaw: self.flaw,
            paged: Mutex::default(),
        })
    }

    fn settings(&self, base_url: &str, token: &str, profile: Profile) -> ClientSettings {
        let profile = match self.flaw {
            Flaw::IgnoreReadOnly => Profile {
                read_only: false,
                ..profile
            },
            _ => profile,
        };
        self.subject.settings(base_url, token, profile)
    }

    fn tokens(&self) -> Tokens {
        self.subject.tokens()
    }

    fn listings(&self) -> Vec<Listing> {
        self.subject.listings()
    }

    fn creatables(&self) -> Vec<Creatable> {
        self.subject.creatables()
    }

    fn updates(&self) -> Vec<Update> {
        self.subject.updates()
    }

    fn writes(&self) -> Vec<Operation> {
        self.subject.writes()
    }

    fn lacks(&self) -> Vec<Lack> {
        let mut lacks = self.subject.lacks();
        if let Some(capability) = self.flaw.undeclared(self.subject.backend().schema()) {
            lacks.retain(|lack| lack.op.capability() != capability);
        }
        lacks
    }

    fn undeclared(&self) -> Vec<Operation> {
        let mut undeclared = self.subject.undeclared();
        if let Some(capability) = self.flaw.undeclared(self.subject.backend().schema()) {
            let writes = self.subject.writes().into_iter();
            undeclared.extend(writes.filter(|op| op.capability() == capability));
        }
        undeclared
    }

    fn ids(&self, reply: &Reply) -> Vec<String> {
        self.subject.ids(reply)
    }

    fn id(&self, reply: &Reply) -> Option<String> {
        self.subject.id(reply)
    }
}

const fn flawed(flaw: Flaw) -> Flawed<MuninXSubject> {
    Flawed {
        subject: MuninXSubject,
        flaw,
    }
}

static REPEATS_A_PAGE: Flawed<MuninXSubject> = flawed(Flaw::RepeatFirstPage);
static RESENDS: Flawed<MuninXSubject> = flawed(Flaw::ResendLostWrites);
static DROPS_FIELDS: Flawed<MuninXSubject> = flawed(Flaw::DropFieldProblems);
static IGNORES_READ_ONLY: Flawed<MuninXSubject> = flawed(Flaw::IgnoreReadOnly);
static WITHOUT_DELETE: Flawed<MuninXSubject> = flawed(Flaw::Undeclared(Verb::Delete));

/// Runs `case` on a task of its own and expects it to fail with a message that
/// holds each part of `because`: the case caught the flaw, and with the right
/// assertion.
async fn fails(case: impl Future<Output = ()> + Send + 'static, because: &[&str]) {
    let Err(failure) = tokio::spawn(case).await else {
        panic!("the case passed with the flaw in");
    };
    let payload = failure.into_panic();
    let message = payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_default();
    assert!(
        because.iter().all(|part| message.contains(part)),
        "the case failed, but not because {because:?}: {message}"
    );
}

#[tokio::test]
async fn a_page_that_repeats_fails_the_listing_case() {
    fails(
        cases::lists_every_level_to_the_end(&REPEATS_A_PAGE),
        // The client refuses a page that repeats an item, and the case says which.
        &[
            "did not read to the end",
            "repeats",
            "which an earlier page held",
        ],
    )
    .await;
}

#[tokio::test]
async fn resending_a_lost_create_fails_the_settling_case() {
    fails(
        cases::a_lost_answer_never_creates_twice(&RESENDS),
        &["the write was sent again"],
    )
    .await;
}

#[tokio::test]
async fn a_problem_without_its_field_fails_the_invalid_draft_case() {
    fails(
        cases::an_invalid_draft_lands_on_its_field(&DROPS_FIELDS),
        &["nothing lands on"],
    )
    .await;
}

#[tokio::test]
async fn a_lost_read_only_flag_fails_the_read_only_case() {
    fails(
        cases::a_read_only_profile_sends_no_write(&IGNORES_READ_ONLY),
        &["not refused as read-only"],
    )
    .await;
}

/// Case 8's other half on an operation MuninX does have a request for: once the
/// backend has none for deleting a node, deleting one is refused before anything
/// is sent.
#[tokio::test]
async fn an_undeclared_capability_is_refused_by_the_unsupported_case() {
    let undeclared = WITHOUT_DELETE.undeclared();
    assert!(
        undeclared
            .iter()
            .any(|op| op.capability().verb == Verb::Delete),
        "{undeclared:?}"
    );
    cases::an_unsupported_capability_is_refused_without_a_request(&WITHOUT_DELETE).await;
}
