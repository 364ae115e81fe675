//! `motcua result sign`: stamp and sign a dossier's result document from the command line
//! (what operators script and the tests use). It acts as a named staff account and goes
//! through the same rules and the same single transaction as the staff screen
//! (`processing::result::sign`): only the head of the processing agency, or whoever holds
//! the last step, while the dossier is at its last step or decided.

use std::path::PathBuf;

use crate::config::Settings;
use crate::database;
use crate::signing;
use crate::staff::accounts::active_by_username;

/// Result documents (văn bản kết quả).
#[derive(Debug, Clone, clap::Subcommand)]
pub enum ResultCommand {
    /// Stamp the PDF with a verification page and sign it with the agency's key, as the
    /// staff account named by --staff. Prints the verification code and the stamped
    /// file's path on the last line.
    Sign(SignArgs),
}

/// Arguments of `motcua result sign`.
#[derive(Debug, Clone, clap::Args)]
pub struct SignArgs {
    /// The dossier: its code, submission number or id.
    pub dossier: String,
    /// The result document (PDF).
    #[arg(long)]
    pub file: PathBuf,
    /// The signing staff account's sign-in name (its full name is printed on the stamp).
    #[arg(long)]
    pub staff: String,
    /// Also write the stamped PDF here.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

impl ResultCommand {
    /// Runs the command; the error is one sentence for standard error.
    pub async fn run(&self, settings: &Settings) -> Result<(), String> {
        match self {
            ResultCommand::Sign(args) => sign(settings, args).await,
        }
    }
}

async fn sign(settings: &Settings, args: &SignArgs) -> Result<(), String> {
    let pdf = std::fs::read(&args.file)
        .map_err(|e| format!("--file: không đọc được tệp {}: {e}", args.file.display()))?;
    let pool = database::open(settings).await.map_err(|e| e.to_string())?;
    let me = active_by_username(&pool, &args.staff)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| {
            format!(
                "--staff: không có tài khoản cán bộ đang hoạt động «{}»",
                args.staff
            )
        })?;
    let file_name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let store = signing::result_store(&settings.data_dir);
    let record = crate::processing::result::sign(
        &pool,
        &store,
        &settings.keys,
        &settings.public_url,
        &me,
        args.dossier.trim(),
        None,
        &file_name,
        &pdf,
        chrono::Utc::now(),
    )
    .await
    .map_err(|e| match e {
        crate::processing::ActError::NotFound(_) => {
            format!("không có hồ sơ «{}»", args.dossier)
        }
        e => e.to_string(),
    })?;
    let path = match &args.out {
        Some(out) => {
            let bytes = store
                .get(&record.sha256)
                .map_err(|e| format!("không đọc lại được tệp đã ký: {e}"))?;
            std::fs::write(out, bytes)
                .map_err(|e| format!("--out: không ghi được tệp {}: {e}", out.display()))?;
            out.clone()
        }
        None => store.path(&record.sha256),
    };
    println!("{} {}", record.code, path.display());
    Ok(())
}
