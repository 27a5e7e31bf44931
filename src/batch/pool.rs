//! The batch's thread pool: runs one piece of work per document on a pool of the
//! caller's size and hands each result back on the calling thread, in completion order
//! or in input order with a bounded window. It knows nothing of documents or files.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, mpsc};

/// Runs `work(i)` for every `i` in `0..n` on the pool's threads and hands each result
/// to `sink` on the calling thread: in completion order when `window` is `None`, else
/// in index order, with no thread starting an index more than `window` past the first
/// one not yet handed over (so at most `window` results wait in memory). Indices are
/// taken in order from a shared counter, so results arrive nearly in order anyway.
/// The first error from `sink` stops the work and is returned.
pub(super) fn run_pool<R: Send>(
    pool: &rayon::ThreadPool,
    n: usize,
    window: Option<usize>,
    work: impl Fn(usize) -> R + Sync,
    mut sink: impl FnMut(usize, R) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let handed = Mutex::new(0usize);
    let moved = Condvar::new();
    let (tx, rx) = mpsc::channel::<(usize, R)>();
    let mut result = Ok(());
    // `in_place_scope` runs this closure on the calling thread (which receives) while
    // the spawned workers run on the pool, so even a one-thread pool cannot deadlock.
    pool.in_place_scope(|scope| {
        for _ in 0..pool.current_num_threads().max(1) {
            let tx = tx.clone();
            let (next, stop, handed, moved, work) = (&next, &stop, &handed, &moved, &work);
            scope.spawn(move |_| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= n || stop.load(Ordering::Relaxed) {
                        break;
                    }
                    if let Some(w) = window {
                        let mut h = handed.lock().unwrap_or_else(|e| e.into_inner());
                        while i >= *h + w && !stop.load(Ordering::Relaxed) {
                            h = moved.wait(h).unwrap_or_else(|e| e.into_inner());
                        }
                    }
                    if stop.load(Ordering::Relaxed) || tx.send((i, work(i))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut pending: BTreeMap<usize, R> = BTreeMap::new();
        let mut first_waiting = 0;
        for (i, r) in rx.iter() {
            let step = if window.is_none() {
                sink(i, r)
            } else {
                pending.insert(i, r);
                let mut step = Ok(());
                while let Some(r) = pending.remove(&first_waiting) {
                    step = sink(first_waiting, r);
                    first_waiting += 1;
                    if step.is_err() {
                        break;
                    }
                }
                *handed.lock().unwrap_or_else(|e| e.into_inner()) = first_waiting;
                moved.notify_all();
                step
            };
            if let Err(e) = step {
                result = Err(e);
                stop.store(true, Ordering::Relaxed);
                // Wake waiting workers while holding the lock, so none misses it.
                let _h = handed.lock().unwrap_or_else(|e| e.into_inner());
                moved.notify_all();
                break;
            }
        }
    });
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn ordered_results_come_in_index_order_whatever_the_timing() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(3)
            .build()
            .unwrap();
        let mut seen = Vec::new();
        run_pool(
            &pool,
            50,
            Some(2),
            |i| {
                // Early indices finish last.
                std::thread::sleep(Duration::from_micros(((50 - i) * 50) as u64));
                i * 10
            },
            |i, r| {
                seen.push((i, r));
                Ok(())
            },
        )
        .unwrap();
        let expected: Vec<_> = (0..50).map(|i| (i, i * 10)).collect();
        assert_eq!(seen, expected);
    }

    #[test]
    fn a_sink_error_stops_the_work_and_is_returned() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let calls = AtomicUsize::new(0);
        let mut handed = 0;
        let err = run_pool(
            &pool,
            10_000,
            Some(4),
            |i| {
                calls.fetch_add(1, Ordering::Relaxed);
                i
            },
            |i, _| {
                handed += 1;
                if i == 3 {
                    Err(std::io::Error::other("broken pipe"))
                } else {
                    Ok(())
                }
            },
        );
        assert!(err.is_err());
        assert_eq!(handed, 4);
        assert!(calls.load(Ordering::Relaxed) < 10_000);
    }

    #[test]
    fn a_one_thread_pool_does_not_deadlock() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let mut sum = 0;
        run_pool(
            &pool,
            100,
            Some(1),
            |i| i,
            |_, r| {
                sum += r;
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(sum, 4950);
    }
}
