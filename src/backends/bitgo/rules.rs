//! The contract's value rules that a form can check before sending
//! (`shared/api/bitgo.md`, Conventions and Enterprises).

/// Ids of organizations, enterprises, users and approvals: 32 lowercase hex.
pub fn id(raw: &str) -> Result<String, String> {
    let id = raw.trim();
    if id.len() == 32
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        Ok(id.to_owned())
    } else {
        Err("must be a 32-character hex id (0-9, a-f)".to_owned())
    }
}

/// The create's `email`: the spec asks only for a non-empty string; an address
/// without an `@` cannot be anyone's, so the form says so before sending.
pub fn email(raw: &str) -> Result<String, String> {
    let email = raw.trim();
    match email.split_once('@') {
        _ if email.is_empty() => Err("must not be empty".to_owned()),
        Some((user, host)) if !user.is_empty() && !host.is_empty() => Ok(email.to_owned()),
        _ => Err("must be an email address".to_owned()),
    }
}

/// A third-party identifier, written `id:label`; both parts are required.
pub fn third_party(raw: &str) -> Result<String, String> {
    match raw.trim().split_once(':') {
        Some((id, label)) if !id.trim().is_empty() && !label.trim().is_empty() => {
            Ok(format!("{}:{}", id.trim(), label.trim()))
        }
        _ => Err("write it as id:label, both parts non-empty".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_32_lowercase_hex() {
        assert!(id("0123456789abcdef0123456789abcdef").is_ok());
        assert!(id(" 0123456789abcdef0123456789abcdef ").is_ok());
        assert!(id("0123456789ABCDEF0123456789ABCDEF").is_err());
        assert!(id("0123456789abcdef").is_err());
        assert!(id("0123456789abcdef0123456789abcdeg").is_err());
    }

    #[test]
    fn emails_and_identifiers_are_checked_as_the_form_sends_them() {
        assert_eq!(
            email(" ann@kiwi.example ").as_deref(),
            Ok("ann@kiwi.example")
        );
        assert!(email("").is_err() && email("ann").is_err() && email("@kiwi").is_err());
        assert_eq!(
            third_party(" crm-1 : Salesforce ").as_deref(),
            Ok("crm-1:Salesforce")
        );
        assert!(third_party("crm-1").is_err() && third_party(":x").is_err());
    }
}
