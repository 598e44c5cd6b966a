//! Basic credentials and the version header.

use reqwest::Method;

use super::{CLIENT, Seq, VERSION};

#[tokio::test]
async fn a_seed_client_is_let_in_and_wrong_or_missing_credentials_get_an_empty_401() {
    let seq = Seq::start().await;
    let ok = seq
        .raw(
            Method::GET,
            "/api/customers",
            Some(CLIENT),
            Some(VERSION),
            None,
        )
        .await;
    ok.expect(200);
    let wrong_secret = Some((CLIENT.0, "not-the-secret"));
    let unknown = Some(("nobody", "nothing"));
    for credential in [None, wrong_secret, unknown] {
        let answer = seq
            .raw(
                Method::GET,
                "/api/customers",
                credential,
                Some(VERSION),
                None,
            )
            .await;
        assert_eq!(answer.status, 401, "{credential:?}");
        assert_eq!(answer.text, "", "{credential:?}");
        assert_eq!(answer.version(), Some(VERSION));
    }
}

#[tokio::test]
async fn the_version_is_echoed_on_every_answer_and_another_is_refused() {
    let seq = Seq::start().await;
    let plain = seq
        .raw(Method::GET, "/api/customers", Some(CLIENT), None, None)
        .await;
    plain.expect(200);
    assert_eq!(plain.version(), Some(VERSION));
    let missing = seq.get("/api/customers/no-such-customer").await;
    missing.expect(404);
    assert_eq!(missing.version(), Some(VERSION));
    assert_eq!(missing.body["error"]["type"], "notFound");
    for other in ["2024-05-09", "latest"] {
        let answer = seq
            .raw(
                Method::GET,
                "/api/customers",
                Some(CLIENT),
                Some(other),
                None,
            )
            .await;
        let body = answer.expect(400);
        assert_eq!(body["error"]["type"], "UnrecognisedApiVersion", "{body}");
        assert!(body["error"]["message"].as_str().unwrap().contains(VERSION));
        assert_eq!(answer.version(), Some(VERSION));
    }
}

#[tokio::test]
async fn the_banner_names_the_seed_clients_but_never_their_secrets() {
    let seq = Seq::start().await;
    let tokens = &seq.sandbox.tokens;
    assert!(tokens.iter().any(|t| t.token == CLIENT.0), "{tokens:?}");
    let shown = format!("{tokens:?}");
    assert!(!shown.contains(CLIENT.1), "{shown}");
}
