//! A row of `result_signatures` and the exact statement its signature covers.

use sqlx::any::AnyRow;
use sqlx::{AnyPool, Row};

/// One signed result, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureRecord {
    /// The verification code, `XXXX-XXXX-XXXX` (primary key).
    pub code: String,
    /// The dossier the result belongs to.
    pub dossier_id: String,
    /// The signing agency.
    pub agency_code: String,
    /// Its name when it signed.
    pub agency_name: String,
    /// The dossier's code when signed (its submission number if not yet received).
    pub dossier_code: String,
    /// SHA-256 of the stamped file, hex.
    pub sha256: String,
    /// SHA-256 of the uploaded original, hex.
    pub original_sha256: String,
    /// `ed25519`.
    pub algorithm: String,
    /// The signature of [`SignatureRecord::statement`], base64.
    pub signature: String,
    /// The public key it was signed with, base64: a copy, for display and offline
    /// checks. **Never trusted**: verification uses the registry key named by `key_id`.
    pub public_key: String,
    /// The signer's display name.
    pub signer_name: String,
    /// The signer's account id (or any text identifying them).
    pub signer_id: String,
    /// When it was signed, Unix ms.
    pub signed_at_ms: i64,
    /// The uploaded file's name.
    pub file_name: String,
    /// Size of the stamped file in bytes.
    pub size_bytes: i64,
    /// The registry key (`agency_keys.key_id`) that signed it; `None` only for a row
    /// that no registry key claims (such a row never verifies).
    pub key_id: Option<String>,
}

/// Columns in the order [`from_row`] reads them.
pub const COLUMNS: &str = "verification_code, dossier_id, agency_code, agency_name, dossier_code, \
     sha256, original_sha256, algorithm, signature, public_key, signer_name, signer_id, \
     signed_at_ms, file_name, size_bytes, key_id";

impl SignatureRecord {
    /// The statement the agency signs: a versioned, line-per-field text naming the stamped
    /// file's SHA-256 and everything the verification page shows, so that changing any
    /// stored field (a signer's name, a dossier code, a date) breaks the signature, not
    /// just changing the file. Fields never contain a line break (see `clean_text`).
    ///
    /// Every field is in the JSON of `GET /api/v1/verify/{code}`, so anyone can check a
    /// result offline: rebuild this text and check the Ed25519 signature with the key.
    pub fn statement(&self) -> Vec<u8> {
        format!(
            "motcua-result-signature-v1\n\
             code: {}\nagency: {}\nagency-name: {}\ndossier-code: {}\nsha256: {}\n\
             original-sha256: {}\nsigned-at-ms: {}\nsigner: {}\nsigner-id: {}\n\
             file-name: {}\nsize: {}\n",
            self.code,
            self.agency_code,
            self.agency_name,
            self.dossier_code,
            self.sha256,
            self.original_sha256,
            self.signed_at_ms,
            self.signer_name,
            self.signer_id,
            self.file_name,
            self.size_bytes,
        )
        .into_bytes()
    }

    /// Stores the row, inside the signing transaction.
    pub async fn insert(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(&format!(
            "INSERT INTO result_signatures ({COLUMNS}) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"
        ))
        .bind(&self.code)
        .bind(&self.dossier_id)
        .bind(&self.agency_code)
        .bind(&self.agency_name)
        .bind(&self.dossier_code)
        .bind(&self.sha256)
        .bind(&self.original_sha256)
        .bind(&self.algorithm)
        .bind(&self.signature)
        .bind(&self.public_key)
        .bind(&self.signer_name)
        .bind(&self.signer_id)
        .bind(self.signed_at_ms)
        .bind(&self.file_name)
        .bind(self.size_bytes)
        .bind(&self.key_id)
        .execute(&mut **tx)
        .await
        .map(|_| ())
    }

    /// Reads a row selected with [`COLUMNS`].
    pub fn from_row(row: &AnyRow) -> Result<Self, sqlx::Error> {
        Ok(SignatureRecord {
            code: row.try_get(0)?,
            dossier_id: row.try_get(1)?,
            agency_code: row.try_get(2)?,
            agency_name: row.try_get(3)?,
            dossier_code: row.try_get(4)?,
            sha256: row.try_get(5)?,
            original_sha256: row.try_get(6)?,
            algorithm: row.try_get(7)?,
            signature: row.try_get(8)?,
            public_key: row.try_get(9)?,
            signer_name: row.try_get(10)?,
            signer_id: row.try_get(11)?,
            signed_at_ms: row.try_get(12)?,
            file_name: row.try_get(13)?,
            size_bytes: row.try_get(14)?,
            key_id: row.try_get(15)?,
        })
    }

    /// The row with this (canonical) code.
    pub async fn by_code(pool: &AnyPool, code: &str) -> Result<Option<Self>, sqlx::Error> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM result_signatures WHERE verification_code = $1"
        ))
        .bind(code)
        .fetch_optional(pool)
        .await?
        .as_ref()
        .map(Self::from_row)
        .transpose()
    }

    /// The results of the same dossier signed after this one, newest first (a re-signed
    /// result supersedes the earlier ones).
    pub async fn later_of_dossier(&self, pool: &AnyPool) -> Result<Vec<Self>, sqlx::Error> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM result_signatures WHERE dossier_id = $1 \
             AND (signed_at_ms > $2 OR (signed_at_ms = $2 AND verification_code > $3)) \
             ORDER BY signed_at_ms DESC, verification_code DESC LIMIT 20"
        ))
        .bind(&self.dossier_id)
        .bind(self.signed_at_ms)
        .bind(&self.code)
        .fetch_all(pool)
        .await?
        .iter()
        .map(Self::from_row)
        .collect()
    }

    /// The row of the stamped file with this SHA-256.
    pub async fn by_sha256(pool: &AnyPool, sha256: &str) -> Result<Option<Self>, sqlx::Error> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM result_signatures WHERE sha256 = $1 \
             ORDER BY signed_at_ms DESC, verification_code"
        ))
        .bind(sha256)
        .fetch_optional(pool)
        .await?
        .as_ref()
        .map(Self::from_row)
        .transpose()
    }
}

/// Text for a signed field: Unicode form C (a name typed with combining marks signs and
/// prints like the precomposed one), control characters (line breaks included) become
/// spaces, runs of spaces one space, at most `max` characters.
pub fn clean_text(text: &str, max: usize) -> String {
    use unicode_normalization::UnicodeNormalization;
    let spaced: String = text
        .nfc()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    spaced
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(max)
        .collect()
}
