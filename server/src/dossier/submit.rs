//! Online submission (nộp hồ sơ trực tuyến, SPEC §3): validate with `motcua-core`,
//! attach the staged files, and store the dossier at status 1 with its submission
//! number, its first history line and its notifications, all in one transaction.
//!
//! Idempotent: the form carries a key generated when the page was rendered; a second
//! request with the same key (a retry, a double tap) finds the dossier the first one
//! stored, even when both run at the same time (the unique constraint decides).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use motcua_core::deadline::vietnam_local;
use motcua_core::dossier::{
    ApplicationForm, DossierStatus, FieldError, FormErrors, SubmissionNumber, UploadLimits,
};
use motcua_core::procedure::Channel;
use sqlx::{AnyPool, Row};

use super::counters::{add_event, next};
use super::notices;
use super::uploads::{self, StagedFile};
use crate::catalog::SqlCatalog;
use crate::ids::new_id;

/// A submission as received by the HTTP layer.
#[derive(Debug, Clone)]
pub struct Submission {
    /// The procedure.
    pub slug: String,
    /// The receiving unit chosen.
    pub unit: String,
    /// The form's idempotency key.
    pub idempotency_key: String,
    /// The text fields.
    pub form: ApplicationForm,
    /// Upload tokens per document slot, in order.
    pub uploads: BTreeMap<String, Vec<String>>,
}

/// A stored dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submitted {
    /// Its id.
    pub id: String,
    /// Its submission number.
    pub submission_no: String,
    /// False when an earlier request with the same key had stored it.
    pub created: bool,
}

/// Why a submission was not stored.
#[derive(Debug, thiserror::Error)]
pub enum SubmitError {
    /// The citizen must fix something: every problem, with its input's name.
    #[error("{0}")]
    Invalid(FormErrors),
    /// Something failed on our side.
    #[error("submission failed: {0}")]
    Internal(String),
}

fn internal(e: impl std::fmt::Display) -> SubmitError {
    SubmitError::Internal(e.to_string())
}

fn invalid(field: &str, message: impl Into<String>) -> SubmitError {
    SubmitError::Invalid(FormErrors::from(vec![FieldError {
        field: field.to_owned(),
        message: message.into(),
    }]))
}

/// Validates and stores `submission` for the signed-in citizen `citizen_id`.
pub async fn submit(
    pool: &AnyPool,
    catalog: &SqlCatalog,
    notices_ctx: &notices::Context,
    limits: &UploadLimits,
    citizen_id: &str,
    mut submission: Submission,
    now: DateTime<Utc>,
) -> Result<Submitted, SubmitError> {
    if submission.idempotency_key.len() < 16 || submission.idempotency_key.len() > 128 {
        return Err(invalid(
            "idempotency_key",
            "Biểu mẫu đã cũ: vui lòng tải lại trang và nộp lại.",
        ));
    }
    if let Some(done) = existing(pool, &submission.idempotency_key, citizen_id).await? {
        return Ok(done);
    }
    let snapshot = catalog.snapshot().await.map_err(internal)?;
    let published = snapshot
        .procedure(&submission.slug)
        .ok_or_else(|| invalid("procedure", "Thủ tục không còn trong danh mục."))?;
    let version = &published.version;
    if !version.accepts_online() {
        return Err(invalid(
            "procedure",
            "Thủ tục này chưa có dịch vụ trực tuyến: vui lòng nộp hồ sơ trực tiếp.",
        ));
    }
    let mut problems: Vec<FieldError> = Vec::new();
    if !published.units.contains(&submission.unit) {
        problems.push(FieldError {
            field: "unit".into(),
            message: "Đơn vị tiếp nhận: vui lòng chọn một đơn vị trong danh sách.".into(),
        });
    }

    // The staged files: each must exist and belong to this citizen; together they must
    // fit the dossier's size limit.
    let mut files: Vec<(String, StagedFile)> = Vec::new();
    let mut total = 0u64;
    for (slot, tokens) in &submission.uploads {
        for token in tokens {
            match uploads::find(pool, token).await.map_err(internal)? {
                Some(f) if f.citizen_id.as_deref() == Some(citizen_id) => {
                    total += f.size;
                    files.push((slot.clone(), f));
                }
                _ => {
                    // One message per input, however many of its files are gone.
                    let field = format!("documents.{slot}");
                    if !problems.iter().any(|p| p.field == field) {
                        problems.push(FieldError {
                            field,
                            message:
                                "Một tệp đã tải lên không còn trên máy chủ: vui lòng chọn lại tệp."
                                    .into(),
                        });
                    }
                }
            }
        }
    }
    if total > limits.max_dossier_bytes {
        problems.push(FieldError {
            field: "documents".into(),
            message: motcua_core::dossier::UploadError::DossierTooLarge {
                max: limits.max_dossier_bytes,
            }
            .to_string(),
        });
    }
    let mut counts: BTreeMap<String, u32> = BTreeMap::new();
    for (slot, _) in &files {
        *counts.entry(slot.clone()).or_default() += 1;
    }
    submission.form.documents = counts;
    if !problems.is_empty() {
        // A twin request with the same key may have committed since the first look (its
        // commit uses up the staged files this one also names): its dossier is the answer.
        if let Some(done) = existing(pool, &submission.idempotency_key, citizen_id).await? {
            return Ok(done);
        }
    }
    let today = vietnam_local(now).date();
    let valid = match submission.form.validate(&version.form_spec(), today) {
        Ok(v) if problems.is_empty() => v,
        Ok(_) => return Err(SubmitError::Invalid(FormErrors::from(problems))),
        Err(found) => {
            // One message per input: the server's own (e.g. "the file is gone") replaces
            // the form's ("no file attached") for the same input.
            let mut all: Vec<FieldError> = found.as_slice().to_vec();
            for p in problems {
                match all.iter_mut().find(|e| e.field == p.field) {
                    Some(e) => *e = p,
                    None => all.push(p),
                }
            }
            return Err(SubmitError::Invalid(FormErrors::from(all)));
        }
    };

    let unit = snapshot
        .agency(&submission.unit)
        .ok_or_else(|| internal("unit vanished"))?;
    let calendar_version = snapshot
        .schedule(&submission.unit)
        .map_err(internal)?
        .ok_or_else(|| internal("unit vanished"))?
        .calendar()
        .version()
        .to_string();
    let contact = valid.contact();
    let phone = contact
        .phone
        .as_ref()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    let email = contact.email.as_ref().map(|e| e.as_str().to_owned());
    let now_ms = now.timestamp_millis();
    let id = new_id();

    let mut tx = pool.begin().await.map_err(internal)?;
    let stored = store(
        &mut tx,
        &NewDossier {
            id: &id,
            idempotency_key: &submission.idempotency_key,
            version,
            unit: &submission.unit,
            channel: Channel::Online,
            citizen_id: Some(citizen_id),
            application: &valid,
            calendar_version: &calendar_version,
            files: &files,
            today,
            now_ms,
        },
    )
    .await;
    let submission_no = match stored {
        Ok(n) => n,
        // The same key committed meanwhile (a double tap): that dossier is the answer.
        Err(e) if crate::database::violates(&e, "dossiers_idempotency_key") => {
            drop(tx);
            return existing(pool, &submission.idempotency_key, citizen_id)
                .await?
                .ok_or_else(|| internal("idempotency key taken by another account"));
        }
        Err(e) => return Err(internal(e)),
    };
    add_event(
        &mut tx,
        &id,
        now_ms,
        "submitted",
        DossierStatus::AwaitingReception.code(),
        citizen_id,
        &serde_json::json!({ "submission_no": submission_no }),
    )
    .await
    .map_err(internal)?;
    notices::submitted(
        &mut tx,
        notices_ctx,
        notices::Recipient {
            dossier_id: &id,
            name: contact.full_name.as_str(),
            phone: &phone,
            email: email.as_deref(),
        },
        &version.name,
        &submission_no,
        &unit.view.name,
        &super::views::local_words(now_ms),
        now_ms,
    )
    .await
    .map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    Ok(Submitted {
        id,
        submission_no,
        created: true,
    })
}

/// A new dossier row at status 1, as online submission and the desk's intake store it.
pub(crate) struct NewDossier<'a> {
    /// Its id.
    pub id: &'a str,
    /// Makes a retried submission find this dossier.
    pub idempotency_key: &'a str,
    /// The procedure version it follows.
    pub version: &'a motcua_core::procedure::ProcedureVersion,
    /// The receiving unit.
    pub unit: &'a str,
    /// How it arrived.
    pub channel: Channel,
    /// The owner's account, if any.
    pub citizen_id: Option<&'a str>,
    /// The validated application.
    pub application: &'a motcua_core::dossier::ValidApplication,
    /// The receiving unit's calendar version.
    pub calendar_version: &'a str,
    /// Files per document slot, pages in order.
    pub files: &'a [(String, StagedFile)],
    /// Today (local), for the submission number.
    pub today: chrono::NaiveDate,
    /// Now (Unix ms).
    pub now_ms: i64,
}

/// Stores `d` and its files inside the caller's transaction; returns its submission
/// number `TN-YYMMDD-NNNNNN`.
pub(crate) async fn store(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    d: &NewDossier<'_>,
) -> Result<String, sqlx::Error> {
    let sequence = next(tx, "submission", &d.today.to_string()).await?;
    let submission_no = SubmissionNumber::new(d.today, sequence)
        .map_err(|e| sqlx::Error::Protocol(e.to_string()))?
        .to_string();
    let contact = d.application.contact();
    let phone = contact
        .phone
        .as_ref()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    sqlx::query(
        "INSERT INTO dossiers (id, submission_no, code, idempotency_key, procedure_slug, \
         procedure_version, receiving_unit, channel, status, citizen_id, applicant_name, \
         applicant_phone, application, calendar_version, submitted_at_ms, received_at_ms, \
         due_at_ms, row_version) \
         VALUES ($1, $2, NULL, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, NULL, NULL, 1)",
    )
    .bind(d.id)
    .bind(&submission_no)
    .bind(d.idempotency_key)
    .bind(&d.version.slug)
    .bind(i64::from(d.version.version))
    .bind(d.unit)
    .bind(d.channel.as_str())
    .bind(i64::from(DossierStatus::AwaitingReception.code()))
    .bind(d.citizen_id)
    .bind(d.application.applicant.full_name.as_str())
    .bind(&phone)
    .bind(serde_json::to_string(d.application).map_err(|e| sqlx::Error::Protocol(e.to_string()))?)
    .bind(d.calendar_version)
    .bind(d.now_ms)
    .execute(&mut **tx)
    .await?;
    let mut position: BTreeMap<&str, i64> = BTreeMap::new();
    for (slot, f) in d.files {
        let n = position.entry(slot.as_str()).or_default();
        *n += 1;
        uploads::attach(tx, d.id, slot, *n, 1, f).await?;
    }
    Ok(submission_no)
}

/// The dossier an earlier request stored under `key`, if any (only the same citizen's).
async fn existing(
    pool: &AnyPool,
    key: &str,
    citizen_id: &str,
) -> Result<Option<Submitted>, SubmitError> {
    let row = sqlx::query(
        "SELECT id, submission_no, citizen_id FROM dossiers WHERE idempotency_key = $1",
    )
    .bind(key)
    .fetch_optional(pool)
    .await
    .map_err(internal)?;
    match row {
        None => Ok(None),
        Some(r)
            if r.try_get::<Option<String>, _>("citizen_id")
                .map_err(internal)?
                .as_deref()
                == Some(citizen_id) =>
        {
            Ok(Some(Submitted {
                id: r.try_get("id").map_err(internal)?,
                submission_no: r.try_get("submission_no").map_err(internal)?,
                created: false,
            }))
        }
        Some(_) => Err(invalid(
            "idempotency_key",
            "Biểu mẫu đã cũ: vui lòng tải lại trang và nộp lại.",
        )),
    }
}
