//! Agencies and units (SPEC §1, Decision 20/2020 codes): the tree, and each unit's
//! calendar settings (work week, office hours, local exceptions).

use motcua_app::services::AgencyView;
use motcua_core::calendar::Exception;
use motcua_core::deadline::UnitCalendar;
use sqlx::any::AnyRow;
use sqlx::{Any, AnyPool, Row, Transaction};

use super::repository::{corrupt, RepositoryError};

/// One agency as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agency {
    /// What pages show (name, contact, calendar).
    pub view: AgencyView,
    /// The parent agency's code (`None` for the province).
    pub parent: Option<String>,
    /// `province`, `service_centre`, `department`, `agency` or `commune`.
    pub kind: String,
    /// `province` or `commune`.
    pub level: String,
    /// Order in lists.
    pub sort_order: i64,
}

/// Inserts or replaces an agency.
pub async fn upsert(tx: &mut Transaction<'_, Any>, agency: &Agency) -> Result<(), RepositoryError> {
    let v = &agency.view;
    // The calendar is checked here so that a bad week or hours never reaches the table.
    v.calendar
        .build()
        .map_err(|e| corrupt(&v.code, e.to_string()))?;
    sqlx::query(
        "INSERT INTO agencies (code, parent_code, name, kind, level, address, phone, email, \
         work_week, office_hours, calendar_exceptions, receives_dossiers, sort_order) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
         ON CONFLICT (code) DO UPDATE SET parent_code = excluded.parent_code, \
         name = excluded.name, kind = excluded.kind, level = excluded.level, \
         address = excluded.address, phone = excluded.phone, email = excluded.email, \
         work_week = excluded.work_week, office_hours = excluded.office_hours, \
         calendar_exceptions = excluded.calendar_exceptions, \
         receives_dossiers = excluded.receives_dossiers, sort_order = excluded.sort_order",
    )
    .bind(&v.code)
    .bind(&agency.parent)
    .bind(&v.name)
    .bind(&agency.kind)
    .bind(&agency.level)
    .bind(&v.address)
    .bind(&v.phone)
    .bind(&v.email)
    .bind(&v.calendar.week)
    .bind(&v.calendar.office_hours)
    .bind(serde_json::to_string(&v.calendar.exceptions).expect("exceptions serialise"))
    .bind(i64::from(v.receives_dossiers))
    .bind(agency.sort_order)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Every agency, in list order.
pub async fn all(pool: &AnyPool) -> Result<Vec<Agency>, RepositoryError> {
    let rows = sqlx::query(
        "SELECT code, parent_code, name, kind, level, address, phone, email, work_week, \
         office_hours, calendar_exceptions, receives_dossiers, sort_order \
         FROM agencies ORDER BY sort_order, code",
    )
    .fetch_all(pool)
    .await?;
    rows.iter().map(from_row).collect()
}

fn from_row(row: &AnyRow) -> Result<Agency, RepositoryError> {
    let code: String = row.try_get("code")?;
    let exceptions: String = row.try_get("calendar_exceptions")?;
    let exceptions: Vec<Exception> =
        serde_json::from_str(&exceptions).map_err(|e| corrupt(&code, e.to_string()))?;
    let calendar = UnitCalendar {
        unit: code.clone(),
        week: row.try_get("work_week")?,
        office_hours: row.try_get("office_hours")?,
        exceptions,
    };
    Ok(Agency {
        parent: row.try_get("parent_code")?,
        kind: row.try_get("kind")?,
        level: row.try_get("level")?,
        sort_order: row.try_get("sort_order")?,
        view: AgencyView {
            name: row.try_get("name")?,
            address: row.try_get("address")?,
            phone: row.try_get("phone")?,
            email: row.try_get("email")?,
            receives_dossiers: row.try_get::<i64, _>("receives_dossiers")? == 1,
            calendar,
            code,
        },
    })
}
