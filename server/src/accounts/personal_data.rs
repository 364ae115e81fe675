//! A citizen's personal data (Decree 13/2023/NĐ-CP, issue 11): everything the system
//! holds about them, as one zip (`du-lieu.json` plus the files they sent), and closing
//! the account.
//!
//! Closing erases the profile (name, phone, personal ID, date of birth, address, e-mail,
//! password) and ends every session; the row itself stays, empty, because dossiers point
//! to it. Dossiers (with the applicant data they were submitted with), their history,
//! results and the audit log are public records kept under their own retention
//! (SECURITY.md), and are not erased.

use std::io::Write;

use motcua_app::services::{SecurityError, ServiceError};
use serde_json::{json, Value};
use sqlx::any::AnyRow;
use sqlx::{AnyPool, Column, Row};

use super::passwords::{check_current, citizen_actor, citizen_hash};
use super::{internal, rate_limit, SqlAccounts};
use crate::dossier::storage::FileStore;
use crate::staff::audit;

/// Exports per account: 5 per hour (each reads every file of every dossier).
pub const EXPORTS_PER_ACCOUNT: rate_limit::Limit = rate_limit::Limit {
    max: 5,
    window_ms: 60 * 60 * 1000,
};

/// Files put in one export at most (bytes, before zipping): 256 MiB. Files beyond it are
/// listed in `du-lieu.json` with `"in_zip": false` and stay downloadable from the
/// dossier's page.
pub const EXPORT_FILES_MAX_BYTES: i64 = 256 * 1024 * 1024;

/// A row as a JSON object, every column by name (text and integers; `NULL` as `null`).
fn row_json(row: &AnyRow) -> Value {
    let mut map = serde_json::Map::new();
    for (i, column) in row.columns().iter().enumerate() {
        let value = if let Ok(v) = row.try_get::<Option<i64>, _>(i) {
            v.map_or(Value::Null, Value::from)
        } else if let Ok(v) = row.try_get::<Option<String>, _>(i) {
            v.map_or(Value::Null, Value::from)
        } else {
            Value::Null
        };
        map.insert(column.name().to_owned(), value);
    }
    Value::Object(map)
}

async fn rows(pool: &AnyPool, sql: &str, bind: &str) -> Result<Vec<Value>, sqlx::Error> {
    Ok(sqlx::query(sql)
        .bind(bind)
        .fetch_all(pool)
        .await?
        .iter()
        .map(row_json)
        .collect())
}

/// Parses the JSON text of `key` in place (the application, event details).
fn unpack(value: &mut Value, key: &str) {
    if let Some(text) = value.get(key).and_then(Value::as_str) {
        if let Ok(parsed) = serde_json::from_str::<Value>(text) {
            value[key] = parsed;
        }
    }
}

/// Keeps only the characters that are safe in a zip entry name.
fn safe_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    cleaned.trim_start_matches('.').chars().take(80).collect()
}

/// What the system holds about the citizen `id`, and the files to add to the zip (entry
/// name, SHA-256 of the stored bytes).
pub async fn collect(
    pool: &AnyPool,
    id: &str,
    now_ms: i64,
) -> Result<(Value, Vec<(String, String)>), sqlx::Error> {
    let profile = rows(
        pool,
        "SELECT id, phone, full_name, personal_id, date_of_birth, address, email, \
         created_at_ms FROM citizens WHERE id = $1",
        id,
    )
    .await?;
    let sessions = rows(
        pool,
        "SELECT created_at_ms, expires_at_ms FROM sessions WHERE citizen_id = $1 \
         ORDER BY created_at_ms",
        id,
    )
    .await?;
    let mut dossiers = rows(
        pool,
        "SELECT id, submission_no, code, procedure_slug, procedure_version, receiving_unit, \
         channel, status, applicant_name, applicant_phone, application, submitted_at_ms, \
         received_at_ms, due_at_ms, decided_at_ms, returned_at_ms, return_method \
         FROM dossiers WHERE citizen_id = $1 ORDER BY submitted_at_ms, id",
        id,
    )
    .await?;
    let mut files = Vec::new();
    let mut budget = EXPORT_FILES_MAX_BYTES;
    for d in &mut dossiers {
        unpack(d, "application");
        let dossier_id = d["id"].as_str().unwrap_or_default().to_owned();
        let folder = safe_name(
            d["code"]
                .as_str()
                .or(d["submission_no"].as_str())
                .unwrap_or(&dossier_id),
        );
        let mut history = rows(
            pool,
            "SELECT seq, at_ms, kind, status, actor, detail FROM dossier_events \
             WHERE dossier_id = $1 ORDER BY seq",
            &dossier_id,
        )
        .await?;
        history.iter_mut().for_each(|e| unpack(e, "detail"));
        let mut documents = rows(
            pool,
            "SELECT slot, position, round, file_name, format, size_bytes, sha256 \
             FROM dossier_files WHERE dossier_id = $1 ORDER BY round, slot, position",
            &dossier_id,
        )
        .await?;
        for f in &mut documents {
            let size = f["size_bytes"].as_i64().unwrap_or(0);
            let entry = format!(
                "tep/{folder}/{}-{}-{}-{}",
                f["round"].as_i64().unwrap_or(0),
                safe_name(f["slot"].as_str().unwrap_or_default()),
                f["position"].as_i64().unwrap_or(0),
                safe_name(f["file_name"].as_str().unwrap_or_default()),
            );
            let fits = size <= budget;
            if fits {
                budget -= size;
                files.push((
                    entry.clone(),
                    f["sha256"].as_str().unwrap_or_default().to_owned(),
                ));
            }
            f["in_zip"] = Value::Bool(fits);
            f["zip_entry"] = if fits {
                Value::from(entry)
            } else {
                Value::Null
            };
        }
        let results = rows(
            pool,
            "SELECT verification_code, dossier_code, agency_name, signer_name, signed_at_ms \
             FROM result_signatures WHERE dossier_id = $1 ORDER BY signed_at_ms",
            &dossier_id,
        )
        .await?;
        d["history"] = Value::from(history);
        d["documents"] = Value::from(documents);
        d["results"] = Value::from(results);
    }
    let notifications = rows(
        pool,
        "SELECT o.channel, o.recipient, o.subject, o.body, o.dossier_id, o.created_at_ms, \
         o.sent_at_ms FROM outbox o JOIN dossiers d ON d.id = o.dossier_id \
         WHERE d.citizen_id = $1 ORDER BY o.created_at_ms, o.id",
        id,
    )
    .await?;
    let staged = rows(
        pool,
        "SELECT file_name, format, size_bytes, created_at_ms FROM staged_uploads \
         WHERE citizen_id = $1 ORDER BY created_at_ms",
        id,
    )
    .await?;
    let data = json!({
        "exported_at_ms": now_ms,
        "note": "Dữ liệu cá nhân do hệ thống Một cửa điện tử lưu giữ về tài khoản này \
                 (Nghị định 13/2023/NĐ-CP). Thời gian là mili giây Unix (UTC).",
        "profile": profile.into_iter().next().unwrap_or(Value::Null),
        "sessions": sessions,
        "dossiers": dossiers,
        "notifications": notifications,
        "staged_uploads": staged,
    });
    Ok((data, files))
}

/// The zip of `data` (as `du-lieu.json`) and `files` read from `store` (stored, not
/// compressed: scans and PDFs are compressed already).
pub fn zip(
    data: &Value,
    files: &[(String, String)],
    store: &FileStore,
) -> Result<Vec<u8>, std::io::Error> {
    use zip::write::SimpleFileOptions;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let to_io = |e: zip::result::ZipError| std::io::Error::other(e.to_string());
    out.start_file("du-lieu.json", options).map_err(to_io)?;
    out.write_all(serde_json::to_string_pretty(data)?.as_bytes())?;
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (entry, sha256) in files {
        let bytes = store.get(sha256)?;
        out.start_file(entry.as_str(), stored).map_err(to_io)?;
        out.write_all(&bytes)?;
    }
    Ok(out.finish().map_err(to_io)?.into_inner())
}

impl SqlAccounts {
    /// The citizen of `token` may export now (`Err`: refusal). Counts the export.
    pub async fn export_allowed(
        &self,
        citizen_id: &str,
    ) -> Result<Result<(), SecurityError>, ServiceError> {
        let now = self.now_ms();
        let bucket = format!("export:citizen:{citizen_id}");
        if let Some(s) = rate_limit::blocked_for(&self.pool, &bucket, EXPORTS_PER_ACCOUNT, now)
            .await
            .map_err(internal)?
        {
            return Ok(Err(SecurityError::TooManyAttempts { retry_after_s: s }));
        }
        rate_limit::record(&self.pool, &bucket, now)
            .await
            .map_err(internal)?;
        Ok(Ok(()))
    }

    /// The export's data and file list, audited (`export_personal_data`).
    pub async fn export(
        &self,
        citizen_id: &str,
    ) -> Result<(Value, Vec<(String, String)>), ServiceError> {
        let now = self.now_ms();
        let found = collect(&self.pool, citizen_id, now)
            .await
            .map_err(internal)?;
        let mut tx = self.pool.begin().await.map_err(internal)?;
        audit::record(
            &mut tx,
            &audit::Entry {
                at_ms: now,
                actor: &citizen_actor(citizen_id),
                action: "export_personal_data",
                subject_kind: "citizen",
                subject_id: citizen_id,
                before: None,
                after: None,
                detail: &json!({ "files": found.1.len() }),
            },
        )
        .await
        .map_err(internal)?;
        tx.commit().await.map_err(internal)?;
        Ok(found)
    }

    /// See `AccountSecurity::close_account`.
    pub(super) async fn close(
        &self,
        token: &str,
        password: &str,
    ) -> Result<Result<(), SecurityError>, ServiceError> {
        use motcua_app::services::Accounts;
        let Some(profile) = self.session(token).await? else {
            return Ok(Err(SecurityError::NotSignedIn));
        };
        let Some(stored) = citizen_hash(&self.pool, &profile.id)
            .await
            .map_err(internal)?
        else {
            return Ok(Err(SecurityError::NotSignedIn));
        };
        let now = self.now_ms();
        let bucket = format!("password-check:citizen:{}", profile.id);
        if let Err(e) = check_current(&self.pool, &bucket, password, stored, now).await? {
            return Ok(Err(e));
        }
        let mut tx = self.pool.begin().await.map_err(internal)?;
        // The phone number is freed (it may be registered again); the password can never
        // match ("!" is no PHC string).
        sqlx::query(
            "UPDATE citizens SET phone = $1, password_hash = '!', full_name = '', \
             personal_id = NULL, date_of_birth = NULL, address = '', email = NULL, \
             closed_at_ms = $2 WHERE id = $3",
        )
        .bind(format!("closed:{}", profile.id))
        .bind(now)
        .bind(&profile.id)
        .execute(&mut *tx)
        .await
        .map_err(internal)?;
        let ended = sqlx::query("DELETE FROM sessions WHERE citizen_id = $1")
            .bind(&profile.id)
            .execute(&mut *tx)
            .await
            .map_err(internal)?
            .rows_affected();
        audit::record(
            &mut tx,
            &audit::Entry {
                at_ms: now,
                actor: &citizen_actor(&profile.id),
                action: "close_account",
                subject_kind: "citizen",
                subject_id: &profile.id,
                before: None,
                after: None,
                detail: &json!({ "sessions_ended": ended }),
            },
        )
        .await
        .map_err(internal)?;
        tx.commit().await.map_err(internal)?;
        Ok(Ok(()))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn issue_11_zip_entry_names_cannot_climb_out() {
        assert_eq!(super::safe_name("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(super::safe_name("Giấy khai sinh.pdf"), "Giấy_khai_sinh.pdf");
    }
}
