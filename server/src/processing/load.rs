//! Reading a dossier's processing state from the database, and how a person's unit
//! relates to it (the input of `motcua_core::workflow::apply`).

use motcua_core::deadline::DossierClock;
use motcua_core::dossier::DossierStatus;
use motcua_core::procedure::{AdministrativeLevel, Channel, ProcedureVersion};
use motcua_core::workflow::{Route, State, Units};
use sqlx::any::AnyRow;
use sqlx::{AnyPool, Row};

/// The columns [`Loaded::from_row`] reads (alias `d`).
pub const COLUMNS: &str = "d.id, d.submission_no, d.code, d.procedure_slug, d.procedure_version, \
    d.receiving_unit, d.processing_unit, d.coordinating_unit, d.assignee_id, d.channel, d.status, \
    d.step, d.resume_status, d.supplements, d.apology, d.flagged, d.clock, d.row_version, \
    d.citizen_id, d.applicant_name, d.applicant_phone, d.application, d.submitted_at_ms, \
    d.received_at_ms, d.due_at_ms, d.step_due_at_ms, d.paused_at_ms, d.decided_at_ms, \
    d.returned_at_ms, d.return_method, d.timeliness";

/// A dossier as the processing rules need it.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// Id.
    pub id: String,
    /// Temporary submission number.
    pub submission_no: String,
    /// Code, once received.
    pub code: Option<String>,
    /// The procedure version it follows.
    pub version: ProcedureVersion,
    /// The receiving unit (its one-stop desk).
    pub receiving_unit: String,
    /// The processing agency, once received.
    pub processing_unit: Option<String>,
    /// The co-ordinating agency holding it (liên thông), if any.
    pub coordinating_unit: Option<String>,
    /// The staff member holding the current step, if named.
    pub assignee_id: Option<String>,
    /// How it arrived.
    pub channel: Channel,
    /// The rules' view of it.
    pub state: State,
    /// The clock, once received.
    pub clock: Option<DossierClock>,
    /// Optimistic-concurrency version.
    pub row_version: i64,
    /// Owner's citizen account, for online dossiers.
    pub citizen_id: Option<String>,
    /// Applicant's name.
    pub applicant_name: String,
    /// Applicant's phone.
    pub applicant_phone: String,
    /// The application as submitted (JSON).
    pub application: serde_json::Value,
    /// Times (Unix ms).
    pub submitted_at_ms: i64,
    /// Reception time.
    pub received_at_ms: Option<i64>,
    /// The appointment.
    pub due_at_ms: Option<i64>,
    /// The current step's due time.
    pub step_due_at_ms: Option<i64>,
    /// Since when the dossier waits for the applicant (statuses 5 and 6).
    pub paused_at_ms: Option<i64>,
    /// Decision time.
    pub decided_at_ms: Option<i64>,
    /// Return time.
    pub returned_at_ms: Option<i64>,
    /// How the result was returned.
    pub return_method: Option<String>,
    /// Early / on time / late, once ended.
    pub timeliness: Option<String>,
    /// An override was used (second supplement, late completion without apology).
    pub flagged: bool,
}

impl Loaded {
    /// The code, or the submission number before reception.
    pub fn reference(&self) -> &str {
        self.code.as_deref().unwrap_or(&self.submission_no)
    }

    /// The route of internal steps.
    pub fn route(&self) -> Route {
        Route::of(&self.version)
    }

    /// How `unit` relates to this dossier.
    pub fn units_of(&self, unit: &str) -> Units {
        Units {
            receiving: self.receiving_unit == unit,
            processing: self.processing_unit.as_deref() == Some(unit),
            coordinating: self.coordinating_unit.as_deref() == Some(unit),
        }
    }

    fn from_row(row: &AnyRow, version: ProcedureVersion) -> Result<Loaded, LoadError> {
        let status: i64 = row.try_get("status")?;
        let status = DossierStatus::from_code(status as u8).ok_or(LoadError::Corrupt("status"))?;
        let resume = row
            .try_get::<Option<i64>, _>("resume_status")?
            .and_then(|s| DossierStatus::from_code(s as u8));
        let clock = row
            .try_get::<Option<String>, _>("clock")?
            .map(|json| serde_json::from_str(&json))
            .transpose()
            .map_err(|_| LoadError::Corrupt("clock"))?;
        let coordinating_unit: Option<String> = row.try_get("coordinating_unit")?;
        let paused = matches!(
            status,
            DossierStatus::SupplementRequested | DossierStatus::AwaitingPayment
        );
        Ok(Loaded {
            id: row.try_get("id")?,
            submission_no: row.try_get("submission_no")?,
            code: row.try_get("code")?,
            receiving_unit: row.try_get("receiving_unit")?,
            processing_unit: row.try_get("processing_unit")?,
            assignee_id: row.try_get("assignee_id")?,
            channel: row
                .try_get::<String, _>("channel")?
                .parse()
                .map_err(|_| LoadError::Corrupt("channel"))?,
            state: State {
                status,
                step: row.try_get::<Option<i64>, _>("step")?.map(|s| s as u8),
                at_other_agency: coordinating_unit.is_some(),
                // Before issue 5 a reception supplement had no resume status stored.
                resume: if paused {
                    resume.or(Some(DossierStatus::AwaitingReception))
                } else {
                    None
                },
                supplements: row.try_get::<i64, _>("supplements")? as u8,
                apology: row.try_get::<i64, _>("apology")? != 0,
            },
            coordinating_unit,
            clock,
            row_version: row.try_get("row_version")?,
            citizen_id: row.try_get("citizen_id")?,
            applicant_name: row.try_get("applicant_name")?,
            applicant_phone: row.try_get("applicant_phone")?,
            application: serde_json::from_str(&row.try_get::<String, _>("application")?)
                .unwrap_or_default(),
            submitted_at_ms: row.try_get("submitted_at_ms")?,
            received_at_ms: row.try_get("received_at_ms")?,
            due_at_ms: row.try_get("due_at_ms")?,
            step_due_at_ms: row.try_get("step_due_at_ms")?,
            paused_at_ms: row.try_get("paused_at_ms")?,
            decided_at_ms: row.try_get("decided_at_ms")?,
            returned_at_ms: row.try_get("returned_at_ms")?,
            return_method: row.try_get("return_method")?,
            timeliness: row.try_get("timeliness")?,
            flagged: row.try_get::<i64, _>("flagged")? != 0,
            version,
        })
    }
}

/// Why a dossier could not be read.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A stored value does not parse: a bug or a hand-edited row.
    #[error("dossier row has an invalid {0}")]
    Corrupt(&'static str),
    /// The procedure version is missing or invalid.
    #[error("procedure version: {0}")]
    Version(String),
    /// The database failed.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// The dossier with this id, code or submission number.
pub async fn load(pool: &AnyPool, key: &str) -> Result<Option<Loaded>, LoadError> {
    let mut conn = pool.acquire().await?;
    load_with(&mut conn, pool, key).await
}

/// [`load`] on a given connection (inside a transaction that created the dossier).
pub async fn load_with(
    conn: &mut sqlx::AnyConnection,
    pool: &AnyPool,
    key: &str,
) -> Result<Option<Loaded>, LoadError> {
    let Some(row) = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM dossiers d WHERE d.id = $1 OR d.code = $1 OR d.submission_no = $1"
    ))
    .bind(key)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let slug: String = row.try_get("procedure_slug")?;
    let number: i64 = row.try_get("procedure_version")?;
    let version = crate::catalog::repository::version(pool, &slug, number as u32)
        .await
        .map_err(|e| LoadError::Version(e.to_string()))?
        .ok_or_else(|| LoadError::Version(format!("{slug} v{number}")))?;
    Loaded::from_row(&row, version).map(Some)
}

/// The agency that processes dossiers of `version` received at `receiving_unit`: a
/// commune processes its own (two-tier local government, SPEC §1); a provincial
/// procedure goes to its owner agency when that agency is known, else stays with the
/// receiving unit.
pub fn processing_unit_for(
    version: &ProcedureVersion,
    receiving_unit: &str,
    known: impl Fn(&str) -> bool,
) -> String {
    if version.level == AdministrativeLevel::Commune || !known(&version.owner_agency) {
        receiving_unit.to_owned()
    } else {
        version.owner_agency.clone()
    }
}
