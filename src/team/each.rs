//! The pipeline for each athlete of a team, as many at once as there are
//! cores, told back in athlete order.
//!
//! A coach's hundred small athletes would otherwise leave a core idle
//! through each athlete's single-threaded steps (the log, the analysis,
//! the rules, the report). Each worker holds one athlete at a time and
//! hands it to the caller's `handle` (which writes its report and drops
//! it), so memory holds at most one athlete per worker, never the team.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

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
    let work = |mut catalog: Catalog, sender: mpsc::Sender<(usize, Outcome<R>)>| loop {
        let index = next.fetch_add(1, Ordering::Relaxed);
        let Some(request) = requests.get(index) else {
            return;
        };
        let analyzed = analyze_from(request, inner, &mut catalog).map(|run| handle(index, run));
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
