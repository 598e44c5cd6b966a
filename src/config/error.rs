//! Configuration errors that say where (file, line, column), what, and how to fix it.
//!
//! No message built here ever contains a token value: problems name keys, files and
//! commands, never what a token source produced.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// A position in a config file. Line and column are 1-based; the column counts characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl Location {
    /// The file alone, when no line is known.
    pub fn file(file: impl Into<PathBuf>) -> Self {
        Location {
            file: file.into(),
            line: None,
            column: None,
        }
    }

    /// The line and column of byte `offset` in `text` (the contents of `file`).
    pub fn at_offset(file: &Path, text: &str, offset: usize) -> Self {
        let (line, column) = line_col(text, offset);
        Location {
            file: file.to_path_buf(),
            line: Some(line),
            column: Some(column),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        Ok(())
    }
}

/// One operator-facing problem: `file:line:col: profile "name": problem; fix: fix`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub location: Option<Location>,
    pub profile: Option<String>,
    pub problem: String,
    pub fix: Option<String>,
}

impl Diagnostic {
    pub(crate) fn new(problem: impl Into<String>) -> Self {
        Diagnostic {
            location: None,
            profile: None,
            problem: problem.into(),
            fix: None,
        }
    }

    pub(crate) fn fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = Some(fix.into());
        self
    }

    pub(crate) fn at(mut self, location: Option<Location>) -> Self {
        if location.is_some() {
            self.location = location;
        }
        self
    }

    pub(crate) fn in_profile(mut self, name: &str) -> Self {
        self.profile = Some(name.to_owned());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(location) = &self.location {
            write!(f, "{location}: ")?;
        }
        if let Some(profile) = &self.profile {
            write!(f, "profile {profile:?}: ")?;
        }
        f.write_str(&self.problem)?;
        if let Some(fix) = &self.fix {
            write!(f, "; fix: {fix}")?;
        }
        Ok(())
    }
}

/// Everything that can go wrong with configuration. `Display` is the complete message for
/// the operator (location, problem and fix); none of them ever contains a token value.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The config file exists but could not be read.
    #[error(
        "{}: cannot read the config file: {source}; fix: make it readable, or point ORGDECK_CONFIG at another file",
        path.display()
    )]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The file is not valid TOML, or a value has the wrong type.
    #[error("{0}")]
    Syntax(Box<Diagnostic>),
    /// The file is valid TOML but a setting is wrong (unknown key, bad URL, token sources…).
    #[error("{0}")]
    Invalid(Box<Diagnostic>),
    /// A profile's token could not be obtained from its source.
    #[error("{0}")]
    Token(Box<Diagnostic>),
    /// Neither the platform directories nor the override variables give a place to work in.
    #[error(
        "cannot find a home directory for orgdeck's config and state; fix: set ORGDECK_CONFIG (config file) and ORGDECK_STATE_DIR (state directory)"
    )]
    NoHomeDirectory,
}

impl ConfigError {
    /// The structured problem, for every variant that has one.
    pub fn diagnostic(&self) -> Option<&Diagnostic> {
        match self {
            ConfigError::Syntax(d) | ConfigError::Invalid(d) | ConfigError::Token(d) => Some(d),
            ConfigError::Read { .. } | ConfigError::NoHomeDirectory => None,
        }
    }

    /// The line the problem is on, when known.
    pub fn line(&self) -> Option<usize> {
        self.diagnostic()?.location.as_ref()?.line
    }

    pub(crate) fn syntax(d: Diagnostic) -> Self {
        ConfigError::Syntax(Box::new(d))
    }

    pub(crate) fn invalid(d: Diagnostic) -> Self {
        ConfigError::Invalid(Box::new(d))
    }
}

/// 1-based line and character column of byte `offset` in `text` (clamped to the text).
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// The source text and its file name, to turn byte spans into locations.
pub(crate) struct SourceText<'a> {
    pub text: &'a str,
    pub file: &'a Path,
}

impl SourceText<'_> {
    pub fn location(&self, span: &Range<usize>) -> Location {
        Location::at_offset(self.file, self.text, span.start)
    }

    pub fn diag(&self, span: &Range<usize>, problem: impl Into<String>) -> Diagnostic {
        Diagnostic::new(problem).at(Some(self.location(span)))
    }
}

/// Edit distance in characters, counting a swap of neighbours as one edit
/// (optimal string alignment), so `prdo` is one edit from `prod`.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for (i, row) in d.chunks_mut(width).enumerate() {
        row[0] = i;
    }
    for (j, cell) in d.iter_mut().take(width).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    d[a.len() * width + b.len()]
}

/// The candidate `word` was most likely meant to be, if one is close enough.
pub(crate) fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let lower = word.to_ascii_lowercase();
    let threshold = (lower.chars().count() / 3).max(1);
    let best = candidates
        .iter()
        .map(|c| (edit_distance(&lower, c), *c))
        .min_by_key(|(d, _)| *d)?;
    if best.0 <= threshold {
        return Some(best.1);
    }
    // `url` for `base_url`, `timeout` for `timeout_ms`: a known key containing the word.
    if lower.chars().count() >= 3 {
        return candidates
            .iter()
            .filter(|c| c.contains(lower.as_str()) || lower.contains(*c))
            .min_by_key(|c| edit_distance(&lower, c))
            .copied();
    }
    None
}

/// Quotes a path for a shell command shown in a fix, when it needs quoting.
pub(crate) fn shell_quote(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-~+@%:,=".contains(c));
    if plain {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let text = "a = 1\nbé = 2\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 6), (2, 1));
        // byte 9 is the space after "bé" (é is two bytes)
        assert_eq!(line_col(text, 9), (2, 3));
        assert_eq!(line_col(text, 1000), (3, 1));
    }

    #[test]
    fn suggestions() {
        let keys = ["token_env", "token_file", "base_url", "timeout_ms"];
        assert_eq!(did_you_mean("tokn_env", &keys), Some("token_env"));
        assert_eq!(did_you_mean("Token_File", &keys), Some("token_file"));
        assert_eq!(did_you_mean("url", &keys), Some("base_url"));
        assert_eq!(did_you_mean("timeout", &keys), Some("timeout_ms"));
        assert_eq!(did_you_mean("colour", &keys), None);
        assert_eq!(did_you_mean("prdo", &["prod", "staging"]), Some("prod"));
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn quoting() {
        assert_eq!(shell_quote("/home/op/prod.token"), "/home/op/prod.token");
        assert_eq!(shell_quote("/tmp/my token"), "'/tmp/my token'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
    }
}
