//! The online application's wire format: the submission form posts `name=value` pairs
//! (multipart, with or without JavaScript), named as `motcua-core` names the inputs
//! (`applicant.full_name`, `values.so_ban`, `delivery.kind`, …). Browser and server read
//! them into an [`ApplicationForm`] with this one function.

use motcua_core::dossier::{ApplicationForm, FormErrors};
use serde::{Deserialize, Serialize};

/// Reads the text fields of a submission. Unknown names are ignored; `documents.*`
/// counts are filled by the caller from the files and upload tokens it received.
///
/// ```
/// use motcua_app::services::application_from_pairs;
/// let form = application_from_pairs([
///     ("applicant.full_name", "Nguyễn Văn An"),
///     ("values.so_ban", "2"),
///     ("for_someone_else", "on"),
///     ("delivery.kind", "at_desk"),
/// ]);
/// assert_eq!(form.applicant.full_name, "Nguyễn Văn An");
/// assert_eq!(form.values["so_ban"], "2");
/// assert!(form.for_someone_else);
/// ```
pub fn application_from_pairs<'a>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> ApplicationForm {
    let mut form = ApplicationForm::default();
    for (name, value) in pairs {
        let value = value.to_owned();
        let Some((group, key)) = name.split_once('.') else {
            if name == "for_someone_else" {
                form.for_someone_else = matches!(value.as_str(), "on" | "true" | "1");
            }
            continue;
        };
        let person = match group {
            "applicant" => Some(&mut form.applicant),
            "authorised_person" => Some(&mut form.authorised_person),
            _ => None,
        };
        if let Some(p) = person {
            match key {
                "full_name" => p.full_name = value,
                "personal_id" => p.personal_id = value,
                "date_of_birth" => p.date_of_birth = value,
                "phone" => p.phone = value,
                "email" => p.email = value,
                "address" => p.address = value,
                _ => {}
            }
            continue;
        }
        match (group, key) {
            ("values", field) => {
                form.values.insert(field.to_owned(), value);
            }
            ("delivery", "kind") => form.delivery.kind = value,
            ("delivery", "address") => form.delivery.address = value,
            _ => {}
        }
    }
    form
}

/// What the submission endpoint answers a JavaScript client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum SubmitAnswer {
    /// Stored (or already stored under the same key): where to go.
    Submitted {
        /// The submission number.
        submission_no: String,
        /// The confirmation page.
        redirect: String,
    },
    /// Refused: every problem, each with its input's name.
    Refused {
        /// A sentence for the top of the form.
        message: String,
        /// Per-input messages.
        errors: FormErrors,
    },
}
