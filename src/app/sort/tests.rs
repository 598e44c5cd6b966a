use super::in_rank;
use super::keys::of_texts;

#[test]
fn a_filtered_subset_keeps_the_whole_lists_order() {
    assert_eq!(in_rank(&[3, 0, 2, 1], vec![0, 1, 3]), vec![3, 0, 1]);
    assert_eq!(in_rank(&[1, 0], vec![]), Vec::<usize>::new());
}

#[test]
fn ties_are_left_to_the_caller() {
    let keys = of_texts(&["x", "x"]);
    assert_eq!(keys.compare(0, 1, true), std::cmp::Ordering::Equal);
}

/// The inline prefixes order keys as whole keys do, wherever they differ, and
/// the ranking is the stable sort by whole keys.
#[test]
fn prefixes_agree_with_the_keys_order() {
    let texts = [
        "",
        "-3.5",
        "-1",
        "0",
        "2",
        "10",
        "1e3",
        "2025-12-31T00:00:00Z",
        "2026-01-02T00:00:00Z",
        "2026-01-02T00:00:00.000000001Z",
        "alpha",
        "Beta",
        "child 9",
        "child 10",
        "child 00010",
        "a-b",
        "a@b",
        "a.b",
        "zzzzzzzzzzzzzzzzzzzz1",
        "zzzzzzzzzzzzzzzzzzzz2",
        "zzzzzzzzzzzzzzzzzzzz1",
        "alpha",
        "active",
        "a\u{0}",
        "a",
        "active",
        "a\u{0}",
        "ada adams 1024",
        "ada adams 1023",
        "ada adams 1024",
    ];
    let keys = of_texts(&texts);
    for a in 0..texts.len() {
        for b in 0..texts.len() {
            let by_prefix = keys.sort_prefix(a, false).cmp(&keys.sort_prefix(b, false));
            if by_prefix != std::cmp::Ordering::Equal {
                assert_eq!(by_prefix, keys.compare(a, b, false), "{a} {b}");
            }
        }
    }
    for descending in [false, true] {
        let ranked = super::rank(&keys, descending);
        let mut sorted: Vec<usize> = (0..texts.len()).collect();
        sorted.sort_by(|&a, &b| keys.compare(a, b, descending));
        assert_eq!(
            ranked.iter().map(|&i| i as usize).collect::<Vec<_>>(),
            sorted
        );
    }
}
