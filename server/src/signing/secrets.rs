//! The two secrets that are deliberately **not** in the database:
//!
//! - the key-encryption key (KEK, `MOTCUA_KEY_ENCRYPTION_KEY`, base64 of 32 bytes) that
//!   seals every agency's private signing key in `agency_keys` (ChaCha20-Poly1305, see
//!   [`Kek::seal`]); older KEKs named in `MOTCUA_KEY_ENCRYPTION_KEY_PREVIOUS` still open
//!   what they sealed until `motcua keys rewrap` has re-sealed it with the current one;
//! - the audit checkpoint key (`MOTCUA_AUDIT_KEY`, base64 of a 32-byte Ed25519 seed, or
//!   `MOTCUA_AUDIT_KEY_FILE`, a file holding that text), which signs the audit log's
//!   daily checkpoints (`crate::audit::checkpoint`).
//!
//! Whoever can write the database must not also hold these: that is the whole point. In
//! development (neither set), each is generated once into a file under the data
//! directory, `keys/`, and every process that uses one says "development only" in its
//! log. [`KeySettings::is_configured`] tells the production check whether both come from
//! the environment.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Once;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, CHACHA20_POLY1305, NONCE_LEN};

use crate::config::ConfigError;
use crate::ids::sha256_hex;

/// The KEK's environment variable.
pub const KEK_VAR: &str = "MOTCUA_KEY_ENCRYPTION_KEY";
/// Earlier KEKs, comma-separated, still accepted for opening (rotation).
pub const PREVIOUS_KEK_VAR: &str = "MOTCUA_KEY_ENCRYPTION_KEY_PREVIOUS";
/// The audit checkpoint key's environment variable.
pub const AUDIT_KEY_VAR: &str = "MOTCUA_AUDIT_KEY";
/// A file holding the audit checkpoint key (instead of [`AUDIT_KEY_VAR`]).
pub const AUDIT_KEY_FILE_VAR: &str = "MOTCUA_AUDIT_KEY_FILE";

/// Where the key secrets come from. Cheap to clone; never prints a secret.
#[derive(Clone)]
pub struct KeySettings {
    kek: Option<[u8; 32]>,
    previous: Vec<[u8; 32]>,
    audit: AuditKeySource,
    data_dir: PathBuf,
}

#[derive(Clone)]
enum AuditKeySource {
    Value([u8; 32]),
    File(PathBuf),
    Development,
}

impl std::fmt::Debug for KeySettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeySettings")
            .field("kek_configured", &self.kek.is_some())
            .field("previous_keks", &self.previous.len())
            .field(
                "audit_key",
                &match &self.audit {
                    AuditKeySource::Value(_) => "environment".to_owned(),
                    AuditKeySource::File(p) => p.display().to_string(),
                    AuditKeySource::Development => "development file".to_owned(),
                },
            )
            .finish()
    }
}

/// A secret that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// A development key file cannot be read or written.
    #[error("{what} ({path}): {source}")]
    File {
        /// Which key.
        what: &'static str,
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A key file holds something that is not a base64 32-byte key.
    #[error("{0}: the file does not hold a base64 32-byte key")]
    Malformed(String),
}

fn key32(text: &str) -> Option<[u8; 32]> {
    B64.decode(text.trim()).ok()?.try_into().ok()
}

impl KeySettings {
    /// Reads `MOTCUA_KEY_ENCRYPTION_KEY`, `MOTCUA_KEY_ENCRYPTION_KEY_PREVIOUS`,
    /// `MOTCUA_AUDIT_KEY` and `MOTCUA_AUDIT_KEY_FILE`; a value of the wrong shape is an
    /// error naming the variable (never echoing it).
    pub fn from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
        data_dir: &Path,
    ) -> Result<Self, ConfigError> {
        let get = |key: &str| {
            lookup(key)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let invalid = |setting: &'static str| ConfigError::Invalid {
            setting,
            reason:
                "it must be the base64 of exactly 32 random bytes (e.g. `openssl rand -base64 32`)"
                    .into(),
        };
        let kek = get(KEK_VAR)
            .map(|v| key32(&v).ok_or_else(|| invalid(KEK_VAR)))
            .transpose()?;
        let previous = get(PREVIOUS_KEK_VAR)
            .map(|v| {
                v.split(',')
                    .filter(|p| !p.trim().is_empty())
                    .map(|p| key32(p).ok_or_else(|| invalid(PREVIOUS_KEK_VAR)))
                    .collect::<Result<Vec<_>, _>>()
            })
            .transpose()?
            .unwrap_or_default();
        let audit = match (get(AUDIT_KEY_VAR), get(AUDIT_KEY_FILE_VAR)) {
            (Some(_), Some(_)) => {
                return Err(ConfigError::Invalid {
                    setting: AUDIT_KEY_VAR,
                    reason: format!("set either it or {AUDIT_KEY_FILE_VAR}, not both"),
                })
            }
            (Some(v), None) => {
                AuditKeySource::Value(key32(&v).ok_or_else(|| invalid(AUDIT_KEY_VAR))?)
            }
            (None, Some(path)) => AuditKeySource::File(PathBuf::from(path)),
            (None, None) => AuditKeySource::Development,
        };
        Ok(KeySettings {
            kek,
            previous,
            audit,
            data_dir: data_dir.to_owned(),
        })
    }

    /// Whether both secrets come from the environment (or a named file) rather than the
    /// development files: what a production deployment must have.
    pub fn is_configured(&self) -> bool {
        self.kek.is_some() && !matches!(self.audit, AuditKeySource::Development)
    }

    /// The variables still missing for [`KeySettings::is_configured`].
    pub fn missing(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        if self.kek.is_none() {
            missing.push(KEK_VAR);
        }
        if matches!(self.audit, AuditKeySource::Development) {
            missing.push(AUDIT_KEY_VAR);
        }
        missing
    }

    /// The KEKs: the current one (from the environment, else the development file) and
    /// the previous ones.
    pub fn keks(&self) -> Result<Keyring, KeyError> {
        let current = match self.kek {
            Some(k) => k,
            None => {
                static WARNED: Once = Once::new();
                let path = self.data_dir.join("keys").join("dev-key-encryption-key");
                let key = dev_key(&path, "the development key-encryption key")?;
                WARNED.call_once(|| {
                    tracing::warn!(
                        file = %path.display(),
                        "{KEK_VAR} is not set: agency signing keys are sealed with a key kept in \
                         this file, next to the data. DEVELOPMENT ONLY: set {KEK_VAR} in production"
                    )
                });
                key
            }
        };
        Ok(Keyring {
            current: Kek(current),
            previous: self.previous.iter().map(|k| Kek(*k)).collect(),
        })
    }

    /// The audit checkpoint key's 32-byte Ed25519 seed.
    pub fn audit_seed(&self) -> Result<[u8; 32], KeyError> {
        match &self.audit {
            AuditKeySource::Value(k) => Ok(*k),
            AuditKeySource::File(path) => {
                let text = std::fs::read_to_string(path).map_err(|source| KeyError::File {
                    what: AUDIT_KEY_FILE_VAR,
                    path: path.display().to_string(),
                    source,
                })?;
                key32(&text).ok_or_else(|| KeyError::Malformed(AUDIT_KEY_FILE_VAR.into()))
            }
            AuditKeySource::Development => {
                static WARNED: Once = Once::new();
                let path = self.data_dir.join("keys").join("dev-audit-checkpoint-key");
                let key = dev_key(&path, "the development audit checkpoint key")?;
                WARNED.call_once(|| {
                    tracing::warn!(
                        file = %path.display(),
                        "{AUDIT_KEY_VAR} is not set: audit checkpoints are signed with a key kept in \
                         this file, next to the data. DEVELOPMENT ONLY: set {AUDIT_KEY_VAR} or \
                         {AUDIT_KEY_FILE_VAR} (a key outside the database's reach) in production"
                    )
                });
                Ok(key)
            }
        }
    }
}

/// Reads a development key file, creating it (mode 0600) with 32 random bytes if
/// missing. Two processes starting at once: one creates, the other reads.
fn dev_key(path: &Path, what: &'static str) -> Result<[u8; 32], KeyError> {
    let io = |source| KeyError::File {
        what,
        path: path.display().to_string(),
        source,
    };
    if let Ok(text) = std::fs::read_to_string(path) {
        return key32(&text).ok_or_else(|| KeyError::Malformed(path.display().to_string()));
    }
    std::fs::create_dir_all(path.parent().unwrap_or(Path::new("."))).map_err(io)?;
    let mut key = [0u8; 32];
    getrandom::fill(&mut key).map_err(|e| io(std::io::Error::other(e.to_string())))?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(mut file) => {
            file.write_all(format!("{}\n", B64.encode(key)).as_bytes())
                .and_then(|()| file.sync_all())
                .map_err(io)?;
            Ok(key)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let text = std::fs::read_to_string(path).map_err(io)?;
            key32(&text).ok_or_else(|| KeyError::Malformed(path.display().to_string()))
        }
        Err(e) => Err(io(e)),
    }
}

/// One key-encryption key.
#[derive(Clone)]
pub struct Kek([u8; 32]);

/// Why a sealed secret could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// No configured KEK has this id.
    #[error(
        "sealed with key-encryption key {0}, which is neither {KEK_VAR} nor in {PREVIOUS_KEK_VAR}"
    )]
    UnknownKek(String),
    /// The text is not a sealed secret, or authentication failed (wrong associated
    /// data, altered ciphertext).
    #[error("the sealed secret is damaged or belongs to another key/agency")]
    Damaged,
}

impl Kek {
    /// A short public identifier of the KEK (not a secret: a hash of it), stored with
    /// each sealed secret so that rotation knows which ones to re-seal.
    pub fn id(&self) -> String {
        let mut bytes = b"motcua-kek-id-v1\n".to_vec();
        bytes.extend_from_slice(&self.0);
        sha256_hex(&bytes)[..16].to_owned()
    }

    fn cipher(&self) -> LessSafeKey {
        LessSafeKey::new(
            UnboundKey::new(&CHACHA20_POLY1305, &self.0).expect("a 32-byte ChaCha20 key"),
        )
    }

    /// Seals `secret` bound to `context` (associated data: the agency code and key id),
    /// as `v1.{kek id}.{base64(nonce ‖ ciphertext ‖ tag)}`. The nonce is 96 random bits:
    /// a KEK seals a handful of keys, far from any collision risk.
    pub fn seal(&self, secret: &[u8], context: &str) -> String {
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce).expect("the operating system's random source");
        let mut data = secret.to_vec();
        self.cipher()
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(context.as_bytes()),
                &mut data,
            )
            .expect("sealing a short secret");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&data);
        format!("v1.{}.{}", self.id(), B64.encode(out))
    }

    fn open(&self, blob: &[u8], context: &str) -> Result<Vec<u8>, OpenError> {
        if blob.len() < NONCE_LEN + 16 {
            return Err(OpenError::Damaged);
        }
        let (nonce, sealed) = blob.split_at(NONCE_LEN);
        let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| OpenError::Damaged)?;
        let mut data = sealed.to_vec();
        let plain = self
            .cipher()
            .open_in_place(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(context.as_bytes()),
                &mut data,
            )
            .map_err(|_| OpenError::Damaged)?;
        Ok(plain.to_vec())
    }
}

/// The current KEK and the previous ones.
#[derive(Clone)]
pub struct Keyring {
    /// Seals new secrets.
    pub current: Kek,
    /// Only open.
    pub previous: Vec<Kek>,
}

impl Keyring {
    /// Opens a secret sealed by [`Kek::seal`] with any KEK of the ring.
    pub fn open(&self, sealed: &str, context: &str) -> Result<Vec<u8>, OpenError> {
        let mut parts = sealed.trim().splitn(3, '.');
        let (Some("v1"), Some(kek_id), Some(body)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(OpenError::Damaged);
        };
        let blob = B64.decode(body).map_err(|_| OpenError::Damaged)?;
        let kek = std::iter::once(&self.current)
            .chain(&self.previous)
            .find(|k| k.id() == kek_id)
            .ok_or_else(|| OpenError::UnknownKek(kek_id.to_owned()))?;
        kek.open(&blob, context)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(vars: &[(&str, &str)], dir: &Path) -> Result<KeySettings, ConfigError> {
        let vars: std::collections::HashMap<_, _> = vars.iter().cloned().collect();
        KeySettings::from_lookup(|k| vars.get(k).map(|v| v.to_string()), dir)
    }

    #[test]
    fn sealed_secrets_open_only_with_their_context_and_a_known_kek() {
        let old = Kek([1; 32]);
        let new = Kek([2; 32]);
        let sealed = old.seal(b"seed", "agency-A|kid");
        assert!(!sealed.contains("seed"));
        let ring = Keyring {
            current: new.clone(),
            previous: vec![old.clone()],
        };
        assert_eq!(ring.open(&sealed, "agency-A|kid").unwrap(), b"seed");
        assert!(matches!(
            ring.open(&sealed, "agency-B|kid"),
            Err(OpenError::Damaged)
        ));
        let without_old = Keyring {
            current: new,
            previous: vec![],
        };
        assert!(matches!(
            without_old.open(&sealed, "agency-A|kid"),
            Err(OpenError::UnknownKek(_))
        ));
        let mut tampered = sealed.clone();
        tampered.pop();
        tampered.push(if sealed.ends_with('A') { 'B' } else { 'A' });
        assert!(ring.open(&tampered, "agency-A|kid").is_err());
    }

    #[test]
    fn bad_values_name_their_variable_and_development_keys_persist() {
        let dir = std::env::temp_dir().join(format!("motcua-secrets-{}", std::process::id()));
        for (var, value) in [
            (KEK_VAR, "short"),
            (PREVIOUS_KEK_VAR, "AAAA"),
            (AUDIT_KEY_VAR, "not base64!"),
        ] {
            let message = settings(&[(var, value)], &dir).unwrap_err().to_string();
            assert!(
                message.starts_with(var) && !message.contains(value),
                "{message}"
            );
        }
        let dev = settings(&[], &dir).unwrap();
        assert!(!dev.is_configured());
        assert_eq!(dev.missing(), vec![KEK_VAR, AUDIT_KEY_VAR]);
        let first = dev.keks().unwrap().current.id();
        assert_eq!(
            dev.keks().unwrap().current.id(),
            first,
            "the file is reused"
        );
        assert_eq!(dev.audit_seed().unwrap(), dev.audit_seed().unwrap());
        let key = B64.encode([7u8; 32]);
        let prod = settings(&[(KEK_VAR, &key), (AUDIT_KEY_VAR, &key)], &dir).unwrap();
        assert!(prod.is_configured());
        assert!(!format!("{prod:?}").contains(&key));
        std::fs::remove_dir_all(dir).unwrap();
    }
}
