//! The receipt (form 01, "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", SPEC §3) of a
//! received dossier, rendered on demand from what the dossier stores, so the PDF always
//! says what the database says.

use motcua_core::dossier::{DossierCode, ValidApplication, ValidPerson};
use sqlx::{AnyPool, Row};

use super::views::local;
use crate::catalog::{Snapshot, SqlCatalog};
use crate::slips::{render_receipt, ReceiptSlip, SlipPerson};

/// A person as slips print them.
pub(crate) fn person(p: &ValidPerson) -> SlipPerson {
    SlipPerson {
        full_name: p.full_name.as_str().to_owned(),
        personal_id: p.personal_id.as_str().to_owned(),
        address: p.address.as_str().to_owned(),
        phone: p
            .phone
            .as_ref()
            .map(|x| x.as_str().to_owned())
            .unwrap_or_default(),
        email: p.email.as_ref().map(|x| x.as_str().to_owned()),
    }
}

/// The province line of a slip's header and the place of its date line, from the
/// province (level-1 agency) of `unit`.
pub(crate) fn province(snapshot: &Snapshot, unit: &str) -> (String, String) {
    let level1 = unit.split('.').next().unwrap_or(unit);
    match snapshot.agency(level1) {
        Some(p) => (
            p.view.name.to_uppercase(),
            p.view.name.replace("Ủy ban nhân dân ", ""),
        ),
        None => ("ỦY BAN NHÂN DÂN TỈNH".to_owned(), String::new()),
    }
}

/// The receipt of dossier `id` as PDF with its code, if it has been received (and, when
/// `owner` is given, belongs to that citizen).
pub async fn render_for(
    pool: &AnyPool,
    catalog: &SqlCatalog,
    public_url: &str,
    id: &str,
    owner: Option<&str>,
) -> Result<Option<(String, Vec<u8>)>, Box<dyn std::error::Error + Send + Sync>> {
    let Some(row) = sqlx::query(
        "SELECT d.code, d.citizen_id, d.procedure_slug, d.procedure_version, d.receiving_unit, \
         d.channel, d.application, d.received_at_ms, d.due_at_ms, \
         (SELECT e.actor FROM dossier_events e WHERE e.dossier_id = d.id AND e.kind = 'received') \
         AS officer FROM dossiers d WHERE d.id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let citizen: Option<String> = row.try_get("citizen_id")?;
    if owner.is_some() && citizen.as_deref() != owner {
        return Ok(None);
    }
    let (Some(code), Some(received_ms)) = (
        row.try_get::<Option<String>, _>("code")?,
        row.try_get::<Option<i64>, _>("received_at_ms")?,
    ) else {
        return Ok(None);
    };
    let parsed: DossierCode = code.parse()?;
    let slug: String = row.try_get("procedure_slug")?;
    let version_no: i64 = row.try_get("procedure_version")?;
    let version = crate::catalog::repository::version(pool, &slug, version_no as u32)
        .await?
        .ok_or("procedure version missing")?;
    let application: ValidApplication =
        serde_json::from_str(&row.try_get::<String, _>("application")?)?;
    let snapshot = catalog.snapshot().await?;
    let unit_code: String = row.try_get("receiving_unit")?;
    let unit = snapshot.agency(&unit_code).ok_or("unit missing")?;
    let (province, place) = province(&snapshot, &unit_code);
    let channel = row
        .try_get::<String, _>("channel")?
        .parse()
        .unwrap_or(motcua_core::procedure::Channel::Online);
    let legal_time = version
        .terms(channel)
        .map_or(version.time_limit, |t| t.time_limit)
        .to_string();
    let received_at = local(received_ms).ok_or("bad time")?;
    let slip = ReceiptSlip {
        province_header: province,
        receiving_unit: unit.view.name.to_uppercase(),
        register_no: format!("{:04}/TNHS", parsed.counter()),
        dossier_code: code.clone(),
        place,
        applicant: person(&application.applicant),
        authorised: application.authorised_person.as_ref().map(person),
        request: version.name.clone(),
        documents: version
            .documents
            .iter()
            .filter(|d| d.required || application.documents.contains_key(&d.name))
            .map(|d| (d.label.clone(), d.copies))
            .collect(),
        legal_time,
        received_at,
        appointment: row.try_get::<Option<i64>, _>("due_at_ms")?.and_then(local),
        result_location: format!("{} — {}", application.delivery.label(), unit.view.name),
        register_book: format!(
            "Quyển số: {}, Số thứ tự: {:04}",
            received_at.format("%Y"),
            parsed.counter()
        ),
        receiving_officer: row
            .try_get::<Option<String>, _>("officer")?
            .unwrap_or_default(),
        tracking_url: format!(
            "{}/tra-cuu-ho-so?ma={code}",
            public_url.trim_end_matches('/')
        ),
    };
    let pdf = tokio::task::spawn_blocking(move || render_receipt(&slip)).await??;
    Ok(Some((code, pdf)))
}
