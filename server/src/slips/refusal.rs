//! Form 03: "Phiếu từ chối tiếp nhận giải quyết hồ sơ" (refusal to receive a dossier),
//! Circular 03/2025/TT-VPCP Annex I: issued when a dossier is not eligible, with every
//! specific reason (SPEC §3).

use chrono::NaiveDate;

use super::layout::{
    field, national_header, numbered, para, person, portrait, signatures, title, DossierRef,
    Heading, Signature,
};
use super::pdf::{bold, regular, MM};
use super::receipt::SlipPerson;
use super::SlipError;

/// The data printed on form 03.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusalSlip {
    /// Line 1 of the header's left column, e.g. "UBND TỈNH HƯNG YÊN".
    pub province_header: String,
    /// The unit that refuses the dossier (header, bold; also named in the body).
    pub receiving_unit: String,
    /// The register number printed after "Số:", e.g. "0003/PTC".
    pub register_no: String,
    /// The place of the date line.
    pub place: String,
    /// The date of the slip (date line).
    pub issued_on: NaiveDate,
    /// The applicant.
    pub applicant: SlipPerson,
    /// The dossier code if one was issued, else the online submission number; `None`
    /// leaves the line out.
    pub dossier: Option<DossierRef>,
    /// What was requested (usually the procedure's name).
    pub request: String,
    /// The specific reasons for the refusal, in order; printed numbered.
    pub reasons: Vec<String>,
    /// The officer who refused (signature column).
    pub receiving_officer: String,
}

/// Renders form 03 as a PDF (A4; many reasons flow onto further pages).
pub fn render_refusal(slip: &RefusalSlip) -> Result<Vec<u8>, SlipError> {
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
    title(&mut doc, "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ");
    doc.set_continuation_header(format!(
        "Phiếu từ chối tiếp nhận giải quyết hồ sơ - Số: {} (tiếp theo)",
        slip.register_no
    ));
    doc.gap(3.0 * MM);

    let intro = format!("{} tiếp nhận hồ sơ của:", slip.receiving_unit);
    para(&mut doc, &[regular(&intro)]);
    person(&mut doc, "Ông/Bà\u{a0}", &slip.applicant);
    if let Some(dossier) = &slip.dossier {
        let (label, value) = dossier.labelled();
        para(&mut doc, &[regular(label), bold(value)]);
    }
    field(&mut doc, "Nội dung yêu cầu giải quyết: ", &slip.request);
    para(
        &mut doc,
        &[regular(&format!(
            "Qua xem xét, đối chiếu với quy định của pháp luật, {} nhận thấy hồ sơ không đủ \
             điều kiện tiếp nhận giải quyết với lý do cụ thể như sau:",
            slip.receiving_unit
        ))],
    );
    numbered(&mut doc, &slip.reasons);
    para(
        &mut doc,
        &[regular("Xin thông báo để Ông/Bà được biết và thực hiện./.")],
    );

    signatures(
        &mut doc,
        &[Signature {
            title: "NGƯỜI TIẾP NHẬN HỒ SƠ",
            hint: "(Ký và ghi rõ họ tên)",
            name: &slip.receiving_officer,
        }],
    );
    doc.finish(&format!(
        "Phiếu từ chối tiếp nhận giải quyết hồ sơ - {}",
        slip.register_no
    ))
}

#[cfg(test)]
#[path = "refusal_tests.rs"]
mod tests;
