//! Form 02: "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ" (request to complete a dossier),
//! Circular 03/2025/TT-VPCP Annex I. Decree 118/2025 allows one such request per dossier,
//! listing every missing item at once; a second one needs an override with a reason
//! (SPEC §3), and the slip says so.

use chrono::NaiveDate;

use super::layout::{
    field, national_header, numbered, para, person, portrait, signatures, title, DossierRef,
    Heading, Signature,
};
use super::pdf::{bold, regular, MM};
use super::receipt::SlipPerson;
use super::SlipError;

/// The data printed on form 02.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupplementSlip {
    /// Line 1 of the header's left column, e.g. "UBND TỈNH HƯNG YÊN".
    pub province_header: String,
    /// The unit that received the dossier (header, bold; also named in the body).
    pub receiving_unit: String,
    /// The register number printed after "Số:", e.g. "0012/PBS".
    pub register_no: String,
    /// The place of the date line.
    pub place: String,
    /// The date of the slip (date line).
    pub issued_on: NaiveDate,
    /// Whose dossier it is.
    pub applicant: SlipPerson,
    /// The dossier code, or the submission number of an online dossier not yet received;
    /// `None` (a paper dossier checked at the desk) leaves the line out.
    pub dossier: Option<DossierRef>,
    /// What is requested (usually the procedure's name).
    pub request: String,
    /// Every item to add or correct, in order; printed numbered.
    pub items: Vec<String>,
    /// Why the items are needed (e.g. the provision that requires them).
    pub reason: String,
    /// The unit's phone number for guidance; empty leaves it out.
    pub contact_phone: String,
    /// The unit's address for guidance; empty leaves it out.
    pub contact_address: String,
    /// The officer who checked the dossier and guides the applicant (signature column).
    pub guiding_officer: String,
    /// `Some(reason)` when this is a second request for the same dossier, made by an
    /// override: the slip states it with the override's reason.
    pub second_request: Option<String>,
}

/// Renders form 02 as a PDF (A4; a long list of items flows onto further pages).
pub fn render_supplement(slip: &SupplementSlip) -> Result<Vec<u8>, SlipError> {
    let mut doc = portrait()?;
    national_header(
        &mut doc,
        &Heading {
            province: &slip.province_header,
            unit: &slip.receiving_unit,
            number: &slip.register_no,
            dated: Some((&slip.place, slip.issued_on)),
        },
    );
    title(&mut doc, "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ");
    doc.set_continuation_header(format!(
        "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ - Số: {} (tiếp theo)",
        slip.register_no
    ));
    doc.gap(3.0 * MM);

    person(&mut doc, "Hồ sơ của: Ông/Bà\u{a0}", &slip.applicant);
    if let Some(dossier) = &slip.dossier {
        let (label, value) = dossier.labelled();
        para(&mut doc, &[regular(label), bold(value)]);
    }
    field(&mut doc, "Nội dung yêu cầu giải quyết: ", &slip.request);
    para(
        &mut doc,
        &[regular(&format!(
            "Sau khi xem xét, đối chiếu với quy định, {} đề nghị Ông/Bà bổ sung, hoàn \
             thiện hồ sơ gồm những nội dung sau:",
            slip.receiving_unit
        ))],
    );
    numbered(&mut doc, &slip.items);
    field(&mut doc, "Lý do: ", &slip.reason);
    if let Some(override_reason) = &slip.second_request {
        para(
            &mut doc,
            &[
                bold("Lưu ý: "),
                regular(
                    "Đây là lần thứ hai yêu cầu bổ sung, hoàn thiện hồ sơ này (yêu cầu \
                     ngoại lệ, ngoài lần yêu cầu duy nhất theo quy định). Lý do: ",
                ),
                regular(override_reason),
            ],
        );
    }
    para(&mut doc, &[regular(&contact_sentence(slip))]);

    signatures(
        &mut doc,
        &[Signature {
            title: "NGƯỜI HƯỚNG DẪN",
            hint: "(Ký và ghi rõ họ tên)",
            name: &slip.guiding_officer,
        }],
    );
    doc.finish(&format!(
        "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ - {}",
        slip.register_no
    ))
}

/// "Trong quá trình bổ sung, hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ {unit},
/// địa chỉ: …, số điện thoại: … để được hướng dẫn." without the parts left empty.
fn contact_sentence(slip: &SupplementSlip) -> String {
    let mut s = format!(
        "Trong quá trình bổ sung, hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ {}",
        slip.receiving_unit
    );
    if !slip.contact_address.trim().is_empty() {
        s.push_str(", địa chỉ: ");
        s.push_str(&slip.contact_address);
    }
    if !slip.contact_phone.trim().is_empty() {
        s.push_str(", số điện thoại: ");
        s.push_str(&slip.contact_phone);
    }
    s.push_str(" để được hướng dẫn.");
    s
}

#[cfg(test)]
#[path = "supplement_tests.rs"]
mod tests;
