//! The console: its update logic and drawing driven through `orgdeck::app` with canned
//! answers (update, outcomes, streaming, quit, unchanged, hostile, snapshots), and the real
//! binary in a pseudo-terminal (`e2e*`, and the perf harness smoke run).

// `perf_smoke` includes the benchmark harness whole, as `examples/perf` does, and the
// harness holds its own copies of the PTY driver and process helpers that `support`
// also includes: the same files, twice, rather than a binary of its own to link.
#![allow(clippy::duplicate_mod)]

#[path = "../support/mod.rs"]
mod support;

mod approvals;
mod bitgo_snapshots;
mod capabilities;
mod clipboard;
mod collected;
mod counts;
mod customers;
mod e2e;
mod e2e_approvals;
mod e2e_clipboard;
mod e2e_demo;
mod e2e_export;
mod e2e_flowkiwi;
mod e2e_form;
mod e2e_hostile;
mod e2e_journal;
mod e2e_lines;
mod e2e_messages;
mod e2e_sequence;
mod e2e_sequence_members;
mod e2e_trust;
mod flowkiwi_invitations;
mod flowkiwi_snapshots;
mod flowkiwi_tabs;
mod form_snapshots;
mod hostile;
mod journal;
mod levels;
mod line_snapshots;
mod messages;
mod outcomes;
mod paging;
mod perf_smoke;
mod picker;
mod quit;
mod scrolling;
mod seam;
mod sequence_dialogs;
mod sequence_member_forms;
mod sequence_members;
mod sequence_snapshots;
mod snapshots;
mod sorting;
mod streaming;
mod trail;

mod unchanged;
mod update;
mod view_picker;
