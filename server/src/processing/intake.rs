//! Paper dossiers (SPEC §3 "Channels", "Paper dossiers are scanned at reception"): the
//! desk enters a dossier brought in person or by post, attaches the scans (several pages
//! per document, in order), and receives it — created and received in one transaction,
//! so there is never a paper dossier in the system without its receipt.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use motcua_core::deadline::vietnam_local;
use motcua_core::dossier::{ApplicationForm, DeliveryForm, DossierStatus, FormSpec, PersonForm};
use motcua_core::procedure::{Channel, OnlineLevel};

use super::act::{act_on, Env, Outcome};
use super::command::{ActError, Acting, Command};
use super::load::load_with;
use crate::dossier::counters::add_event;
use crate::dossier::submit::{store, NewDossier};
use crate::dossier::uploads::StagedFile;
use crate::ids::{new_id, new_token};

/// A paper dossier as the desk enters it.
#[derive(Debug, Clone)]
pub struct PaperDossier {
    /// The procedure (slug); its current version applies.
    pub procedure: String,
    /// In person or by post.
    pub channel: Channel,
    /// The applicant as written on the paper form.
    pub applicant: PersonForm,
    /// Scans per document slot, pages in order.
    pub scans: Vec<(String, StagedFile)>,
    /// The officer's note.
    pub note: String,
}

/// Creates and receives `paper` at the officer's unit. Refusals name the field.
pub async fn intake(
    env: Env<'_>,
    officer: &Acting,
    paper: PaperDossier,
    now: DateTime<Utc>,
) -> Result<Outcome, ActError> {
    let unit = officer
        .unit
        .clone()
        .ok_or_else(|| ActError::Invalid("Đơn vị tiếp nhận: không xác định".into()))?;
    if paper.channel == Channel::Online {
        return Err(ActError::Invalid(
            "Kênh tiếp nhận: hồ sơ giấy nhận trực tiếp hoặc qua bưu chính".into(),
        ));
    }
    let snapshot = env.catalog.snapshot().await.map_err(ActError::internal)?;
    let published = snapshot
        .procedure(&paper.procedure)
        .filter(|p| p.units.iter().any(|u| u == &unit))
        .ok_or_else(|| {
            ActError::Invalid("Thủ tục: chọn một thủ tục mà đơn vị của bạn tiếp nhận".into())
        })?;
    let version = published.version.clone();
    let mut documents: BTreeMap<String, u32> = BTreeMap::new();
    for (slot, _) in &paper.scans {
        if !version.documents.iter().any(|d| &d.name == slot) {
            return Err(ActError::Invalid(format!(
                "Tài liệu: «{slot}» không thuộc thủ tục"
            )));
        }
        *documents.entry(slot.clone()).or_default() += 1;
    }
    if paper.scans.is_empty() {
        return Err(ActError::Invalid(
            "Bản quét: đính kèm ít nhất một trang (số hóa hồ sơ giấy)".into(),
        ));
    }
    // The paper form holds the procedure's own fields; the system keeps the applicant
    // and the scans. The desk checks completeness itself, so no document is required.
    let spec = FormSpec {
        fields: Vec::new(),
        documents: version
            .documents
            .iter()
            .cloned()
            .map(|mut d| {
                d.required = false;
                d
            })
            .collect(),
        online_level: OnlineLevel::ToanTrinh,
    };
    let form = ApplicationForm {
        applicant: paper.applicant.clone(),
        for_someone_else: false,
        authorised_person: PersonForm::default(),
        values: BTreeMap::new(),
        documents,
        delivery: DeliveryForm {
            kind: "at_desk".into(),
            address: String::new(),
        },
    };
    let today = vietnam_local(now).date();
    let valid = form.validate(&spec, today).map_err(|errors| {
        ActError::Invalid(
            errors
                .as_slice()
                .iter()
                .map(|e| e.message.clone())
                .collect::<Vec<_>>()
                .join(" "),
        )
    })?;
    let phone = valid
        .applicant
        .phone
        .as_ref()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    let citizen = linked_account(env.pool, &phone, valid.applicant.personal_id.as_str())
        .await
        .map_err(ActError::internal)?;
    let calendar_version = snapshot
        .schedule(&unit)
        .map_err(ActError::internal)?
        .ok_or_else(|| ActError::internal("unit without calendar"))?
        .calendar()
        .version()
        .to_string();
    let now_ms = now.timestamp_millis();
    let id = new_id();

    let idempotency_key = new_token();
    let mut tx = env.pool.begin().await.map_err(ActError::internal)?;
    let submission_no = store(
        &mut tx,
        &NewDossier {
            id: &id,
            idempotency_key: &idempotency_key,
            version: &version,
            unit: &unit,
            channel: paper.channel,
            citizen_id: citizen.as_deref(),
            application: &valid,
            calendar_version: &calendar_version,
            files: &paper.scans,
            today,
            now_ms,
        },
    )
    .await
    .map_err(ActError::internal)?;
    add_event(
        &mut tx,
        &id,
        now_ms,
        "submitted",
        DossierStatus::AwaitingReception.code(),
        &officer.name,
        &serde_json::json!({ "submission_no": submission_no, "channel": paper.channel.as_str(),
            "note": paper.note }),
    )
    .await
    .map_err(ActError::internal)?;
    let loaded = load_with(&mut tx, env.pool, &id)
        .await
        .map_err(ActError::internal)?
        .ok_or_else(|| ActError::internal("dossier vanished inside its transaction"))?;
    let out = act_on(&mut tx, env, officer, &loaded, None, Command::Receive, now).await?;
    tx.commit().await.map_err(ActError::internal)?;
    Ok(out)
}

/// The account a paper dossier belongs to: the one whose phone is the applicant's and
/// was proven by a code (an unverified phone is anybody's claim) **and** whose personal
/// ID is the applicant's (the desk always records it: numbers are recycled, and the next
/// holder of a number must not get the last holder's dossiers). An account without a
/// personal ID gets no paper dossier. The dossier then shows under "Hồ sơ của tôi" and
/// the citizen can answer supplements online.
async fn linked_account(
    pool: &sqlx::AnyPool,
    phone: &str,
    personal_id: &str,
) -> Result<Option<String>, sqlx::Error> {
    if phone.is_empty() {
        return Ok(None);
    }
    sqlx::query_scalar(
        "SELECT id FROM citizens WHERE phone = $1 \
         AND phone_verified_at_ms IS NOT NULL AND personal_id = $2",
    )
    .bind(phone)
    .bind(personal_id)
    .fetch_optional(pool)
    .await
}
