//! The contract's rules for what an operator types on Sequence: customer ids.

/// Most characters of an id: the sandbox's are UUIDs (36), the spec declares no
/// format, so anything id-like up to this is let through to the server.
const ID_MAX: usize = 100;

/// A customer id: no blanks, no spaces, no control characters.
pub fn customer_id(raw: &str) -> Result<String, String> {
    let id = raw.trim();
    if id.is_empty() {
        return Err("must not be empty".into());
    }
    if id.chars().count() > ID_MAX {
        return Err(format!(
            "is longer than {ID_MAX} characters: not a customer id"
        ));
    }
    if id.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("a customer id has no spaces: pick the customer by name".into());
    }
    Ok(id.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn customer_ids_are_trimmed_and_spaces_refused() {
        assert_eq!(
            customer_id(" 5f2c0e1a-0000-4000-8000-000000000001 ").as_deref(),
            Ok("5f2c0e1a-0000-4000-8000-000000000001")
        );
        assert!(customer_id("").is_err());
        assert!(customer_id("Acme Ltd").unwrap_err().contains("by name"));
        assert!(customer_id(&"x".repeat(101)).is_err());
    }
}
