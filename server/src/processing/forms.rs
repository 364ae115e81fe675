//! The slips of a dossier (forms 02–06) and the unit's register (form 07), filled from
//! what the database recorded: the history's details (items, reasons, dates, who), the
//! hand-over trail, the applicant's application. Rendered on demand, so a slip always
//! says what the database says. Form 01 is `dossier::receipt`.

use chrono::{NaiveDate, NaiveDateTime};
use motcua_core::deadline::Timeliness;
use motcua_core::dossier::{DossierCode, ValidApplication};
use motcua_core::procedure::Channel;
use sqlx::{AnyPool, Row};

use super::command::ReturnMethod;
use super::load::{load, Loaded};
use super::trail;
use crate::catalog::{Snapshot, SqlCatalog};
use crate::dossier::receipt::{person, province};
use crate::dossier::views::local;
use crate::slips::{
    self, ApologySlip, ControlSlip, ControlStep, DossierRef, DossierRegister, RefusalSlip,
    RegisterRow, SlipChannel, StepResult, StopNotice, SupplementSlip,
};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The forms a staff member can print, by their number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// 02 Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ.
    Supplement,
    /// 03 Phiếu từ chối tiếp nhận giải quyết hồ sơ.
    Refusal,
    /// 04 Phiếu xin lỗi và hẹn lại ngày trả kết quả.
    Apology,
    /// 05 Thông báo dừng giải quyết hồ sơ.
    Stop,
    /// 06 Phiếu kiểm soát quá trình giải quyết hồ sơ.
    Control,
}

impl Form {
    /// The form of a number "02".."06".
    pub fn parse(number: &str) -> Option<Form> {
        Some(match number {
            "02" => Form::Supplement,
            "03" => Form::Refusal,
            "04" => Form::Apology,
            "05" => Form::Stop,
            "06" => Form::Control,
            _ => return None,
        })
    }
}

fn name_of(snapshot: &Snapshot, code: &str) -> String {
    snapshot
        .agency(code)
        .map_or_else(|| code.to_owned(), |a| a.view.name.clone())
}

/// The latest history line of `kind`: (time, actor, detail).
async fn last_event(
    pool: &AnyPool,
    id: &str,
    kind: &str,
) -> Result<Option<(NaiveDateTime, String, serde_json::Value)>, BoxError> {
    let row = sqlx::query(
        "SELECT at_ms, actor, detail FROM dossier_events WHERE dossier_id = $1 AND kind = $2 \
         ORDER BY seq DESC LIMIT 1",
    )
    .bind(id)
    .bind(kind)
    .fetch_optional(pool)
    .await?;
    let Some(r) = row else { return Ok(None) };
    let at = local(r.try_get("at_ms")?).ok_or("bad time")?;
    let detail = serde_json::from_str(&r.try_get::<String, _>("detail")?)?;
    Ok(Some((at, r.try_get("actor")?, detail)))
}

fn strings(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn iso(v: &serde_json::Value) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(v.as_str()?, "%Y-%m-%dT%H:%M").ok()
}

/// The register number printed after "Số:": the dossier's daily counter and the form's
/// suffix (the unit's slip books are not numbered separately yet).
fn register_no(d: &Loaded, suffix: &str) -> String {
    let counter = d
        .code
        .as_deref()
        .and_then(|c| c.parse::<DossierCode>().ok())
        .map_or(0, |c| c.counter());
    format!("{counter:04}/{suffix}")
}

/// The head's title on a slip, from the kind of agency.
fn head_title(snapshot: &Snapshot, unit: &str) -> String {
    match snapshot.agency(unit).map(|a| a.kind.as_str()) {
        Some("commune") => "CHỦ TỊCH".to_owned(),
        Some("department") => "GIÁM ĐỐC".to_owned(),
        _ => "THỦ TRƯỞNG CƠ QUAN".to_owned(),
    }
}

/// Renders form `form` of dossier `id`; `None` when the dossier has no such slip (no
/// supplement request, not refused, …).
pub async fn render(
    pool: &AnyPool,
    catalog: &SqlCatalog,
    id: &str,
    form: Form,
) -> Result<Option<Vec<u8>>, BoxError> {
    let Some(d) = load(pool, id).await? else {
        return Ok(None);
    };
    let snapshot = catalog.snapshot().await?;
    let application: ValidApplication = serde_json::from_value(d.application.clone())?;
    let applicant = person(&application.applicant);
    let (province_header, place) = province(&snapshot, &d.receiving_unit);
    let receiving = name_of(&snapshot, &d.receiving_unit);
    let processing = d
        .processing_unit
        .clone()
        .unwrap_or(d.receiving_unit.clone());
    let reference = match &d.code {
        Some(c) => DossierRef::Code(c.clone()),
        None => DossierRef::Submission(d.submission_no.clone()),
    };
    let received_at = d.received_at_ms.and_then(local);
    let bytes = match form {
        Form::Supplement => {
            let Some((at, actor, detail)) = last_event(pool, &d.id, "supplement_requested").await?
            else {
                return Ok(None);
            };
            let unit = snapshot.agency(&d.receiving_unit);
            slips::render_supplement(&SupplementSlip {
                province_header,
                receiving_unit: receiving.to_uppercase(),
                register_no: register_no(&d, "PBS"),
                place,
                issued_on: at.date(),
                applicant,
                dossier: Some(reference),
                request: d.version.name.clone(),
                items: strings(&detail["items"]),
                reason: detail["reason"].as_str().unwrap_or_default().to_owned(),
                contact_phone: unit.map(|u| u.view.phone.clone()).unwrap_or_default(),
                contact_address: unit.map(|u| u.view.address.clone()).unwrap_or_default(),
                guiding_officer: actor,
                second_request: detail["override_reason"].as_str().map(str::to_owned),
            })?
        }
        Form::Refusal => {
            let Some((at, actor, detail)) = last_event(pool, &d.id, "refused").await? else {
                return Ok(None);
            };
            slips::render_refusal(&RefusalSlip {
                province_header,
                receiving_unit: receiving.to_uppercase(),
                register_no: register_no(&d, "PTC"),
                place,
                issued_on: at.date(),
                applicant,
                dossier: Some(reference),
                request: d.version.name.clone(),
                reasons: strings(&detail["items"]),
                receiving_officer: actor,
            })?
        }
        Form::Apology => {
            let Some((at, actor, detail)) = last_event(pool, &d.id, "apology").await? else {
                return Ok(None);
            };
            let (Some(original), Some(new), Some(received)) = (
                iso(&detail["original_at"]),
                iso(&detail["new_at"]),
                received_at,
            ) else {
                return Ok(None);
            };
            slips::render_apology(&ApologySlip {
                province_header,
                agency: name_of(&snapshot, &processing).to_uppercase(),
                register_no: register_no(&d, "PXL"),
                place,
                issued_on: at.date(),
                addressee: applicant.full_name.clone(),
                applicant,
                dossier_code: d.reference().to_owned(),
                procedure: d.version.name.clone(),
                received_at: received,
                original_appointment: original,
                reason: detail["reason"].as_str().unwrap_or_default().to_owned(),
                new_appointment: new,
                signer_title: head_title(&snapshot, &processing),
                signer_name: actor,
            })?
        }
        Form::Stop => {
            let Some((at, actor, detail)) = last_event(pool, &d.id, "stop").await? else {
                return Ok(None);
            };
            slips::render_stop(&StopNotice {
                province_header,
                agency: receiving.to_uppercase(),
                register_no: register_no(&d, "TBD"),
                place,
                issued_on: at.date(),
                dossier_code: d.reference().to_owned(),
                applicant,
                procedure: d.version.name.clone(),
                requested_at: at,
                channel: match d.channel {
                    Channel::InPerson => SlipChannel::InPerson,
                    Channel::Online => SlipChannel::Online,
                    Channel::Post => SlipChannel::Post,
                },
                status_when_stopped: detail["status_before"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
                reason: detail["reason"].as_str().unwrap_or_default().to_owned(),
                signer_title: head_title(&snapshot, &d.receiving_unit),
                signer_name: actor,
            })?
        }
        Form::Control => {
            let Some(received) = received_at else {
                return Ok(None);
            };
            let rows = trail::rows(pool, &d.id).await?;
            let mut coordinating: Vec<String> = Vec::new();
            let mut steps = Vec::new();
            for r in &rows {
                if r.to_unit != processing && r.to_unit != d.receiving_unit {
                    let n = name_of(&snapshot, &r.to_unit);
                    if !coordinating.contains(&n) {
                        coordinating.push(n);
                    }
                }
                let giver = match &r.from_unit {
                    Some(u) => format!("{} ({})", r.from_name, name_of(&snapshot, u)),
                    None => r.from_name.clone(),
                };
                let receiver = match &r.to_name {
                    Some(n) => format!("{n} ({})", name_of(&snapshot, &r.to_unit)),
                    None => name_of(&snapshot, &r.to_unit),
                };
                steps.push(ControlStep {
                    unit: r.step_name.clone(),
                    handed_over_at: local(r.at_ms).ok_or("bad time")?,
                    given_by: giver,
                    received_by: receiver,
                    result: r.result.map(|t| match t {
                        Timeliness::Early => StepResult::Early,
                        Timeliness::OnTime => StepResult::OnTime,
                        Timeliness::Late => StepResult::Late,
                    }),
                    note: r.note.clone(),
                });
            }
            slips::render_control(&ControlSlip {
                province_header,
                issuing_unit: receiving.to_uppercase(),
                register_no: register_no(&d, "PKS"),
                place,
                issued_on: received.date(),
                dossier_code: d.reference().to_owned(),
                processing_agency: name_of(&snapshot, &processing),
                coordinating_agencies: coordinating,
                received_at: received,
                appointment: d.clock.as_ref().and_then(|c| c.due()),
                steps,
            })?
        }
    };
    Ok(Some(bytes))
}

/// Form 07, the register of dossiers received by `unit` from `from` to `to` (inclusive,
/// local dates), in reception order.
pub async fn register(
    pool: &AnyPool,
    catalog: &SqlCatalog,
    unit: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<DossierRegister, BoxError> {
    let snapshot = catalog.snapshot().await?;
    let start = motcua_core::deadline::vietnam_utc(from.and_hms_opt(0, 0, 0).ok_or("date")?);
    let end = motcua_core::deadline::vietnam_utc(
        to.succ_opt()
            .ok_or("date")?
            .and_hms_opt(0, 0, 0)
            .ok_or("date")?,
    );
    let rows = sqlx::query(
        "SELECT d.code, d.application, d.applicant_name, d.applicant_phone, d.processing_unit, \
         d.received_at_ms, d.due_at_ms, d.returned_at_ms, d.return_method, d.status, v.name \
         FROM dossiers d JOIN procedure_versions v ON v.procedure_slug = d.procedure_slug \
         AND v.version = d.procedure_version WHERE d.receiving_unit = $1 \
         AND d.received_at_ms >= $2 AND d.received_at_ms < $3 ORDER BY d.received_at_ms, d.code",
    )
    .bind(unit)
    .bind(start.timestamp_millis())
    .bind(end.timestamp_millis())
    .fetch_all(pool)
    .await?;
    let (province_header, _) = province(&snapshot, unit);
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let application: serde_json::Value =
            serde_json::from_str(&r.try_get::<String, _>("application")?).unwrap_or_default();
        let contact = crate::dossier::views::contact(&application);
        let status: i64 = r.try_get("status")?;
        let note = motcua_core::dossier::DossierStatus::from_code(status as u8)
            .filter(|s| s.is_final() || s.code() == 9)
            .map(|s| s.label().to_owned())
            .unwrap_or_default();
        out.push(RegisterRow {
            dossier_code: r.try_get::<Option<String>, _>("code")?.unwrap_or_default(),
            procedure: r.try_get("name")?,
            applicant: r.try_get("applicant_name")?,
            address: contact["address"].as_str().unwrap_or_default().to_owned(),
            phone: r.try_get("applicant_phone")?,
            processing_agency: r
                .try_get::<Option<String>, _>("processing_unit")?
                .map(|u| name_of(&snapshot, &u))
                .unwrap_or_default(),
            received_at: r
                .try_get::<Option<i64>, _>("received_at_ms")?
                .and_then(local)
                .ok_or("bad time")?,
            appointment: r.try_get::<Option<i64>, _>("due_at_ms")?.and_then(local),
            returned_at: r
                .try_get::<Option<i64>, _>("returned_at_ms")?
                .and_then(local),
            return_method: r
                .try_get::<Option<String>, _>("return_method")?
                .map(|m| ReturnMethod::label_of(&m).to_owned())
                .unwrap_or_default(),
            note,
        });
    }
    Ok(DossierRegister {
        province_header,
        unit: name_of(&snapshot, unit).to_uppercase(),
        period_from: from,
        period_to: to,
        rows: out,
    })
}
