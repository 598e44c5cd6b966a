//! Files the console writes for the operator (`:export`): a new file, or an
//! existing one replaced only when asked, named back by its absolute path.

use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` (relative to the current directory). An existing
/// file is an `AlreadyExists` error unless `overwrite`.
pub fn write_new(path: &Path, bytes: &[u8], overwrite: bool) -> io::Result<PathBuf> {
    let path = std::path::absolute(path)?;
    let mut options = OpenOptions::new();
    options.write(true);
    if overwrite {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    let mut file = options.open(&path)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    Ok(path)
}
