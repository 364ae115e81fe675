//! Reception (tiếp nhận, SPEC §3): an officer accepts an online dossier awaiting
//! reception. The dossier gets its code `{agency}-{YYMMDD}-{NNNN}` and its appointment,
//! computed by `motcua-core` from the server's clock and the receiving unit's calendar
//! (never typed, never back-dated), and the applicant is notified. The staff screens
//! (issue 5) call this; for now the CLI (`motcua dossier receive`) and tests do.

use chrono::{DateTime, Utc};
use motcua_core::deadline::{format_instant, vietnam_local};
use motcua_core::dossier::{AgencyCode, DossierCode, DossierStatus};
use motcua_core::procedure::Channel;
use sqlx::{AnyPool, Row};

use super::counters::{add_event, next};
use super::notices;
use crate::catalog::SqlCatalog;

/// Why a reception was refused.
#[derive(Debug, thiserror::Error)]
pub enum ReceiveError {
    /// No dossier has this number or code.
    #[error("không có hồ sơ «{0}»")]
    NotFound(String),
    /// The dossier is not awaiting reception.
    #[error("hồ sơ «{number}» không ở trạng thái chờ tiếp nhận (đang: {status})")]
    WrongStatus {
        /// The dossier.
        number: String,
        /// Its status label.
        status: &'static str,
    },
    /// Someone else changed the dossier meanwhile.
    #[error("Hồ sơ đã được cập nhật bởi người khác")]
    Conflict,
    /// The procedure version or unit is missing or invalid.
    #[error("dữ liệu thủ tục hoặc đơn vị không hợp lệ: {0}")]
    Catalogue(String),
    /// The database failed.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// What reception produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    /// The dossier's id.
    pub dossier_id: String,
    /// Its new code.
    pub code: String,
    /// The appointment (local time), if the procedure has one.
    pub due: Option<chrono::NaiveDateTime>,
}

/// Receives the dossier with submission number (or id) `number` at `now`.
pub async fn receive(
    pool: &AnyPool,
    catalog: &SqlCatalog,
    notices_ctx: &notices::Context,
    number: &str,
    officer: &str,
    now: DateTime<Utc>,
) -> Result<Receipt, ReceiveError> {
    let row = sqlx::query(
        "SELECT id, submission_no, procedure_slug, procedure_version, receiving_unit, channel, \
         status, row_version, applicant_name, applicant_phone, application FROM dossiers \
         WHERE submission_no = $1 OR id = $1",
    )
    .bind(number)
    .fetch_optional(pool)
    .await?
    .ok_or_else(|| ReceiveError::NotFound(number.to_owned()))?;
    let id: String = row.try_get("id")?;
    let status: i64 = row.try_get("status")?;
    if status != i64::from(DossierStatus::AwaitingReception.code()) {
        return Err(ReceiveError::WrongStatus {
            number: number.to_owned(),
            status: DossierStatus::from_code(status as u8).map_or("?", |s| s.label()),
        });
    }
    let row_version: i64 = row.try_get("row_version")?;
    let slug: String = row.try_get("procedure_slug")?;
    let version_no: i64 = row.try_get("procedure_version")?;
    let unit_code: String = row.try_get("receiving_unit")?;
    let channel: Channel = row
        .try_get::<String, _>("channel")?
        .parse()
        .map_err(|e: motcua_core::dossier::StatusError| ReceiveError::Catalogue(e.to_string()))?;
    let version = crate::catalog::repository::version(pool, &slug, version_no as u32)
        .await
        .map_err(|e| ReceiveError::Catalogue(e.to_string()))?
        .ok_or_else(|| ReceiveError::Catalogue(format!("{slug} v{version_no}")))?;
    let snapshot = catalog
        .snapshot()
        .await
        .map_err(|e| ReceiveError::Catalogue(e.to_string()))?;
    let unit = snapshot
        .agency(&unit_code)
        .ok_or_else(|| ReceiveError::Catalogue(unit_code.clone()))?;
    let schedule = snapshot
        .schedule(&unit_code)
        .map_err(|e| ReceiveError::Catalogue(e.to_string()))?
        .ok_or_else(|| ReceiveError::Catalogue(unit_code.clone()))?;
    let terms = version
        .terms(channel)
        .or_else(|| version.channels.first())
        .ok_or_else(|| ReceiveError::Catalogue("no channel".into()))?;
    let local_now = vietnam_local(now);
    let deadline = schedule
        .schedule()
        .deadline(local_now, &terms.time_limit)
        .map_err(|e| ReceiveError::Catalogue(e.to_string()))?;
    let agency: AgencyCode = unit_code
        .parse()
        .map_err(|e: motcua_core::dossier::CodeError| ReceiveError::Catalogue(e.to_string()))?;
    let to_ms = |t| motcua_core::deadline::vietnam_utc(t).timestamp_millis();

    let mut tx = pool.begin().await?;
    let day = local_now.date();
    let counter = next(&mut tx, &format!("dossier:{unit_code}"), &day.to_string()).await?;
    let code = DossierCode::new(&agency, day, counter)
        .map_err(|e| ReceiveError::Catalogue(e.to_string()))?
        .to_string();
    let now_ms = now.timestamp_millis();
    let updated = sqlx::query(
        "UPDATE dossiers SET status = $1, code = $2, received_at_ms = $3, due_at_ms = $4, \
         calendar_version = $5, row_version = row_version + 1 \
         WHERE id = $6 AND row_version = $7 AND status = $8",
    )
    .bind(i64::from(DossierStatus::Received.code()))
    .bind(&code)
    .bind(now_ms)
    .bind(deadline.due.map(to_ms))
    .bind(schedule.calendar().version().to_string())
    .bind(&id)
    .bind(row_version)
    .bind(status)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() != 1 {
        return Err(ReceiveError::Conflict);
    }
    let due_text = deadline.due.map(format_instant);
    add_event(
        &mut tx,
        &id,
        now_ms,
        "received",
        DossierStatus::Received.code(),
        officer,
        &serde_json::json!({ "code": code, "appointment": due_text }),
    )
    .await?;
    let application: serde_json::Value =
        serde_json::from_str(&row.try_get::<String, _>("application")?).unwrap_or_default();
    let contact = super::views::contact(&application);
    notices::received(
        &mut tx,
        notices_ctx,
        notices::Recipient {
            dossier_id: &id,
            name: contact["full_name"].as_str().unwrap_or_default(),
            phone: &row.try_get::<String, _>("applicant_phone")?,
            email: contact["email"].as_str(),
        },
        &version.name,
        &code,
        &unit.view.name,
        &format_instant(local_now),
        due_text.as_deref(),
        now_ms,
    )
    .await?;
    tx.commit().await?;
    Ok(Receipt {
        dossier_id: id,
        code,
        due: deadline.due,
    })
}
