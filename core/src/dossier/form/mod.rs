//! An online application as the citizen typed it, and its validation against the
//! procedure's [`FormSpec`]: every mistake at once, in form order, each tied to its
//! input so the page can show it in place.
//!
//! Who is who: the **applicant** (người có yêu cầu) is the person the dossier is about
//! and in whose name it is filed. When someone else files it for them
//! (`for_someone_else`, nộp thay), that person is the **authorised person** (người được
//! ủy quyền): their identity is recorded too, they are the contact for notifications,
//! and the applicant's phone becomes optional. **\[D\]**
//!
//! Form order, which the page follows and errors are listed in: the procedure
//! (whether it is online at all), the applicant's fields, the authorised person's
//! fields, the procedure-specific fields, the documents, the delivery of the result.
//! Input names: `applicant.{full_name, personal_id, date_of_birth, phone, email,
//! address}`, `authorised_person.{…}`, `values.{field}`, `documents.{slot}`,
//! `delivery.kind`, `delivery.address`.

mod person;

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::applicant::{parse_iso_date, Address, Problem};
use super::spec::{FieldKind, FieldSpec, FormSpec};
use crate::procedure::OnlineLevel;

pub use person::{PersonForm, ValidPerson};

/// The application as submitted: raw text, exactly as typed, so that nothing is lost
/// before it is checked. Every part has a default, so a partial JSON body still reads
/// and then gets a message per missing field.
///
/// ```
/// use motcua_core::dossier::ApplicationForm;
/// let form: ApplicationForm = serde_json::from_str(r#"{"delivery":{"kind":"at_desk"}}"#).unwrap();
/// assert_eq!(form.delivery.kind, "at_desk");
/// assert!(!form.for_someone_else);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ApplicationForm {
    /// The person the dossier is about.
    pub applicant: PersonForm,
    /// Whether someone else files it on the applicant's behalf.
    pub for_someone_else: bool,
    /// That someone (ignored unless `for_someone_else`).
    pub authorised_person: PersonForm,
    /// Procedure-specific values by [`FieldSpec::name`].
    pub values: BTreeMap<String, String>,
    /// How many files are attached to each document slot, by slot name.
    pub documents: BTreeMap<String, u32>,
    /// How the result is to be returned.
    pub delivery: DeliveryForm,
}

/// The delivery choice as submitted.
///
/// ```
/// let d = motcua_core::dossier::DeliveryForm { kind: "by_post".into(), address: "Số 1 Tràng Tiền, Hà Nội".into() };
/// assert_eq!(d.kind, "by_post");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeliveryForm {
    /// `at_desk`, `by_post` or `electronic`.
    pub kind: String,
    /// The postal address, for `by_post`.
    pub address: String,
}

/// How the result is returned (SPEC §3 "Results").
///
/// ```
/// use motcua_core::dossier::Delivery;
/// assert_eq!(Delivery::Electronic.label(), "Nhận kết quả điện tử");
/// assert_eq!(serde_json::to_string(&Delivery::AtDesk).unwrap(), r#"{"type":"at_desk"}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Delivery {
    /// Collected at the one-stop desk.
    AtDesk,
    /// Sent by post to this address.
    ByPost {
        /// Where to send it.
        address: Address,
    },
    /// Downloaded from the portal / kept in the citizen's data store; only for
    /// full-process online procedures (Decree 42/2022).
    Electronic,
}

impl Delivery {
    /// The option as shown on the form.
    ///
    /// ```
    /// assert_eq!(motcua_core::dossier::Delivery::AtDesk.label(), "Nhận trực tiếp tại Bộ phận Một cửa");
    /// ```
    pub fn label(&self) -> &'static str {
        match self {
            Delivery::AtDesk => "Nhận trực tiếp tại Bộ phận Một cửa",
            Delivery::ByPost { .. } => "Nhận qua dịch vụ bưu chính",
            Delivery::Electronic => "Nhận kết quả điện tử",
        }
    }
}

/// A checked procedure-specific value.
///
/// ```
/// use motcua_core::dossier::FieldValue;
/// assert_eq!(serde_json::to_string(&FieldValue::Number(2)).unwrap(), r#"{"type":"number","value":2}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum FieldValue {
    /// Text, trimmed.
    Text(String),
    /// A whole number within the declared bounds.
    Number(i64),
    /// A date.
    Date(NaiveDate),
    /// One of the declared options.
    Choice(String),
    /// An address.
    Address(Address),
}

/// An application that passed every check, holding parsed values only.
///
/// It is produced by [`ApplicationForm::validate`] and nothing else should be trusted
/// to produce it: a server never accepts one from a client, it validates the raw form
/// again.
///
/// ```
/// # use chrono::NaiveDate;
/// # use motcua_core::dossier::*;
/// # use motcua_core::procedure::OnlineLevel;
/// let spec = FormSpec { fields: vec![], documents: vec![], online_level: OnlineLevel::MotPhan };
/// let form = ApplicationForm {
///     applicant: PersonForm {
///         full_name: "Nguyễn Thị Lan".into(),
///         personal_id: "001190012345".into(),
///         date_of_birth: "1990-05-17".into(),
///         phone: "0912345678".into(),
///         address: "Hà Nội".into(),
///         ..Default::default()
///     },
///     delivery: DeliveryForm { kind: "at_desk".into(), ..Default::default() },
///     ..Default::default()
/// };
/// let ok: ValidApplication = form.validate(&spec, NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()).unwrap();
/// assert_eq!(ok.applicant.personal_id.province(), "Hà Nội");
/// assert_eq!(ok.delivery, Delivery::AtDesk);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidApplication {
    /// The person the dossier is about.
    pub applicant: ValidPerson,
    /// Who filed it on their behalf, if anyone.
    pub authorised_person: Option<ValidPerson>,
    /// Procedure-specific values that were filled in, by field name.
    pub values: BTreeMap<String, FieldValue>,
    /// Number of files per document slot, for the slots that have any.
    pub documents: BTreeMap<String, u32>,
    /// How the result is returned.
    pub delivery: Delivery,
}

impl ValidApplication {
    /// Who to notify (SPEC §3 "Notifications"): the authorised person if there is one,
    /// else the applicant.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use motcua_core::dossier::*;
    /// # use motcua_core::procedure::OnlineLevel;
    /// let spec = FormSpec { fields: vec![], documents: vec![], online_level: OnlineLevel::ToanTrinh };
    /// let person = |name: &str, id: &str, dob: &str, phone: &str| PersonForm {
    ///     full_name: name.into(),
    ///     personal_id: id.into(),
    ///     date_of_birth: dob.into(),
    ///     phone: phone.into(),
    ///     address: "Đà Nẵng".into(),
    ///     ..Default::default()
    /// };
    /// let form = ApplicationForm {
    ///     applicant: person("Lê Văn Cường", "048040001234", "1940-03-03", ""),
    ///     for_someone_else: true,
    ///     authorised_person: person("Lê Thị Dung", "048175001234", "1975-08-08", "0905 123 456"),
    ///     delivery: DeliveryForm { kind: "electronic".into(), ..Default::default() },
    ///     ..Default::default()
    /// };
    /// let ok = form.validate(&spec, NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()).unwrap();
    /// assert_eq!(ok.contact().full_name.as_str(), "Lê Thị Dung");
    /// assert_eq!(ok.applicant.phone, None);
    /// ```
    pub fn contact(&self) -> &ValidPerson {
        self.authorised_person.as_ref().unwrap_or(&self.applicant)
    }
}

/// One refused input: its HTML input name and the message to show next to it.
///
/// ```
/// let e = motcua_core::dossier::FieldError { field: "values.so_ban".into(), message: "Số bản sao: chưa nhập.".into() };
/// assert_eq!(serde_json::to_string(&e).unwrap(), r#"{"field":"values.so_ban","message":"Số bản sao: chưa nhập."}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// Input name, e.g. `applicant.personal_id`, `values.so_ban`, `documents.to_khai`.
    pub field: String,
    /// Vietnamese message that names the field, e.g. "Ngày sinh: chưa nhập.".
    pub message: String,
}

/// Every refused input of a form, in form order.
///
/// ```
/// use motcua_core::dossier::{FieldError, FormErrors};
/// let errors: FormErrors = serde_json::from_str(
///     r#"[{"field":"applicant.phone","message":"Số điện thoại: chưa nhập."}]"#,
/// ).unwrap();
/// assert_eq!(errors.for_field("applicant.phone"), Some("Số điện thoại: chưa nhập."));
/// assert_eq!(errors.for_field("applicant.email"), None);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct FormErrors(Vec<FieldError>);

impl FormErrors {
    /// The message for one input, to show beside it.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use motcua_core::dossier::*;
    /// # use motcua_core::procedure::OnlineLevel;
    /// let spec = FormSpec { fields: vec![], documents: vec![], online_level: OnlineLevel::ToanTrinh };
    /// let errors = ApplicationForm::default()
    ///     .validate(&spec, NaiveDate::from_ymd_opt(2026, 11, 22).unwrap())
    ///     .unwrap_err();
    /// assert_eq!(errors.for_field("applicant.personal_id"), Some("Số định danh cá nhân: chưa nhập."));
    /// assert_eq!(errors.for_field("applicant.email"), None); // optional
    /// ```
    pub fn for_field(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    /// All errors, in form order (for a summary at the top of the page).
    ///
    /// ```
    /// assert!(motcua_core::dossier::FormErrors::default().as_slice().is_empty());
    /// ```
    pub fn as_slice(&self) -> &[FieldError] {
        &self.0
    }

    /// How many inputs were refused.
    ///
    /// ```
    /// assert_eq!(motcua_core::dossier::FormErrors::default().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether nothing was refused.
    ///
    /// ```
    /// assert!(motcua_core::dossier::FormErrors::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn push(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
    }
}

/// Errors found outside the form itself (the server's own checks: a unit not in the
/// list, an upload that expired) join the form's in the same shape.
///
/// ```
/// use motcua_core::dossier::{FieldError, FormErrors};
/// let errors = FormErrors::from(vec![FieldError { field: "unit".into(), message: "Đơn vị…".into() }]);
/// assert_eq!(errors.for_field("unit"), Some("Đơn vị…"));
/// ```
impl From<Vec<FieldError>> for FormErrors {
    fn from(errors: Vec<FieldError>) -> Self {
        FormErrors(errors)
    }
}

/// One message per line.
impl fmt::Display for FormErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            f.write_str(&e.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for FormErrors {}

const DELIVERY_LABEL: &str = "Hình thức nhận kết quả";
const POST_ADDRESS_LABEL: &str = "Địa chỉ nhận kết quả";

impl ApplicationForm {
    /// Checks the whole application against the procedure's form and returns either
    /// the parsed application or every error at once, in form order. `today` is the
    /// Vietnamese local date (no clock is read here, so browser and server agree).
    ///
    /// Values and document slots the spec does not declare are ignored (**\[D\]**: a page
    /// opened before the catalogue changed may still send them).
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use motcua_core::dossier::{ApplicationForm, FormSpec};
    /// use motcua_core::procedure::OnlineLevel;
    /// let spec = FormSpec { fields: vec![], documents: vec![], online_level: OnlineLevel::ToanTrinh };
    /// let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    /// let mut form = ApplicationForm::default();
    /// form.applicant.full_name = "Nguyễn Thị Lan".into();
    /// form.applicant.personal_id = "001190012345".into();
    /// form.applicant.date_of_birth = "1990-05-17".into();
    /// form.applicant.phone = "0912 345 678".into();
    /// form.applicant.address = "Số 1 Tràng Tiền, Hà Nội".into();
    /// form.delivery.kind = "electronic".into();
    /// let ok = form.validate(&spec, today).unwrap();
    /// assert_eq!(ok.contact().phone.as_ref().unwrap().as_str(), "0912345678");
    ///
    /// form.applicant.date_of_birth = "2090-05-17".into();
    /// let errors = form.validate(&spec, today).unwrap_err();
    /// assert_eq!(errors.for_field("applicant.date_of_birth"), Some("Ngày sinh: không được sau ngày hôm nay."));
    /// ```
    pub fn validate(
        &self,
        spec: &FormSpec,
        today: NaiveDate,
    ) -> Result<ValidApplication, FormErrors> {
        let mut errors = FormErrors::default();
        if spec.online_level == OnlineLevel::None {
            // SPEC §2: a procedure with information and forms only is not an online
            // service; nothing can be filed through this form.
            errors.push(
                "procedure",
                "Thủ tục này chưa có dịch vụ trực tuyến: vui lòng nộp hồ sơ trực tiếp hoặc qua dịch vụ bưu chính.",
            );
        }
        let applicant =
            self.applicant
                .validate("applicant", "", !self.for_someone_else, today, &mut errors);
        let authorised = self.for_someone_else.then(|| {
            self.authorised_person.validate(
                "authorised_person",
                " người được ủy quyền",
                true,
                today,
                &mut errors,
            )
        });
        if let (Some(Some(a)), Some(p)) = (&authorised, &applicant) {
            if a.personal_id == p.personal_id {
                errors.push(
                    "authorised_person.personal_id",
                    "Số định danh cá nhân người được ủy quyền: trùng với người có yêu cầu; nếu tự nộp hồ sơ cho mình, hãy bỏ chọn «Nộp thay người khác».",
                );
            }
        }
        let mut values = BTreeMap::new();
        for field in &spec.fields {
            let raw = self.values.get(&field.name).map_or("", |v| v.trim());
            match check_value(field, raw) {
                Ok(Some(value)) => {
                    values.insert(field.name.clone(), value);
                }
                Ok(None) => {}
                Err(message) => errors.push(format!("values.{}", field.name), message),
            }
        }
        let mut documents = BTreeMap::new();
        for slot in &spec.documents {
            match self.documents.get(&slot.name).copied().unwrap_or(0) {
                0 if slot.required => errors.push(
                    format!("documents.{}", slot.name),
                    format!("{}: chưa đính kèm tệp.", slot.label),
                ),
                0 => {}
                n => {
                    documents.insert(slot.name.clone(), n);
                }
            }
        }
        let delivery = self.check_delivery(spec.online_level, &mut errors);
        match (applicant, authorised, delivery) {
            (Some(applicant), authorised, Some(delivery)) if errors.is_empty() => {
                Ok(ValidApplication {
                    applicant,
                    authorised_person: authorised.flatten(),
                    values,
                    documents,
                    delivery,
                })
            }
            _ => Err(errors),
        }
    }

    fn check_delivery(&self, level: OnlineLevel, errors: &mut FormErrors) -> Option<Delivery> {
        let kind_error = |errors: &mut FormErrors, problem: &str| {
            errors.push("delivery.kind", format!("{DELIVERY_LABEL}: {problem}"));
            None
        };
        match self.delivery.kind.trim() {
            "at_desk" => Some(Delivery::AtDesk),
            "electronic" if level == OnlineLevel::ToanTrinh => Some(Delivery::Electronic),
            "electronic" => kind_error(
                errors,
                "thủ tục này không trả kết quả điện tử (chỉ thủ tục trực tuyến toàn trình mới có).",
            ),
            "by_post" => match self.delivery.address.parse::<Address>() {
                Ok(address) => Some(Delivery::ByPost { address }),
                Err(e) => {
                    errors.push("delivery.address", e.message_for(POST_ADDRESS_LABEL));
                    None
                }
            },
            "" => kind_error(errors, "chưa chọn."),
            _ => kind_error(errors, "lựa chọn không hợp lệ."),
        }
    }
}

/// Checks one procedure-specific value (already trimmed): `Ok(None)` when an optional
/// field is left empty, `Err(message)` naming the field.
fn check_value(field: &FieldSpec, raw: &str) -> Result<Option<FieldValue>, String> {
    let label = &field.label;
    if raw.is_empty() {
        return match (&field.kind, field.required) {
            (_, false) => Ok(None),
            (FieldKind::Choice { .. }, true) => Err(format!("{label}: chưa chọn.")),
            (_, true) => Err(format!("{label}: {}", Problem::Missing)),
        };
    }
    let value = match &field.kind {
        FieldKind::Text { max_len } => {
            if raw.chars().count() > *max_len {
                return Err(format!("{label}: {}", Problem::TooLong { max: *max_len }));
            }
            FieldValue::Text(raw.to_owned())
        }
        FieldKind::Number { min, max } => {
            let n = parse_integer(raw).ok_or_else(|| format!("{label}: phải là số nguyên."))?;
            match (min, max) {
                (Some(lo), Some(hi)) if n < *lo || n > *hi => {
                    return Err(format!("{label}: phải từ {lo} đến {hi}."))
                }
                (Some(lo), None) if n < *lo => {
                    return Err(format!("{label}: không được nhỏ hơn {lo}."))
                }
                (None, Some(hi)) if n > *hi => {
                    return Err(format!("{label}: không được lớn hơn {hi}."))
                }
                _ => FieldValue::Number(n),
            }
        }
        FieldKind::Date => match parse_iso_date(raw) {
            Some(date) => FieldValue::Date(date),
            None => return Err(format!("{label}: {}", Problem::DateFormat)),
        },
        FieldKind::Choice { options } => match options.iter().find(|o| o.as_str() == raw) {
            Some(option) => FieldValue::Choice(option.clone()),
            None => return Err(format!("{label}: lựa chọn không hợp lệ.")),
        },
        FieldKind::Address => match raw.parse::<Address>() {
            Ok(address) => FieldValue::Address(address),
            Err(e) => return Err(e.message_for(label)),
        },
    };
    Ok(Some(value))
}

/// An optional minus sign and ASCII digits, within `i64`.
fn parse_integer(s: &str) -> Option<i64> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

#[cfg(test)]
mod tests;
