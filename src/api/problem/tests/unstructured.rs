//! Bodies that are not JSON: proxy pages, plain text, empty and huge ones.

use super::*;

// ---- Shape 9: not JSON ----

const NGINX_502: &str = "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n<body>\n<center><h1>502 Bad Gateway</h1></center>\n<hr><center>nginx</center>\n</body></html>\n";

#[test]
fn shape9_html_proxy_page() {
    let p = normalise(502, Some("text/html"), NGINX_502.as_bytes(), org());
    assert_eq!(
        p.summary,
        "the server failed (502 Bad Gateway); what you typed is kept, try again"
    );
    assert!(p.fields.is_empty());
    assert_eq!(p.raw, NGINX_502);

    let page = "<html><head><title>Error</title><style>h1{color:red}</style><script>var x='<p>no</p>';</script></head><body><!-- <p>hidden</p> --><h1>Upstream  is <b>restarting</b> &amp; will be back</h1><p>Ray ID: 8f3a</p></body></html>";
    let p = normalise(503, None, page.as_bytes(), org());
    assert_eq!(
        p.summary,
        "503 Service Unavailable: Upstream is restarting & will be back"
    );
    assert!(!p.summary.contains('<'));
}

#[test]
fn shape9_plain_text_empty_and_truncated() {
    let p = normalise(
        400,
        Some("text/plain"),
        b"\n  domain acme..com is not a DNS name\nat line 3",
        org(),
    );
    assert_eq!(
        p.summary,
        "400 Bad Request: domain acme..com is not a DNS name"
    );
    assert_eq!(
        pairs(&p),
        vec![pair("domains", "domain acme..com is not a DNS name")]
    );

    let p = normalise(500, None, b"", org());
    assert_eq!(
        p.summary,
        "the server failed (500 Internal Server Error); what you typed is kept, try again"
    );

    let p = normalise(
        500,
        Some("text/plain"),
        b"\x1b[31mdatabase\x07 \xffexploded\x1b[0m\r\nmore",
        org(),
    );
    assert_eq!(
        p.summary,
        "500 Internal Server Error: \u{241b}[31mdatabase\u{2407} \u{fffd}exploded\u{241b}[0m"
    );

    // Cut in half by a flaky link: the detail is still readable.
    let full = r#"{"type":"https://orgdeck.dev/problems/conflict","title":"Conflict","status":409,"detail":"domain acme.com is already used by customer organization Acme Ltd","errors":[{"pointer":"/domains/0","detail":"domain acme.com is already used"}]}"#;
    let cut = &full[..full.len() / 2 + 40];
    let p = normalise(409, Some("application/problem+json"), cut.as_bytes(), org());
    assert_eq!(
        p.summary,
        "domain acme.com is already used by customer organization Acme Ltd"
    );
    assert_eq!(p.for_field("domains").count(), 1);
    // Cut before any message: the status speaks.
    let p = normalise(409, None, &full.as_bytes()[..30], org());
    assert_eq!(p.summary, "409 Conflict");
    let p = normalise(502, None, &full.as_bytes()[..30], org());
    assert!(p.summary.starts_with("the server failed (502 Bad Gateway)"));
}

#[test]
fn shape9_long_lines_and_huge_bodies_are_bounded() {
    let long = "x ".repeat(5_000);
    let p = normalise(400, Some("text/plain"), long.as_bytes(), org());
    assert!(p.summary.chars().count() <= 500);
    assert!(p.summary.starts_with("400 Bad Request: x x"));
    assert!(p.summary.ends_with('…'));

    let huge = vec![b'a'; 3 * 1024 * 1024];
    let p = normalise(500, None, &huge, org());
    assert_eq!(p.raw.len(), RAW_MAX);
    assert!(p.summary.chars().count() <= 500);

    let deep = "[".repeat(100_000);
    let p = normalise(400, Some("application/json"), deep.as_bytes(), org());
    assert_eq!(p.summary, "400 Bad Request");

    let mut nested = String::new();
    for _ in 0..120 {
        nested.push_str(r#"{"error":"#);
    }
    nested.push_str(r#""deep""#);
    nested.push_str(&"}".repeat(120));
    let p = json(400, &nested, org());
    assert!(!p.summary.is_empty());
}

#[test]
fn clean_shows_controls_as_stand_ins() {
    // The operator sees that the server sent a cursor-position report, instead
    // of a bare "6n" glued to the next word.
    assert_eq!(clean("refused\u{1b}[6nevil", 100), "refused\u{241b}[6nevil");
    assert_eq!(
        clean("\u{1b}]0;pwned\u{7}title", 100),
        "\u{241b}]0;pwned\u{2407}title"
    );
    assert_eq!(
        clean("csi\u{9b}6n del\u{7f}", 100),
        "csi\u{fffd}6n del\u{2421}"
    );
    assert_eq!(
        clean("evil\u{202e}txt \u{2066}x\u{2069}", 100),
        "evil\u{fffd}txt \u{fffd}x\u{fffd}"
    );
    // Still one line: line breaks (NEL and U+2028 too) are whitespace.
    assert_eq!(
        clean("  two\r\n lines\u{85}and\u{2028}more\t ", 100),
        "two lines and more"
    );
    // Invisible zero-width characters go; the joiners that shape scripts stay.
    assert_eq!(clean("ad\u{200b}m\u{feff}in\u{2060}", 100), "admin");
    assert_eq!(
        clean("\u{645}\u{200c}\u{627}", 100),
        "\u{645}\u{200c}\u{627}"
    );
    // A stand-in counts towards the cap like any character.
    assert_eq!(clean("ab\u{1b}\u{1b}\u{1b}cd", 5), "ab\u{241b}\u{241b}…");
    assert_eq!(clean("\u{1b}\u{1b}\u{1b}", 3), "\u{241b}\u{241b}\u{241b}");
    assert_eq!(clean("\u{1b}\u{1b}\u{1b}\u{1b}", 3), "\u{241b}\u{241b}…");
}
