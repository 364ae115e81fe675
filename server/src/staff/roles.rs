//! Who may manage which staff account (issue 11, "role rules the review found missing").
//!
//! - A system administrator manages every account (but cannot lock themselves out).
//! - An agency administrator manages the accounts of their own unit, except
//!   administrators (system or agency, themselves included): administrators are
//!   appointed, changed and reset by a system administrator only.
//! - Accounts that sign results (the head of agency signs the decision, see
//!   `processing::result::may_sign`) are created or promoted by a system administrator,
//!   or by the unit's agency administrator when a system administrator has allowed it for
//!   that unit (`agencies.admin_appoints_signers`).

use motcua_app::services::StaffProfile;
use motcua_core::workflow::StaffRole;
use sqlx::{AnyPool, Row};

/// The refusal shown when the account may not be touched.
pub const NOT_YOURS: &str = "Bạn không có quyền thay đổi tài khoản này";

/// Whether `role` signs results: such accounts are appointed under stricter rules.
pub fn signs_results(role: StaffRole) -> bool {
    role == StaffRole::HeadOfAgency
}

/// Whether `by` may change, deactivate or reset the password of the account `target_id`
/// of `unit` whose role is now `current`. Never their own account (a person changes their
/// own password on the "đổi mật khẩu" page; a system administrator keeps their role).
pub fn may_manage(by: &StaffProfile, target_id: &str, unit: &str, current: StaffRole) -> bool {
    if by.id == target_id {
        return false;
    }
    match by.role {
        StaffRole::SystemAdmin => true,
        StaffRole::AgencyAdmin => by.unit_code == unit && !current.is_admin(),
        _ => false,
    }
}

/// Whether `by` may give `role` to an account of `unit` (by creating or promoting it);
/// `signers_allowed` is the unit's permission for its agency administrator to appoint
/// signers. `Err` is the refusal, naming the role.
pub fn may_grant(
    by: &StaffProfile,
    unit: &str,
    role: StaffRole,
    signers_allowed: bool,
) -> Result<(), String> {
    match by.role {
        StaffRole::SystemAdmin => Ok(()),
        StaffRole::AgencyAdmin if by.unit_code == unit => {
            if role.is_admin() {
                Err(format!(
                    "Vai trò «{}»: chỉ quản trị hệ thống được cấp",
                    role.label()
                ))
            } else if signs_results(role) && !signers_allowed {
                Err(format!(
                    "Vai trò «{}» ký kết quả: chỉ quản trị hệ thống được cấp, \
                     trừ khi quản trị hệ thống cho phép đơn vị tự cấp",
                    role.label()
                ))
            } else {
                Ok(())
            }
        }
        _ => Err("Bạn không có quyền cấp vai trò này".into()),
    }
}

/// Whether the system administrator allowed `unit`'s agency administrator to appoint
/// signers.
pub async fn signers_allowed(pool: &AnyPool, unit: &str) -> Result<bool, sqlx::Error> {
    let row = sqlx::query("SELECT admin_appoints_signers FROM agencies WHERE code = $1")
        .bind(unit)
        .fetch_optional(pool)
        .await?;
    Ok(match row {
        Some(r) => r.try_get::<i64, _>("admin_appoints_signers")? != 0,
        None => false,
    })
}

/// The system administrator allows (or stops allowing) `unit`'s agency administrator to
/// appoint signers; audited. Accounts already appointed keep their role.
pub async fn set_signers_allowed(
    pool: &AnyPool,
    by: &StaffProfile,
    unit: &str,
    allowed: bool,
    now_ms: i64,
) -> Result<(), super::accounts::StaffError> {
    use super::accounts::StaffError;
    if by.role != StaffRole::SystemAdmin {
        return Err(StaffError::Forbidden(
            "Chỉ quản trị hệ thống được cho phép đơn vị tự cấp người ký kết quả".into(),
        ));
    }
    let before = sqlx::query("SELECT admin_appoints_signers FROM agencies WHERE code = $1")
        .bind(unit)
        .fetch_optional(pool)
        .await?
        .ok_or_else(|| StaffError::Invalid(format!("Đơn vị: không có đơn vị mã «{unit}»")))?
        .try_get::<i64, _>("admin_appoints_signers")?
        != 0;
    let mut tx = pool.begin().await?;
    sqlx::query("UPDATE agencies SET admin_appoints_signers = $1 WHERE code = $2")
        .bind(i64::from(allowed))
        .bind(unit)
        .execute(&mut *tx)
        .await?;
    super::audit::record(
        &mut tx,
        &super::audit::Entry {
            at_ms: now_ms,
            actor: &super::accounts::acting(by),
            action: "set_signer_permission",
            subject_kind: "agency",
            subject_id: unit,
            before: Some(serde_json::json!({ "admin_appoints_signers": before })),
            after: Some(serde_json::json!({ "admin_appoints_signers": allowed })),
            detail: &serde_json::json!({}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: &str, role: StaffRole, unit: &str) -> StaffProfile {
        StaffProfile {
            id: id.into(),
            username: id.into(),
            full_name: id.into(),
            unit_code: unit.into(),
            unit_name: unit.into(),
            role,
        }
    }

    #[test]
    fn issue_11_an_agency_admin_manages_only_non_admins_of_their_unit() {
        let admin = person("a", StaffRole::AgencyAdmin, "U1");
        assert!(may_manage(&admin, "b", "U1", StaffRole::Specialist));
        assert!(!may_manage(&admin, "b", "U2", StaffRole::Specialist));
        assert!(!may_manage(&admin, "b", "U1", StaffRole::AgencyAdmin));
        assert!(!may_manage(&admin, "b", "U1", StaffRole::SystemAdmin));
        assert!(!may_manage(&admin, "a", "U1", StaffRole::AgencyAdmin));
        let system = person("s", StaffRole::SystemAdmin, "U0");
        assert!(may_manage(&system, "b", "U1", StaffRole::AgencyAdmin));
        assert!(!may_manage(&system, "s", "U0", StaffRole::SystemAdmin));
        let head = person("h", StaffRole::HeadOfAgency, "U1");
        assert!(!may_manage(&head, "b", "U1", StaffRole::Specialist));
    }

    #[test]
    fn issue_11_signers_need_the_system_admins_permission() {
        let admin = person("a", StaffRole::AgencyAdmin, "U1");
        assert!(may_grant(&admin, "U1", StaffRole::Specialist, false).is_ok());
        assert!(may_grant(&admin, "U1", StaffRole::HeadOfAgency, false).is_err());
        assert!(may_grant(&admin, "U1", StaffRole::HeadOfAgency, true).is_ok());
        assert!(may_grant(&admin, "U1", StaffRole::AgencyAdmin, true).is_err());
        assert!(may_grant(&admin, "U2", StaffRole::Specialist, true).is_err());
        let system = person("s", StaffRole::SystemAdmin, "U0");
        assert!(may_grant(&system, "U1", StaffRole::HeadOfAgency, false).is_ok());
    }
}
