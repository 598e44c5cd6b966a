//! The contract's value rules that a form can check before sending
//! (`shared/api/flowkiwi.md`, Organizations and Invitations).

/// The most characters an organization's name may hold.
pub const NAME_MAX: usize = 255;

/// An organization's `name`: trimmed, 1–255 characters, not unique.
pub fn org_name(raw: &str) -> Result<String, String> {
    let name = raw.trim();
    match name.chars().count() {
        0 => Err("must not be blank".to_owned()),
        n if n > NAME_MAX => Err(format!("must be at most {NAME_MAX} characters (is {n})")),
        _ => Ok(name.to_owned()),
    }
}

/// A partner's or an invitee's email: the server holds it to Symfony's `Email`
/// constraint; an address without a user, an `@` and a dotted host cannot pass.
pub fn email(raw: &str) -> Result<String, String> {
    let email = raw.trim();
    let Some((user, host)) = email.split_once('@') else {
        return Err(if email.is_empty() {
            "must not be blank".to_owned()
        } else {
            "must be an email address such as name@example.com".to_owned()
        });
    };
    let host_ok =
        host.contains('.') && !host.contains('@') && !host.starts_with('.') && !host.ends_with('.');
    if user.is_empty() || !host_ok || email.chars().any(char::is_whitespace) {
        return Err("must be an email address such as name@example.com".to_owned());
    }
    Ok(email.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_trimmed_and_held_to_255_characters() {
        assert_eq!(org_name("  Acme  ").as_deref(), Ok("Acme"));
        assert_eq!(org_name("   ").unwrap_err(), "must not be blank");
        assert!(org_name(&"é".repeat(255)).is_ok());
        assert!(org_name(&"é".repeat(256)).unwrap_err().contains("255"));
    }

    #[test]
    fn an_email_needs_a_user_and_a_dotted_host() {
        assert_eq!(
            email(" ada@acme.example ").as_deref(),
            Ok("ada@acme.example")
        );
        for bad in [
            "ada",
            "ada@",
            "@acme.example",
            "ada@localhost",
            "a da@acme.example",
        ] {
            assert!(email(bad).is_err(), "{bad}");
        }
    }
}
