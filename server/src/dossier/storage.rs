//! Documents on local disk, stored by content hash (`files/ab/cdef…`), never under the
//! name the citizen gave: two uploads of the same scan share one file, a hostile file
//! name cannot reach the file system, and a file's name proves its content.
//!
//! Writes go to a temporary file in the same directory tree and are renamed into place,
//! so a crash never leaves a half-written file under a hash.
//!
//! The store of citizens' documents carries the malware [`Scanner`] its uploads go
//! through (`uploads::stage` scans before `put`); other stores (signed results, which
//! the server writes itself) have it off.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::ids::{new_id, sha256_hex};
use crate::scan::Scanner;

/// The document store under the data directory.
#[derive(Debug, Clone)]
pub struct FileStore {
    root: PathBuf,
    scanner: Scanner,
}

impl FileStore {
    /// A store in `data_dir/files` (created on first write), scanning off.
    pub fn new(data_dir: &Path) -> Self {
        FileStore {
            root: data_dir.join("files"),
            scanner: Scanner::off(),
        }
    }

    /// The same store, its uploads scanned by `scanner`.
    pub fn with_scanner(mut self, scanner: Scanner) -> Self {
        self.scanner = scanner;
        self
    }

    /// The scanner uploads to this store go through.
    pub fn scanner(&self) -> &Scanner {
        &self.scanner
    }

    /// Where the file with this hash lives.
    pub fn path(&self, sha256: &str) -> PathBuf {
        self.root.join(&sha256[..2]).join(&sha256[2..])
    }

    /// Stores `bytes` and returns their SHA-256 (hex). Storing the same content twice
    /// keeps one file.
    pub fn put(&self, bytes: &[u8]) -> std::io::Result<String> {
        let sha = sha256_hex(bytes);
        let path = self.path(&sha);
        if path.exists() {
            return Ok(sha);
        }
        let dir = path.parent().expect("a hash path has a parent");
        std::fs::create_dir_all(dir)?;
        let tmp = dir.join(format!(".tmp-{}", new_id()));
        let written = (|| {
            let mut file = std::fs::File::create(&tmp)?;
            file.write_all(bytes)?;
            file.sync_all()?;
            std::fs::rename(&tmp, &path)
        })();
        if written.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        written.map(|()| sha)
    }

    /// The bytes of a stored file.
    pub fn get(&self, sha256: &str) -> std::io::Result<Vec<u8>> {
        std::fs::read(self.path(sha256))
    }

    /// Removes a stored file (missing is fine).
    pub fn delete(&self, sha256: &str) -> std::io::Result<()> {
        match std::fs::remove_file(self.path(sha256)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// Every stored hash (for the cleanup job).
    pub fn list(&self) -> std::io::Result<Vec<String>> {
        let mut found = Vec::new();
        let Ok(dirs) = std::fs::read_dir(&self.root) else {
            return Ok(found);
        };
        for dir in dirs {
            let dir = dir?;
            let prefix = dir.file_name().to_string_lossy().into_owned();
            if prefix.len() != 2 || !dir.file_type()?.is_dir() {
                continue;
            }
            for file in std::fs::read_dir(dir.path())? {
                let name = file?.file_name().to_string_lossy().into_owned();
                if !name.starts_with('.') {
                    found.push(format!("{prefix}{name}"));
                }
            }
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_stored_once_by_content_hash() {
        let dir = std::env::temp_dir().join(format!("motcua-store-{}", new_id()));
        let store = FileStore::new(&dir);
        let a = store.put(b"%PDF-1.7 one").unwrap();
        let b = store.put(b"%PDF-1.7 one").unwrap();
        assert_eq!(a, b);
        assert_eq!(store.list().unwrap(), vec![a.clone()]);
        assert_eq!(store.get(&a).unwrap(), b"%PDF-1.7 one");
        assert!(store.path(&a).ends_with(&a[2..]));
        store.delete(&a).unwrap();
        store.delete(&a).unwrap();
        assert!(store.list().unwrap().is_empty());
        std::fs::remove_dir_all(dir).unwrap();
    }
}
