//! `motcua audit`: verify the audit log's chains and checkpoints, make checkpoints now,
//! print the checkpoint key's public half (to hand to whoever verifies independently).

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ed25519_dalek::SigningKey;

use crate::audit::{checkpoint, verify};
use crate::config::Settings;
use crate::database;

/// The audit log (nhật ký kiểm toán).
#[derive(Debug, Clone, clap::Subcommand)]
pub enum AuditCommand {
    /// Re-compute every chain and check every checkpoint; name the first broken entry.
    /// Exit status 1 when anything is broken.
    Verify {
        /// An accepted checkpoint public key (base64, 32 bytes); repeat for keys used
        /// before a rotation. Default: the public half of the configured MOTCUA_AUDIT_KEY.
        #[arg(long = "public-key")]
        public_keys: Vec<String>,
    },
    /// Sign checkpoints of every chain with new entries now (the server does this every
    /// hour). Refuses when the log does not verify.
    Checkpoint,
    /// Print the audit checkpoint key's public half (base64) and key id.
    PublicKey,
}

impl AuditCommand {
    /// Runs the command; the error is one sentence for standard error.
    pub async fn run(&self, settings: &Settings) -> Result<(), String> {
        let pool = database::open(settings).await.map_err(|e| e.to_string())?;
        let configured = || -> Result<[u8; 32], String> {
            let seed = settings.keys.audit_seed().map_err(|e| e.to_string())?;
            Ok(SigningKey::from_bytes(&seed).verifying_key().to_bytes())
        };
        match self {
            AuditCommand::Verify { public_keys } => {
                let keys = if public_keys.is_empty() {
                    vec![configured()?]
                } else {
                    public_keys
                        .iter()
                        .map(|k| {
                            B64.decode(k.trim())
                                .ok()
                                .and_then(|b| <[u8; 32]>::try_from(b).ok())
                                .ok_or_else(|| {
                                    format!("--public-key: «{k}» không phải khóa công khai base64 32 byte")
                                })
                        })
                        .collect::<Result<_, _>>()?
                };
                let report = verify::verify(&pool, &keys)
                    .await
                    .map_err(|e| e.to_string())?;
                println!(
                    "entries: {} in {} day(s); checkpoints: {}; not yet checkpointed: {}; \
                     before the chain (not checkable): {}",
                    report.entries,
                    report.days,
                    report.checkpoints,
                    report.uncovered,
                    report.legacy_entries
                );
                for problem in &report.problems {
                    println!("BROKEN {problem}");
                }
                match report.problems.first() {
                    None => {
                        println!("OK");
                        Ok(())
                    }
                    Some(first) => Err(format!(
                        "nhật ký kiểm toán bị can thiệp ({} lỗi); mục hỏng đầu tiên: {first}",
                        report.problems.len()
                    )),
                }
            }
            AuditCommand::Checkpoint => {
                let made = checkpoint::run(
                    &pool,
                    &settings.keys,
                    chrono::Utc::now().timestamp_millis(),
                    true,
                )
                .await
                .map_err(|e| e.to_string())?;
                for cp in &made {
                    println!(
                        "#{} {} #{} {} {}",
                        cp.number, cp.day, cp.seq, cp.last_hash, cp.signature
                    );
                }
                Ok(())
            }
            AuditCommand::PublicKey => {
                let public = configured()?;
                println!(
                    "{} {}",
                    B64.encode(public),
                    crate::signing::keys::key_id(&public)
                );
                Ok(())
            }
        }
    }
}
