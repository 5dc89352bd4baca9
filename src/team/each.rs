//! The pipeline for each athlete of a team, as many at once as there are
//! cores, told back in athlete order.
//!
//! A coach's hundred small athletes would otherwise leave a core idle
//! through each athlete's single-threaded steps (the log, the analysis,
//! the rules, the report). Each worker holds one athlete at a time and
//! hands it to the caller's `handle` (which writes its report and drops
//! it), so memory holds at most one athlete per worker, never the team.
//! A large athlete runs alone ([`Gate`]): its own read already keeps the
//! cores busy, and two of them at once would double the memory for
//! nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex};

use crate::catalog::Catalog;
use crate::pipeline::{analyze_from, AnalyzeRequest, AthleteRun};
use crate::progress::{Progress, Silent};

/// What [`analyze_each`] tells along the way, in athlete order, on the
/// calling thread.
#[derive(Debug)]
pub enum Event<'a, R> {
    /// Something the user should hear about the cache (see
    /// [`Catalog::take_notices`]).
    Notice(String),
    /// Athlete `index` was analyzed and handled, with what `handle` gave.
    Done { index: usize, handled: R },
    /// Athlete `index` could not be analyzed (a missing folder, a bad
    /// config); the others go on.
    Failed {
        index: usize,
        /// The athlete's first path.
        folder: Option<&'a Path>,
        error: &'a anyhow::Error,
    },
}

/// One athlete's outcome, sent from a worker.
struct Outcome<R> {
    analyzed: anyhow::Result<R>,
    notices: Vec<String>,
}

/// A worker's stack: as the main thread's, for deep files.
const WORKER_STACK: usize = 8 << 20;

/// Files that make an athlete large enough to be analyzed alone: a few
/// years of runs, whose memory is some tens of megabytes.
const ALONE_FILES: usize = 2000;

/// Lets athletes run side by side while their files add up to at most
/// [`ALONE_FILES`]; a larger athlete waits until it can run alone.
struct Gate {
    files_in_work: Mutex<usize>,
    freed: Condvar,
}

impl Gate {
    fn new() -> Gate {
        Gate {
            files_in_work: Mutex::new(0),
            freed: Condvar::new(),
        }
    }

    /// Waits until an athlete of `files` files may start; it is done when
    /// the entry is dropped (even by a panic, which must not leave the
    /// other workers waiting for ever).
    fn enter(&self, files: usize) -> Entry<'_> {
        let weight = files.min(ALONE_FILES);
        let mut in_work = self.files_in_work.lock().unwrap_or_else(|e| e.into_inner());
        while *in_work > 0 && *in_work + weight > ALONE_FILES {
            in_work = self.freed.wait(in_work).unwrap_or_else(|e| e.into_inner());
        }
        *in_work += weight;
        Entry { gate: self, weight }
    }
}

/// An athlete in work (see [`Gate::enter`]).
struct Entry<'g> {
    gate: &'g Gate,
    weight: usize,
}

impl Drop for Entry<'_> {
    fn drop(&mut self) {
        let mut in_work = self
            .gate
            .files_in_work
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        *in_work -= self.weight;
        self.gate.freed.notify_all();
    }
}

/// Runs the pipeline for each request, `handle` taking each athlete as it
/// is analyzed (on the worker's thread), and tells `on_event` in request
/// order. `catalog` reads for the first worker; the others read through
/// [`Catalog::another`] (each its own connection to the same cache).
///
/// In a `team`, one athlete's failure costs that athlete only and the
/// number of athletes analyzed is returned; the first failure is returned
/// only when none was. Otherwise a failure is returned as it is. A team
/// reports progress per athlete; one athlete, per stage.
pub fn analyze_each<R: Send>(
    requests: &[AnalyzeRequest],
    team: bool,
    progress: &dyn Progress,
    catalog: Catalog,
    handle: &(dyn Fn(usize, AthleteRun) -> R + Sync),
    on_event: &mut dyn FnMut(Event<R>),
) -> anyhow::Result<usize> {
    let workers = rayon::current_num_threads().clamp(1, requests.len().max(1));
    let inner: &dyn Progress = if team { &Silent } else { progress };
    if team {
        progress.stage("athletes", Some(requests.len() as u64));
    }
    let next = AtomicUsize::new(0);
    let gate = Gate::new();
    let work = |mut catalog: Catalog, sender: mpsc::Sender<(usize, Outcome<R>)>| loop {
        let index = next.fetch_add(1, Ordering::Relaxed);
        let Some(request) = requests.get(index) else {
            return;
        };
        // A folder that cannot be listed weighs nothing: it fails at once.
        let files = if workers > 1 {
            crate::import::plan(&request.paths).map_or(0, |plan| plan.files.len())
        } else {
            0
        };
        let entry = gate.enter(files);
        let analyzed = analyze_from(request, inner, &mut catalog).map(|run| handle(index, run));
        drop(entry);
        let outcome = Outcome {
            analyzed,
            notices: catalog.take_notices(),
        };
        if sender.send((index, outcome)).is_err() {
            return;
        }
    };
    let (sender, receiver) = mpsc::channel();
    let mut analyzed = 0;
    let mut first_error = None;
    std::thread::scope(|scope| -> anyhow::Result<()> {
        let mut catalogs: Vec<Catalog> = (1..workers).map(|_| catalog.another()).collect();
        catalogs.push(catalog);
        for catalog in catalogs {
            let sender = sender.clone();
            let work = &work;
            std::thread::Builder::new()
                .name("patella-athlete".into())
                .stack_size(WORKER_STACK)
                .spawn_scoped(scope, move || work(catalog, sender))?;
        }
        drop(sender);
        // Athletes finish out of order; each is told once those before it
        // are.
        let mut waiting = BTreeMap::new();
        let mut due = 0;
        for (index, outcome) in receiver {
            waiting.insert(index, outcome);
            while let Some(outcome) = waiting.remove(&due) {
                let index = due;
                due += 1;
                for notice in outcome.notices {
                    on_event(Event::Notice(notice));
                }
                match outcome.analyzed {
                    Ok(handled) => {
                        analyzed += 1;
                        on_event(Event::Done { index, handled });
                    }
                    Err(error) if team => {
                        on_event(Event::Failed {
                            index,
                            folder: requests
                                .get(index)
                                .and_then(|r| r.paths.first())
                                .map(PathBuf::as_path),
                            error: &error,
                        });
                        first_error.get_or_insert(error);
                    }
                    Err(error) => {
                        first_error.get_or_insert(error);
                    }
                }
                if team {
                    progress.step();
                }
            }
        }
        Ok(())
    })?;
    match first_error {
        Some(error) if analyzed == 0 || !team => Err(error),
        _ => Ok(analyzed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicBool;
    use std::time::Duration;

    /// A folder gone before its turn fails that athlete alone, with the
    /// folder named; a file gone from another athlete's folder is one
    /// line of that athlete's skipped list; the others are complete and
    /// everyone is told in order.
    #[test]
    fn a_missing_folder_or_file_costs_its_athlete_only() {
        let dir = tempfile::tempdir().expect("temp dir");
        let run =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/files/run-basic.fit");
        let (first, gone, third) = (
            dir.path().join("first"),
            dir.path().join("gone"),
            dir.path().join("third"),
        );
        for folder in [&first, &third] {
            std::fs::create_dir(folder).expect("folder");
            std::fs::copy(&run, folder.join("run.fit")).expect("copied");
        }
        // A file listed, then gone before it is read: a dangling link.
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.path().join("nowhere.fit"), third.join("gone.fit"))
            .expect("link");
        let requests: Vec<AnalyzeRequest> = [&first, &gone, &third]
            .into_iter()
            .map(|folder| AnalyzeRequest {
                paths: vec![folder.clone()],
                ..AnalyzeRequest::default()
            })
            .collect();
        let mut told = Vec::new();
        let analyzed = analyze_each(
            &requests,
            true,
            &Silent,
            Catalog::uncached(),
            &|index, run| (index, run.log.runs.len(), run.skipped.clone()),
            &mut |event| match event {
                Event::Done { index, handled } => told.push(format!(
                    "{index}: done {} {} run(s), skipped {:?}",
                    handled.0,
                    handled.1,
                    handled
                        .2
                        .iter()
                        .map(|s| s.reason.as_str())
                        .collect::<Vec<_>>()
                )),
                Event::Failed {
                    index,
                    folder,
                    error,
                } => told.push(format!(
                    "{index}: failed {}: {error:#}",
                    folder.map_or(String::new(), |f| f.display().to_string())
                )),
                Event::Notice(_) => {}
            },
        )
        .expect("two athletes analyzed");
        assert_eq!(analyzed, 2);
        assert_eq!(told.len(), 3, "{told:?}");
        assert_eq!(told[0], "0: done 0 1 run(s), skipped []");
        assert!(
            told[1].starts_with(&format!("1: failed {}: ", gone.display()))
                && told[1].ends_with("gone: no such file or folder"),
            "{}",
            told[1]
        );
        #[cfg(unix)]
        assert!(
            told[2].starts_with("2: done 2 1 run(s), skipped [\"cannot read: "),
            "{}",
            told[2]
        );
    }

    /// Small athletes share the workers; a large one waits until the
    /// others are done, and then has the gate to itself.
    #[test]
    fn a_large_athlete_runs_alone() {
        let gate = Gate::new();
        let small = gate.enter(500);
        let other = gate.enter(ALONE_FILES - 500);
        let started = AtomicBool::new(false);
        std::thread::scope(|scope| {
            let large = scope.spawn(|| {
                let entry = gate.enter(12_000);
                started.store(true, Ordering::SeqCst);
                entry
            });
            std::thread::sleep(Duration::from_millis(50));
            assert!(!started.load(Ordering::SeqCst));
            drop(small);
            std::thread::sleep(Duration::from_millis(50));
            assert!(!started.load(Ordering::SeqCst));
            drop(other);
            let entry = large.join().unwrap();
            assert!(started.load(Ordering::SeqCst));
            assert_eq!(*gate.files_in_work.lock().unwrap(), ALONE_FILES);
            drop(entry);
        });
        assert_eq!(*gate.files_in_work.lock().unwrap(), 0);
        // Alone, a large athlete does not wait.
        drop(gate.enter(50_000));
    }
}
