//! Supplements (bổ sung hồ sơ, SPEC §3, §4.6.5): the desk asks for every missing item at
//! once (form 02, status 5) and the clock pauses; the citizen answers with files and the
//! dossier goes back to where it was, its appointment moved by the paused working time
//! (policy `pause`) or computed afresh from the answer (policy `restart`).
//!
//! The staff screens (issue 5) will call [`request`]; for now the CLI
//! (`motcua dossier request-supplement`) and tests do. Citizens call [`answer`] from the
//! dossier page.

use chrono::{DateTime, Utc};
use motcua_core::deadline::{format_instant, vietnam_local, SupplementPolicy};
use motcua_core::dossier::DossierStatus;
use sqlx::{AnyPool, Row};

use super::counters::add_event;
use super::notices;
use super::uploads::{self, StagedFile};
use crate::catalog::SqlCatalog;
use crate::notify::{enqueue, templates};

/// Why a supplement step was refused.
#[derive(Debug, thiserror::Error)]
pub enum SupplementError {
    /// No such dossier (or not the citizen's).
    #[error("không có hồ sơ «{0}»")]
    NotFound(String),
    /// The dossier is not in a status that allows it.
    #[error("hồ sơ đang ở trạng thái «{0}»: không thực hiện được")]
    WrongStatus(&'static str),
    /// A second request without an override reason (SPEC §3: only once).
    #[error(
        "hồ sơ đã được yêu cầu bổ sung một lần; yêu cầu lần hai cần nêu lý do (--override-reason)"
    )]
    SecondRequest,
    /// The request lists no item, or the answer carries no file.
    #[error("{0}")]
    Empty(&'static str),
    /// Someone else changed the dossier meanwhile.
    #[error("Hồ sơ đã được cập nhật bởi người khác")]
    Conflict,
    /// Anything else.
    #[error("{0}")]
    Internal(String),
}

fn internal(e: impl std::fmt::Display) -> SupplementError {
    SupplementError::Internal(e.to_string())
}

fn to_ms(t: chrono::NaiveDateTime) -> i64 {
    motcua_core::deadline::vietnam_utc(t).timestamp_millis()
}

/// The officer asks for `items` on dossier `number` (submission number, code or id).
#[allow(clippy::too_many_arguments)]
pub async fn request(
    pool: &AnyPool,
    ctx: &notices::Context,
    number: &str,
    items: &[String],
    reason: &str,
    officer: &str,
    override_reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), SupplementError> {
    let items: Vec<String> = items
        .iter()
        .map(|i| i.trim().to_owned())
        .filter(|i| !i.is_empty())
        .collect();
    if items.is_empty() {
        return Err(SupplementError::Empty(
            "phiếu yêu cầu bổ sung phải nêu ít nhất một nội dung",
        ));
    }
    let row = sqlx::query(
        "SELECT d.id, d.submission_no, d.code, d.status, d.row_version, d.applicant_phone, \
         d.application, v.name FROM dossiers d JOIN procedure_versions v \
         ON v.procedure_slug = d.procedure_slug AND v.version = d.procedure_version \
         WHERE d.submission_no = $1 OR d.code = $1 OR d.id = $1",
    )
    .bind(number)
    .fetch_optional(pool)
    .await
    .map_err(internal)?
    .ok_or_else(|| SupplementError::NotFound(number.to_owned()))?;
    let id: String = row.try_get("id").map_err(internal)?;
    let status: i64 = row.try_get("status").map_err(internal)?;
    let allowed = [
        DossierStatus::AwaitingReception,
        DossierStatus::Received,
        DossierStatus::Processing,
    ];
    let current = DossierStatus::from_code(status as u8).ok_or_else(|| internal("bad status"))?;
    if !allowed.contains(&current) {
        return Err(SupplementError::WrongStatus(current.label()));
    }
    let earlier: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM dossier_events WHERE dossier_id = $1 AND kind = 'supplement_requested'",
    )
    .bind(&id)
    .fetch_one(pool)
    .await
    .map_err(internal)?
    .try_get("n")
    .map_err(internal)?;
    let override_reason = override_reason.map(str::trim).filter(|r| !r.is_empty());
    if earlier > 0 && override_reason.is_none() {
        return Err(SupplementError::SecondRequest);
    }
    let now_ms = now.timestamp_millis();
    let mut tx = pool.begin().await.map_err(internal)?;
    let changed = sqlx::query(
        "UPDATE dossiers SET status = $1, paused_at_ms = $2, resume_status = $3, \
         row_version = row_version + 1 WHERE id = $4 AND row_version = $5",
    )
    .bind(i64::from(DossierStatus::SupplementRequested.code()))
    .bind(now_ms)
    .bind(status)
    .bind(&id)
    .bind(row.try_get::<i64, _>("row_version").map_err(internal)?)
    .execute(&mut *tx)
    .await
    .map_err(internal)?;
    if changed.rows_affected() != 1 {
        return Err(SupplementError::Conflict);
    }
    add_event(
        &mut tx,
        &id,
        now_ms,
        "supplement_requested",
        DossierStatus::SupplementRequested.code(),
        officer,
        &serde_json::json!({
            "items": items, "reason": reason,
            // SPEC §3: a second request counts as late in the 766 index; flagged here.
            "second_request": earlier > 0, "override_reason": override_reason,
        }),
    )
    .await
    .map_err(internal)?;
    let code: Option<String> = row.try_get("code").map_err(internal)?;
    let reference = code.unwrap_or(row.try_get("submission_no").map_err(internal)?);
    let application: serde_json::Value =
        serde_json::from_str(&row.try_get::<String, _>("application").map_err(internal)?)
            .unwrap_or_default();
    let contact = super::views::contact(&application);
    let url = format!(
        "{}/tra-cuu-ho-so?ma={reference}",
        ctx.public_url.trim_end_matches('/')
    );
    let procedure: String = row.try_get("name").map_err(internal)?;
    let note = templates::supplement_requested(
        &templates::Common {
            portal: &ctx.portal,
            applicant_name: contact["full_name"].as_str().unwrap_or_default(),
            procedure_name: &procedure,
            tracking_url: &url,
        },
        &templates::SupplementRequested {
            reference: &reference,
            items: &items,
            reason,
            contact: "",
        },
    );
    let phone: String = row.try_get("applicant_phone").map_err(internal)?;
    if !phone.is_empty() {
        enqueue(&mut tx, &note.sms_message(&phone, Some(&id)), now_ms)
            .await
            .map_err(internal)?;
    }
    if let Some(email) = contact["email"].as_str().filter(|e| !e.is_empty()) {
        enqueue(&mut tx, &note.email_message(email, Some(&id)), now_ms)
            .await
            .map_err(internal)?;
    }
    tx.commit().await.map_err(internal)?;
    Ok(())
}

/// The citizen answers the open request on their dossier `id` with staged files.
pub async fn answer(
    pool: &AnyPool,
    catalog: &SqlCatalog,
    citizen_id: &str,
    id: &str,
    tokens: &[String],
    note: &str,
    now: DateTime<Utc>,
) -> Result<(), SupplementError> {
    let row = sqlx::query(
        "SELECT d.status, d.row_version, d.paused_at_ms, d.resume_status, d.due_at_ms, \
         d.received_at_ms, d.receiving_unit, d.channel, d.procedure_slug, d.procedure_version \
         FROM dossiers d WHERE d.id = $1 AND d.citizen_id = $2",
    )
    .bind(id)
    .bind(citizen_id)
    .fetch_optional(pool)
    .await
    .map_err(internal)?
    .ok_or_else(|| SupplementError::NotFound(id.to_owned()))?;
    let status: i64 = row.try_get("status").map_err(internal)?;
    if status != i64::from(DossierStatus::SupplementRequested.code()) {
        let s = DossierStatus::from_code(status as u8).map_or("?", |s| s.label());
        return Err(SupplementError::WrongStatus(s));
    }
    let mut files: Vec<StagedFile> = Vec::new();
    for token in tokens {
        match uploads::find(pool, token).await.map_err(internal)? {
            Some(f) if f.citizen_id.as_deref() == Some(citizen_id) => files.push(f),
            _ => {
                return Err(SupplementError::Empty(
                    "Một tệp đã tải lên không còn trên máy chủ: vui lòng chọn lại tệp.",
                ))
            }
        }
    }
    if files.is_empty() {
        return Err(SupplementError::Empty(
            "Tài liệu bổ sung: chưa đính kèm tệp.",
        ));
    }

    // The clock: only a received dossier has one (SPEC §4.6.2).
    let resume: i64 = row
        .try_get::<Option<i64>, _>("resume_status")
        .map_err(internal)?
        .unwrap_or(i64::from(DossierStatus::AwaitingReception.code()));
    let due: Option<i64> = row.try_get("due_at_ms").map_err(internal)?;
    let paused: Option<i64> = row.try_get("paused_at_ms").map_err(internal)?;
    let new_due = match (
        due.and_then(super::views::local),
        paused.and_then(super::views::local),
    ) {
        (Some(due), Some(paused)) => {
            let slug: String = row.try_get("procedure_slug").map_err(internal)?;
            let version_no: i64 = row.try_get("procedure_version").map_err(internal)?;
            let version = crate::catalog::repository::version(pool, &slug, version_no as u32)
                .await
                .map_err(internal)?
                .ok_or_else(|| internal("version missing"))?;
            let snapshot = catalog.snapshot().await.map_err(internal)?;
            let unit_code: String = row.try_get("receiving_unit").map_err(internal)?;
            let built = snapshot
                .schedule(&unit_code)
                .map_err(internal)?
                .ok_or_else(|| internal("unit missing"))?;
            let schedule = built.schedule();
            let local_now = vietnam_local(now);
            let moved = match version.supplement_policy {
                SupplementPolicy::Pause => {
                    let paused_for = schedule
                        .working_minutes_between(paused, local_now)
                        .map_err(internal)?;
                    schedule
                        .add_working_minutes(due, paused_for)
                        .map_err(internal)?
                }
                SupplementPolicy::Restart => {
                    let channel = row
                        .try_get::<String, _>("channel")
                        .map_err(internal)?
                        .parse()
                        .unwrap_or(motcua_core::procedure::Channel::Online);
                    let limit = version
                        .terms(channel)
                        .map_or(version.time_limit, |t| t.time_limit);
                    match schedule.deadline(local_now, &limit).map_err(internal)?.due {
                        Some(d) => d,
                        None => due,
                    }
                }
            };
            Some(moved)
        }
        _ => None,
    };

    let now_ms = now.timestamp_millis();
    let mut tx = pool.begin().await.map_err(internal)?;
    let changed = sqlx::query(
        "UPDATE dossiers SET status = $1, due_at_ms = COALESCE($2, due_at_ms), paused_at_ms = NULL, \
         resume_status = NULL, row_version = row_version + 1 WHERE id = $3 AND row_version = $4",
    )
    .bind(resume)
    .bind(new_due.map(to_ms))
    .bind(id)
    .bind(row.try_get::<i64, _>("row_version").map_err(internal)?)
    .execute(&mut *tx)
    .await
    .map_err(internal)?;
    if changed.rows_affected() != 1 {
        return Err(SupplementError::Conflict);
    }
    let round: i64 =
        sqlx::query("SELECT COALESCE(MAX(round), 1) AS r FROM dossier_files WHERE dossier_id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await
            .map_err(internal)?
            .try_get("r")
            .map_err(internal)?;
    let slot = format!("bo_sung_{}", round + 1);
    for (n, f) in files.iter().enumerate() {
        uploads::attach(&mut tx, id, &slot, n as i64 + 1, round + 1, f)
            .await
            .map_err(internal)?;
    }
    let mut details = vec![format!("{} tệp bổ sung", files.len())];
    if !note.trim().is_empty() {
        details.push(note.trim().to_owned());
    }
    if let Some(d) = new_due {
        details.push(format!("Ngày hẹn trả kết quả: {}", format_instant(d)));
    }
    add_event(
        &mut tx,
        id,
        now_ms,
        "supplement_answered",
        resume as u8,
        citizen_id,
        &serde_json::json!({ "items": details }),
    )
    .await
    .map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    Ok(())
}
