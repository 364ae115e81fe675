//! `motcua`: the server binary and its administration commands.
//!
//! Errors are printed as one sentence on standard error, naming the setting to fix, and
//! the process exits with status 1 (2 for a bad command line or bad input, as clap does).
//! The `calendar` and `deadline` commands need no configuration and no database.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use motcua_server::catalog::seed::{self, SeedOutcome};
use motcua_server::cli::{calendar::CalendarCommand, deadline::DeadlineArgs};
use motcua_server::config::Settings;
use motcua_server::{database, startup, telemetry};

/// motcua — the open one-stop system for Vietnamese administrative procedures.
///
/// Settings come from motcua.toml (or MOTCUA_CONFIG) and the environment:
/// MOTCUA_BIND, MOTCUA_DATA_DIR, DATABASE_URL, MOTCUA_JURISDICTION, MOTCUA_SITE_ROOT,
/// MOTCUA_LOG_FORMAT.
#[derive(Parser)]
#[command(name = "motcua", version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the portal and the API (the default). Applies pending migrations first.
    Serve,
    /// Apply pending database migrations, then exit.
    Migrate,
    /// Load the demo procedure catalogue (migrates first). Idempotent.
    SeedDemo {
        /// Do nothing if the catalogue already holds procedures.
        #[arg(long)]
        if_empty: bool,
        /// Also create the demo staff accounts (one per role and unit, see README) with
        /// this password; existing accounts are left as they are.
        #[arg(long, env = "MOTCUA_DEMO_STAFF_PASSWORD")]
        staff_password: Option<String>,
    },
    /// Staff accounts.
    Staff {
        #[command(subcommand)]
        command: StaffCommand,
    },
    /// The working-day calendar (holidays, swaps) and the lunar calendar.
    Calendar {
        #[command(subcommand)]
        command: CalendarCommand,
    },
    /// Compute when the clock starts and the appointment (ngày hẹn trả kết quả).
    Deadline(DeadlineArgs),
    /// Dossier operations for the one-stop desk (until the staff screens exist).
    Dossier {
        #[command(subcommand)]
        command: DossierCommand,
    },
    /// Result documents: stamp and sign a dossier's result PDF (verifiable at /verify).
    Result {
        #[command(subcommand)]
        command: motcua_server::cli::result::ResultCommand,
    },
    /// Agencies' signing keys: list, revoke, rotate, re-seal with a new KEK.
    Keys {
        #[command(subcommand)]
        command: motcua_server::cli::keys::KeysCommand,
    },
    /// The audit log: verify its chains and signed checkpoints, checkpoint now.
    Audit {
        #[command(subcommand)]
        command: motcua_server::cli::audit::AuditCommand,
    },
    /// Remove abandoned staged uploads and files nothing points to, then exit.
    Cleanup {
        /// Age in minutes after which a staged upload is abandoned (default: one day).
        #[arg(long, default_value_t = 24 * 60)]
        max_age_minutes: i64,
    },
}

#[derive(Subcommand)]
enum StaffCommand {
    /// Create a staff account (e.g. the first system administrator). The password is
    /// read from MOTCUA_STAFF_PASSWORD so that it stays out of the shell history.
    Add {
        /// Sign-in name (a–z, 0–9, . _ -).
        username: String,
        /// Full name.
        #[arg(long)]
        name: String,
        /// Unit (agency code, e.g. H15.01).
        #[arg(long)]
        unit: String,
        /// one_stop_officer, specialist, head_of_division, head_of_agency, agency_admin, system_admin.
        #[arg(long)]
        role: String,
        /// E-mail for deadline warnings.
        #[arg(long)]
        email: Option<String>,
        /// The password.
        #[arg(long, env = "MOTCUA_STAFF_PASSWORD", hide_env_values = true)]
        password: String,
    },
}

#[derive(Subcommand)]
enum DossierCommand {
    /// Receive an online dossier awaiting reception: gives it its code and appointment
    /// (computed from the server's clock) and notifies the applicant. Prints the code.
    Receive {
        /// The submission number (e.g. TN-261122-000001).
        number: String,
        /// The receiving officer's name, as printed on the receipt.
        #[arg(long)]
        officer: String,
    },
    /// Ask the applicant for every missing item at once (form 02): status 5, the clock
    /// pauses, the applicant is notified and answers online.
    RequestSupplement {
        /// The submission number or code.
        number: String,
        /// One missing or incorrect item (repeat for each).
        #[arg(long = "item", required = true)]
        items: Vec<String>,
        /// Why the dossier is incomplete.
        #[arg(long, default_value = "Hồ sơ chưa đầy đủ theo quy định")]
        reason: String,
        /// The officer's name.
        #[arg(long)]
        officer: String,
        /// Reason for a second request (SPEC §3 allows one; a second is flagged).
        #[arg(long)]
        override_reason: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let offline = match &cli.command {
        Some(Command::Calendar { command }) => Some(command.run()),
        Some(Command::Deadline(args)) => Some(args.run()),
        _ => None,
    };
    if let Some(result) = offline {
        return match result {
            Ok(output) => {
                print!("{output}");
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("motcua: {error}");
                ExitCode::from(2)
            }
        };
    }
    let settings = match Settings::load() {
        Ok(settings) => settings,
        Err(error) => return fail(&error),
    };
    telemetry::init(settings.log_json);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => return fail(&format!("cannot start the async runtime: {error}")),
    };
    let result = runtime.block_on(async move {
        match cli.command.unwrap_or(Command::Serve) {
            Command::Serve => startup::serve(settings).await.map_err(|e| e.to_string()),
            Command::Migrate => migrate(&settings).await,
            Command::SeedDemo {
                if_empty,
                staff_password,
            } => seed_demo(&settings, if_empty, staff_password.as_deref()).await,
            Command::Staff {
                command:
                    StaffCommand::Add {
                        username,
                        name,
                        unit,
                        role,
                        email,
                        password,
                    },
            } => {
                let pool = database::open(&settings).await.map_err(|e| e.to_string())?;
                let role = role.parse().map_err(|e| format!("{e}"))?;
                let new = motcua_server::staff::accounts::NewStaff {
                    username,
                    full_name: name,
                    unit_code: unit,
                    role,
                    email,
                    password,
                };
                let made = motcua_server::staff::accounts::create(
                    &pool,
                    &new,
                    None,
                    chrono::Utc::now().timestamp_millis(),
                )
                .await
                .map_err(|e| e.to_string())?;
                println!(
                    "{} {} {}",
                    made.username,
                    made.unit_code,
                    made.role.as_str()
                );
                Ok(())
            }
            Command::Dossier {
                command: DossierCommand::Receive { number, officer },
            } => receive(&settings, &number, &officer).await,
            Command::Dossier {
                command:
                    DossierCommand::RequestSupplement {
                        number,
                        items,
                        reason,
                        officer,
                        override_reason,
                    },
            } => {
                let pool = database::open(&settings).await.map_err(|e| e.to_string())?;
                let catalog = motcua_server::catalog::SqlCatalog::new(pool.clone());
                motcua_server::dossier::supplement::request(
                    &pool,
                    &catalog,
                    &motcua_server::startup::notices_context(&settings),
                    &number,
                    &items,
                    &reason,
                    &officer,
                    override_reason.as_deref(),
                    chrono::Utc::now(),
                )
                .await
                .map_err(|e| match e {
                    // The CLI's way to give the reason the rule asks for.
                    motcua_server::processing::ActError::Refused(
                        motcua_core::workflow::WorkflowError::SecondSupplement,
                    ) => format!("{e} (--override-reason)"),
                    e => e.to_string(),
                })
            }
            Command::Result { command } => command.run(&settings).await,
            Command::Keys { command } => command.run(&settings).await,
            Command::Audit { command } => command.run(&settings).await,
            Command::Cleanup { max_age_minutes } => cleanup(&settings, max_age_minutes).await,
            Command::Calendar { .. } | Command::Deadline(_) => unreachable!("handled above"),
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => fail(&message),
    }
}

fn fail(message: &dyn std::fmt::Display) -> ExitCode {
    eprintln!("motcua: {message}");
    ExitCode::FAILURE
}

async fn receive(settings: &Settings, number: &str, officer: &str) -> Result<(), String> {
    let pool = database::open(settings).await.map_err(|e| e.to_string())?;
    let catalog = motcua_server::catalog::SqlCatalog::new(pool.clone());
    let receipt = motcua_server::dossier::receive::receive(
        &pool,
        &catalog,
        &motcua_server::startup::notices_context(settings),
        number,
        officer,
        chrono::Utc::now(),
    )
    .await
    .map_err(|e| e.to_string())?;
    let due = receipt.due.map_or_else(
        || "none".to_owned(),
        |d| d.format("%Y-%m-%dT%H:%M").to_string(),
    );
    println!("{} {due}", receipt.code);
    Ok(())
}

async fn cleanup(settings: &Settings, max_age_minutes: i64) -> Result<(), String> {
    let pool = database::open(settings).await.map_err(|e| e.to_string())?;
    let files = motcua_server::dossier::storage::FileStore::new(&settings.data_dir);
    let report = motcua_server::dossier::uploads::cleanup(
        &pool,
        &files,
        chrono::Utc::now().timestamp_millis(),
        max_age_minutes * 60 * 1000,
    )
    .await
    .map_err(|e| e.to_string())?;
    println!(
        "expired uploads: {}, orphan files: {}",
        report.expired_uploads, report.orphan_files
    );
    Ok(())
}

async fn migrate(settings: &Settings) -> Result<(), String> {
    database::open(settings).await.map_err(|e| e.to_string())?;
    tracing::info!(database = settings.database.backend(), "migrations applied");
    Ok(())
}

async fn seed_demo(
    settings: &Settings,
    if_empty: bool,
    staff_password: Option<&str>,
) -> Result<(), String> {
    let pool = database::open(settings).await.map_err(|e| e.to_string())?;
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
    match seed::seed_demo(&pool, if_empty, now_ms)
        .await
        .map_err(|e| e.to_string())?
    {
        SeedOutcome::Seeded(n) => tracing::info!(procedures = n, "demo catalogue loaded"),
        SeedOutcome::SkippedNotEmpty(n) => {
            tracing::info!(procedures = n, "catalogue not empty: demo seed skipped")
        }
    }
    if let Some(password) = staff_password {
        let n = motcua_server::staff::demo::seed_staff(&pool, password, now_ms)
            .await
            .map_err(|e| e.to_string())?;
        tracing::info!(accounts = n, "demo staff accounts created");
    }
    Ok(())
}
