//! The cost of the sync bridge, over a zero-latency `FakeDriver`, measured in
//! one run:
//!
//! - `async_session`: `Session::execute` awaited on a current-thread runtime
//!   (`block_on` per call): the async API with no bridge;
//! - `sync_session`: `SyncSession::execute`, the bridge;
//! - `sync_session/multi_thread_2w`: the bridge with 2 runtime workers
//!   (`worker_threads(2)`);
//! - `floor/*`: one round trip with no work at all. `direct_ct` is the
//!   bridge's shape: the caller spawns a task onto a current-thread runtime
//!   (driven by a thread of its own) that replies at once on a one-shot
//!   channel the caller parks on; `direct_2w` the same on 2 workers. The
//!   others are the shapes it replaced, kept to compare: a reply sender goes over a
//!   crossbeam queue to a thread that owns a runtime, which spawns the task;
//!   `current_thread` (a doorbell `Notify` wakes the runtime, the bridge's
//!   shape before the multi-thread default) and `multi_thread_1w`/`_2w` (the
//!   thread blocks on the queue and spawns onto 1 or 2 workers).
//!
//! After criterion's report, each case is timed call by call and the
//! p50/p99 per call are printed with the bridge/floor ratio.
//!
//! Run: `cargo bench --bench bridge --features sync,mock`.

use std::hint::black_box;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use cqlbridge::mock::FakeDriver;
use cqlbridge::{Session, SyncSession, Values};
use criterion::Criterion;
use crossbeam_channel::{Receiver, Sender, TryRecvError};
use tokio::sync::Notify;

/// The statement every case runs (the fake answers `Void`).
const CQL: &str = "INSERT INTO ks.t (id) VALUES (1)";
/// Calls between two clears of the fake's call log (outside the timing).
const CHUNK: u64 = 1024;
/// Interleaved rounds for the percentiles, and calls per case per round.
const ROUNDS: usize = 200;
const BLOCK: usize = 100;
/// The floor's reply bound; the floor never gets near it.
const WAIT: Duration = Duration::from_secs(5);

/// The runtime shape of a floor bridge.
#[derive(Clone, Copy)]
enum Shape {
    /// The caller spawns onto `n` workers and parks on a one-shot reply.
    Direct(usize),
    /// The caller spawns onto a current-thread runtime that a thread of its
    /// own drives, and parks on a one-shot reply.
    DirectCurrentThread,
    /// A current-thread runtime woken by a doorbell (what the bridge uses).
    CurrentThread,
    /// The thread blocks on crossbeam and spawns onto `n` runtime workers.
    MultiThread(usize),
}

/// A bridge that does nothing but reply: the floor.
struct Floor {
    /// The runtime a `Direct` floor spawns onto.
    direct: Option<tokio::runtime::Runtime>,
    /// Where a `DirectCurrentThread` floor spawns (its thread drives it
    /// until `jobs`, its stop signal here, is dropped).
    handle: Option<tokio::runtime::Handle>,
    jobs: Option<Sender<Sender<()>>>,
    bell: Arc<Notify>,
    thread: Option<JoinHandle<()>>,
}

impl Floor {
    fn start(shape: Shape) -> Floor {
        let (jobs, rx) = crossbeam_channel::unbounded::<Sender<()>>();
        let bell = Arc::new(Notify::new());
        let ring = bell.clone();
        if let Shape::Direct(workers) = shape {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(workers)
                .build()
                .expect("runtime");
            return Floor {
                direct: Some(rt),
                handle: None,
                jobs: None,
                bell,
                thread: None,
            };
        }
        let (handle_tx, handle_rx) = crossbeam_channel::bounded(1);
        let thread = std::thread::spawn(move || match shape {
            Shape::CurrentThread => current_thread_loop(rx, ring),
            Shape::MultiThread(workers) => multi_thread_loop(&rx, workers),
            Shape::DirectCurrentThread => drive_current_thread(&handle_tx, &ring),
            Shape::Direct(_) => unreachable!("handled above"),
        });
        let handle = matches!(shape, Shape::DirectCurrentThread)
            .then(|| handle_rx.recv_timeout(WAIT).expect("the floor's runtime"));
        Floor {
            direct: None,
            handle,
            jobs: Some(jobs),
            bell,
            thread: Some(thread),
        }
    }

    /// One round trip: send a job, wait for its reply.
    fn call(&self) {
        let handle = self
            .direct
            .as_ref()
            .map(|rt| rt.handle())
            .or(self.handle.as_ref());
        if let Some(handle) = handle {
            let (reply, answer) = oneshot::channel();
            drop(handle.spawn(async move {
                let _ = reply.send(());
            }));
            answer.recv_timeout(WAIT).expect("floor replies");
            return;
        }
        let (reply, answer) = crossbeam_channel::bounded(1);
        self.jobs
            .as_ref()
            .expect("open")
            .send(reply)
            .expect("floor alive");
        self.bell.notify_one();
        answer.recv_timeout(WAIT).expect("floor replies");
    }
}

impl Drop for Floor {
    fn drop(&mut self) {
        self.jobs = None;
        self.bell.notify_one();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Drives a current-thread runtime, handing out its handle, until `bell`
/// rings (the floor's drop).
fn drive_current_thread(handle: &Sender<tokio::runtime::Handle>, bell: &Notify) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    handle.send(rt.handle().clone()).expect("the floor waits");
    rt.block_on(bell.notified());
}

fn current_thread_loop(rx: Receiver<Sender<()>>, bell: Arc<Notify>) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async move {
        loop {
            match rx.try_recv() {
                Ok(reply) => {
                    tokio::spawn(async move {
                        let _ = reply.send(());
                    });
                }
                Err(TryRecvError::Empty) => bell.notified().await,
                Err(TryRecvError::Disconnected) => break,
            }
        }
    });
}

fn multi_thread_loop(rx: &Receiver<Sender<()>>, workers: usize) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .enable_all()
        .build()
        .expect("runtime");
    while let Ok(reply) = rx.recv() {
        rt.spawn(async move {
            let _ = reply.send(());
        });
    }
}

/// The cases, each a function that makes one call.
struct Cases {
    fake: FakeDriver,
    rt: tokio::runtime::Runtime,
    session: Session,
    sync: SyncSession,
    /// A bridge with 2 runtime workers (`worker_threads(2)`).
    sync_mt: SyncSession,
    floors: Vec<(&'static str, Floor)>,
}

impl Cases {
    fn new() -> Cases {
        let fake = FakeDriver::new();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let session = Session::new(Arc::new(fake.clone()));
        let driver = fake.clone();
        let sync = SyncSession::new(move || async move { Ok(Session::new(Arc::new(driver))) })
            .expect("bridge");
        let driver = fake.clone();
        let sync_mt = SyncSession::builder()
            .worker_threads(std::num::NonZeroUsize::new(2).expect("2 > 0"))
            .build(move || async move { Ok(Session::new(Arc::new(driver))) })
            .expect("bridge");
        let floors = vec![
            ("direct_ct", Floor::start(Shape::DirectCurrentThread)),
            ("direct_2w", Floor::start(Shape::Direct(2))),
            ("current_thread", Floor::start(Shape::CurrentThread)),
            ("multi_thread_1w", Floor::start(Shape::MultiThread(1))),
            ("multi_thread_2w", Floor::start(Shape::MultiThread(2))),
        ];
        Cases {
            fake,
            rt,
            session,
            sync,
            sync_mt,
            floors,
        }
    }

    fn async_call(&self) {
        let r = self.rt.block_on(self.session.execute(CQL, Values::Empty));
        black_box(r.expect("fake answers"));
    }

    fn sync_call(&self) {
        black_box(self.sync.execute(CQL, Values::Empty).expect("fake answers"));
    }

    fn sync_mt_call(&self) {
        black_box(
            self.sync_mt
                .execute(CQL, Values::Empty)
                .expect("fake answers"),
        );
    }

    /// Times `iters` calls of `f`, clearing the fake's log between chunks.
    fn timed(&self, iters: u64, f: impl Fn()) -> Duration {
        let mut total = Duration::ZERO;
        let mut left = iters;
        while left > 0 {
            let n = left.min(CHUNK);
            let start = Instant::now();
            for _ in 0..n {
                f();
            }
            total += start.elapsed();
            left -= n;
            self.fake.clear_calls();
        }
        total
    }

    /// Times `n` calls of `f` one by one into `out`, then clears the log.
    fn latencies(&self, n: usize, f: impl Fn(), out: &mut Vec<Duration>) {
        for _ in 0..n {
            let start = Instant::now();
            f();
            out.push(start.elapsed());
        }
        self.fake.clear_calls();
    }

    /// Runs case `i` (0 = async, 1 = sync, 2 = sync on a bridge with 2
    /// workers, then the floors) `n` times.
    fn run_case(&self, i: usize, n: usize, out: &mut Vec<Duration>) {
        match i {
            0 => self.latencies(n, || self.async_call(), out),
            1 => self.latencies(n, || self.sync_call(), out),
            2 => self.latencies(n, || self.sync_mt_call(), out),
            _ => self.latencies(n, || self.floors[i - 3].1.call(), out),
        }
    }

    fn names(&self) -> Vec<String> {
        let mut names = vec![
            "async_session".to_string(),
            "sync_session".to_string(),
            "sync_session/multi_thread_2w".to_string(),
        ];
        names.extend(self.floors.iter().map(|(n, _)| format!("floor/{n}")));
        names
    }
}

fn bench(c: &mut Criterion, cases: &Cases) {
    let mut g = c.benchmark_group("bridge");
    g.bench_function("async_session", |b| {
        b.iter_custom(|n| cases.timed(n, || cases.async_call()));
    });
    g.bench_function("sync_session", |b| {
        b.iter_custom(|n| cases.timed(n, || cases.sync_call()));
    });
    g.bench_function("sync_session/multi_thread_2w", |b| {
        b.iter_custom(|n| cases.timed(n, || cases.sync_mt_call()));
    });
    for (name, floor) in &cases.floors {
        g.bench_function(format!("floor/{name}"), |b| {
            b.iter_custom(|n| cases.timed(n, || floor.call()));
        });
    }
    g.finish();
}

/// The value at quantile `q` of sorted `xs`.
fn quantile(xs: &[Duration], q: f64) -> Duration {
    xs[((xs.len() - 1) as f64 * q).round() as usize]
}

fn print_percentiles(cases: &Cases) {
    let names = cases.names();
    let mut samples: Vec<Vec<Duration>> = vec![Vec::with_capacity(ROUNDS * BLOCK); names.len()];
    let mut warm_up = Vec::new();
    for i in 0..names.len() {
        cases.run_case(i, BLOCK, &mut warm_up);
    }
    // Blocks of each case take turns, so that every case sees the same
    // machine: on a small VM, thread wake-ups drift between fast and slow.
    for _ in 0..ROUNDS {
        for (i, out) in samples.iter_mut().enumerate() {
            cases.run_case(i, BLOCK, out);
        }
    }
    println!("\nper-call latency: {ROUNDS} interleaved rounds of {BLOCK} calls per case");
    println!("{:<28} {:>10} {:>10}", "case", "p50", "p99");
    let mut p50 = Vec::new();
    for (name, xs) in names.iter().zip(&mut samples) {
        xs.sort_unstable();
        let (a, b) = (quantile(xs, 0.5), quantile(xs, 0.99));
        println!("{name:<28} {a:>10.2?} {b:>10.2?}");
        p50.push(a.as_secs_f64());
    }
    // Cases 3 and 4 are the floors of the two bridge shapes (`direct_ct`,
    // `direct_2w`).
    let (direct, bridge, bridge_mt) = (p50[0], p50[1], p50[2]);
    let (floor, floor_mt) = (p50[3], p50[4]);
    println!(
        "bridge/floor (p50) = {:.2} (target <= 1.5); bridge - async (p50) = {:.2?}; \
         2-worker bridge/its floor (p50) = {:.2}",
        bridge / floor,
        Duration::from_secs_f64((bridge - direct).max(0.0)),
        bridge_mt / floor_mt,
    );
}

fn main() {
    let cases = Cases::new();
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(30)
        .configure_from_args();
    bench(&mut c, &cases);
    c.final_summary();
    // `cargo test --benches` runs this without `--bench`: criterion then only
    // checks that each case runs, and so do we.
    if std::env::args().any(|a| a == "--bench") {
        print_percentiles(&cases);
    }
}
