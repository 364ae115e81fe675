//! Form 04: "Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết" (apology and request
//! to extend the processing time; in Circular 01/2018 "… và hẹn lại ngày trả kết quả"),
//! Circular 03/2025/TT-VPCP Annex I. The processing agency sends it no later than one day
//! before the due date of a dossier that will be late, with the reason and the new date,
//! signed by its head (SPEC §3). It is issued by the processing agency, so the agency, not
//! the desk, heads the page.

use chrono::{NaiveDate, NaiveDateTime};

use super::layout::{
    field, field_bold, format_moment, national_header, para, person, portrait, signatures, title,
    Heading, Signature, BODY,
};
use super::pdf::{bold, regular, Align, MM};
use super::receipt::SlipPerson;
use super::SlipError;

/// The data printed on form 04. All times are local (UTC+7) wall-clock times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApologySlip {
    /// Line 1 of the header's left column: the agency's superior, e.g. "UBND TỈNH HƯNG
    /// YÊN".
    pub province_header: String,
    /// The processing agency (header, bold; the subject of the apology), e.g. "SỞ XÂY
    /// DỰNG".
    pub agency: String,
    /// The register number printed after "Số:", e.g. "0007/PXL".
    pub register_no: String,
    /// The place of the date line.
    pub place: String,
    /// The date of the slip (date line).
    pub issued_on: NaiveDate,
    /// Printed after "Kính gửi:", e.g. "Ông/Bà Nguyễn Thị Hồng Nhung" or a company name.
    pub addressee: String,
    /// The applicant whose dossier is late.
    pub applicant: SlipPerson,
    /// The dossier code.
    pub dossier_code: String,
    /// The procedure.
    pub procedure: String,
    /// When the dossier was received.
    pub received_at: NaiveDateTime,
    /// The appointment printed on the receipt.
    pub original_appointment: NaiveDateTime,
    /// Why the dossier will be late.
    pub reason: String,
    /// The new time the result will be returned.
    pub new_appointment: NaiveDateTime,
    /// The signer's title, e.g. "GIÁM ĐỐC" or "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC".
    pub signer_title: String,
    /// The head of the processing agency who signs.
    pub signer_name: String,
}

/// Renders form 04 as a PDF (A4).
pub fn render_apology(slip: &ApologySlip) -> Result<Vec<u8>, SlipError> {
    let mut doc = portrait()?;
    national_header(
        &mut doc,
        &Heading {
            province: &slip.province_header,
            unit: &slip.agency,
            number: &slip.register_no,
            dated: Some((&slip.place, slip.issued_on)),
        },
    );
    title(
        &mut doc,
        "PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
    );
    doc.set_continuation_header(format!(
        "Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết - Số: {} (tiếp theo)",
        slip.register_no
    ));
    doc.gap(3.0 * MM);

    doc.paragraph(
        &[regular("Kính gửi: "), bold(&slip.addressee)],
        BODY,
        0.0,
        Align::Center,
    );
    doc.gap(2.0 * MM);
    para(
        &mut doc,
        &[regular(&format!(
            "{} trân trọng thông báo về việc giải quyết hồ sơ sau:",
            slip.agency
        ))],
    );
    person(&mut doc, "Người nộp hồ sơ: Ông/Bà\u{a0}", &slip.applicant);
    field_bold(&mut doc, "Mã hồ sơ: ", &slip.dossier_code);
    field(&mut doc, "Thủ tục hành chính: ", &slip.procedure);
    field(
        &mut doc,
        "Thời gian tiếp nhận hồ sơ: ",
        &format_moment(slip.received_at),
    );
    field(
        &mut doc,
        "Thời gian hẹn trả kết quả: ",
        &format_moment(slip.original_appointment),
    );
    para(
        &mut doc,
        &[regular(&format!(
            "Tuy nhiên, đến nay {} chưa giải quyết xong hồ sơ của Ông/Bà.",
            slip.agency
        ))],
    );
    field(&mut doc, "Lý do: ", &slip.reason);
    para(
        &mut doc,
        &[regular(&format!(
            "Sự chậm trễ này đã gây phiền hà, tốn kém thời gian và chi phí của Ông/Bà. {} \
             trân trọng xin lỗi Ông/Bà và đề nghị gia hạn thời gian giải quyết hồ sơ.",
            slip.agency
        ))],
    );
    para(
        &mut doc,
        &[
            regular("Thời gian trả kết quả mới: "),
            bold(&format_moment(slip.new_appointment)),
        ],
    );
    para(
        &mut doc,
        &[regular(&format!(
            "{} xin trân trọng cảm ơn sự hợp tác của Ông/Bà./.",
            slip.agency
        ))],
    );

    signatures(
        &mut doc,
        &[Signature {
            title: &slip.signer_title,
            hint: "(Ký, ghi rõ họ tên và đóng dấu)",
            name: &slip.signer_name,
        }],
    );
    doc.finish(&format!(
        "Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết - {}",
        slip.dossier_code
    ))
}

#[cfg(test)]
#[path = "apology_tests.rs"]
mod tests;
