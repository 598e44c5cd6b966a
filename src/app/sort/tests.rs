use super::in_rank;
use super::keys::{Key, compare};

#[test]
fn a_filtered_subset_keeps_the_whole_lists_order() {
    assert_eq!(in_rank(&[3, 0, 2, 1], vec![0, 1, 3]), vec![3, 0, 1]);
    assert_eq!(in_rank(&[1, 0], vec![]), Vec::<usize>::new());
}

#[test]
fn ties_are_left_to_the_caller() {
    let a = Key::Text("x".into());
    assert_eq!(compare(&a, &a.clone(), true), std::cmp::Ordering::Equal);
}
