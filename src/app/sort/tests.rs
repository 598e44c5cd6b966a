use super::in_rank;
use super::keys::{Key, compare};

#[test]
fn a_filtered_subset_keeps_the_whole_lists_order() {
    assert_eq!(in_rank(&[3, 0, 2, 1], vec![0, 1, 3]), vec![3, 0, 1]);
    assert_eq!(in_rank(&[1, 0], vec![]), Vec::<usize>::new());
}

#[test]
fn ties_are_left_to_the_caller() {
    let a = Key::Text(b"x".to_vec().into());
    assert_eq!(compare(&a, &a.clone(), true), std::cmp::Ordering::Equal);
}

/// The inline prefixes order keys as `compare` does, wherever they differ.
#[test]
fn prefixes_agree_with_the_keys_order() {
    use super::keys::Key as K;
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
    ];
    let keys: Vec<K> = texts
        .iter()
        .map(|t| K::of_value(crate::api::model::ValueRef::Text(t)))
        .collect();
    for a in &keys {
        for b in &keys {
            let by_prefix = a.prefix().cmp(&b.prefix());
            if by_prefix != std::cmp::Ordering::Equal {
                assert_eq!(by_prefix, compare(a, b, false), "{a:?} {b:?}");
            }
        }
    }
    let ranked = super::rank(&keys, true);
    let mut sorted: Vec<usize> = (0..keys.len()).collect();
    sorted.sort_by(|&a, &b| compare(&keys[a], &keys[b], true).then(a.cmp(&b)));
    assert_eq!(
        ranked.iter().map(|&i| i as usize).collect::<Vec<_>>(),
        sorted
    );
}
