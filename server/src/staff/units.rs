//! Units (agencies) created by the system administrator. A new unit gets the national
//! calendar and the default office hours; an existing code is refused, never
//! overwritten.

use motcua_app::services::{AgencyView, StaffProfile};
use motcua_core::deadline::UnitCalendar;
use motcua_core::dossier::AgencyCode;
use motcua_core::workflow::StaffRole;
use sqlx::AnyPool;

use super::accounts::{acting, StaffError};
use super::audit;
use crate::catalog::agencies::{self, Agency};

/// A new unit as the administration form gives it.
#[derive(Debug, Clone)]
pub struct NewUnit {
    /// Electronic code (Decision 20/2020), e.g. `H15.53`.
    pub code: String,
    /// Name.
    pub name: String,
    /// Parent unit code.
    pub parent: Option<String>,
    /// Whether it has a one-stop desk.
    pub receives: bool,
    /// Address, phone, e-mail.
    pub address: String,
    /// Phone.
    pub phone: String,
    /// E-mail.
    pub email: String,
}

/// Creates a unit (system administrators only; audited).
pub async fn create(
    pool: &AnyPool,
    by: &StaffProfile,
    new: &NewUnit,
    now_ms: i64,
) -> Result<(), StaffError> {
    if by.role != StaffRole::SystemAdmin {
        return Err(StaffError::Forbidden(
            "Chỉ quản trị hệ thống được tạo đơn vị".into(),
        ));
    }
    let code: AgencyCode = new
        .code
        .trim()
        .parse()
        .map_err(|e| StaffError::Invalid(format!("Mã đơn vị: {e}")))?;
    let name = new.name.trim();
    if name.is_empty() {
        return Err(StaffError::Invalid("Tên đơn vị: chưa nhập".into()));
    }
    let code = code.to_string();
    let exists = sqlx::query("SELECT code FROM agencies WHERE code = $1")
        .bind(&code)
        .fetch_optional(pool)
        .await?
        .is_some();
    if exists {
        return Err(StaffError::Invalid(format!("Mã đơn vị: «{code}» đã có")));
    }
    let parent = new
        .parent
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty());
    let kind = if new.receives { "commune" } else { "agency" };
    let agency = Agency {
        view: AgencyView {
            code: code.clone(),
            name: name.to_owned(),
            address: new.address.trim().to_owned(),
            phone: new.phone.trim().to_owned(),
            email: new.email.trim().to_owned(),
            receives_dossiers: new.receives,
            calendar: UnitCalendar::national(&code),
        },
        parent: parent.map(str::to_owned),
        kind: kind.to_owned(),
        level: if new.receives { "commune" } else { "province" }.to_owned(),
        sort_order: 1000,
    };
    let mut tx = pool.begin().await?;
    agencies::upsert(&mut tx, &agency)
        .await
        .map_err(|e| StaffError::Invalid(e.to_string()))?;
    crate::catalog::repository::bump_revision(&mut tx).await?;
    audit::record(
        &mut tx,
        &audit::Entry {
            at_ms: now_ms,
            actor: &acting(by),
            action: "create_unit",
            subject_kind: "agency",
            subject_id: &code,
            before: None,
            after: Some(serde_json::json!({ "code": code, "name": name, "parent": parent })),
            detail: &serde_json::json!({}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
