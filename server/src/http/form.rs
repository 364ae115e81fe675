//! Limits on every multipart form, whoever posts it: at most [`MAX_PARTS`] parts and
//! at most [`MAX_TEXT_BYTES`] in any text part (files have their own limits, applied as
//! they are read: `citizen::read_limited`). Read the form through [`Parts`] and
//! [`text`], and answer a [`FormRefusal`] with its status and message.

use axum::extract::multipart::{Field, MultipartError};
use axum::extract::Multipart;
use axum::http::StatusCode;

use super::guard::body::is_length_limit;
use super::guard::refusal::human_size;

/// Parts in one form: the longest dossier form has a few dozen fields and files.
pub const MAX_PARTS: usize = 200;
/// Bytes in one text part: an address or a note is far below this.
pub const MAX_TEXT_BYTES: usize = 32 * 1024;

/// Why a form is not read to its end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormRefusal {
    /// More than [`MAX_PARTS`] parts.
    TooManyParts,
    /// A text part over [`MAX_TEXT_BYTES`]; the part's name.
    TextTooLong(String),
    /// The whole body is over the server's cap (`guard::body`).
    BodyTooLarge,
    /// The body is not a multipart form, or was cut off.
    Unreadable,
}

impl FormRefusal {
    /// 413 for a limit, 400 for a broken form.
    pub fn status(&self) -> StatusCode {
        match self {
            FormRefusal::Unreadable => StatusCode::BAD_REQUEST,
            _ => StatusCode::PAYLOAD_TOO_LARGE,
        }
    }

    /// What the citizen or officer reads.
    pub fn message(&self) -> String {
        match self {
            FormRefusal::TooManyParts => {
                format!("Biểu mẫu có quá nhiều mục (tối đa {MAX_PARTS} mục).")
            }
            FormRefusal::TextTooLong(name) => format!(
                "Nội dung mục «{name}» quá dài (tối đa {}).",
                human_size(MAX_TEXT_BYTES as u64)
            ),
            FormRefusal::BodyTooLarge => super::guard::refusal::TOO_LARGE.to_owned(),
            FormRefusal::Unreadable => {
                "Không đọc được biểu mẫu: dữ liệu gửi lên không đầy đủ hoặc sai định dạng."
                    .to_owned()
            }
        }
    }

    /// The refusal for a multipart error: 413 when the body was cut at its cap.
    pub fn from_multipart(e: &MultipartError) -> FormRefusal {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE || is_length_limit(e) {
            FormRefusal::BodyTooLarge
        } else {
            FormRefusal::Unreadable
        }
    }
}

/// Counts the parts of one form as they are read.
#[derive(Debug, Default)]
pub struct Parts {
    seen: usize,
}

impl Parts {
    /// The next part, or `None` at the end of the form.
    pub async fn next<'a>(
        &mut self,
        multipart: &'a mut Multipart,
    ) -> Result<Option<Field<'a>>, FormRefusal> {
        match multipart.next_field().await {
            Ok(Some(field)) => {
                self.seen += 1;
                if self.seen > MAX_PARTS {
                    return Err(FormRefusal::TooManyParts);
                }
                Ok(Some(field))
            }
            Ok(None) => Ok(None),
            Err(e) => {
                tracing::info!(error = %e.body_text(), "multipart form unreadable");
                Err(FormRefusal::from_multipart(&e))
            }
        }
    }
}

/// A text part, refused past [`MAX_TEXT_BYTES`] (never held longer than that).
pub async fn text(field: &mut Field<'_>) -> Result<String, FormRefusal> {
    let name = field.name().unwrap_or_default().to_owned();
    let mut bytes = Vec::new();
    loop {
        match field.chunk().await {
            Ok(Some(chunk)) => {
                if bytes.len() + chunk.len() > MAX_TEXT_BYTES {
                    return Err(FormRefusal::TextTooLong(name));
                }
                bytes.extend_from_slice(&chunk);
            }
            Ok(None) => break,
            Err(e) => return Err(FormRefusal::from_multipart(&e)),
        }
    }
    String::from_utf8(bytes).map_err(|_| FormRefusal::Unreadable)
}
