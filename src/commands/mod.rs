//! One file per command, each built on library calls; what stays here is
//! the command line's part: choosing stdout or the terminal, printing and
//! the exit code.

pub mod analyze;
pub mod cache;
pub mod cli;
pub mod import;
pub mod init;

/// A progress bar on stderr when it is a terminal and not `quiet`.
fn progress_bar(quiet: bool) -> Option<patella::progress::Bar> {
    patella::progress::Bar::on_terminal(!quiet)
}

/// The bar as the library takes it; silent without one.
fn progress_of(bar: &Option<patella::progress::Bar>) -> &dyn patella::progress::Progress {
    match bar {
        Some(bar) => bar,
        None => &patella::progress::Silent,
    }
}

/// The catalog the command reads through: the user's cache unless
/// `--no-cache`.
fn catalog(no_cache: bool) -> patella::catalog::Catalog {
    if no_cache {
        patella::catalog::Catalog::uncached()
    } else {
        patella::catalog::Catalog::open(None)
    }
}

/// True when the error is a closed stdout (`patella import ... | head`).
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        let kind = cause
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind)
            .or_else(|| {
                cause
                    .downcast_ref::<serde_json::Error>()
                    .and_then(serde_json::Error::io_error_kind)
            });
        kind == Some(std::io::ErrorKind::BrokenPipe)
    })
}
