//! The visible stamp: a last page "Trang xác thực điện tử" appended to the result PDF.
//!
//! The page is laid out with the slips' PDF toolkit (`slips::pdf`: Liberation Serif
//! subsets, so Vietnamese prints and extracts correctly) and added to the document as an
//! **incremental update** (ISO 32000-1 §7.5.6) with `lopdf`: the original file's bytes
//! are kept unchanged at the start of the stamped file, followed by the new page, the
//! page tree node that now lists it, an updated document information dictionary and a
//! new cross-reference section. Nothing of the original is rewritten, so
//! - the original stays byte for byte inside the stamped file (its SHA-256, printed on
//!   the stamp, can be checked by anyone who cuts the file at that length);
//! - a PDF that already carries a PAdES signature (e.g. the agency's official digital
//!   signature) keeps it verifiable for the revision it covers; readers list the added
//!   page as a change made after signing (not tested here; a certification signature
//!   that forbids changes would be reported as broken by the added page);
//! - files with cross-reference streams, object streams or an empty-password encryption
//!   are handled by `lopdf` as it reads them.
//!
//! The verification code is also written, machine-readable, into the document
//! information dictionary (`/MotcuaVerificationCode`), so that a file changed after
//! signing can still be recognised as "carrying code X, but modified".

use chrono::{DateTime, Utc};
use lopdf::{Dictionary, Document, IncrementalDocument, Object, ObjectId};
use motcua_core::deadline::vietnam_local;
use motcua_core::dossier::format_size;

use crate::slips::pdf::{bold, italic, regular, Align, Column, Doc, Font, Style, MM};
use crate::slips::SlipError;

/// The information-dictionary key holding the verification code.
pub const CODE_KEY: &[u8] = b"MotcuaVerificationCode";

/// What the stamp page prints.
#[derive(Debug, Clone)]
pub struct StampData<'a> {
    /// The signing agency's name.
    pub agency_name: &'a str,
    /// Its electronic code.
    pub agency_code: &'a str,
    /// The dossier's code (or submission number before reception).
    pub dossier_code: &'a str,
    /// The signer's name.
    pub signer: &'a str,
    /// When it was signed.
    pub signed_at: DateTime<Utc>,
    /// The uploaded file's name.
    pub file_name: &'a str,
    /// Pages in the original.
    pub original_pages: usize,
    /// The original's size in bytes.
    pub original_size: u64,
    /// The original's SHA-256, hex.
    pub original_sha256: &'a str,
    /// The verification code, `XXXX-XXXX-XXXX`.
    pub code: &'a str,
    /// The portal's public address, without a trailing slash.
    pub public_url: &'a str,
}

/// Why a PDF could not be stamped.
#[derive(Debug, thiserror::Error)]
pub enum StampError {
    /// The file does not parse as a PDF, or its page tree is missing.
    #[error("unreadable PDF: {0}")]
    Unreadable(String),
    /// The file is encrypted with a password.
    #[error("the PDF is password-protected")]
    Encrypted,
    /// The stamp page could not be rendered.
    #[error("stamp page: {0}")]
    Render(#[from] SlipError),
    /// Writing the update failed.
    #[error("writing the stamped PDF: {0}")]
    Write(String),
}

/// The original, opened: its page count is needed on the stamp before the stamp exists.
pub struct Original<'b> {
    bytes: &'b [u8],
    doc: Document,
}

impl<'b> Original<'b> {
    /// Parses `bytes`. Refuses a password-protected file and one whose cross-reference
    /// data had to be reconstructed (an update appended to it would point at broken data).
    pub fn open(bytes: &'b [u8]) -> Result<Self, StampError> {
        let doc = Document::load_mem(bytes).map_err(|e| match e {
            lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword => StampError::Encrypted,
            e => StampError::Unreadable(e.to_string()),
        })?;
        if doc.is_encrypted() {
            return Err(StampError::Encrypted);
        }
        if doc.xref_recovery.is_some() {
            return Err(StampError::Unreadable(
                "cross-reference data is damaged".into(),
            ));
        }
        if doc.get_pages().is_empty() {
            return Err(StampError::Unreadable("no pages".into()));
        }
        Ok(Original { bytes, doc })
    }

    /// Pages in the document.
    pub fn pages(&self) -> usize {
        self.doc.get_pages().len()
    }

    /// The original followed by an incremental update adding `stamp_pdf`'s single page as
    /// the last page, and `code` in the information dictionary.
    pub fn append(self, stamp_pdf: &[u8], code: &str) -> Result<Vec<u8>, StampError> {
        let bad = |what: &str| StampError::Unreadable(what.to_owned());
        let root_pages = self
            .doc
            .catalog()
            .and_then(|c| c.get(b"Pages"))
            .and_then(Object::as_reference)
            .map_err(|_| bad("no page tree"))?;
        let prev_info = self.doc.trailer.get(b"Info").ok().cloned();
        let prev_id = self.doc.trailer.get(b"ID").ok().cloned();
        let first_new = self.doc.max_id + 1;

        let mut stamp =
            Document::load_mem(stamp_pdf).map_err(|e| StampError::Write(e.to_string()))?;
        stamp.renumber_objects_with(first_new);
        let stamp_page = *stamp
            .get_pages()
            .values()
            .next()
            .ok_or_else(|| StampError::Write("stamp has no page".into()))?;
        let stamp_root = stamp.trailer.get(b"Root").and_then(Object::as_reference);
        let stamp_pages = stamp
            .catalog()
            .and_then(|c| c.get(b"Pages"))
            .and_then(Object::as_reference);
        let stamp_info = stamp.trailer.get(b"Info").and_then(Object::as_reference);
        let skipped: Vec<ObjectId> = [stamp_root, stamp_pages, stamp_info]
            .into_iter()
            .filter_map(Result::ok)
            .collect();

        let mut update = IncrementalDocument::create_from(self.bytes.to_vec(), self.doc);
        let mut max_id = first_new - 1;
        for (id, mut object) in std::mem::take(&mut stamp.objects) {
            if skipped.contains(&id) {
                continue;
            }
            if id == stamp_page {
                let page = object
                    .as_dict_mut()
                    .map_err(|e| StampError::Write(e.to_string()))?;
                page.set("Parent", Object::Reference(root_pages));
                // Inheritable attributes of the original's page tree must not turn or
                // crop the stamp page.
                page.set("Rotate", 0);
                if let Ok(media) = page.get(b"MediaBox").cloned() {
                    page.set("CropBox", media);
                }
            }
            max_id = max_id.max(id.0);
            update.new_document.objects.insert(id, object);
        }

        // The root of the page tree lists the new page last.
        update
            .opt_clone_object_to_new_document(root_pages)
            .map_err(|_| bad("page tree root"))?;
        let kids_ref = {
            let root = update
                .new_document
                .get_dictionary_mut(root_pages)
                .map_err(|_| bad("page tree root"))?;
            let count = root.get(b"Count").and_then(Object::as_i64).unwrap_or(0);
            root.set("Count", count + 1);
            match root.get_mut(b"Kids") {
                Ok(Object::Array(kids)) => {
                    kids.push(Object::Reference(stamp_page));
                    None
                }
                Ok(Object::Reference(id)) => Some(*id),
                _ => return Err(bad("page tree without kids")),
            }
        };
        if let Some(kids_id) = kids_ref {
            update
                .opt_clone_object_to_new_document(kids_id)
                .map_err(|_| bad("page list"))?;
            update
                .new_document
                .get_object_mut(kids_id)
                .and_then(Object::as_array_mut)
                .map_err(|_| bad("page list"))?
                .push(Object::Reference(stamp_page));
        }

        // The code, machine-readable, in the information dictionary.
        let info_id = match prev_info {
            Some(Object::Reference(id)) => {
                update
                    .opt_clone_object_to_new_document(id)
                    .map_err(|_| bad("information dictionary"))?;
                id
            }
            other => {
                max_id += 1;
                let dict = match other {
                    Some(Object::Dictionary(d)) => d,
                    _ => Dictionary::new(),
                };
                update
                    .new_document
                    .objects
                    .insert((max_id, 0), Object::Dictionary(dict));
                (max_id, 0)
            }
        };
        update
            .new_document
            .get_dictionary_mut(info_id)
            .map_err(|_| bad("information dictionary"))?
            .set(CODE_KEY, Object::string_literal(code));

        // A clean trailer: the keys of an update's trailer, not those of a previous
        // cross-reference stream (its /W, /Index, /DecodeParms describe the old stream).
        let old = update.new_document.trailer.clone();
        let mut trailer = Dictionary::new();
        trailer.set(
            "Root",
            old.get(b"Root").cloned().map_err(|_| bad("no root"))?,
        );
        trailer.set("Info", Object::Reference(info_id));
        for key in [&b"Prev"[..], b"Encrypt"] {
            if let Ok(value) = old.get(key) {
                trailer.set(key, value.clone());
            }
        }
        if let Some(id) = prev_id {
            trailer.set("ID", id);
        }
        update.new_document.trailer = trailer;
        update.new_document.max_id = max_id;

        let mut out = Vec::with_capacity(self.bytes.len() + stamp_pdf.len() + 1024);
        update
            .save_to(&mut out)
            .map_err(|e| StampError::Write(e.to_string()))?;
        Ok(out)
    }
}

/// The verification code as found in a file's information dictionary, if any: a cheap
/// byte search (no parsing), enough to recognise a stamped file that was changed later.
pub fn code_in(bytes: &[u8]) -> Option<String> {
    let key = b"/MotcuaVerificationCode";
    let at = bytes
        .windows(key.len())
        .rposition(|w| w == key)
        .map(|i| i + key.len())?;
    let rest = &bytes[at..bytes.len().min(at + 40)];
    let open = rest.iter().position(|&b| b == b'(')?;
    let close = rest[open..].iter().position(|&b| b == b')')? + open;
    std::str::from_utf8(&rest[open + 1..close])
        .ok()
        .map(str::to_owned)
}

const MARGIN_TOP: f32 = 20.0;
const MARGIN_RIGHT: f32 = 15.0;
const MARGIN_BOTTOM: f32 = 20.0;
const MARGIN_LEFT: f32 = 30.0;
const TITLE: Font = Font::new(15.0, 1.3);
const BODY: Font = Font::new(12.5, 1.3);
const CODE: Font = Font::new(15.0, 1.35);
const SMALL: Font = Font::new(10.5, 1.3);
const QR_SIDE: f32 = 32.0 * MM;

/// Renders the one-page stamp "Trang xác thực điện tử" (A4).
pub fn render(data: &StampData<'_>) -> Result<Vec<u8>, SlipError> {
    let mut doc = Doc::new(MARGIN_TOP, MARGIN_RIGHT, MARGIN_BOTTOM, MARGIN_LEFT)?;
    let verify_url = format!("{}/verify", data.public_url);
    let qr_url = format!("{verify_url}?ma={}", data.code);
    let local = vietnam_local(data.signed_at);

    doc.paragraph(
        &[regular(&data.agency_name.to_uppercase())],
        BODY,
        0.0,
        Align::Center,
    );
    doc.gap(4.0 * MM);
    doc.paragraph(&[bold("TRANG XÁC THỰC ĐIỆN TỬ")], TITLE, 0.0, Align::Center);
    doc.paragraph(
        &[italic(
            "Trang này được hệ thống thêm vào cuối văn bản kết quả khi ký điện tử; các trang trước được giữ nguyên.",
        )],
        SMALL,
        0.0,
        Align::Center,
    );
    doc.gap(6.0 * MM);

    // The line the brief asks for, large: what a citizen types or follows.
    let code_line = format!("Mã xác thực: {} — kiểm tra tại {verify_url}", data.code);
    doc.paragraph(&[bold(&code_line)], CODE, 0.0, Align::Left);
    doc.gap(4.0 * MM);

    let label_w = doc.measure(Style::Regular, BODY.size, "SHA-256 của văn bản gốc:") + 3.0 * MM;
    let columns = [
        Column {
            width: label_w,
            gap: 3.0 * MM,
            align: Align::Left,
            style: Style::Regular,
        },
        Column {
            width: doc.width() - label_w,
            gap: 0.0,
            align: Align::Left,
            style: Style::Bold,
        },
    ];
    let pages = if data.original_pages == 1 {
        "1 trang".to_owned()
    } else {
        format!("{} trang", data.original_pages)
    };
    let rows = [
        (
            "Cơ quan ký:",
            format!("{} ({})", data.agency_name, data.agency_code),
        ),
        ("Mã hồ sơ:", data.dossier_code.to_owned()),
        ("Người ký:", data.signer.to_owned()),
        (
            "Thời điểm ký:",
            format!("{} (giờ Việt Nam, UTC+7)", local.format("%d/%m/%Y %H:%M")),
        ),
        (
            "Văn bản gốc:",
            format!(
                "{} ({pages}, {})",
                data.file_name,
                format_size(data.original_size)
            ),
        ),
        (
            "SHA-256 của văn bản gốc:",
            hex_grouped(data.original_sha256),
        ),
        ("Mã xác thực:", data.code.to_owned()),
    ];
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|(label, value)| vec![label.to_owned(), value])
        .collect();
    let x = doc.left();
    doc.table(x, &columns, &rows, BODY);
    doc.gap(6.0 * MM);

    // QR code to the verification page with the code filled in, and how to check.
    let top = doc.y();
    let qr_y = top - QR_SIDE;
    doc.qr(x, qr_y, QR_SIDE, &qr_url)?;
    doc.link(x, qr_y, QR_SIDE, QR_SIDE, &qr_url);
    let text_x = x + QR_SIDE + 6.0 * MM;
    let text_w = doc.width() - QR_SIDE - 6.0 * MM;
    let how = format!(
        "Cách kiểm tra: quét mã QR hoặc mở {verify_url}, nhập mã xác thực hoặc tải lên chính tệp PDF này. \
         Tệp được ký bằng chữ ký số Ed25519 của cơ quan trên toàn bộ nội dung, kể cả trang này: \
         nếu tệp bị sửa dù chỉ một ký tự, kết quả kiểm tra sẽ báo không khớp."
    );
    let placed = doc.block(&[regular(&how)], text_x, text_w, top, SMALL, Align::Left);
    doc.set_y(placed.bottom.min(qr_y) - 4.0 * MM);
    doc.finish(&format!("Trang xác thực điện tử - {}", data.code))
}

/// A hex digest in groups of eight, so it wraps and reads in pieces.
fn hex_grouped(hex: &str) -> String {
    hex.as_bytes()
        .chunks(8)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}
