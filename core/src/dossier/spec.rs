//! What a procedure asks of an online applicant, as declared in the catalogue (SPEC §2,
//! Decree 63/2010 Art. 8: dossier components with their number of copies and form
//! templates): the procedure-specific fields and the document slots.

use serde::{Deserialize, Serialize};

use crate::procedure::OnlineLevel;

/// One procedure-specific input, e.g. the child's name on a birth registration.
///
/// ```
/// use motcua_core::dossier::{FieldKind, FieldSpec};
/// let json = r#"{"name":"so_ban_sao","label":"Số bản sao","kind":{"type":"number","min":1,"max":10},"required":true}"#;
/// let field: FieldSpec = serde_json::from_str(json).unwrap();
/// assert_eq!(field.kind, FieldKind::Number { min: Some(1), max: Some(10) });
/// assert_eq!(field.help, None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldSpec {
    /// Machine identifier, `[a-z0-9_]+`; the input is named `values.{name}`.
    pub name: String,
    /// Label shown to the citizen and used in messages, e.g. "Số bản sao".
    pub label: String,
    /// What kind of value it takes.
    pub kind: FieldKind,
    /// Whether it must be filled in.
    pub required: bool,
    /// Help text shown under the input.
    #[serde(default)]
    pub help: Option<String>,
}

/// The kind of value of a [`FieldSpec`], serialised with a `type` tag:
/// `{"type":"text","max_len":200}`, `{"type":"date"}`, …
///
/// ```
/// use motcua_core::dossier::FieldKind;
/// let kind = FieldKind::Choice { options: vec!["Nam".into(), "Nữ".into()] };
/// assert_eq!(serde_json::to_string(&kind).unwrap(), r#"{"type":"choice","options":["Nam","Nữ"]}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FieldKind {
    /// Free text of at most `max_len` characters.
    Text {
        /// Maximum length in characters.
        max_len: usize,
    },
    /// A whole number, optionally bounded (inclusive).
    Number {
        /// Smallest value allowed.
        #[serde(default)]
        min: Option<i64>,
        /// Largest value allowed.
        #[serde(default)]
        max: Option<i64>,
    },
    /// A date, `yyyy-mm-dd`.
    Date,
    /// One of a fixed list of options.
    Choice {
        /// The options, as shown and as stored.
        options: Vec<String>,
    },
    /// A postal address (same rules as the applicant's address).
    Address,
}

/// One component of the dossier (thành phần hồ sơ), e.g. the birth registration
/// declaration, to which the citizen attaches one or more files.
///
/// ```
/// use motcua_core::dossier::DocumentSlot;
/// let slot = DocumentSlot {
///     name: "to_khai".into(),
///     label: "Tờ khai đăng ký khai sinh".into(),
///     copies: 1,
///     required: true,
///     template: Some("/mau/to-khai-khai-sinh.docx".into()),
/// };
/// assert_eq!(slot.label, "Tờ khai đăng ký khai sinh");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentSlot {
    /// Machine identifier, `[a-z0-9_]+`; the input is named `documents.{name}`.
    pub name: String,
    /// The component as published, e.g. "Tờ khai đăng ký khai sinh".
    pub label: String,
    /// Number of copies (bản) the published procedure asks for on paper.
    pub copies: u8,
    /// Whether the dossier is incomplete without it.
    pub required: bool,
    /// Where to download the form template (mẫu đơn, tờ khai), if there is one.
    #[serde(default)]
    pub template: Option<String>,
}

/// Everything the online form of one procedure asks for.
///
/// ```
/// use motcua_core::dossier::FormSpec;
/// use motcua_core::procedure::OnlineLevel;
/// let spec = FormSpec { fields: vec![], documents: vec![], online_level: OnlineLevel::ToanTrinh };
/// assert!(spec.check().is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormSpec {
    /// Procedure-specific fields, in the order shown.
    pub fields: Vec<FieldSpec>,
    /// Dossier components, in the order published.
    pub documents: Vec<DocumentSlot>,
    /// The procedure's online level: only full-process online procedures may return
    /// their result electronically.
    pub online_level: OnlineLevel,
}

/// A mistake in a form declaration, reported to whoever edits the catalogue.
///
/// ```
/// use motcua_core::dossier::SpecError;
/// assert_eq!(SpecError::DuplicateName("so_ban".into()).to_string(), "tên «so_ban» bị trùng");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum SpecError {
    /// A field or document name outside `[a-z0-9_]+`.
    #[error("tên «{0}» không hợp lệ: chỉ dùng chữ thường không dấu, chữ số và dấu gạch dưới")]
    InvalidName(String),
    /// Two fields, or two documents, share a name.
    #[error("tên «{0}» bị trùng")]
    DuplicateName(String),
    /// A field or document without a label.
    #[error("«{0}» chưa có nhãn")]
    EmptyLabel(String),
    /// A text field that accepts nothing.
    #[error("trường «{0}»: độ dài tối đa phải lớn hơn 0")]
    ZeroMaxLen(String),
    /// A number field whose bounds admit no value.
    #[error("trường «{name}»: giá trị nhỏ nhất {min} lớn hơn giá trị lớn nhất {max}")]
    EmptyRange {
        /// The field.
        name: String,
        /// Its minimum.
        min: i64,
        /// Its maximum.
        max: i64,
    },
    /// A choice field without options.
    #[error("trường «{0}»: chưa có lựa chọn nào")]
    NoOptions(String),
    /// A document asked for in zero copies.
    #[error("thành phần hồ sơ «{0}»: số bản phải từ 1 trở lên")]
    ZeroCopies(String),
}

/// Whether `name` is a machine identifier, `[a-z0-9_]+`.
fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

impl FormSpec {
    /// Checks the declaration (run when the catalogue is saved), listing every mistake.
    ///
    /// ```
    /// use motcua_core::dossier::{FieldKind, FieldSpec, FormSpec, SpecError};
    /// use motcua_core::procedure::OnlineLevel;
    /// let field = FieldSpec {
    ///     name: "Số bản".into(),
    ///     label: "Số bản".into(),
    ///     kind: FieldKind::Number { min: Some(5), max: Some(1) },
    ///     required: true,
    ///     help: None,
    /// };
    /// let spec = FormSpec { fields: vec![field], documents: vec![], online_level: OnlineLevel::MotPhan };
    /// let errors = spec.check().unwrap_err();
    /// assert_eq!(errors[0], SpecError::InvalidName("Số bản".into()));
    /// assert_eq!(errors[1].to_string(), "trường «Số bản»: giá trị nhỏ nhất 5 lớn hơn giá trị lớn nhất 1");
    /// ```
    pub fn check(&self) -> Result<(), Vec<SpecError>> {
        let mut errors = Vec::new();
        let names = |list: Vec<(&str, &str)>, errors: &mut Vec<SpecError>| {
            for (i, (name, label)) in list.iter().enumerate() {
                if !valid_name(name) {
                    errors.push(SpecError::InvalidName(name.to_string()));
                } else if list[..i].iter().any(|(n, _)| n == name) {
                    errors.push(SpecError::DuplicateName(name.to_string()));
                }
                if label.trim().is_empty() {
                    errors.push(SpecError::EmptyLabel(name.to_string()));
                }
            }
        };
        let fields = self.fields.iter();
        names(
            fields
                .map(|f| (f.name.as_str(), f.label.as_str()))
                .collect(),
            &mut errors,
        );
        for field in &self.fields {
            let name = || field.name.clone();
            match &field.kind {
                FieldKind::Text { max_len: 0 } => errors.push(SpecError::ZeroMaxLen(name())),
                FieldKind::Number {
                    min: Some(min),
                    max: Some(max),
                } if min > max => errors.push(SpecError::EmptyRange {
                    name: name(),
                    min: *min,
                    max: *max,
                }),
                FieldKind::Choice { options } if options.is_empty() => {
                    errors.push(SpecError::NoOptions(name()))
                }
                _ => {}
            }
        }
        let documents = self.documents.iter();
        names(
            documents
                .map(|d| (d.name.as_str(), d.label.as_str()))
                .collect(),
            &mut errors,
        );
        for slot in self.documents.iter().filter(|d| d.copies == 0) {
            errors.push(SpecError::ZeroCopies(slot.name.clone()));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &str, kind: FieldKind) -> FieldSpec {
        FieldSpec {
            name: name.into(),
            label: name.into(),
            kind,
            required: false,
            help: None,
        }
    }

    fn slot(name: &str, copies: u8) -> DocumentSlot {
        DocumentSlot {
            name: name.into(),
            label: "Giấy tờ".into(),
            copies,
            required: true,
            template: None,
        }
    }

    #[test]
    fn spec_2_form_declaration_json_shape() {
        let json = r#"{
            "fields": [
                {"name":"ho_ten_tre","label":"Họ và tên trẻ","kind":{"type":"text","max_len":100},"required":true},
                {"name":"ngay_sinh_tre","label":"Ngày sinh của trẻ","kind":{"type":"date"},"required":true,"help":"Theo giấy chứng sinh"},
                {"name":"gioi_tinh","label":"Giới tính","kind":{"type":"choice","options":["Nam","Nữ"]},"required":true},
                {"name":"so_ban_sao","label":"Số bản sao","kind":{"type":"number","min":0,"max":10},"required":false},
                {"name":"noi_sinh","label":"Nơi sinh","kind":{"type":"address"},"required":true}
            ],
            "documents": [
                {"name":"to_khai","label":"Tờ khai đăng ký khai sinh","copies":1,"required":true,"template":"/mau/tk.docx"},
                {"name":"giay_chung_sinh","label":"Giấy chứng sinh","copies":1,"required":true}
            ],
            "online_level": "toan_trinh"
        }"#;
        let spec: FormSpec = serde_json::from_str(json).unwrap();
        assert_eq!(spec.check(), Ok(()));
        assert_eq!(spec.fields[1].help.as_deref(), Some("Theo giấy chứng sinh"));
        assert_eq!(spec.fields[4].kind, FieldKind::Address);
        assert_eq!(spec.documents[1].template, None);
        let back: FormSpec = serde_json::from_str(&serde_json::to_string(&spec).unwrap()).unwrap();
        assert_eq!(back, spec);
    }

    #[test]
    fn field_and_document_names_are_machine_ids() {
        for ok in ["a", "so_ban", "to_khai_2"] {
            assert!(valid_name(ok), "{ok}");
        }
        for bad in ["", "Số bản", "so-ban", "SoBan", "so ban", "so.ban", "đ"] {
            assert!(!valid_name(bad), "{bad}");
        }
    }

    #[test]
    fn every_declaration_mistake_is_listed() {
        let spec = FormSpec {
            fields: vec![
                field("a", FieldKind::Text { max_len: 0 }),
                field("a", FieldKind::Date),
                field(
                    "b",
                    FieldKind::Number {
                        min: Some(3),
                        max: Some(2),
                    },
                ),
                field("c", FieldKind::Choice { options: vec![] }),
                FieldSpec {
                    label: " ".into(),
                    ..field("d", FieldKind::Date)
                },
                field("E", FieldKind::Address),
            ],
            // The same name may serve a field and a document: their inputs differ.
            documents: vec![slot("a", 1), slot("x", 0), slot("x", 1)],
            online_level: OnlineLevel::MotPhan,
        };
        assert_eq!(
            spec.check(),
            Err(vec![
                SpecError::DuplicateName("a".into()),
                SpecError::EmptyLabel("d".into()),
                SpecError::InvalidName("E".into()),
                SpecError::ZeroMaxLen("a".into()),
                SpecError::EmptyRange {
                    name: "b".into(),
                    min: 3,
                    max: 2
                },
                SpecError::NoOptions("c".into()),
                SpecError::DuplicateName("x".into()),
                SpecError::ZeroCopies("x".into()),
            ])
        );
    }

    #[test]
    fn open_and_single_value_number_ranges_are_fine() {
        let spec = FormSpec {
            fields: vec![
                field(
                    "a",
                    FieldKind::Number {
                        min: None,
                        max: None,
                    },
                ),
                field(
                    "b",
                    FieldKind::Number {
                        min: Some(2),
                        max: Some(2),
                    },
                ),
                field(
                    "c",
                    FieldKind::Number {
                        min: Some(-5),
                        max: None,
                    },
                ),
            ],
            documents: vec![],
            online_level: OnlineLevel::ToanTrinh,
        };
        assert_eq!(spec.check(), Ok(()));
        let lone: FieldKind = serde_json::from_str(r#"{"type":"number"}"#).unwrap();
        assert_eq!(
            lone,
            FieldKind::Number {
                min: None,
                max: None
            }
        );
    }
}
