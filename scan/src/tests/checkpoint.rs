//! Checkpoints: the JSON round trip, what cannot be read, what belongs to
//! another scan, the atomic write, and the tracker that fills them.

use std::collections::BTreeMap;

use cqlbridge_driver_api::PagingState;

use crate::checkpoint::{Checkpoint, InFlight};
use crate::error::ScanError;
use crate::plan::Plan;
use crate::tracker::Tracker;

fn plan() -> Plan {
    Plan::new("ks", "t", &[-100, 0, 100], 8, (0, 1))
}

fn state(bytes: &[u8]) -> PagingState {
    PagingState::from_bytes(bytes.to_vec()).unwrap()
}

fn sample() -> Checkpoint {
    let mut c = Checkpoint::empty(&plan());
    c.finished = vec![0, 3];
    c.in_flight = vec![
        InFlight::new(1, Some(&state(&[0, 1, 2, 255])), 7),
        InFlight::new(2, None, 3),
    ];
    c.rows = 1234;
    c
}

fn unreadable(json: &str) -> String {
    match Checkpoint::from_json(json) {
        Err(ScanError::CheckpointUnreadable { reason, .. }) => reason,
        other => panic!("expected CheckpointUnreadable, got {other:?}"),
    }
}

#[test]
fn json_round_trips_with_paging_states_in_base64() {
    let c = sample();
    let json = c.to_json();
    assert!(json.contains("\"AAEC/w==\""), "{json}");
    let back = Checkpoint::from_json(&json).unwrap();
    assert_eq!(back, c);
    assert_eq!(
        back.in_flight[0].state().unwrap(),
        Some(state(&[0, 1, 2, 255]))
    );
    assert_eq!(back.in_flight[1].state().unwrap(), None);
}

#[test]
fn broken_checkpoints_are_unreadable() {
    assert!(unreadable("not json").contains("expected"));
    let json = sample().to_json();
    assert!(unreadable(&json.replace("\"version\": 1", "\"version\": 9")).contains("version 9"));
    assert!(unreadable(&json.replace("AAEC/w==", "***")).contains("paging state of range 1"));
    let total = format!("\"ranges_total\": {}", sample().ranges_total);
    let shrunk = json.replace(&total, "\"ranges_total\": 2");
    assert!(unreadable(&shrunk).contains("range 3 of 2"), "{shrunk}");
}

#[test]
fn a_checkpoint_of_another_scan_names_what_differs() {
    let c = sample();
    let field = |p: &Plan| match c.check_matches(p) {
        Err(ScanError::CheckpointMismatch { field, .. }) => field,
        other => panic!("expected CheckpointMismatch, got {other:?}"),
    };
    c.check_matches(&plan()).unwrap();
    assert_eq!(
        field(&Plan::new("ks", "other", &[-100, 0, 100], 8, (0, 1))),
        "table"
    );
    assert_eq!(
        field(&Plan::new("ks", "t", &[-100, 0, 100], 40, (0, 1))),
        "range count"
    );
    assert_eq!(
        field(&Plan::new("ks", "t", &[-100, 0, 101], 8, (0, 1))),
        "ring"
    );
    assert_eq!(
        field(&Plan::new("ks", "t", &[-100, 0, 100], 8, (1, 2))),
        "shard"
    );
}

#[test]
fn save_is_atomic_and_load_names_the_file() {
    let dir = std::env::temp_dir().join(format!("cqlbridge-scan-unit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("cp.json");
    sample().save(&path).unwrap();
    assert!(
        !dir.join("cp.json.tmp").exists(),
        "the temporary file is renamed"
    );
    assert_eq!(Checkpoint::load(&path).unwrap(), sample());
    let missing = dir.join("missing.json");
    match Checkpoint::load(&missing) {
        Err(ScanError::CheckpointUnreadable { path: Some(p), .. }) => assert_eq!(p, missing),
        other => panic!("expected CheckpointUnreadable, got {other:?}"),
    }
    std::fs::write(&path, "{").unwrap();
    let err = Checkpoint::load(&path).unwrap_err();
    assert!(err.to_string().contains("cp.json"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_tracker_records_only_rows_handed_out() {
    let plan = plan();
    let mut t = Tracker::new(&plan, None, BTreeMap::new());
    t.page_started(2, None, 0);
    t.row(2);
    t.row(2);
    let c = t.checkpoint();
    assert_eq!(c.in_flight, vec![InFlight::new(2, None, 2)]);
    t.page_done(2, Some(state(b"p2")));
    t.page_started(5, None, 0);
    t.row(5);
    t.page_done(5, None);
    let c = t.checkpoint();
    assert_eq!(c.finished, vec![5]);
    assert_eq!(c.in_flight, vec![InFlight::new(2, Some(&state(b"p2")), 0)]);
    assert_eq!(c.rows, 3);
    let p = t.progress(plan.selected.len(), 4);
    assert_eq!((p.ranges_done, p.rows, p.requests), (1, 3, 4));
    assert!((p.fraction - plan.ranges[5].fraction()).abs() < 1e-12);
    assert!(!p.finished && p.eta.is_some());
}
