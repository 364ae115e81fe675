//! `motcua result sign`: stamp and sign a dossier's result document from the command line
//! (until the staff screens exist; also what operators script and the tests use). Unlike
//! the other commands of this module it needs the configuration and the database.

use std::path::PathBuf;

use crate::config::Settings;
use crate::database;
use crate::signing::{self, SignRequest, Signer};

/// Result documents (văn bản kết quả).
#[derive(Debug, Clone, clap::Subcommand)]
pub enum ResultCommand {
    /// Stamp the PDF with a verification page and sign it with the agency's key. Prints
    /// the verification code and the stamped file's path on the last line.
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
    /// The signer's full name, printed on the stamp.
    #[arg(long)]
    pub signer: String,
    /// The signer's staff identifier (default: the name).
    #[arg(long)]
    pub signer_id: Option<String>,
    /// The signing agency's code (default: the dossier's receiving unit).
    #[arg(long)]
    pub agency: Option<String>,
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
    let row = sqlx::query(
        "SELECT id, receiving_unit FROM dossiers WHERE code = $1 OR submission_no = $1 OR id = $1",
    )
    .bind(args.dossier.trim())
    .fetch_optional(&pool)
    .await
    .map_err(|e| e.to_string())?
    .ok_or_else(|| format!("không có hồ sơ «{}»", args.dossier))?;
    use sqlx::Row;
    let dossier_id: String = row.try_get(0).map_err(|e| e.to_string())?;
    let unit: String = row.try_get(1).map_err(|e| e.to_string())?;
    let agency = args.agency.clone().unwrap_or(unit);
    let signer = Signer {
        name: args.signer.clone(),
        id: args
            .signer_id
            .clone()
            .unwrap_or_else(|| args.signer.clone()),
    };
    let file_name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let store = signing::result_store(&settings.data_dir);
    let signed = signing::sign_result(
        &pool,
        &store,
        &SignRequest {
            agency_code: &agency,
            dossier_id: &dossier_id,
            signer: &signer,
            file_name: &file_name,
            pdf: &pdf,
            public_url: &settings.public_url,
        },
        chrono::Utc::now(),
    )
    .await
    .map_err(|e| e.to_string())?;
    let path = match &args.out {
        Some(out) => {
            std::fs::write(out, &signed.pdf)
                .map_err(|e| format!("--out: không ghi được tệp {}: {e}", out.display()))?;
            out.clone()
        }
        None => store.path(&signed.record.sha256),
    };
    println!("{} {}", signed.record.code, path.display());
    Ok(())
}
