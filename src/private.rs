//! Files and directories that only their owner may read: the state directory, the
//! log and the audit trail hold tenant data (ids, names, who changed what).

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

/// Creates `dir` and any missing parent with mode 0700, whatever the umask (under
/// `umask 000` a plain `create_dir_all` makes them 0777). A directory that exists
/// already is left as it is: it may be shared, and it is not orgdeck's to change.
pub fn create_dir(dir: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Opens `path` for appending, created 0600; a file an older version (or the
/// operator) left readable by group or others is tightened to 0600.
pub fn open_append(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = file.metadata()?.permissions().mode();
        if mode & 0o077 != 0 {
            file.set_permissions(std::fs::Permissions::from_mode(mode & 0o700))?;
        }
    }
    Ok(file)
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn a_file_left_open_to_others_is_tightened() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("trail.jsonl");
        open_append(&path).unwrap();
        assert_eq!(mode(&path), 0o600);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        open_append(&path).unwrap();
        assert_eq!(mode(&path), 0o600);
    }

    #[test]
    fn new_directories_are_the_owners_alone() {
        let dir = tempfile::tempdir().unwrap();
        let inner = dir.path().join("state").join("logs");
        create_dir(&inner).unwrap();
        assert_eq!(mode(&inner), 0o700);
        assert_eq!(mode(&dir.path().join("state")), 0o700);
        create_dir(&inner).unwrap();
    }
}
