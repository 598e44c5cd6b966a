//! A backend's client-side form checks, as the console's forms read them until
//! forms come from the backend's schema: the console holds the keys, the backend
//! the rules, so `app/` never names a vendor's rule module.

/// What a backend checks before a form is sent.
pub struct FormRules {
    /// The fault in `value` for the field `key`, as a sentence under the field;
    /// `None` when it passes or the key has no rule.
    pub field: fn(key: &str, value: &str) -> Option<String>,
    /// The most entries the list field takes (an organization's domains).
    pub list_max: usize,
    /// One entry of the list field, normalised, or why it is not valid.
    pub list_item: fn(&str) -> Result<String, String>,
    /// The choices of the select a staff member must pick one of (agent types).
    pub staff_kinds: &'static [&'static str],
}
