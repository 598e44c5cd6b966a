//! One conformance suite for every backend (issue 11 §4): the cases in `cases.rs`
//! are written once against the `Subject` trait and run, through the real client
//! task, against each backend's own sandbox. A backend joins with one `Subject`
//! impl (a module beside `muninx.rs`) and one `conformance!` line below.
//! `broken.rs` shows the cases fail when the property they check is broken.

// The support module re-exports readers this binary has no use for.
#[allow(unused_imports)]
#[path = "../support/mod.rs"]
mod support;

mod bitgo;
mod broken;
mod cases;
mod flowkiwi;
mod muninx;
mod sequence;
mod subject;

/// The cases, as one test each, for one subject: `conformance::muninx::…`.
macro_rules! conformance {
    ($name:ident, $subject:expr) => {
        mod $name {
            use super::cases;

            #[tokio::test]
            async fn lists_every_level_to_the_end() {
                cases::lists_every_level_to_the_end(&$subject).await;
            }

            #[tokio::test]
            async fn created_reads_back_and_is_listed() {
                cases::created_reads_back_and_is_listed(&$subject).await;
            }

            #[tokio::test]
            async fn an_invalid_draft_lands_on_its_field() {
                cases::an_invalid_draft_lands_on_its_field(&$subject).await;
            }

            #[tokio::test]
            async fn an_update_changes_only_what_was_given() {
                cases::an_update_changes_only_what_was_given(&$subject).await;
            }

            #[tokio::test]
            async fn a_lost_answer_never_creates_twice() {
                cases::a_lost_answer_never_creates_twice(&$subject).await;
            }

            #[tokio::test]
            async fn refused_role_and_bad_token_are_auth_errors() {
                cases::refused_role_and_bad_token_are_auth_errors(&$subject).await;
            }

            #[tokio::test]
            async fn a_read_only_profile_sends_no_write() {
                cases::a_read_only_profile_sends_no_write(&$subject).await;
            }

            #[tokio::test]
            async fn an_unsupported_capability_is_refused_without_a_request() {
                cases::an_unsupported_capability_is_refused_without_a_request(&$subject).await;
            }
        }
    };
}

/// Every subject, by its backend: a registered backend missing here fails below.
static SUBJECTS: &[&dyn subject::Subject] = &[
    &muninx::MuninXSubject,
    &bitgo::BitGoSubject,
    &sequence::SequenceSubject,
    &flowkiwi::FlowkiwiSubject { prefix: false },
    &flowkiwi::FlowkiwiSubject { prefix: true },
];

conformance!(muninx_backend, crate::muninx::MuninXSubject);
conformance!(bitgo_backend, crate::bitgo::BitGoSubject);
conformance!(sequence_backend, crate::sequence::SequenceSubject);
conformance!(
    flowkiwi_backend,
    crate::flowkiwi::FlowkiwiSubject { prefix: false }
);
conformance!(
    flowkiwi_hydra_prefixed,
    crate::flowkiwi::FlowkiwiSubject { prefix: true }
);

#[test]
fn every_registered_backend_has_a_subject() {
    let covered: Vec<&str> = SUBJECTS.iter().map(|s| s.entry().name).collect();
    for entry in orgdeck::backends::ALL {
        assert!(
            covered.contains(&entry.name),
            "backend {} has no conformance subject (tests/conformance/)",
            entry.name
        );
    }
}
