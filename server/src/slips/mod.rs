//! Slips: the printed forms a one-stop desk hands to an applicant, rendered as PDF.
//!
//! A slip is a one- or two-page A4 document in the layout of Circular 03/2025/TT-VPCP,
//! Annex I: the two-column national header (issuing unit on the left; "CỘNG HÒA XÃ HỘI CHỦ
//! NGHĨA VIỆT NAM / Độc lập - Tự do - Hạnh phúc" on the right), the register number and
//! the place and date, the form's title, its fields, and the signature columns. Form 01,
//! [`render_receipt`], is the receipt with appointment ("Giấy tiếp nhận hồ sơ và hẹn trả
//! kết quả") that must be issued at the moment a dossier is received (SPEC §3); it also
//! carries a QR code with the dossier's tracking address.
//!
//! Fonts are embedded in the binary (`include_bytes!` of Liberation Serif 2.1.5, SIL Open
//! Font License, see `server/assets/fonts/`) and subset into every PDF, because a slip must
//! print the same everywhere: the PDF base-14 fonts have no Vietnamese letters, a server
//! may have no fonts installed at all, and a PDF that relies on the reader's fonts prints
//! diacritics as boxes or in a substitute face. Liberation Serif has the metrics of Times
//! New Roman, the face Vietnamese administrative documents use (Decree 30/2020/NĐ-CP).
//! Subsetting keeps a slip small (tens of kilobytes).
//!
//! The other forms of Annex I follow the same conventions, each a plain data struct filled
//! by the caller with already-decided values and a `render_*` function without I/O:
//! form 02 [`render_supplement`] (request to complete a dossier, "…/PBS"), form 03
//! [`render_refusal`] (refusal, "…/PTC"), form 04 [`render_apology`] (apology and new
//! date, "…/PXL"), form 05 [`render_stop`] (notice that processing stopped at the
//! applicant's request), form 06 [`render_control`] (the hand-over control sheet, "…/PKS")
//! and form 07, the dossier register, as a landscape PDF [`render_register`] and as a
//! spreadsheet [`render_register_xlsx`].
//!
//! The private `pdf` module is the small layout helper the forms are written with;
//! `layout` holds what forms 02–07 share (header, fields, signatures, date formats).

mod apology;
mod control;
mod layout;
pub(crate) mod pdf;
mod receipt;
mod refusal;
mod register;
mod register_xlsx;
mod stop;
mod supplement;
#[cfg(test)]
mod test_support;

pub use apology::{render_apology, ApologySlip};
pub use control::{render_control, ControlSlip, ControlStep, StepResult};
pub use layout::DossierRef;
pub use receipt::{render_receipt, ReceiptSlip, SlipPerson};
pub use refusal::{render_refusal, RefusalSlip};
pub use register::{render_register, DossierRegister, RegisterRow};
pub use register_xlsx::render_register_xlsx;
pub use stop::{render_stop, SlipChannel, StopNotice};
pub use supplement::{render_supplement, SupplementSlip};

/// Why a slip could not be rendered. None of these depends on the slip's data except
/// [`SlipError::Qr`] (a tracking address too long for a QR code, over ~2 KB) and
/// [`SlipError::Xlsx`] (e.g. a cell text over Excel's 32,767 characters).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlipError {
    /// An embedded font could not be parsed.
    #[error("phông chữ nhúng không đọc được: {0}")]
    Font(String),
    /// An embedded font could not be subset.
    #[error("không rút gọn được phông chữ: {0}")]
    Subset(String),
    /// The tracking address cannot be encoded as a QR code.
    #[error("không tạo được mã QR: {0}")]
    Qr(String),
    /// The register spreadsheet could not be written.
    #[error("không tạo được tệp Excel: {0}")]
    Xlsx(String),
}
