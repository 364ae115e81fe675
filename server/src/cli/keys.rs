//! `motcua keys`: the agencies' signing keys — list the public registry, revoke or rotate
//! an agency's key, re-seal every private key with a new key-encryption key.

use crate::config::Settings;
use crate::database;
use crate::signing::keys::{self, RegisteredKey};

/// Signing keys (khóa ký số).
#[derive(Debug, Clone, clap::Subcommand)]
pub enum KeysCommand {
    /// Print the public registry: key id, agency, valid from, revoked at (one per line).
    List,
    /// Revoke the agency's active key: results it signed at or after the revocation time
    /// are reported "không còn hiệu lực"; the next signature creates a new key.
    Revoke {
        /// The agency's code.
        agency: String,
        /// Revoked as of this instant (RFC 3339, e.g. 2026-12-01T08:00:00+07:00), when the
        /// key is known to have been compromised earlier; default now. Never in the future.
        #[arg(long)]
        at: Option<String>,
        /// Why (kept in the registry and the audit log).
        #[arg(long, default_value = "compromised")]
        reason: String,
    },
    /// Rotate the agency's key: the current key is retired now (what it signed stays
    /// valid) and the next signature creates a new one.
    Rotate {
        /// The agency's code.
        agency: String,
    },
    /// Re-seal every private key with the current MOTCUA_KEY_ENCRYPTION_KEY (after a KEK
    /// rotation; the old KEK goes in MOTCUA_KEY_ENCRYPTION_KEY_PREVIOUS until this ran).
    Rewrap,
}

impl KeysCommand {
    /// Runs the command; the error is one sentence for standard error.
    pub async fn run(&self, settings: &Settings) -> Result<(), String> {
        let pool = database::open(settings).await.map_err(|e| e.to_string())?;
        let now = chrono::Utc::now().timestamp_millis();
        let actor = keys::system_actor();
        match self {
            KeysCommand::List => {
                for k in RegisteredKey::all(&pool).await.map_err(|e| e.to_string())? {
                    let iso = |ms: i64| {
                        chrono::DateTime::from_timestamp_millis(ms)
                            .map(|t| t.to_rfc3339())
                            .unwrap_or_default()
                    };
                    println!(
                        "{} {} {} valid_from={} revoked_at={}",
                        k.key_id,
                        k.agency_code,
                        k.public_key,
                        iso(k.valid_from_ms),
                        k.revoked_at_ms.map_or_else(|| "-".to_owned(), iso)
                    );
                }
                Ok(())
            }
            KeysCommand::Revoke { agency, at, reason } => {
                let at_ms = match at {
                    None => now,
                    Some(text) => chrono::DateTime::parse_from_rfc3339(text.trim())
                        .map_err(|_| {
                            format!("--at: «{text}» không phải thời điểm RFC 3339 (vd. 2026-12-01T08:00:00+07:00)")
                        })?
                        .timestamp_millis(),
                };
                if at_ms > now {
                    return Err("--at: thời điểm thu hồi không được ở tương lai".into());
                }
                let reason = reason.trim();
                if reason.is_empty() || reason.chars().count() > 200 {
                    return Err("--reason: ghi lý do thu hồi (tối đa 200 ký tự)".into());
                }
                revoke(&pool, agency, at_ms, reason, &actor).await
            }
            KeysCommand::Rotate { agency } => revoke(&pool, agency, now, "rotated", &actor).await,
            KeysCommand::Rewrap => {
                let keks = settings.keys.keks().map_err(|e| e.to_string())?;
                let n = keys::rewrap(&pool, &keks)
                    .await
                    .map_err(|e| e.to_string())?;
                println!(
                    "re-sealed {n} key(s) with key-encryption key {}",
                    keks.current.id()
                );
                Ok(())
            }
        }
    }
}

async fn revoke(
    pool: &sqlx::AnyPool,
    agency: &str,
    at_ms: i64,
    reason: &str,
    actor: &crate::processing::Acting,
) -> Result<(), String> {
    match keys::revoke(pool, agency.trim(), at_ms, reason, actor)
        .await
        .map_err(|e| e.to_string())?
    {
        Some(kid) => {
            println!("{kid}");
            Ok(())
        }
        None => Err(format!(
            "cơ quan «{agency}» không có khóa ký đang hoạt động"
        )),
    }
}
