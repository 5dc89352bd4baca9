//! Writes a large Apple Health export for the benchmark:
//! `cargo run --release --example gen_apple_export -- DIR [MB] [WORKOUTS]`
//! writes `DIR/apple_health_export/export.xml` (default 1000 MB, 1,000
//! workouts); see `benches/apple_export.sh`.

use std::io::{BufWriter, Write};
use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "/tmp/apple-big".into()));
    let megabytes: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let workouts: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let folder = dir.join("apple_health_export");
    std::fs::create_dir_all(&folder)?;
    let path = folder.join("export.xml");
    let mut out = BufWriter::with_capacity(1 << 20, std::fs::File::create(&path)?);
    let written =
        patella_synth::apple_health::write_large_export(&mut out, megabytes * 1_000_000, workouts)?;
    out.flush()?;
    println!("wrote {} ({:.1} MB)", path.display(), written as f64 / 1e6);
    Ok(())
}
