//! OSC 52: the escape sequence that asks the terminal itself to put text on the
//! clipboard (`ESC ] 52 ; c ; BASE64 BEL`). The terminal is on the operator's
//! machine, so the copy lands there even when orgdeck runs over SSH. Inside tmux
//! or GNU screen the sequence is wrapped so that the multiplexer passes it on to
//! the terminal outside instead of swallowing it.

use base64::Engine as _;

use crate::app::clipboard::MAX_COPY_BYTES;

const ESC: &str = "\x1b";
const BEL: &str = "\x07";
/// String terminator: ends a DCS (the passthrough wrappers).
const ST: &str = "\x1b\\";

/// GNU screen passes on at most 768 bytes of one DCS string; the base64 is cut
/// into pieces of this many characters, each in a DCS of its own, which screen
/// forwards one after another (the terminal sees one OSC 52 sequence).
pub const SCREEN_CHUNK: usize = 76;

/// What the sequence travels through on its way to the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wrap {
    /// Straight to the terminal.
    Plain,
    /// tmux: `ESC Ptmux;` + the sequence with every ESC doubled + `ESC \`.
    Tmux,
    /// GNU screen: `ESC P` … `ESC \`, in pieces screen can pass on.
    Screen,
}

impl Wrap {
    /// From the environment the console runs in: `TMUX` set means inside tmux,
    /// `STY` inside screen (tmux first: it is the nearer one when screen runs
    /// tmux's client, since tmux sets its variable for its own panes only).
    pub fn detect(is_set: impl Fn(&str) -> bool) -> Wrap {
        if is_set("TMUX") {
            Wrap::Tmux
        } else if is_set("STY") {
            Wrap::Screen
        } else {
            Wrap::Plain
        }
    }
}

/// Why a text is not encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooBig {
    pub bytes: usize,
}

/// The bytes that copy `text` to the clipboard (selection `c`), base64 on one
/// line, wrapped for what lies between; `TooBig` over [`MAX_COPY_BYTES`] of text,
/// which the app refuses before it ever gets here.
pub fn encode(text: &str, wrap: Wrap) -> Result<String, TooBig> {
    if text.len() > MAX_COPY_BYTES {
        return Err(TooBig { bytes: text.len() });
    }
    let payload = base64::engine::general_purpose::STANDARD.encode(text);
    Ok(match wrap {
        Wrap::Plain => format!("{ESC}]52;c;{payload}{BEL}"),
        Wrap::Tmux => {
            let inner = format!("{ESC}]52;c;{payload}{BEL}");
            format!("{ESC}Ptmux;{}{ST}", inner.replace(ESC, "\x1b\x1b"))
        }
        Wrap::Screen => {
            let pieces: Vec<&str> = payload
                .as_bytes()
                .chunks(SCREEN_CHUNK)
                .map(|chunk| std::str::from_utf8(chunk).unwrap_or_default())
                .collect();
            // Each piece closes its DCS and the next opens one: screen forwards
            // the contents of each in turn.
            let joined = pieces.join(&format!("{ST}{ESC}P"));
            format!("{ESC}P{ESC}]52;c;{joined}{BEL}{ST}")
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(payload: &str) -> String {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(payload)
            .expect("valid base64");
        String::from_utf8(bytes).expect("UTF-8")
    }

    #[test]
    fn plain_is_osc_52_with_the_text_in_base64_on_one_line() {
        let text = "jane@acme.com";
        let sequence = encode(text, Wrap::Plain).unwrap();
        assert_eq!(sequence, "\x1b]52;c;amFuZUBhY21lLmNvbQ==\x07");
        let long = "x".repeat(5_000);
        let sequence = encode(&long, Wrap::Plain).unwrap();
        let payload = sequence
            .strip_prefix("\x1b]52;c;")
            .and_then(|s| s.strip_suffix('\x07'))
            .unwrap();
        assert!(!payload.contains(['\n', '\r']), "base64 is never wrapped");
        assert_eq!(decode(payload), long);
    }

    #[test]
    fn tmux_wraps_it_in_a_passthrough_with_every_esc_doubled() {
        let sequence = encode("jane@acme.com", Wrap::Tmux).unwrap();
        assert_eq!(
            sequence,
            "\x1bPtmux;\x1b\x1b]52;c;amFuZUBhY21lLmNvbQ==\x07\x1b\\"
        );
    }

    #[test]
    fn screen_cuts_the_base64_into_dcs_pieces_it_can_pass_on() {
        let text = "{\"id\": \"co-acme-01\"}".repeat(20);
        let sequence = encode(&text, Wrap::Screen).unwrap();
        assert!(sequence.starts_with("\x1bP\x1b]52;c;"), "{sequence:?}");
        assert!(sequence.ends_with("\x07\x1b\\"), "{sequence:?}");
        let body = &sequence["\x1bP\x1b]52;c;".len()..sequence.len() - "\x07\x1b\\".len()];
        let pieces: Vec<&str> = body.split("\x1b\\\x1bP").collect();
        assert!(pieces.len() > 1, "a long copy is cut into pieces");
        assert!(pieces.iter().all(|p| p.len() <= SCREEN_CHUNK));
        assert!(
            pieces[..pieces.len() - 1]
                .iter()
                .all(|p| p.len() == SCREEN_CHUNK)
        );
        assert_eq!(decode(&pieces.concat()), text);
        let short = encode("a", Wrap::Screen).unwrap();
        assert_eq!(short, "\x1bP\x1b]52;c;YQ==\x07\x1b\\");
    }

    #[test]
    fn a_copy_over_the_cap_is_refused_not_cut() {
        let at_cap = "y".repeat(MAX_COPY_BYTES);
        assert!(encode(&at_cap, Wrap::Plain).is_ok());
        let over = "y".repeat(MAX_COPY_BYTES + 1);
        assert_eq!(
            encode(&over, Wrap::Tmux),
            Err(TooBig {
                bytes: MAX_COPY_BYTES + 1
            })
        );
    }

    #[test]
    fn the_environment_picks_the_wrapper() {
        assert_eq!(Wrap::detect(|_| false), Wrap::Plain);
        assert_eq!(Wrap::detect(|name| name == "TMUX"), Wrap::Tmux);
        assert_eq!(Wrap::detect(|name| name == "STY"), Wrap::Screen);
        assert_eq!(Wrap::detect(|_| true), Wrap::Tmux);
    }
}
