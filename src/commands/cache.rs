//! `patella cache clear|path`.

use std::process::ExitCode;

use anyhow::Context;

use super::cli::CacheAction;

/// Prints the cache's folder or deletes the cache.
pub fn run(action: CacheAction) -> anyhow::Result<ExitCode> {
    let dir = patella::cache::Cache::default_dir().context(
        "no cache folder: set PATELLA_CACHE_DIR (or HOME, XDG_CACHE_HOME, LOCALAPPDATA)",
    )?;
    match action {
        CacheAction::Path => println!("{}", dir.display()),
        CacheAction::Clear => {
            let freed = patella::cache::clear(&dir)
                .with_context(|| format!("cannot clear the cache in {}", dir.display()))?;
            println!(
                "cleared {} ({:.1} MB freed)",
                dir.display(),
                freed as f64 / 1_000_000.0
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
