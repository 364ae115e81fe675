//! Verifying a signed result document (văn bản kết quả): by its verification code or by
//! the downloaded file. Public, no account: anyone holding a result can check it.

use serde::{Deserialize, Serialize};

/// A signed result as the public verification page shows it. Every field here is
/// covered by the agency's signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignedResultView {
    /// The verification code, `XXXX-XXXX-XXXX`.
    pub code: String,
    /// The signing agency's electronic code, e.g. `H15.50`.
    pub agency_code: String,
    /// Its name when it signed.
    pub agency_name: String,
    /// The dossier's code when signed (its submission number before reception).
    pub dossier_code: String,
    /// Who signed (name as printed on the stamp).
    pub signer: String,
    /// The signer's staff identifier.
    pub signer_id: String,
    /// When, local time (UTC+7), `dd/mm/yyyy hh:mm`.
    pub signed_at: String,
    /// When, Unix milliseconds (UTC).
    pub signed_at_ms: i64,
    /// The file's name as uploaded by the agency.
    pub file_name: String,
    /// Size of the signed (stamped) file in bytes.
    pub size: u64,
    /// SHA-256 of the signed (stamped) file, hex.
    pub sha256: String,
    /// SHA-256 of the document before the stamp page was added, hex.
    pub original_sha256: String,
    /// Signature algorithm (`ed25519`).
    pub algorithm: String,
    /// The agency's public key from the key registry (`/api/v1/keys`), base64 (32 bytes).
    pub public_key: String,
    /// The registry key's id (JWK thumbprint), as listed at `/api/v1/keys`.
    pub key_id: String,
    /// The signature, base64 (64 bytes), over the canonical statement of these fields.
    pub signature: String,
}

/// The answer to "is this result genuine?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum VerifyAnswer {
    /// The code (or the file) matches a signed result and its signature checks.
    Valid {
        /// The result.
        result: Box<SignedResultView>,
    },
    /// Genuine, but a later result of the same dossier, itself genuine, replaces it
    /// ("đã được thay thế").
    Superseded {
        /// The result.
        result: Box<SignedResultView>,
        /// When the later one was signed, local time (UTC+7), `dd/mm/yyyy hh:mm`.
        by_signed_at: String,
        /// The same, Unix milliseconds.
        by_signed_at_ms: i64,
    },
    /// Signed at or after the revocation of the agency's key: not in force ("không còn
    /// hiệu lực").
    Revoked {
        /// The result.
        result: Box<SignedResultView>,
        /// When the key was revoked, local time (UTC+7), `dd/mm/yyyy hh:mm`.
        revoked_at: String,
        /// The same, Unix milliseconds.
        revoked_at_ms: i64,
    },
    /// A record exists but its signature does not verify against the agency's key in the
    /// public registry: the record was altered or forged.
    InvalidSignature {
        /// The code concerned.
        code: String,
    },
    /// The file carries a verification code but differs from the file that was signed.
    Modified {
        /// The code the file carries.
        code: String,
    },
    /// No signed result has this code (or this file).
    Unknown,
    /// What was typed is not a verification code.
    Malformed,
}

impl VerifyAnswer {
    /// The refusal in Vietnamese (`None` when valid).
    pub fn refusal(&self) -> Option<String> {
        match self {
            VerifyAnswer::Valid { .. } => None,
            VerifyAnswer::Superseded { by_signed_at, .. } => Some(format!(
                "Văn bản này đã được thay thế: cơ quan đã ký văn bản kết quả mới cho cùng hồ sơ \
                 vào {by_signed_at} (giờ Việt Nam). Vui lòng sử dụng văn bản mới."
            )),
            VerifyAnswer::Revoked { revoked_at, .. } => Some(format!(
                "Văn bản này không còn hiệu lực: được ký sau khi khóa ký số của cơ quan bị thu hồi \
                 ({revoked_at}, giờ Việt Nam). Vui lòng liên hệ cơ quan đã cấp."
            )),
            VerifyAnswer::InvalidSignature { code } => Some(format!(
                "Chữ ký KHÔNG hợp lệ: dữ liệu của mã xác thực {code} không khớp với chữ ký của cơ quan. \
                 Không sử dụng văn bản này; vui lòng liên hệ cơ quan đã cấp."
            )),
            VerifyAnswer::Modified { code } => Some(format!(
                "Tệp này mang mã xác thực {code} nhưng nội dung đã bị thay đổi sau khi ký: \
                 đây không phải bản gốc do cơ quan cấp."
            )),
            VerifyAnswer::Unknown => Some(
                "Không tìm thấy văn bản đã ký nào khớp. Vui lòng kiểm tra lại mã xác thực, \
                 hoặc tải lên đúng tệp PDF đã nhận từ cơ quan (không in rồi quét lại, không chỉnh sửa)."
                    .to_owned(),
            ),
            VerifyAnswer::Malformed => Some(
                "Mã xác thực gồm 12 ký tự chữ và số, dạng XXXX-XXXX-XXXX (in ở trang cuối của văn bản)."
                    .to_owned(),
            ),
        }
    }
}

/// Why the upload form was refused, as carried in the page's address (`/verify?loi=…`).
/// Only these keys are read from the address, never free text, so a crafted link cannot
/// make the portal print a message of someone else's choosing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum UploadRefusal {
    /// No file was chosen.
    NoFile,
    /// The file is not a PDF.
    NotPdf,
    /// The file is larger than any signed result.
    TooLarge,
    /// No signed result matches the file.
    NoMatch,
    /// The file carries a code but was changed after signing (`ma-tep` names the code).
    Modified,
    /// The matching record's signature does not verify.
    InvalidSignature,
}

impl UploadRefusal {
    /// Every refusal, for round trips.
    pub const ALL: [UploadRefusal; 6] = [
        UploadRefusal::NoFile,
        UploadRefusal::NotPdf,
        UploadRefusal::TooLarge,
        UploadRefusal::NoMatch,
        UploadRefusal::Modified,
        UploadRefusal::InvalidSignature,
    ];

    /// The key in the address.
    pub fn key(self) -> &'static str {
        match self {
            UploadRefusal::NoFile => "chua-chon-tep",
            UploadRefusal::NotPdf => "khong-phai-pdf",
            UploadRefusal::TooLarge => "qua-lon",
            UploadRefusal::NoMatch => "khong-khop",
            UploadRefusal::Modified => "da-sua-doi",
            UploadRefusal::InvalidSignature => "chu-ky-sai",
        }
    }

    /// The refusal named by `key`.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.key() == key)
    }

    /// The message in Vietnamese; `code` is the code a modified file carries.
    pub fn message(self, code: Option<&str>) -> String {
        match self {
            UploadRefusal::NoFile => "Vui lòng chọn tệp PDF cần kiểm tra.".to_owned(),
            UploadRefusal::NotPdf => {
                "Tệp đã chọn không phải PDF. Chỉ kiểm tra được văn bản kết quả dạng PDF tải về từ cổng."
                    .to_owned()
            }
            UploadRefusal::TooLarge => {
                "Tệp quá lớn: không có văn bản kết quả đã ký nào lớn như vậy.".to_owned()
            }
            UploadRefusal::NoMatch => VerifyAnswer::Unknown.refusal().unwrap_or_default(),
            UploadRefusal::Modified => match code {
                Some(code) => VerifyAnswer::Modified {
                    code: code.to_owned(),
                }
                .refusal()
                .unwrap_or_default(),
                None => "Tệp đã bị thay đổi sau khi ký: đây không phải bản gốc do cơ quan cấp."
                    .to_owned(),
            },
            UploadRefusal::InvalidSignature => {
                "Chữ ký KHÔNG hợp lệ: hồ sơ chữ ký của tệp này không khớp với chữ ký của cơ quan. \
                 Không sử dụng văn bản này; vui lòng liên hệ cơ quan đã cấp."
                    .to_owned()
            }
        }
    }
}

impl VerifyAnswer {
    /// The result, when the signature is genuine (valid, superseded or revoked).
    pub fn genuine(&self) -> Option<&SignedResultView> {
        match self {
            VerifyAnswer::Valid { result }
            | VerifyAnswer::Superseded { result, .. }
            | VerifyAnswer::Revoked { result, .. } => Some(result),
            _ => None,
        }
    }
}

/// A key of the public registry of agencies' signing keys (`/khoa-ky-so`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicKeyView {
    /// Key id (RFC 7638 JWK thumbprint), as results name it.
    pub key_id: String,
    /// The agency's code.
    pub agency_code: String,
    /// The agency's name.
    pub agency_name: String,
    /// `ed25519`.
    pub algorithm: String,
    /// The public key, base64url without padding (the JWK's `x`).
    pub x: String,
    /// Valid from, local time (UTC+7), `dd/mm/yyyy hh:mm`.
    pub valid_from: String,
    /// Valid from, Unix ms.
    pub valid_from_ms: i64,
    /// Revoked at, local time, if revoked.
    pub revoked_at: Option<String>,
    /// Revoked at, Unix ms, if revoked.
    pub revoked_at_ms: Option<i64>,
}

/// The public verification service.
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait Verifier: Send + Sync {
    /// Checks a verification code as a person typed it.
    async fn by_code(&self, typed: &str) -> Result<VerifyAnswer, super::ServiceError>;
    /// The public key registry.
    async fn keys(&self) -> Result<Vec<PublicKeyView>, super::ServiceError>;
}

/// The form in which the verification service is put into the Leptos context.
#[cfg(feature = "ssr")]
pub type SharedVerifier = std::sync::Arc<dyn Verifier>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusal_keys_round_trip() {
        for r in UploadRefusal::ALL {
            assert_eq!(UploadRefusal::from_key(r.key()), Some(r));
            assert!(!r.message(Some("AAAA-BBBB-CCCC")).is_empty());
        }
        assert_eq!(UploadRefusal::from_key("<script>"), None);
        assert!(UploadRefusal::Modified
            .message(Some("AAAA-BBBB-CCCC"))
            .contains("AAAA-BBBB-CCCC"));
    }

    #[test]
    fn only_a_valid_answer_has_no_refusal() {
        assert_eq!(
            VerifyAnswer::Unknown.refusal().map(|m| m.is_empty()),
            Some(false)
        );
        assert!(VerifyAnswer::Malformed.refusal().is_some());
    }
}
