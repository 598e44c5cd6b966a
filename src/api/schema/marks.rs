//! A column that says something only for the rows that stand out: a number
//! shown as a marker above a threshold and blank at or below it, so the rows that
//! differ are seen at a glance rather than read out of a column of the same value.

use super::FieldId;
use crate::api::value::Value;

/// A field's number marked where it exceeds `above` ("●2"), blank otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    pub field: FieldId,
    pub above: i64,
    /// Put before the number.
    pub sign: &'static str,
}

impl Mark {
    /// The cell for `value`: a number (or text holding one) above the threshold
    /// is marked; anything else, including nothing, is blank.
    pub fn text(&self, value: &Value) -> String {
        let number = match value {
            Value::Number(n) => Some(*n),
            other => other.as_text().and_then(|t| t.trim().parse().ok()),
        };
        match number {
            Some(n) if n > self.above => format!("{}{n}", self.sign),
            _ => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MARK: Mark = Mark {
        field: FieldId("approvals"),
        above: 1,
        sign: "●",
    };

    #[test]
    fn only_numbers_above_the_threshold_are_marked() {
        assert_eq!(MARK.text(&Value::Number(2)), "●2");
        assert_eq!(MARK.text(&Value::Number(1)), "");
        assert_eq!(MARK.text(&Value::Number(0)), "");
        assert_eq!(MARK.text(&Value::Text(" 3 ".into())), "●3");
        assert_eq!(MARK.text(&Value::Empty), "");
        assert_eq!(MARK.text(&Value::Text("many".into())), "");
    }
}
