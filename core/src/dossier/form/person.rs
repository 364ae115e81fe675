//! A person's identity block on the application form: the applicant's, and the
//! authorised person's when someone files on their behalf.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::FormErrors;
use crate::dossier::applicant::{
    Address, ApplicantError, DateOfBirth, Email, FullName, PersonalId, PhoneNumber, Problem,
};

/// A person's fields as typed. `date_of_birth` is `yyyy-mm-dd` (HTML date input);
/// `email` may be left empty.
///
/// ```
/// let p = motcua_core::dossier::PersonForm { full_name: "Trần Văn Bình".into(), ..Default::default() };
/// assert_eq!(p.phone, "");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PersonForm {
    /// Họ và tên.
    pub full_name: String,
    /// Số định danh cá nhân.
    pub personal_id: String,
    /// Ngày sinh, `yyyy-mm-dd`.
    pub date_of_birth: String,
    /// Số điện thoại.
    pub phone: String,
    /// Email (optional).
    pub email: String,
    /// Địa chỉ.
    pub address: String,
}

/// A person's checked fields, made by [`crate::dossier::ApplicationForm::validate`].
///
/// ```
/// use motcua_core::dossier::ValidPerson;
/// let json = r#"{"full_name":"Trần Văn Bình","personal_id":"079085001234","date_of_birth":"1985-01-02",
///     "phone":"0987654321","email":null,"address":"TP Hồ Chí Minh"}"#;
/// let p: ValidPerson = serde_json::from_str(json).unwrap();
/// assert_eq!(p.personal_id.birth_year(), 1985);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidPerson {
    /// Họ và tên.
    pub full_name: FullName,
    /// Số định danh cá nhân; its year digits agree with `date_of_birth`.
    pub personal_id: PersonalId,
    /// Ngày sinh.
    pub date_of_birth: DateOfBirth,
    /// Số điện thoại; absent only for an applicant represented by an authorised person.
    pub phone: Option<PhoneNumber>,
    /// Email, if given.
    pub email: Option<Email>,
    /// Địa chỉ.
    pub address: Address,
}

impl PersonForm {
    /// Checks every field, pushing errors on `{prefix}.{field}` with the field's label
    /// followed by `label_suffix` (" người được ủy quyền" for the authorised person).
    pub(super) fn validate(
        &self,
        prefix: &str,
        label_suffix: &str,
        phone_required: bool,
        today: NaiveDate,
        errors: &mut FormErrors,
    ) -> Option<ValidPerson> {
        let mut report = |name: &str, e: ApplicantError| {
            let label = format!("{}{label_suffix}", e.field.label());
            errors.push(format!("{prefix}.{name}"), e.message_for(&label));
        };
        let full_name = self.full_name.parse::<FullName>();
        // The date is read first: the ID's year digits are checked against it.
        let date_of_birth = DateOfBirth::parse(&self.date_of_birth, today);
        let personal_id =
            self.personal_id
                .parse::<PersonalId>()
                .and_then(|id| match &date_of_birth {
                    Ok(dob) => id.check_birth_date(dob.date()).map(|()| id),
                    Err(_) => Ok(id),
                });
        let phone = match self.phone.parse::<PhoneNumber>() {
            Err(e) if e.problem == Problem::Missing && !phone_required => Ok(None),
            other => other.map(Some),
        };
        let email = match self.email.parse::<Email>() {
            Err(e) if e.problem == Problem::Missing => Ok(None),
            other => other.map(Some),
        };
        let address = self.address.parse::<Address>();

        let full_name = full_name.map_err(|e| report("full_name", e)).ok();
        let personal_id = personal_id.map_err(|e| report("personal_id", e)).ok();
        let date_of_birth = date_of_birth.map_err(|e| report("date_of_birth", e)).ok();
        let phone = phone.map_err(|e| report("phone", e)).ok();
        let email = email.map_err(|e| report("email", e)).ok();
        let address = address.map_err(|e| report("address", e)).ok();
        Some(ValidPerson {
            full_name: full_name?,
            personal_id: personal_id?,
            date_of_birth: date_of_birth?,
            phone: phone?,
            email: email?,
            address: address?,
        })
    }
}
