//! Option checks: every value out of range is its typed error.

use crate::error::ScanError;
use crate::options::{RetryPolicy, ScanOptions};

fn rejected(options: &ScanOptions) -> &'static str {
    match options.validate() {
        Err(ScanError::InvalidOption { option, .. }) => option,
        other => panic!("expected InvalidOption, got {other:?}"),
    }
}

#[test]
fn out_of_range_values_name_their_option() {
    assert_eq!(rejected(&ScanOptions::new().rate_limit(0)), "rate_limit");
    assert_eq!(rejected(&ScanOptions::new().shard(4, 4)), "shard");
    assert_eq!(rejected(&ScanOptions::new().shard(0, 0)), "shard");
    assert_eq!(rejected(&ScanOptions::new().concurrency(0)), "concurrency");
    assert_eq!(rejected(&ScanOptions::new().ranges(0)), "ranges");
    assert_eq!(rejected(&ScanOptions::new().page_size(0)), "page_size");
    let no_tries = RetryPolicy {
        attempts: 0,
        ..RetryPolicy::default()
    };
    assert_eq!(rejected(&ScanOptions::new().retry(no_tries)), "retry");
    let nowhere = ScanOptions::new().checkpoint_file("/no/such/folder/cp.json");
    assert_eq!(rejected(&nowhere), "checkpoint_file");
    let err = ScanOptions::new().shard(5, 3).validate().unwrap_err();
    assert!(err.to_string().contains("shard 5 of 3"), "{err}");
}

#[test]
fn good_values_pass_and_the_default_target_follows_the_nodes() {
    ScanOptions::new()
        .checkpoint_file("here.json")
        .rate_limit(1)
        .shard(3, 4)
        .concurrency(1)
        .validate()
        .unwrap();
    assert_eq!(ScanOptions::new().target_ranges(3), 3 * 4 * 4);
    assert_eq!(ScanOptions::new().split_factor(2).target_ranges(1), 8);
    assert_eq!(ScanOptions::new().ranges(100).target_ranges(9), 100);
}

#[test]
fn backoff_doubles_up_to_its_bound() {
    let p = RetryPolicy::default();
    let ms = |a| p.backoff(a).as_millis();
    assert_eq!((ms(1), ms(2), ms(3), ms(4)), (100, 200, 400, 800));
    assert_eq!(p.backoff(40), p.max);
}
