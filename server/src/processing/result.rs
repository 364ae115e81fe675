//! The result document (issue 5 "Results and return"): the head of the processing
//! agency (or whoever holds the last step) uploads the decision as PDF while the dossier
//! is at its last step or decided; the server stamps it with a verification code, signs
//! its hash with the agency's key (`crate::signing`), and records it in the dossier's
//! history and the audit log. The citizen downloads it once the result is ready.

use chrono::{DateTime, Utc};
use motcua_app::services::StaffProfile;
use motcua_core::dossier::DossierStatus;
use motcua_core::workflow::{StaffRole, WorkflowError};
use sqlx::{AnyPool, Row};

use super::command::ActError;
use super::load::{load, Loaded};
use crate::dossier::counters::add_event;
use crate::dossier::storage::FileStore;
use crate::signing::record::{SignatureRecord, COLUMNS};
use crate::signing::{discard_file, sign_result_in, KeySettings, SignError, SignRequest, Signer};
use crate::staff::accounts::acting;
use crate::staff::audit;

/// Whether `me` may upload and sign the result of `d` now: a person of the processing
/// agency who is its head or holds the last step, while the dossier is at its last step
/// (status 4, not at a co-ordinating agency) or decided (9).
pub fn may_sign(d: &Loaded, me: &StaffProfile) -> bool {
    let units = d.units_of(&me.unit_code);
    if !units.processing {
        return false;
    }
    let route = d.route();
    let last = route.steps().len().saturating_sub(1) as u8;
    let holds_last = d.state.step == Some(last)
        && route
            .steps()
            .last()
            .is_some_and(|s| me.role.step_role() == Some(s.role));
    let who = me.role == StaffRole::HeadOfAgency
        || (holds_last
            && super::act::assigned_or_unassigned(&crate::staff::accounts::acting(me), d, units));
    let when = match d.state.status {
        DossierStatus::Processing => d.state.step == Some(last) && !d.state.at_other_agency,
        DossierStatus::Decided => true,
        _ => false,
    };
    who && when
}

/// The latest signed result of a dossier.
pub async fn latest(
    pool: &AnyPool,
    dossier_id: &str,
) -> Result<Option<SignatureRecord>, sqlx::Error> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM result_signatures WHERE dossier_id = $1 \
         ORDER BY signed_at_ms DESC LIMIT 1"
    ))
    .bind(dossier_id)
    .fetch_optional(pool)
    .await?;
    row.as_ref().map(SignatureRecord::from_row).transpose()
}

/// Signs `pdf` as the result of dossier `key` for `me` — the staff screen and `motcua
/// result sign` both come here, so both follow [`may_sign`]. With `expected_version`,
/// the dossier must not have changed since the page was shown.
///
/// One transaction: the dossier is claimed (row version), the result signed and stored
/// (`signing::sign_result_in`, with the agency key's creation if it is the first), the
/// history line and the audit entry written, then committed; any failure rolls all of it
/// back and removes the stamped file, which is written just before the commit.
#[allow(clippy::too_many_arguments)]
pub async fn sign(
    pool: &AnyPool,
    results: &FileStore,
    keys: &KeySettings,
    public_url: &str,
    me: &StaffProfile,
    key: &str,
    expected_version: Option<i64>,
    file_name: &str,
    pdf: &[u8],
    now: DateTime<Utc>,
) -> Result<SignatureRecord, ActError> {
    let d = load(pool, key)
        .await
        .map_err(ActError::internal)?
        .ok_or_else(|| ActError::NotFound(key.to_owned()))?;
    if !d.units_of(&me.unit_code).any() {
        return Err(WorkflowError::NotYourUnit("Ký số kết quả").into());
    }
    if !may_sign(&d, me) {
        return Err(ActError::Invalid(
            "Ký số kết quả: chỉ lãnh đạo cơ quan xử lý (hoặc người giữ bước cuối) ký khi hồ sơ ở bước phê duyệt hoặc đã xử lý xong"
                .into(),
        ));
    }
    if expected_version.is_some_and(|v| v != d.row_version) {
        return Err(ActError::Conflict);
    }
    let agency = d
        .processing_unit
        .clone()
        .unwrap_or(d.receiving_unit.clone());
    let signer = Signer {
        name: me.full_name.clone(),
        id: me.id.clone(),
    };
    let request = SignRequest {
        agency_code: &agency,
        dossier_id: &d.id,
        signer: &signer,
        file_name,
        pdf,
        public_url,
    };
    let keks = keys.keks().map_err(ActError::internal)?;
    let actor = acting(me);
    let now_ms = now.timestamp_millis();
    let mut tx = pool.begin().await.map_err(ActError::internal)?;
    // Claimed first, like any action: a stale page is refused before anything is signed
    // or written, and a concurrent action waits for (or loses to) this one.
    let claimed = sqlx::query(
        "UPDATE dossiers SET row_version = row_version + 1 WHERE id = $1 AND row_version = $2",
    )
    .bind(&d.id)
    .bind(d.row_version)
    .execute(&mut *tx)
    .await
    .map_err(ActError::internal)?;
    if claimed.rows_affected() != 1 {
        return Err(ActError::Conflict);
    }
    let signed = sign_result_in(&mut tx, results, &keks, &request, &actor, now)
        .await
        .map_err(|e| match e {
            SignError::Internal(m) => ActError::Internal(m),
            refused => ActError::Invalid(refused.to_string()),
        })?;
    let record = signed.record;
    let written = async {
        let detail = serde_json::json!({
            "items": [format!("Mã xác thực: {}", record.code)],
            "code": record.code, "file_name": record.file_name, "sha256": record.sha256,
            "key_id": record.key_id,
        });
        add_event(
            &mut tx,
            &d.id,
            now_ms,
            "result_signed",
            d.state.status.code(),
            &me.full_name,
            &detail,
        )
        .await?;
        audit::record(
            &mut tx,
            &audit::Entry {
                at_ms: now_ms,
                actor: &actor,
                action: "sign_result",
                subject_kind: "dossier",
                subject_id: &d.id,
                before: None,
                after: Some(serde_json::json!({ "verification_code": record.code })),
                detail: &detail,
            },
        )
        .await?;
        tx.commit().await
    }
    .await;
    if let Err(e) = written {
        discard_file(results, &record.sha256);
        return Err(ActError::internal(e));
    }
    Ok(record)
}

/// The stamped result's bytes, if the dossier has one.
pub async fn file(
    pool: &AnyPool,
    results: &FileStore,
    dossier_id: &str,
) -> Result<Option<(SignatureRecord, Vec<u8>)>, Box<dyn std::error::Error + Send + Sync>> {
    let Some(record) = latest(pool, dossier_id).await? else {
        return Ok(None);
    };
    let bytes = results.get(&record.sha256)?;
    Ok(Some((record, bytes)))
}

/// Whether a signed result exists (electronic return needs one), on the caller's
/// connection (inside the action's transaction).
pub async fn exists(conn: &mut sqlx::AnyConnection, dossier_id: &str) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM result_signatures WHERE dossier_id = $1")
        .bind(dossier_id)
        .fetch_one(conn)
        .await?
        .try_get("n")?;
    Ok(n > 0)
}
