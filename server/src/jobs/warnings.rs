//! Deadline warnings (SPEC §3 "Late dossiers"; issue 5): at due − 2 and due − 1 working
//! days the assignee and the heads of the processing agency are warned in the app and
//! by e-mail. Each (dossier, due instant, threshold) is said once, whichever instance
//! gets there first: the warning row's primary key decides. A new appointment (form 04)
//! is a new due instant, so its warnings come again.

use chrono::{DateTime, Utc};
use motcua_core::deadline::{format_instant, vietnam_local};
use motcua_core::dossier::DossierStatus;
use sqlx::{AnyPool, Row};

use crate::catalog::SqlCatalog;
use crate::dossier::views::local;
use crate::notify::{enqueue, Message};

/// What one run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Report {
    /// Dossiers looked at.
    pub checked: usize,
    /// Warnings issued (one per dossier and threshold).
    pub warned: usize,
    /// In-app notices and e-mails written.
    pub messages: usize,
}

/// The threshold reached with `left` working minutes before the due instant, for a
/// unit whose working day has `day` minutes: 2 within two working days, 1 within one
/// (and once overdue, if the earlier run missed it).
pub fn threshold(left: i64, day: i64) -> Option<i64> {
    if left <= day {
        Some(1)
    } else if left <= 2 * day {
        Some(2)
    } else {
        None
    }
}

/// Looks at every running dossier (received or processing, clock not paused) at `now`.
pub async fn run_once(
    pool: &AnyPool,
    catalog: &SqlCatalog,
    now: DateTime<Utc>,
) -> Result<Report, sqlx::Error> {
    let snapshot = catalog
        .snapshot()
        .await
        .map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
    let rows = sqlx::query(
        "SELECT d.id, d.code, d.receiving_unit, d.processing_unit, d.assignee_id, d.due_at_ms, \
         v.name FROM dossiers d JOIN procedure_versions v ON v.procedure_slug = d.procedure_slug \
         AND v.version = d.procedure_version \
         WHERE d.status IN ($1, $2) AND d.due_at_ms IS NOT NULL",
    )
    .bind(i64::from(DossierStatus::Received.code()))
    .bind(i64::from(DossierStatus::Processing.code()))
    .fetch_all(pool)
    .await?;
    let local_now = vietnam_local(now);
    let now_ms = now.timestamp_millis();
    let mut report = Report::default();
    for row in &rows {
        report.checked += 1;
        let due_ms: i64 = row.try_get("due_at_ms")?;
        let Some(due) = local(due_ms) else { continue };
        let receiving: String = row.try_get("receiving_unit")?;
        let processing: Option<String> = row.try_get("processing_unit")?;
        let unit = processing.clone().unwrap_or(receiving.clone());
        let Ok(Some(built)) = snapshot.schedule(&receiving) else {
            continue;
        };
        let schedule = built.schedule();
        let Ok(left) = schedule.working_minutes_between(local_now, due) else {
            continue;
        };
        let Some(days) = threshold(left, built.hours().regular_day_minutes()) else {
            continue;
        };
        let id: String = row.try_get("id")?;
        let mut tx = pool.begin().await?;
        let claimed = sqlx::query(
            "INSERT INTO deadline_warnings (dossier_id, due_at_ms, days_left, sent_at_ms) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (dossier_id, due_at_ms, days_left) DO NOTHING",
        )
        .bind(&id)
        .bind(due_ms)
        .bind(days)
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
        if claimed.rows_affected() != 1 {
            continue;
        }
        report.warned += 1;
        let code: Option<String> = row.try_get("code")?;
        let name: String = row.try_get("name")?;
        let reference = code.as_deref().unwrap_or(&id);
        let text = if left <= 0 {
            format!(
                "Hồ sơ {reference} ({name}) đã quá hạn trả kết quả ({}).",
                format_instant(due)
            )
        } else {
            format!(
                "Hồ sơ {reference} ({name}) còn {days} ngày làm việc đến hạn trả kết quả ({}). \
                 Nếu có thể trễ hạn, lãnh đạo cơ quan lập Phiếu xin lỗi và hẹn lại ngày trả \
                 chậm nhất 01 ngày trước hạn.",
                format_instant(due)
            )
        };
        let assignee: Option<String> = row.try_get("assignee_id")?;
        let people = sqlx::query(
            "SELECT id, email FROM staff WHERE active = 1 AND (id = $1 OR (unit_code = $2 \
             AND role IN ('head_of_division', 'head_of_agency')))",
        )
        .bind(assignee.unwrap_or_default())
        .bind(&unit)
        .fetch_all(&mut *tx)
        .await?;
        for person in &people {
            let staff_id: String = person.try_get("id")?;
            crate::staff::notices::add(&mut tx, &staff_id, Some(&id), now_ms, &text).await?;
            report.messages += 1;
            if let Some(email) = person.try_get::<Option<String>, _>("email")? {
                let subject = format!("[Cảnh báo hạn] Hồ sơ {reference}");
                enqueue(
                    &mut tx,
                    &Message::email(email, subject, text.clone(), Some(id.clone())),
                    now_ms,
                )
                .await?;
                report.messages += 1;
            }
        }
        tx.commit().await?;
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::threshold;

    #[test]
    fn spec_3_warnings_at_due_minus_two_and_minus_one_working_days() {
        let day = 480;
        assert_eq!(threshold(3 * day, day), None);
        assert_eq!(threshold(2 * day + 1, day), None);
        assert_eq!(threshold(2 * day, day), Some(2));
        assert_eq!(threshold(day + 1, day), Some(2));
        assert_eq!(threshold(day, day), Some(1));
        assert_eq!(threshold(0, day), Some(1));
        assert_eq!(threshold(-60, day), Some(1));
    }
}
