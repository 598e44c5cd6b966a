//! The contract's value rules ([doc] and [ours]) as pure functions, so the sandbox and
//! its unit tests share one definition. Each returns the normalised value or a
//! sentence an operator can act on.

use url::Url;

pub const MAX_DOMAINS: usize = 5;
pub const MAX_DISPLAY_NAME: usize = 200;
pub const MAX_PERSON_NAME: usize = 100;
pub const MAX_NOTES: usize = 10_000;
pub const MAX_URL: usize = 2_048;
pub const MAX_EMAIL: usize = 254;
pub const MAX_TOKEN_NAME: usize = 100;

/// A DNS name as the contract wants it: lower-cased, no scheme or path, at least one dot.
pub fn domain(raw: &str) -> Result<String, String> {
    let value = raw.trim();
    if value.is_empty() {
        return Err("must not be blank".into());
    }
    if value.contains("://") {
        return Err(format!(
            "write the domain alone, without a scheme (for example {})",
            strip_to_host(value)
        ));
    }
    if value.contains('/') {
        return Err("write the domain alone, without a path".into());
    }
    if !value.is_ascii() {
        return Err("write internationalised domains in their xn-- (punycode) form".into());
    }
    let value = value.to_ascii_lowercase();
    if value.len() > 253 {
        return Err("a domain is at most 253 characters".into());
    }
    // Before the dot rule: "bad domain" lacks a dot too, but adding one would not help.
    if !value
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
    {
        return Err(format!(
            "{value:?} may contain only letters, digits, hyphens and dots"
        ));
    }
    if !value.contains('.') {
        return Err(format!(
            "{value:?} is not a full domain name: it needs at least one dot (for example {value}.com)"
        ));
    }
    for label in value.split('.') {
        if label.is_empty() {
            return Err(format!(
                "{value:?} has an empty label (two dots in a row, or a dot at an end)"
            ));
        }
        if label.len() > 63 {
            return Err("each part between dots is at most 63 characters".into());
        }
        if !label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            return Err(format!(
                "{value:?} may contain only letters, digits, hyphens and dots"
            ));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(format!(
                "{value:?}: a part may not start or end with a hyphen"
            ));
        }
    }
    let tld = value.rsplit('.').next().unwrap_or_default();
    if tld.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("{value:?} looks like an IP address, not a domain"));
    }
    Ok(value)
}

fn strip_to_host(value: &str) -> String {
    Url::parse(value)
        .ok()
        .and_then(|url| url.host_str().map(str::to_owned))
        .unwrap_or_else(|| "example.com".to_owned())
}

/// An email address: one `@`, a plausible local part, a valid domain. Lower-cased,
/// since MuninX treats emails case-insensitively.
pub fn email(raw: &str) -> Result<String, String> {
    let value = raw.trim();
    if value.is_empty() {
        return Err("must not be blank".into());
    }
    if value.len() > MAX_EMAIL {
        return Err(format!(
            "an email address is at most {MAX_EMAIL} characters"
        ));
    }
    let Some((local, host)) = value.rsplit_once('@') else {
        return Err(format!("{value:?} is not an email address (no @)"));
    };
    if local.is_empty() || local.len() > 64 {
        return Err(format!(
            "{value:?} is not an email address (the part before @ is empty or too long)"
        ));
    }
    if local.contains('@')
        || local.chars().any(|c| {
            c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | ';' | '"')
        })
    {
        return Err(format!("{value:?} is not an email address"));
    }
    let host =
        domain(host).map_err(|why| format!("the domain of {value:?} is not valid: {why}"))?;
    Ok(format!("{}@{host}", local.to_lowercase()))
}

/// A trimmed, non-blank display string of at most `max` characters with no control characters.
pub fn text(raw: &str, max: usize) -> Result<String, String> {
    let value = raw.trim();
    if value.is_empty() {
        return Err("must not be blank".into());
    }
    let chars = value.chars().count();
    if chars > max {
        return Err(format!("at most {max} characters (this has {chars})"));
    }
    if value.chars().any(char::is_control) {
        return Err("must not contain control characters (tabs, new lines, ...)".into());
    }
    Ok(value.to_owned())
}

/// `external-ref`: an absolute http(s) URL.
pub fn external_ref(raw: &str) -> Result<String, String> {
    let value = raw.trim();
    if value.len() > MAX_URL {
        return Err(format!("at most {MAX_URL} characters"));
    }
    let url = Url::parse(value)
        .map_err(|why| format!("must be an absolute http(s) URL ({why}), for example https://crm.example.com/accounts/42"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "must be an http or https URL, not {}:",
            url.scheme()
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("must name a host".into());
    }
    Ok(value.to_owned())
}

/// Free-text notes: anything printable up to the limit; new lines and tabs are fine here.
pub fn notes(raw: &str) -> Result<String, String> {
    let chars = raw.chars().count();
    if chars > MAX_NOTES {
        return Err(format!("at most {MAX_NOTES} characters (this has {chars})"));
    }
    if raw
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
    {
        return Err("must not contain control characters".into());
    }
    Ok(raw.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_are_lower_cased_and_need_a_dot() {
        assert_eq!(domain(" Acme-Ltd.COM ").unwrap(), "acme-ltd.com");
        assert!(
            domain("localhost")
                .unwrap_err()
                .contains("at least one dot")
        );
        assert!(domain("https://acme.com").unwrap_err().contains("acme.com"));
        assert!(domain("acme.com/path").unwrap_err().contains("path"));
        assert!(domain("-acme.com").is_err());
        assert!(domain("acme..com").is_err());
        assert!(domain("10.0.0.1").unwrap_err().contains("IP address"));
        assert!(domain("bücher.de").unwrap_err().contains("punycode"));
        assert!(domain(&format!("{}.com", "a".repeat(64))).is_err());
        assert!(domain(&"a.".repeat(200)).is_err());
    }

    #[test]
    fn a_domain_with_a_space_is_told_its_characters_not_to_add_a_dot() {
        let why = domain("bad domain").unwrap_err();
        assert_eq!(
            why,
            "\"bad domain\" may contain only letters, digits, hyphens and dots"
        );
        assert!(domain("acme_ltd.com").unwrap_err().contains("only letters"));
    }

    #[test]
    fn emails_need_a_valid_domain() {
        assert_eq!(
            email("Jane.Doe@Acme-Ltd.com").unwrap(),
            "jane.doe@acme-ltd.com"
        );
        assert!(email("jane").is_err());
        assert!(email("@acme.com").is_err());
        assert!(email("jane@localhost").is_err());
        assert!(email("ja ne@acme.com").is_err());
        assert!(email(&format!("{}@acme.com", "a".repeat(300))).is_err());
    }

    #[test]
    fn text_is_trimmed_and_bounded() {
        assert_eq!(text("  Acme  ", 10).unwrap(), "Acme");
        assert_eq!(text("   ", 10).unwrap_err(), "must not be blank");
        assert!(
            text(&"x".repeat(11), 10)
                .unwrap_err()
                .contains("at most 10")
        );
        assert!(text("a\u{7}b", 10).is_err());
    }

    #[test]
    fn external_refs_are_absolute_http_urls() {
        assert!(external_ref("https://crm.example.com/a/1").is_ok());
        assert!(external_ref("crm.example.com/a/1").is_err());
        assert!(external_ref("ftp://crm.example.com").is_err());
        assert!(external_ref("mailto:a@b.com").is_err());
    }
}
