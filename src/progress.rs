//! Progress of a long run, reported by the stages and shown by the binary:
//! a bar on stderr when stderr is a terminal, nothing otherwise (a log file
//! or a pipe gets no control characters) and nothing with `--quiet`.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// What the stages report. Every method may be called from several
/// threads at once.
pub trait Progress: Sync {
    /// A new stage starts, with its number of steps when known.
    fn stage(&self, _name: &str, _steps: Option<u64>) {}
    /// One step of the current stage is done.
    fn step(&self) {}
    /// All stages are done.
    fn finish(&self) {}
    /// Runs `print` with the progress off the screen, for lines printed
    /// while the work goes on.
    fn suspend(&self, print: &mut dyn FnMut()) {
        print();
    }
}

/// Reports nothing.
pub struct Silent;

impl Progress for Silent {}

/// An indicatif bar on stderr.
pub struct Bar {
    bar: ProgressBar,
}

impl Bar {
    /// A bar when `show` and stderr is a terminal; otherwise `None`.
    pub fn on_terminal(show: bool) -> Option<Bar> {
        if !show || !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
            return None;
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        Some(Bar { bar })
    }
}

impl Progress for Bar {
    fn stage(&self, name: &str, steps: Option<u64>) {
        let template = match steps {
            Some(_) => "{msg:>12} [{bar:30}] {pos}/{len} {elapsed}",
            None => "{msg:>12} {spinner} {elapsed}",
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            self.bar.set_style(style.progress_chars("=> "));
        }
        self.bar.set_message(name.to_string());
        self.bar.set_position(0);
        self.bar.set_length(steps.unwrap_or(0));
        if steps.is_none() {
            self.bar
                .enable_steady_tick(std::time::Duration::from_millis(120));
        } else {
            self.bar.disable_steady_tick();
        }
    }

    fn step(&self) {
        self.bar.inc(1);
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }

    fn suspend(&self, print: &mut dyn FnMut()) {
        self.bar.suspend(print);
    }
}
