//! `patella init DIR`: a commented patella.toml.

use std::process::ExitCode;

use super::cli::InitArgs;

/// Writes the config into the folder; never overwrites one.
pub fn run(args: &InitArgs) -> anyhow::Result<ExitCode> {
    if !args.dir.is_dir() {
        anyhow::bail!("{}: no such folder", args.dir.display());
    }
    let written = patella::config::init::write_init(&args.dir)?;
    println!("wrote {}", written.display());
    Ok(ExitCode::SUCCESS)
}
