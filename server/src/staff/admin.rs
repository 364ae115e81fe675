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

use super::queues::{short_time, LookupError};
use super::SqlStaff;

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
    Ok(IntakePage {
        procedures,
        prefill: prefill(staff, lookup).await?,
    })
}

/// Whether `text` is a 12-digit personal ID (số định danh cá nhân).
fn is_personal_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

async fn prefill(staff: &SqlStaff, lookup: &str) -> Result<Option<ApplicantPrefill>, sqlx::Error> {
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
        "SELECT full_name, personal_id, date_of_birth, address, phone, email FROM citizens \
         WHERE {column} = $1"
    ))
    .bind(&value)
    .fetch_optional(&staff.pool)
    .await?;
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
        accounts.push(AccountRow {
            id: r.try_get("id")?,
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
        })
        .collect();
    let roles = StaffRole::ALL
        .iter()
        .copied()
        .filter(|r| system || *r != StaffRole::SystemAdmin)
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
}
