//! What a key does to an open form: the focused field takes it first, then the
//! form submits, cancels a submit in flight, or asks before losing changes.

use crossterm::event::{KeyCode, KeyEvent};

use super::Form;
use crate::app::{App, Dispatch, Overlay, Purpose};

/// How the footer names the key that submits from any field (see `is_submit`).
pub const SUBMIT_KEY: &str = "ctrl-s";

const FIX_FIELDS: &str = "Fix the marked fields.";

/// The question Esc asks on a form the operator changed. Keep editing has the
/// focus at first: a stray Esc loses nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Discard {
    pub confirm_focused: bool,
}

impl Form {
    /// The labels of the shown fields the operator changed, in the form's order.
    pub fn changed_fields(&self) -> Vec<&'static str> {
        self.visible_fields()
            .into_iter()
            .map(|i| &self.fields[i])
            .filter(|f| f.changed())
            .map(|f| f.label)
            .collect()
    }

    /// What discarding would lose, in words: "Domains and Notes" or "3 changed fields".
    pub fn would_lose(&self) -> String {
        match self.changed_fields().as_slice() {
            [] => "nothing".to_owned(),
            [one] => format!("the change to {one}"),
            [first, second] => format!("the changes to {first} and {second}"),
            many => format!("{} changed fields ({})", many.len(), many.join(", ")),
        }
    }
}

pub(crate) fn form_key(app: &mut App, mut form: Box<Form>, key: KeyEvent, io: &mut dyn Dispatch) {
    if let Some(asked) = form.discard {
        if discard_key(&mut form, asked, key) {
            app.overlay = Some(Overlay::Form(form));
        }
        return;
    }
    if key.code == KeyCode::Esc {
        if let Some((id, _)) = form.submitting.take() {
            io.cancel(form.tenant, id);
            app.requests.remove(&(form.tenant, id));
            let refresh = app.keymap.named(crate::app::keymap::Action::Refresh);
            form.summary = vec![format!(
                "Cancelled. The server may still apply it: refresh ({refresh}) after closing to check."
            )];
            app.overlay = Some(Overlay::Form(form));
        } else if !form.changed_fields().is_empty() {
            form.discard = Some(Discard::default());
            app.overlay = Some(Overlay::Form(form));
        }
        return;
    }
    let used = form.submitting.is_none() && form.input(key);
    super::typed(&mut form, app.now);
    let searching = form.submitting.is_none();
    if used && form.summary == [FIX_FIELDS] && !form.fields.iter().any(|f| f.has_errors()) {
        form.summary.clear();
    }
    if !used && super::is_submit(&key) {
        submit(app, &mut form, io);
    }
    app.overlay = Some(Overlay::Form(form));
    // A picker that focus came to asks for its first page at once.
    if searching {
        super::search_tick(app, io);
    }
}

/// A key while "Discard changes?" is asked. Returns whether the form stays open.
fn discard_key(form: &mut Form, asked: Discard, key: KeyEvent) -> bool {
    let keep = match key.code {
        KeyCode::Tab | KeyCode::BackTab | KeyCode::Left | KeyCode::Right => {
            form.discard = Some(Discard {
                confirm_focused: !asked.confirm_focused,
            });
            return true;
        }
        KeyCode::Enter => !asked.confirm_focused,
        KeyCode::Char('y') => false,
        KeyCode::Esc | KeyCode::Char('n') => true,
        // Anything else leaves the question up: typing must not land anywhere unseen.
        _ => return true,
    };
    if keep {
        form.discard = None;
    }
    keep
}

fn submit(app: &mut App, form: &mut Form, io: &mut dyn Dispatch) {
    if form.submitting.is_some() {
        form.summary = vec!["Already submitting: wait for the answer, or Esc to cancel.".into()];
        return;
    }
    if !form.validate() {
        form.summary = vec![FIX_FIELDS.into()];
        return;
    }
    let refused = form
        .operation()
        .and_then(|op| app.last_role_refusal(form, &op));
    match form.operation() {
        None => form.summary = vec!["Nothing changed.".into()],
        Some(_) if refused.is_some() => form.refuse(refused),
        Some(op) => match io.send(form.tenant, op) {
            Some(id) => {
                form.summary.clear();
                form.submitting = Some((id, app.now));
                app.requests.insert((form.tenant, id), Purpose::Submit);
            }
            None => form.summary = vec!["This tenant has no working connection.".into()],
        },
    }
}
