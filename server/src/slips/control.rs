//! Form 06: "Phiếu kiểm soát quá trình giải quyết hồ sơ" (the control sheet of a dossier's
//! hand-overs; form 05 of Circular 01/2018), Circular 03/2025/TT-VPCP Annex I. Every
//! hand-over between units records who gave, who received, when, and whether the step
//! finished early, on time or late (SPEC §3); the sheet is generated from that trail.

use chrono::{NaiveDate, NaiveDateTime};

use super::layout::{
    field, field_bold, format_moment, national_header, portrait, title, Heading, BODY,
};
use super::pdf::{bold, regular, Align, Font, GridColumn, MM};
use super::SlipError;

/// Whether a step finished before, on or after its due time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepResult {
    /// Finished before its due time.
    Early,
    /// Finished on its due day.
    OnTime,
    /// Finished after its due time.
    Late,
}

impl StepResult {
    /// The printed label: "Trước hạn", "Đúng hạn" or "Quá hạn".
    pub fn label(self) -> &'static str {
        match self {
            StepResult::Early => "Trước hạn",
            StepResult::OnTime => "Đúng hạn",
            StepResult::Late => "Quá hạn",
        }
    }
}

/// One hand-over of the dossier, one row of the sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ControlStep {
    /// The unit (or step) that received the dossier, e.g. "Phòng Quản lý đô thị".
    pub unit: String,
    /// When the dossier was handed over.
    pub handed_over_at: NaiveDateTime,
    /// Who gave the dossier.
    pub given_by: String,
    /// Who received it.
    pub received_by: String,
    /// How the step finished; `None` while it is still open (an empty cell).
    pub result: Option<StepResult>,
    /// A note, e.g. why the step was late; may be empty.
    pub note: String,
}

/// The data printed on form 06. All times are local (UTC+7) wall-clock times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ControlSlip {
    /// Line 1 of the header's left column, e.g. "UBND TỈNH HƯNG YÊN".
    pub province_header: String,
    /// The issuing unit (header, bold), usually the desk that received the dossier.
    pub issuing_unit: String,
    /// The register number printed after "Số:", e.g. "0975/PKS".
    pub register_no: String,
    /// The place of the date line.
    pub place: String,
    /// The date of the sheet (date line).
    pub issued_on: NaiveDate,
    /// The dossier code.
    pub dossier_code: String,
    /// The agency that leads the processing.
    pub processing_agency: String,
    /// The agencies that take part (liên thông); empty prints "Không có".
    pub coordinating_agencies: Vec<String>,
    /// When the dossier was received.
    pub received_at: NaiveDateTime,
    /// The appointment; `None` prints "Không quy định thời hạn".
    pub appointment: Option<NaiveDateTime>,
    /// The hand-overs, in order.
    pub steps: Vec<ControlStep>,
}

/// Type size of the table: smaller than the body so that seven columns fit.
const TABLE: Font = Font::new(11.0, 1.2);

/// Renders form 06 as a PDF (A4; a long trail flows onto further pages, the table's
/// heading repeated on each).
pub fn render_control(slip: &ControlSlip) -> Result<Vec<u8>, SlipError> {
    let mut doc = portrait()?;
    national_header(
        &mut doc,
        &Heading {
            province: &slip.province_header,
            unit: &slip.issuing_unit,
            number: &slip.register_no,
            dated: Some((&slip.place, slip.issued_on)),
        },
    );
    title(&mut doc, "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ");
    doc.paragraph(
        &[regular("Mã hồ sơ: "), bold(&slip.dossier_code)],
        BODY,
        0.0,
        Align::Center,
    );
    doc.set_continuation_header(format!(
        "Phiếu kiểm soát quá trình giải quyết hồ sơ - Mã hồ sơ: {} (tiếp theo)",
        slip.dossier_code
    ));
    doc.gap(3.0 * MM);

    field(
        &mut doc,
        "Cơ quan chủ trì giải quyết: ",
        &slip.processing_agency,
    );
    let coordinating = if slip.coordinating_agencies.is_empty() {
        "Không có".to_owned()
    } else {
        slip.coordinating_agencies.join("; ")
    };
    field(&mut doc, "Cơ quan phối hợp giải quyết: ", &coordinating);
    field(
        &mut doc,
        "Thời gian tiếp nhận hồ sơ: ",
        &format_moment(slip.received_at),
    );
    let appointment = slip
        .appointment
        .map_or_else(|| "Không quy định thời hạn".to_owned(), format_moment);
    field_bold(&mut doc, "Thời gian hẹn trả kết quả: ", &appointment);
    doc.gap(3.0 * MM);

    let rows: Vec<Vec<String>> = slip
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            vec![
                (i + 1).to_string(),
                s.unit.clone(),
                format_moment(s.handed_over_at),
                s.given_by.clone(),
                s.received_by.clone(),
                s.result.map_or("", StepResult::label).to_owned(),
                s.note.clone(),
            ]
        })
        .collect();
    let x = doc.left();
    doc.grid(x, &columns(doc.width()), &rows, TABLE);
    doc.finish(&format!(
        "Phiếu kiểm soát quá trình giải quyết hồ sơ - {}",
        slip.dossier_code
    ))
}

/// The table's columns, in millimetres of a 165 mm text width, scaled to `width` points.
fn columns(width: f32) -> [GridColumn<'static>; 7] {
    let spec: [(&str, f32, Align); 7] = [
        ("STT", 10.0, Align::Center),
        ("Đơn vị, bước xử lý", 32.0, Align::Left),
        ("Thời gian giao, nhận hồ sơ", 29.0, Align::Left),
        ("Người giao", 25.0, Align::Left),
        ("Người nhận", 25.0, Align::Left),
        (
            "Kết quả (trước hạn, đúng hạn, quá hạn)",
            25.0,
            Align::Center,
        ),
        ("Ghi chú", 19.0, Align::Left),
    ];
    let total: f32 = spec.iter().map(|(_, w, _)| w).sum();
    spec.map(|(title, w, align)| GridColumn {
        title,
        width: w / total * width,
        align,
    })
}

#[cfg(test)]
#[path = "control_tests.rs"]
mod tests;
