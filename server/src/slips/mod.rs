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
//! The private `pdf` module is the small layout helper the forms are written with.

pub(crate) mod pdf;
mod receipt;

pub use receipt::{render_receipt, ReceiptSlip, SlipPerson};

/// Why a slip could not be rendered. None of these depends on the slip's data except
/// [`SlipError::Qr`] (a tracking address too long for a QR code, over ~2 KB).
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
}
