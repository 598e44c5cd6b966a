//! The console's update logic, driven by key sequences and canned client answers
//! (no network, no drawing except where a count is only visible on screen): what
//! each key does to the state, and what it sends. One module per area of the console;
//! the helpers and imports here are theirs (`use super::*`).

mod answers;
mod dialogs;
mod form_editing;
mod forms;
mod lines;
mod navigation;

use std::time::{Duration, Instant};

use crate::support::console::{Console, ctrl, problem, rejected, seed_tenant, timeout};
use crate::support::ops::{self, fields};
use crossterm::event::KeyCode;
use orgdeck::api::error::ApiError;
use orgdeck::api::model::{Operation, Reply};
use orgdeck::api::value::Value;
use orgdeck::app::form::FormKind;
use orgdeck::app::keymap::Action;
use orgdeck::app::remote::Status;
use orgdeck::app::screens::{Screen, Subject};
use orgdeck::app::{Msg, NoticeKind, Overlay, Tenant};

fn selected(console: &Console) -> usize {
    console.app.level().selected
}

/// The names of the organizations listed, in the order shown.
pub(crate) fn org_names(console: &Console) -> Vec<String> {
    let orgs = console.app.tenants[0].orgs.data.as_ref().unwrap();
    console
        .app
        .level()
        .rows
        .iter()
        .map(|&i| orgs[i].name.clone())
        .collect()
}

fn selected_org_name(console: &Console) -> Option<String> {
    console.app.selected_org().map(|(_, o)| o.name.clone())
}

fn reads(ops: &[Operation]) -> (usize, usize) {
    let orgs = ops.iter().filter(|op| **op == ops::list_orgs()).count();
    let people = ops.iter().filter(|op| **op == ops::list_people()).count();
    (orgs, people)
}

fn sent_since(console: &Console, before: usize) -> Vec<Operation> {
    console.io.sent[before..]
        .iter()
        .map(|s| s.op.clone())
        .collect()
}
