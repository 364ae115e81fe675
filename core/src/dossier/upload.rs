//! Checks on a file attached to an online dossier: its format, read from its content
//! (a renamed `.exe` is refused, a PNG named `.pdf` is a PNG), and its size against the
//! per-file and per-dossier limits. The browser checks before uploading; the server
//! checks again on the bytes it received.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A format accepted for dossier documents.
///
/// ```
/// use motcua_core::dossier::DocumentFormat;
/// assert_eq!(DocumentFormat::sniff(b"%PDF-1.7\n..."), Some(DocumentFormat::Pdf));
/// assert_eq!(DocumentFormat::sniff(b"MZ\x90\x00"), None); // a Windows executable
/// assert_eq!(DocumentFormat::Png.mime_type(), "image/png");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DocumentFormat {
    /// PDF (scanned or born-digital documents, signed files).
    Pdf,
    /// JPEG photograph or scan.
    Jpeg,
    /// PNG image.
    Png,
}

/// Magic bytes at offset 0 of each format.
const SIGNATURES: [(&[u8], DocumentFormat); 3] = [
    (b"%PDF-", DocumentFormat::Pdf),
    (&[0xFF, 0xD8, 0xFF], DocumentFormat::Jpeg),
    (
        &[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A],
        DocumentFormat::Png,
    ),
];

impl DocumentFormat {
    /// How many leading bytes [`sniff`](Self::sniff) needs: the browser reads only these
    /// before deciding.
    ///
    /// ```
    /// use motcua_core::dossier::DocumentFormat;
    /// assert_eq!(DocumentFormat::sniff(&b"\x89PNG\r\n\x1a\nrest"[..DocumentFormat::SNIFF_LEN]), Some(DocumentFormat::Png));
    /// ```
    pub const SNIFF_LEN: usize = 8;

    /// The `accept` attribute for a file input, so the picker offers these formats.
    ///
    /// ```
    /// assert!(motcua_core::dossier::DocumentFormat::ACCEPT.contains("application/pdf"));
    /// ```
    pub const ACCEPT: &'static str = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png";

    /// The format of a file, from its first bytes (at least [`SNIFF_LEN`](Self::SNIFF_LEN)
    /// of them, or the whole file if shorter), or `None` if it is none of the three.
    ///
    /// PDF is recognised only with `%PDF-` at offset 0. Readers tolerate up to 1024
    /// bytes of junk before it, but a file like that is also what a polyglot (say an
    /// HTML page carrying a PDF) looks like, so we refuse it.
    ///
    /// ```
    /// use motcua_core::dossier::DocumentFormat;
    /// assert_eq!(DocumentFormat::sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(DocumentFormat::Jpeg));
    /// assert_eq!(DocumentFormat::sniff(b"\n%PDF-1.4"), None);
    /// assert_eq!(DocumentFormat::sniff(b""), None);
    /// ```
    pub fn sniff(first_bytes: &[u8]) -> Option<DocumentFormat> {
        SIGNATURES
            .iter()
            .find(|(magic, _)| first_bytes.starts_with(magic))
            .map(|&(_, format)| format)
    }

    /// The media type to store and serve the file with.
    ///
    /// ```
    /// assert_eq!(motcua_core::dossier::DocumentFormat::Pdf.mime_type(), "application/pdf");
    /// ```
    pub fn mime_type(self) -> &'static str {
        match self {
            DocumentFormat::Pdf => "application/pdf",
            DocumentFormat::Jpeg => "image/jpeg",
            DocumentFormat::Png => "image/png",
        }
    }

    /// The extension to store the file under, whatever name it was uploaded with.
    ///
    /// ```
    /// assert_eq!(motcua_core::dossier::DocumentFormat::Jpeg.extension(), "jpg");
    /// ```
    pub fn extension(self) -> &'static str {
        match self {
            DocumentFormat::Pdf => "pdf",
            DocumentFormat::Jpeg => "jpg",
            DocumentFormat::Png => "png",
        }
    }
}

const MB: u64 = 1024 * 1024;
const KB: u64 = 1024;

/// Size limits for uploads. Sizes are in binary units (1 MB = 1 048 576 bytes), which is
/// what Windows Explorer and most phones show citizens as "MB".
///
/// ```
/// use motcua_core::dossier::UploadLimits;
/// let limits = UploadLimits::default();
/// assert_eq!(limits.max_file_bytes, 10 * 1024 * 1024);
/// assert_eq!(limits.max_dossier_bytes, 50 * 1024 * 1024);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UploadLimits {
    /// Largest single file.
    pub max_file_bytes: u64,
    /// Largest total of all files of one dossier.
    pub max_dossier_bytes: u64,
}

/// **\[D\]** 10 MB per file and 50 MB per dossier: a 20-page scan at 300 dpi fits in 10 MB
/// as PDF; configurable per deployment.
impl Default for UploadLimits {
    fn default() -> Self {
        UploadLimits {
            max_file_bytes: 10 * MB,
            max_dossier_bytes: 50 * MB,
        }
    }
}

impl UploadLimits {
    /// Checks one file before it joins a dossier that already holds `already_in_dossier`
    /// bytes, and returns its format. `name` is only used in messages; `first_bytes` are
    /// at least the first [`DocumentFormat::SNIFF_LEN`] bytes (or the whole file).
    ///
    /// Checks run in this order, so the citizen hears first about what matters most:
    /// empty, wrong format, file too large, dossier too large. Exactly at a limit is
    /// allowed.
    ///
    /// ```
    /// use motcua_core::dossier::{DocumentFormat, UploadLimits};
    /// let limits = UploadLimits::default();
    /// let png = b"\x89PNG\r\n\x1a\n....";
    /// assert_eq!(limits.check_file("scan.pdf", png, 200_000, 0), Ok(DocumentFormat::Png));
    /// let err = limits.check_file("abc.exe", b"MZ\x90\x00", 20_000, 0).unwrap_err();
    /// assert_eq!(err.to_string(), "Tệp “abc.exe” không phải PDF, JPEG hoặc PNG.");
    /// ```
    pub fn check_file(
        &self,
        name: &str,
        first_bytes: &[u8],
        size: u64,
        already_in_dossier: u64,
    ) -> Result<DocumentFormat, UploadError> {
        let file = || name.to_owned();
        if size == 0 {
            return Err(UploadError::Empty { file: file() });
        }
        let format = DocumentFormat::sniff(first_bytes)
            .ok_or(UploadError::UnsupportedFormat { file: file() })?;
        if size > self.max_file_bytes {
            return Err(UploadError::FileTooLarge {
                file: file(),
                size,
                max: self.max_file_bytes,
            });
        }
        if already_in_dossier.saturating_add(size) > self.max_dossier_bytes {
            return Err(UploadError::DossierTooLarge {
                max: self.max_dossier_bytes,
            });
        }
        Ok(format)
    }
}

/// Why a file was refused. The message names the file as the citizen chose it.
///
/// ```
/// use motcua_core::dossier::UploadError;
/// assert_eq!(UploadError::Empty { file: "x.pdf".into() }.to_string(), "Tệp “x.pdf” rỗng.");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum UploadError {
    /// The file has no content.
    Empty {
        /// File name as uploaded.
        file: String,
    },
    /// The content is not PDF, JPEG or PNG, whatever the file is called.
    UnsupportedFormat {
        /// File name as uploaded.
        file: String,
    },
    /// The file alone is over the per-file limit.
    FileTooLarge {
        /// File name as uploaded.
        file: String,
        /// Its size in bytes.
        size: u64,
        /// The per-file limit in bytes.
        max: u64,
    },
    /// With this file, the dossier would be over its total limit.
    DossierTooLarge {
        /// The per-dossier limit in bytes.
        max: u64,
    },
}

impl fmt::Display for UploadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UploadError::Empty { file } => write!(f, "Tệp “{file}” rỗng."),
            UploadError::UnsupportedFormat { file } => {
                write!(f, "Tệp “{file}” không phải PDF, JPEG hoặc PNG.")
            }
            UploadError::FileTooLarge { file, size, max } => write!(
                f,
                "Tệp “{file}” quá lớn ({}); tối đa {} mỗi tệp.",
                size_over(*size, *max),
                format_size(*max)
            ),
            UploadError::DossierTooLarge { max } => {
                write!(f, "Tổng dung lượng hồ sơ vượt quá {}.", format_size(*max))
            }
        }
    }
}

impl std::error::Error for UploadError {}

/// `bytes / unit` in tenths, rounded half up, or up when `ceil`.
fn tenths(bytes: u64, unit: u64, ceil: bool) -> u128 {
    let (n, d) = (u128::from(bytes) * 10, u128::from(unit));
    if ceil {
        n.div_ceil(d)
    } else {
        (n + d / 2) / d
    }
}

/// Writes tenths Vietnamese style: `.` between thousands, `,` before the decimal, and no
/// `,0` for a whole number.
fn vietnamese_tenths(t: u128, unit: &str) -> String {
    let digits = (t / 10).to_string();
    let mut whole = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            whole.push('.');
        }
        whole.push(c);
    }
    match t % 10 {
        0 => format!("{whole} {unit}"),
        d => format!("{whole},{d} {unit}"),
    }
}

/// A size as shown to Vietnamese citizens: bytes, KB or MB with one decimal after a
/// comma (`12,3 MB`, `850 KB`, `1.024 MB`), whole numbers without `,0`.
///
/// ```
/// use motcua_core::dossier::format_size;
/// assert_eq!(format_size(10 * 1024 * 1024), "10 MB");
/// assert_eq!(format_size(12_897_485), "12,3 MB");
/// assert_eq!(format_size(1536), "1,5 KB");
/// assert_eq!(format_size(512), "512 byte");
/// ```
pub fn format_size(bytes: u64) -> String {
    if bytes < KB {
        return vietnamese_tenths(u128::from(bytes) * 10, "byte");
    }
    let kb = tenths(bytes, KB, false);
    // 1 048 575 bytes rounds to 1024,0 KB: say 1 MB instead.
    if kb < 10 * 1024 {
        vietnamese_tenths(kb, "KB")
    } else {
        vietnamese_tenths(tenths(bytes, MB, false), "MB")
    }
}

/// The size of a file over `max`, never printed as equal to or below the limit: 10 MB
/// and one byte shows as "10,1 MB", not "10 MB".
fn size_over(size: u64, max: u64) -> String {
    let shown = format_size(size);
    if max >= MB && size >= MB && tenths(size, MB, false) <= tenths(max, MB, false) {
        vietnamese_tenths(tenths(size, MB, true), "MB")
    } else {
        shown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PDF: &[u8] = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3";
    const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x10, b'E', b'x'];
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR";
    const EXE: &[u8] = b"MZ\x90\x00\x03\x00\x00\x00";

    #[test]
    fn formats_are_read_from_content_not_name() {
        assert_eq!(DocumentFormat::sniff(PDF), Some(DocumentFormat::Pdf));
        assert_eq!(DocumentFormat::sniff(JPEG), Some(DocumentFormat::Jpeg));
        assert_eq!(DocumentFormat::sniff(PNG), Some(DocumentFormat::Png));
        for other in [
            EXE,
            b"PK\x03\x04\x14\x00".as_slice(), // .docx / .zip
            b"GIF89a",
            b"<html><body>%PDF-1.4",
            b" %PDF-1.4",       // PDF not at offset 0
            b"%PDF",            // truncated signature
            b"\x89PNG\r\n\x1a", // truncated signature
            &[0xFF, 0xD8],
            b"",
        ] {
            assert_eq!(DocumentFormat::sniff(other), None, "{other:?}");
        }
    }

    #[test]
    fn format_mime_types_and_extensions() {
        let got: Vec<_> = [
            DocumentFormat::Pdf,
            DocumentFormat::Jpeg,
            DocumentFormat::Png,
        ]
        .iter()
        .map(|f| (f.mime_type(), f.extension()))
        .collect();
        assert_eq!(
            got,
            [
                ("application/pdf", "pdf"),
                ("image/jpeg", "jpg"),
                ("image/png", "png")
            ]
        );
        assert_eq!(
            serde_json::to_string(&DocumentFormat::Jpeg).unwrap(),
            r#""jpeg""#
        );
    }

    #[test]
    fn renamed_exe_is_refused() {
        let err = UploadLimits::default()
            .check_file("abc.pdf", EXE, 30_000, 0)
            .unwrap_err();
        assert_eq!(
            err,
            UploadError::UnsupportedFormat {
                file: "abc.pdf".into()
            }
        );
        assert_eq!(
            err.to_string(),
            "Tệp “abc.pdf” không phải PDF, JPEG hoặc PNG."
        );
        let err = UploadLimits::default().check_file("abc.exe", EXE, 30_000, 0);
        assert_eq!(
            err.unwrap_err().to_string(),
            "Tệp “abc.exe” không phải PDF, JPEG hoặc PNG."
        );
    }

    #[test]
    fn png_named_pdf_is_accepted_as_png() {
        let got = UploadLimits::default().check_file("giay-to.pdf", PNG, 300_000, 0);
        assert_eq!(got, Ok(DocumentFormat::Png));
    }

    #[test]
    fn empty_file_is_refused_first() {
        let err = UploadLimits::default()
            .check_file("x.pdf", b"", 0, 0)
            .unwrap_err();
        assert_eq!(err.to_string(), "Tệp “x.pdf” rỗng.");
    }

    #[test]
    fn per_file_limit_exactly_at_and_one_byte_over() {
        let limits = UploadLimits::default();
        assert_eq!(
            limits.check_file("x.pdf", PDF, 10 * MB, 0),
            Ok(DocumentFormat::Pdf)
        );
        let err = limits.check_file("x.pdf", PDF, 10 * MB + 1, 0).unwrap_err();
        assert_eq!(
            err,
            UploadError::FileTooLarge {
                file: "x.pdf".into(),
                size: 10 * MB + 1,
                max: 10 * MB
            }
        );
        // Never "quá lớn (10 MB); tối đa 10 MB".
        assert_eq!(
            err.to_string(),
            "Tệp “x.pdf” quá lớn (10,1 MB); tối đa 10 MB mỗi tệp."
        );
    }

    #[test]
    fn too_large_message_shows_the_size_vietnamese_style() {
        let size = 12 * MB + 3 * MB / 10; // 12,3 MB
        let err = UploadLimits::default()
            .check_file("x.pdf", PDF, size, 0)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "Tệp “x.pdf” quá lớn (12,3 MB); tối đa 10 MB mỗi tệp."
        );
    }

    #[test]
    fn wrong_format_is_reported_before_size() {
        let err = UploadLimits::default().check_file("phim.exe", EXE, 900 * MB, 0);
        assert!(matches!(err, Err(UploadError::UnsupportedFormat { .. })));
    }

    #[test]
    fn per_dossier_limit_exactly_at_and_one_byte_over() {
        let limits = UploadLimits::default();
        assert_eq!(
            limits.check_file("x.jpg", JPEG, 10 * MB, 40 * MB),
            Ok(DocumentFormat::Jpeg)
        );
        let err = limits
            .check_file("x.jpg", JPEG, 10 * MB, 40 * MB + 1)
            .unwrap_err();
        assert_eq!(err, UploadError::DossierTooLarge { max: 50 * MB });
        assert_eq!(err.to_string(), "Tổng dung lượng hồ sơ vượt quá 50 MB.");
        // No overflow when a client reports an absurd running total.
        assert!(limits.check_file("x.jpg", JPEG, 1, u64::MAX).is_err());
    }

    #[test]
    fn limits_are_configurable() {
        let limits = UploadLimits {
            max_file_bytes: 2 * MB,
            max_dossier_bytes: 5 * MB,
        };
        let err = limits.check_file("a.png", PNG, 3 * MB, 0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Tệp “a.png” quá lớn (3 MB); tối đa 2 MB mỗi tệp."
        );
        let json = serde_json::to_string(&limits).unwrap();
        assert_eq!(serde_json::from_str::<UploadLimits>(&json).unwrap(), limits);
    }

    #[test]
    fn sizes_in_vietnamese_notation() {
        let cases = [
            (0, "0 byte"),
            (1023, "1.023 byte"),
            (1024, "1 KB"),
            (1536, "1,5 KB"),
            (850 * KB, "850 KB"),
            (MB - 1, "1 MB"),
            (MB, "1 MB"),
            (10 * MB, "10 MB"),
            (12 * MB + 3 * MB / 10, "12,3 MB"),
            (1234 * MB + MB / 2, "1.234,5 MB"),
        ];
        for (bytes, text) in cases {
            assert_eq!(format_size(bytes), text, "{bytes}");
        }
    }

    #[test]
    fn upload_errors_travel_as_json() {
        let err = UploadError::FileTooLarge {
            file: "x.pdf".into(),
            size: 11 * MB,
            max: 10 * MB,
        };
        let json = serde_json::to_string(&err).unwrap();
        assert_eq!(
            json,
            r#"{"type":"file_too_large","file":"x.pdf","size":11534336,"max":10485760}"#
        );
        assert_eq!(serde_json::from_str::<UploadError>(&json).unwrap(), err);
    }
}
