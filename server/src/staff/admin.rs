//! The other staff pages' data (issue 5): in-person/post intake (procedures received at
//! the person's unit, an applicant found by phone or personal ID), administration
//! (units and accounts an administrator manages) and in-app notices.

use std::collections::HashMap;

use motcua_app::services::{
    AccountRow, AdminPage, ApplicantPrefill, IntakePage, IntakeProcedure, NoticeView, StaffProfile,
    UnitRow,
};
use motcua_core::dossier::PhoneNumber;
use motcua_core::text::fold;
use motcua_core::workflow::StaffRole;
use sqlx::Row;

use super::accounts::acting;
use super::queues::{short_time, LookupError};
use super::{audit, roles, SqlStaff};
use crate::accounts::rate_limit;

/// The procedures received at the person's unit, with their documents, and the
/// applicant found by `lookup` (phone number or 12-digit personal ID), if asked.
pub async fn intake(
    staff: &SqlStaff,
    me: &StaffProfile,
    lookup: &str,
) -> Result<IntakePage, LookupError> {
    let snapshot = staff.catalog.snapshot().await.map_err(LookupError::boxed)?;
    let slugs: Vec<String> =
        sqlx::query("SELECT procedure_slug FROM procedure_units WHERE agency_code = $1")
            .bind(&me.unit_code)
            .fetch_all(&staff.pool)
            .await?
            .iter()
            .map(|r| r.try_get("procedure_slug"))
            .collect::<Result<_, _>>()?;
    let mut procedures: Vec<IntakeProcedure> = slugs
        .iter()
        .filter_map(|slug| snapshot.procedure(slug))
        .map(|p| IntakeProcedure {
            slug: p.version.slug.clone(),
            name: p.version.name.clone(),
            documents: p
                .version
                .documents
                .iter()
                .map(|d| (d.name.clone(), d.label.clone(), d.required))
                .collect(),
        })
        .collect();
    procedures.sort_by_cached_key(|p| fold(&p.name));
    procedures.dedup_by(|a, b| a.slug == b.slug);
    let (prefill, lookup_refused) = match lookup_allowed(staff, me, lookup).await? {
        Ok(()) => (prefill(staff, me, lookup).await?, None),
        Err(refusal) => (None, Some(refusal)),
    };
    Ok(IntakePage {
        procedures,
        prefill,
        lookup_refused,
    })
}

/// Look-ups of a citizen's personal data per staff member: 30 per hour (a desk
/// receives a few dozen people a day; more is a sign of harvesting).
pub const LOOKUPS_PER_PERSON: rate_limit::Limit = rate_limit::Limit {
    max: 30,
    window_ms: 60 * 60 * 1000,
};

/// Whether `me` may look up a citizen's personal data now (`Err`: the refusal). Only
/// the desk (one-stop officers) looks people up: they enter paper dossiers. Counts the
/// look-up.
async fn lookup_allowed(
    staff: &SqlStaff,
    me: &StaffProfile,
    lookup: &str,
) -> Result<Result<(), String>, sqlx::Error> {
    if lookup.trim().is_empty() {
        return Ok(Ok(()));
    }
    if me.role != StaffRole::OneStopOfficer {
        return Ok(Err(
            "Chỉ cán bộ một cửa được tra cứu thông tin cá nhân của công dân".into(),
        ));
    }
    let now = staff.now_ms();
    let bucket = format!("lookup:staff:{}", me.id);
    if let Some(s) = rate_limit::blocked_for(&staff.pool, &bucket, LOOKUPS_PER_PERSON, now).await? {
        return Ok(Err(format!(
            "Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau {} phút.",
            s.div_ceil(60)
        )));
    }
    rate_limit::record(&staff.pool, &bucket, now).await?;
    Ok(Ok(()))
}

/// Whether `text` is a 12-digit personal ID (số định danh cá nhân).
fn is_personal_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

/// The last three characters of a looked-up value: enough for the audit to tell look-ups
/// apart, without copying a phone number or personal ID into the log.
fn masked(value: &str) -> String {
    let tail: String = value
        .chars()
        .rev()
        .take(3)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("…{tail}")
}

/// The applicant found by `lookup` (closed accounts are never found); every look-up is
/// audited, found or not.
async fn prefill(
    staff: &SqlStaff,
    me: &StaffProfile,
    lookup: &str,
) -> Result<Option<ApplicantPrefill>, sqlx::Error> {
    let lookup: String = lookup.chars().filter(|c| !c.is_whitespace()).collect();
    if lookup.is_empty() {
        return Ok(None);
    }
    let (column, value) = if is_personal_id(&lookup) {
        ("personal_id", lookup)
    } else if let Ok(phone) = lookup.parse::<PhoneNumber>() {
        ("phone", phone.as_str().to_owned())
    } else {
        return Ok(None);
    };
    let row = sqlx::query(&format!(
        "SELECT id, full_name, personal_id, date_of_birth, address, phone, email FROM citizens \
         WHERE {column} = $1 AND closed_at_ms IS NULL"
    ))
    .bind(&value)
    .fetch_optional(&staff.pool)
    .await?;
    let found: Option<String> = row.as_ref().map(|r| r.try_get("id")).transpose()?;
    let mut tx = staff.pool.begin().await?;
    audit::record(
        &mut tx,
        &audit::Entry {
            at_ms: staff.now_ms(),
            actor: &acting(me),
            action: "lookup_citizen",
            subject_kind: "citizen",
            subject_id: found.as_deref().unwrap_or("-"),
            before: None,
            after: None,
            detail: &serde_json::json!({
                "by": column, "value": masked(&value), "found": found.is_some(),
            }),
        },
    )
    .await?;
    tx.commit().await?;
    let Some(r) = row else {
        return Ok(None);
    };
    let opt = |name: &str| -> Result<String, sqlx::Error> {
        Ok(r.try_get::<Option<String>, _>(name)?.unwrap_or_default())
    };
    Ok(Some(ApplicantPrefill {
        full_name: r.try_get("full_name")?,
        personal_id: opt("personal_id")?,
        date_of_birth: opt("date_of_birth")?,
        address: r.try_get("address")?,
        phone: r.try_get("phone")?,
        email: opt("email")?,
    }))
}

/// The administration page: a system administrator manages every unit and account
/// and creates units; an agency administrator their own unit's accounts; others nothing.
pub async fn admin(staff: &SqlStaff, me: &StaffProfile) -> Result<Option<AdminPage>, LookupError> {
    let system = match me.role {
        StaffRole::SystemAdmin => true,
        StaffRole::AgencyAdmin => false,
        _ => return Ok(None),
    };
    let agencies = crate::catalog::agencies::all(&staff.pool)
        .await
        .map_err(LookupError::boxed)?;
    let signers: HashMap<String, bool> =
        sqlx::query("SELECT code, admin_appoints_signers FROM agencies")
            .fetch_all(&staff.pool)
            .await?
            .iter()
            .map(|r| {
                Ok((
                    r.try_get("code")?,
                    r.try_get::<i64, _>("admin_appoints_signers")? != 0,
                ))
            })
            .collect::<Result<_, sqlx::Error>>()?;
    let mut accounts: Vec<AccountRow> = Vec::new();
    for r in sqlx::query("SELECT id, username, full_name, unit_code, role, active FROM staff")
        .fetch_all(&staff.pool)
        .await?
    {
        let unit: String = r.try_get("unit_code")?;
        if !system && unit != me.unit_code {
            continue;
        }
        let Ok(role) = r.try_get::<String, _>("role")?.parse::<StaffRole>() else {
            continue;
        };
        let id: String = r.try_get("id")?;
        accounts.push(AccountRow {
            manageable: roles::may_manage(me, &id, &unit, role),
            id,
            username: r.try_get("username")?,
            full_name: r.try_get("full_name")?,
            unit_code: unit,
            role,
            active: r.try_get::<i64, _>("active")? != 0,
        });
    }
    let order: HashMap<&str, usize> = agencies
        .iter()
        .enumerate()
        .map(|(i, a)| (a.view.code.as_str(), i))
        .collect();
    accounts.sort_by_cached_key(|a| {
        (
            order
                .get(a.unit_code.as_str())
                .copied()
                .unwrap_or(usize::MAX),
            a.role,
            fold(&a.full_name),
        )
    });
    let units = agencies
        .iter()
        .filter(|a| system || a.view.code == me.unit_code)
        .map(|a| UnitRow {
            code: a.view.code.clone(),
            name: a.view.name.clone(),
            parent: a.parent.clone(),
            receives: a.view.receives_dossiers,
            accounts: accounts
                .iter()
                .filter(|x| x.active && x.unit_code == a.view.code)
                .count() as u32,
            admin_appoints_signers: signers.get(&a.view.code).copied().unwrap_or(false),
        })
        .collect();
    // The roles this person may give in their unit (the server checks again).
    let mine = signers.get(&me.unit_code).copied().unwrap_or(false);
    let roles = StaffRole::ALL
        .iter()
        .copied()
        .filter(|r| roles::may_grant(me, &me.unit_code, *r, mine).is_ok())
        .collect();
    Ok(Some(AdminPage {
        units,
        accounts,
        can_create_units: system,
        roles,
    }))
}

/// The person's notices, newest first (at most 200); those unread are marked read.
pub async fn notices(staff: &SqlStaff, me: &StaffProfile) -> Result<Vec<NoticeView>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT at_ms, text, dossier_id, read_at_ms FROM staff_notices WHERE staff_id = $1 \
         ORDER BY at_ms DESC, id LIMIT 200",
    )
    .bind(&me.id)
    .fetch_all(&staff.pool)
    .await?;
    let list = rows
        .iter()
        .map(|r| {
            Ok(NoticeView {
                at: short_time(r.try_get("at_ms")?),
                text: r.try_get("text")?,
                dossier_id: r.try_get("dossier_id")?,
                unread: r.try_get::<Option<i64>, _>("read_at_ms")?.is_none(),
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    if list.iter().any(|n| n.unread) {
        sqlx::query(
            "UPDATE staff_notices SET read_at_ms = $1 WHERE staff_id = $2 AND read_at_ms IS NULL",
        )
        .bind(staff.now_ms())
        .bind(&me.id)
        .execute(&staff.pool)
        .await?;
    }
    Ok(list)
}

#[cfg(test)]
mod tests {
    #[test]
    fn issue_5_lookup_tells_a_personal_id_from_a_phone() {
        assert!(super::is_personal_id("079085001234"));
        assert!(!super::is_personal_id("0987654321"));
        assert!(!super::is_personal_id("07908500123a"));
    }

    #[test]
    fn issue_11_the_audit_keeps_only_the_end_of_a_looked_up_value() {
        assert_eq!(super::masked("079085001234"), "…234");
        assert_eq!(super::masked("0912345678"), "…678");
    }
}
