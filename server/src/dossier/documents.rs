//! The documents of a dossier as they are opened (issue 11): who may open them, the
//! stored rows of one document slot, and each opening written to the audit log.

use motcua_app::services::{CitizenProfile, StaffProfile};
use sqlx::{AnyPool, Row};

use crate::processing::{self, Acting, Loaded};
use crate::scan::status::ScanStatus;

/// One stored file of a dossier.
#[derive(Debug, Clone)]
pub struct StoredDocument {
    /// The document slot.
    pub slot: String,
    /// Its place in the slot.
    pub position: i64,
    /// Content hash (the file on disk).
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
    /// The checked format (`pdf`, `jpeg`, `png`).
    pub format: String,
    /// File name as uploaded (already cleaned at upload).
    pub file_name: String,
    /// The malware scan's state.
    pub scan: ScanStatus,
}

impl StoredDocument {
    /// The content type of its checked format.
    pub fn content_type(&self) -> &'static str {
        match self.format.as_str() {
            "pdf" => "application/pdf",
            "jpeg" => "image/jpeg",
            "png" => "image/png",
            // The column's CHECK allows no other value.
            _ => "application/octet-stream",
        }
    }

    /// Whether it is shown as an image.
    pub fn is_image(&self) -> bool {
        matches!(self.format.as_str(), "jpeg" | "png")
    }

    /// The extension of its checked format.
    pub fn extension(&self) -> &'static str {
        match self.format.as_str() {
            "pdf" => "pdf",
            "jpeg" => "jpg",
            "png" => "png",
            _ => "bin",
        }
    }
}

/// Who is opening a dossier's documents.
pub enum Viewer<'a> {
    /// A staff member (staff session).
    Staff(&'a StaffProfile),
    /// A citizen (citizen session).
    Citizen(&'a CitizenProfile),
}

/// The dossier `key`, if `viewer` may open its documents: staff of a unit that
/// received, processes or co-ordinates it (the rule of the staff dossier page and the
/// slips; administrators see no dossier), or the applicant whose account it belongs to.
/// Anything else is `None`, the same answer as a dossier that does not exist.
pub async fn open_for(
    pool: &AnyPool,
    viewer: &Viewer<'_>,
    key: &str,
) -> Result<Option<(Loaded, Acting)>, processing::load::LoadError> {
    if let Viewer::Staff(me) = viewer {
        if me.role.is_admin() {
            return Ok(None);
        }
    }
    let Some(d) = processing::load(pool, key).await? else {
        return Ok(None);
    };
    let acting = match viewer {
        Viewer::Staff(me) if d.units_of(&me.unit_code).any() => crate::staff::accounts::acting(me),
        Viewer::Citizen(who) if d.citizen_id.as_deref() == Some(who.id.as_str()) => Acting {
            id: who.id.clone(),
            name: who.full_name.clone(),
            role: None,
            unit: None,
        },
        _ => return Ok(None),
    };
    Ok(Some((d, acting)))
}

const COLUMNS: &str = "f.slot, f.position, f.sha256, f.size_bytes, f.format, f.file_name, s.status";

fn from_row(r: &sqlx::any::AnyRow) -> Result<StoredDocument, sqlx::Error> {
    Ok(StoredDocument {
        slot: r.try_get("slot")?,
        position: r.try_get("position")?,
        sha256: r.try_get("sha256")?,
        size: r.try_get::<i64, _>("size_bytes")? as u64,
        format: r.try_get("format")?,
        file_name: r.try_get("file_name")?,
        scan: ScanStatus::parse(r.try_get::<Option<String>, _>("status")?.as_deref()),
    })
}

/// Every file of one slot of a dossier, in order.
pub async fn in_slot(
    pool: &AnyPool,
    dossier_id: &str,
    slot: &str,
) -> Result<Vec<StoredDocument>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT {COLUMNS} FROM dossier_files f LEFT JOIN file_scans s ON s.sha256 = f.sha256 \
         WHERE f.dossier_id = $1 AND f.slot = $2 ORDER BY f.position"
    ))
    .bind(dossier_id)
    .bind(slot)
    .fetch_all(pool)
    .await?
    .iter()
    .map(from_row)
    .collect()
}

/// One file of a dossier.
pub async fn one(
    pool: &AnyPool,
    dossier_id: &str,
    slot: &str,
    position: i64,
) -> Result<Option<StoredDocument>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT {COLUMNS} FROM dossier_files f LEFT JOIN file_scans s ON s.sha256 = f.sha256 \
         WHERE f.dossier_id = $1 AND f.slot = $2 AND f.position = $3"
    ))
    .bind(dossier_id)
    .bind(slot)
    .bind(position)
    .fetch_optional(pool)
    .await?
    .as_ref()
    .map(from_row)
    .transpose()
}

/// Writes "`who` opened this document" to the audit log; the file is served only once
/// the entry is committed.
pub async fn audit_view(
    pool: &AnyPool,
    who: &Acting,
    dossier_id: &str,
    doc: &StoredDocument,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    let detail = serde_json::json!({
        "slot": doc.slot,
        "position": doc.position,
        "file_name": doc.file_name,
        "sha256": doc.sha256,
    });
    let mut tx = pool.begin().await?;
    crate::staff::audit::record(
        &mut tx,
        &crate::staff::audit::Entry {
            at_ms: now_ms,
            actor: who,
            action: VIEW_ACTION,
            subject_kind: "dossier",
            subject_id: dossier_id,
            before: None,
            after: None,
            detail: &detail,
        },
    )
    .await?;
    tx.commit().await
}

/// The audit log's action for opening a document.
pub const VIEW_ACTION: &str = "view_document";
