//! CSV as the console's `:export csv` and the CLI's `--format csv` write it:
//! RFC 4180 quoting, and cells that a spreadsheet would run as a formula made
//! inert. Every cell is server text, so none may reach a spreadsheet as code.

/// One record, its cells quoted where they must be, ended by CRLF.
pub fn record<S: AsRef<str>>(cells: &[S]) -> String {
    let mut line = cells
        .iter()
        .map(|cell| quoted(&guarded(cell.as_ref())).into_owned())
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

/// A cell that starts as a formula would (`=`, `+`, `-`, `@`, or a tab or
/// carriage return before one) gets a leading `'`, which spreadsheets show as
/// text; a plain number ("-5") is left as it is.
pub fn guarded(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.parse::<f64>().is_err() {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

fn quoted(cell: &str) -> std::borrow::Cow<'_, str> {
    let needs =
        cell.contains([',', '"', '\n', '\r']) || cell.starts_with(' ') || cell.ends_with(' ');
    if needs {
        format!("\"{}\"", cell.replace('"', "\"\"")).into()
    } else {
        cell.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_where_they_must_be() {
        assert_eq!(record(&["a", "b c", ""]), "a,b c,\r\n");
        assert_eq!(
            record(&["Pemberton, Hale", "say \"hi\"", "two\nlines"]),
            "\"Pemberton, Hale\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n"
        );
        assert_eq!(record(&[" padded"]), "\" padded\"\r\n");
    }

    #[test]
    fn formulas_are_made_text_and_numbers_stay_numbers() {
        assert_eq!(
            record(&["=HYPERLINK(\"x\")"]),
            "\"'=HYPERLINK(\"\"x\"\")\"\r\n"
        );
        assert_eq!(
            record(&["+1+2", "@SUM(A1)", "-2-3"]),
            "'+1+2,'@SUM(A1),'-2-3\r\n"
        );
        assert_eq!(record(&["-5", "3.5", "\tcmd"]), "-5,3.5,'\tcmd\r\n");
    }
}
