//! Dossiers as citizens see them: the submission page's data, the confirmation, "Hồ sơ
//! của tôi" and the tracking page.

use motcua_core::dossier::{DossierStatus, UploadLimits};
use serde::{Deserialize, Serialize};

use super::{CitizenProfile, ProcedurePage};

/// What the online submission page needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApplicationPage {
    /// The procedure (current version) and its units.
    pub procedure: ProcedurePage,
    /// The signed-in citizen, whose profile pre-fills the form; `None` asks to sign in.
    pub citizen: Option<CitizenProfile>,
    /// A fresh key that makes this form's submission idempotent.
    pub idempotency_key: String,
    /// Upload limits.
    pub limits: UploadLimits,
    /// Server time (Unix ms, UTC), for the appointment preview.
    pub now_ms: i64,
}

/// One line of a dossier's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelineEntry {
    /// Local time, "14 giờ 05, thứ Hai 30/11/2026".
    pub at: String,
    /// The status after the event.
    pub status: DossierStatus,
    /// What happened, in Vietnamese.
    pub title: String,
    /// Details: supplement items, a new date, a reason.
    pub details: Vec<String>,
}

/// A file of a dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DossierFile {
    /// The document it belongs to.
    pub document: String,
    /// File name as uploaded.
    pub file_name: String,
    /// Size in bytes.
    pub size: u64,
    /// The document slot's identifier (its page is `…/tai-lieu/{slot}`).
    #[serde(default)]
    pub slot: String,
    /// The file's place in its slot (the file is `…/tai-lieu/{slot}/{position}`).
    #[serde(default)]
    pub position: u32,
    /// Whether the file can be opened now (malware scan).
    #[serde(default)]
    pub check: FileCheck,
}

/// Whether a file can be opened: uploads are scanned for malware first.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FileCheck {
    /// Scanned clean (or stored while scanning was off): it opens.
    #[default]
    Ready,
    /// Waiting for the malware scanner ("đang kiểm tra"): nobody opens it yet.
    Checking,
    /// The scanner found malware in it: it never opens.
    Blocked,
}

impl FileCheck {
    /// What the file lists say instead of a link, if anything.
    pub fn note(self) -> Option<&'static str> {
        match self {
            FileCheck::Ready => None,
            FileCheck::Checking => Some("đang kiểm tra mã độc, chưa mở được"),
            FileCheck::Blocked => Some("bị chặn: phát hiện mã độc"),
        }
    }
}

impl DossierFile {
    /// The page of the file's document slot under `base` (`/ho-so/{id}` for the
    /// applicant, `/can-bo/ho-so/{id}` for staff): every file and page of the document.
    pub fn slot_href(&self, base: &str) -> String {
        format!("{base}/tai-lieu/{}", path_segment(&self.slot))
    }

    /// The file itself under `base` (PDF in the browser's viewer, images shown).
    pub fn href(&self, base: &str) -> String {
        format!("{}/{}", self.slot_href(base), self.position)
    }
}

/// Percent-encodes a path segment.
fn path_segment(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A dossier as its applicant sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DossierView {
    /// Internal id.
    pub id: String,
    /// Temporary submission number (online dossiers).
    pub submission_no: String,
    /// Dossier code, once received.
    pub code: Option<String>,
    /// Procedure name.
    pub procedure: String,
    /// Procedure slug (link to its page).
    pub procedure_slug: String,
    /// Receiving unit's name.
    pub unit: String,
    /// Current status.
    pub status: DossierStatus,
    /// Applicant's name.
    pub applicant: String,
    /// Applicant's phone, masked.
    pub phone_masked: String,
    /// When submitted, in words.
    pub submitted_at: String,
    /// The appointment, in words, once received.
    pub appointment: Option<String>,
    /// Working days left before the appointment ("còn 3 ngày làm việc"), while running.
    pub time_left: Option<String>,
    /// History, oldest first.
    pub timeline: Vec<TimelineEntry>,
    /// Open supplement request items, when status 5.
    pub supplement_items: Vec<String>,
    /// Why the supplement was requested, and when, when status 5.
    #[serde(default)]
    pub supplement_reason: Option<String>,
    /// Files submitted.
    pub files: Vec<DossierFile>,
    /// Whether a receipt (form 01) can be downloaded.
    pub has_receipt: bool,
    /// The verification code of the signed electronic result, once the result is ready
    /// (status 9 or 10); its owner downloads it at `/ho-so/{id}/ket-qua.pdf`.
    #[serde(default)]
    pub result_code: Option<String>,
    /// Where the dossier came from, in words: "Nộp trực tuyến", "Nộp trực tiếp tại Bộ
    /// phận Một cửa {unit}" or "Nộp qua bưu chính đến {unit}" (a paper dossier entered at
    /// the desk shows in the account of its applicant's verified phone).
    #[serde(default)]
    pub origin: String,
}

/// Why a tracking look-up was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum TrackError {
    /// Nothing matches the code and phone (never says which was wrong).
    #[error("Không tìm thấy hồ sơ với mã và số điện thoại này. Vui lòng kiểm tra lại.")]
    NotFound,
    /// Too many look-ups.
    #[error("Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau {retry_after_s} giây.")]
    TooMany {
        /// Seconds to wait.
        retry_after_s: u64,
    },
}

/// Dossiers, for citizens.
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait Dossiers: Send + Sync {
    /// Data for the submission page of `slug` (`None`: no such procedure or not online).
    async fn application_page(
        &self,
        slug: &str,
        citizen: Option<CitizenProfile>,
    ) -> Result<Option<ApplicationPage>, super::ServiceError>;

    /// A citizen's dossiers, newest first.
    async fn for_citizen(&self, citizen_id: &str) -> Result<Vec<DossierView>, super::ServiceError>;

    /// One of the citizen's dossiers, by submission number or code.
    async fn citizen_dossier(
        &self,
        citizen_id: &str,
        number: &str,
    ) -> Result<Option<DossierView>, super::ServiceError>;

    /// A dossier by code (or submission number) and the applicant's phone number.
    async fn track(
        &self,
        number: &str,
        phone: &str,
        client: &str,
    ) -> Result<Result<DossierView, TrackError>, super::ServiceError>;
}

/// The form in which the dossier service is put into the Leptos context.
#[cfg(feature = "ssr")]
pub type SharedDossiers = std::sync::Arc<dyn Dossiers>;
