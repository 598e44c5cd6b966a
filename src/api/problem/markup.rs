//! Reading HTML (or XML) bodies, as a broken proxy or a framework's error page
//! sends them: their lines of text, for the first one that says something.

/// The lines of text of an HTML (or XML) page, the `<title>` first: scripts,
/// styles and comments dropped, entities decoded, block tags as line breaks.
pub(crate) fn markup_lines(page: &str) -> Vec<String> {
    let lower = page.to_ascii_lowercase();
    let mut lines = Vec::new();
    if let Some(start) = lower.find("<title")
        && let Some(open_end) = lower[start..].find('>')
    {
        let from = start + open_end + 1;
        let to = lower[from..]
            .find("</title")
            .map_or(page.len(), |e| from + e);
        lines.push(decode_entities(&page[from..to]));
    }
    let mut line = String::new();
    let mut i = 0;
    while i < page.len() {
        let Some(offset) = page[i..].find('<') else {
            line.push_str(&decode_entities(&page[i..]));
            break;
        };
        line.push_str(&decode_entities(&page[i..i + offset]));
        let tag_start = i + offset;
        let rest = &lower[tag_start..];
        let (skip_to, block) = if rest.starts_with("<!--") {
            (rest.find("-->").map(|e| tag_start + e + 3), false)
        } else if rest.starts_with("<script")
            || rest.starts_with("<style")
            || rest.starts_with("<title")
        {
            let close = if rest.starts_with("<script") {
                "</script"
            } else if rest.starts_with("<style") {
                "</style"
            } else {
                "</title"
            };
            let end = rest
                .find(close)
                .and_then(|c| rest[c..].find('>').map(|g| tag_start + c + g + 1));
            (end, true)
        } else {
            let end = rest.find('>').map(|g| tag_start + g + 1);
            let name: String = rest[1..]
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            (end, !is_inline_tag(&name))
        };
        if block {
            lines.push(std::mem::take(&mut line));
        }
        match skip_to {
            Some(next) => i = next,
            None => break,
        }
    }
    lines.push(line);
    lines
}

fn is_inline_tag(name: &str) -> bool {
    matches!(
        name,
        "a" | "abbr"
            | "b"
            | "big"
            | "cite"
            | "code"
            | "em"
            | "font"
            | "i"
            | "kbd"
            | "mark"
            | "q"
            | "s"
            | "samp"
            | "small"
            | "span"
            | "strong"
            | "sub"
            | "sup"
            | "tt"
            | "u"
            | "var"
    )
}

fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let entity = rest[1..]
            .bytes()
            .take(12)
            .position(|b| b == b';')
            .and_then(|semi| decode_entity(&rest[1..1 + semi]).map(|c| (c, semi + 2)));
        match entity {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn decode_entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

/// Whether a body is markup rather than text.
pub(crate) fn looks_like_markup(content_type: Option<&str>, text: &str) -> bool {
    let ct = content_type.unwrap_or("").to_ascii_lowercase();
    let start = text.trim_start();
    ct.contains("html")
        || ct.contains("xml")
        || (start.starts_with('<')
            && start[1..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '!' || c == '?'))
}
