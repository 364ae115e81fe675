//! Form 07: "Sổ theo dõi hồ sơ" (the dossier register; form 06 of Circular 01/2018),
//! Circular 03/2025/TT-VPCP Annex I, as a landscape A4 PDF: one ruled row per dossier
//! received in a period, the column headings repeated on every page. The same data is
//! written as a spreadsheet by `register_xlsx.rs`.

use chrono::{NaiveDate, NaiveDateTime};

use super::layout::{format_date, format_short, national_header, title, Heading};
use super::pdf::{italic, Align, Doc, Font, GridColumn, Style, CELL_PAD, MM};
use super::SlipError;

/// The register of one unit over a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DossierRegister {
    /// Line 1 of the header's left column, e.g. "UBND TỈNH HƯNG YÊN".
    pub province_header: String,
    /// The unit that keeps the register, e.g. "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH".
    pub unit: String,
    /// The first day of the period.
    pub period_from: NaiveDate,
    /// The last day of the period.
    pub period_to: NaiveDate,
    /// The dossiers, in the order they are to be numbered (STT 1, 2, …).
    pub rows: Vec<RegisterRow>,
}

/// One dossier in the register. All times are local (UTC+7) wall-clock times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterRow {
    /// The dossier code.
    pub dossier_code: String,
    /// The procedure.
    pub procedure: String,
    /// The applicant (person or organisation).
    pub applicant: String,
    /// The applicant's address; may be empty.
    pub address: String,
    /// The applicant's phone number; may be empty.
    pub phone: String,
    /// The agency that processes the dossier.
    pub processing_agency: String,
    /// When the dossier was received.
    pub received_at: NaiveDateTime,
    /// The appointment; `None` prints "Không quy định" (no legal time limit).
    pub appointment: Option<NaiveDateTime>,
    /// When the result was returned; `None` (not yet) leaves the cell empty.
    pub returned_at: Option<NaiveDateTime>,
    /// How the result was or will be returned, e.g. "Trực tiếp", "Qua dịch vụ bưu chính".
    pub return_method: String,
    /// A note; the rest of the cell is for the applicant's signature on collection.
    pub note: String,
}

/// The column headings, shared by the PDF and the spreadsheet.
pub(super) const HEADINGS: [&str; 11] = [
    "STT",
    "Mã hồ sơ",
    "Thủ tục hành chính",
    "Người nộp hồ sơ",
    "Địa chỉ, số điện thoại",
    "Cơ quan xử lý",
    "Ngày nhận hồ sơ",
    "Ngày hẹn trả kết quả",
    "Ngày trả kết quả",
    "Hình thức trả kết quả",
    "Ghi chú / Ký nhận",
];

/// What an appointment-less dossier prints in the appointment column.
pub(super) const NO_TIME_LIMIT: &str = "Không quy định";

impl RegisterRow {
    /// "address, phone" without the empty parts.
    pub(super) fn address_phone(&self) -> String {
        [self.address.trim(), self.phone.trim()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl DossierRegister {
    /// "Từ ngày 01/11/2026 đến ngày 30/11/2026".
    pub(super) fn period(&self) -> String {
        format!(
            "Từ ngày {} đến ngày {}",
            format_date(self.period_from),
            format_date(self.period_to)
        )
    }
}

/// Landscape margins in millimetres: the binding edge (left) a little wider.
const MARGINS: [f32; 4] = [15.0, 12.0, 15.0, 18.0];
/// Column widths in millimetres of the 267 mm text width, in the order of [`HEADINGS`].
/// The date columns fit "30/11/2026" with the time on a second line. The code column
/// is widened (at the procedure's expense) to the longest code, see [`code_width`].
const WIDTHS: [f32; 11] = [
    10.0, 30.0, 49.0, 28.0, 36.0, 28.0, 19.0, 19.0, 19.0, 14.0, 15.0,
];
/// The most the code column may take from the procedure column, in millimetres.
const CODE_EXTRA_MAX: f32 = 20.0;
/// Type size of the table.
const TABLE: Font = Font::new(9.0, 1.2);

/// Renders form 07 as a landscape A4 PDF (as many pages as the rows need, numbered
/// "Trang i/n").
pub fn render_register(register: &DossierRegister) -> Result<Vec<u8>, SlipError> {
    let [top, right, bottom, left] = MARGINS;
    let mut doc = Doc::new_landscape(top, right, bottom, left)?;
    national_header(
        &mut doc,
        &Heading {
            province: &register.province_header,
            unit: &register.unit,
            number: "",
            dated: None,
        },
    );
    title(&mut doc, "SỔ THEO DÕI HỒ SƠ");
    let period = register.period();
    doc.paragraph(&[italic(&period)], Font::new(12.0, 1.3), 0.0, Align::Center);
    doc.set_continuation_header(format!(
        "Sổ theo dõi hồ sơ - {} - {} (tiếp theo)",
        register.unit,
        period.to_lowercase()
    ));
    doc.gap(3.0 * MM);

    let total: f32 = WIDTHS.iter().sum();
    let scale = doc.width() / total;
    let mut widths = WIDTHS.map(|w| w * scale);
    let extra = (code_width(&doc, register) - widths[1]).clamp(0.0, CODE_EXTRA_MAX * MM);
    widths[1] += extra;
    widths[2] -= extra;
    let columns: Vec<GridColumn<'_>> = HEADINGS
        .iter()
        .zip(widths)
        .enumerate()
        .map(|(i, (title, w))| GridColumn {
            title,
            width: w,
            // Number and dates centred, text flush left.
            align: if i == 0 || (6..=8).contains(&i) {
                Align::Center
            } else {
                Align::Left
            },
        })
        .collect();
    let rows: Vec<Vec<String>> = register
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| cells(i + 1, r))
        .collect();
    let x = doc.left();
    doc.grid(x, &columns, &rows, TABLE);
    doc.finish(&format!(
        "Sổ theo dõi hồ sơ - {} - {}",
        register.unit, period
    ))
}

/// The width the code column needs to keep every dossier code on one line: a code cut
/// between characters ("H15.50.05.13-26100 8-0975") is misread and cannot be searched.
/// Codes grow with the agency's level (`H15`, `H15.50`, … `H15.50.05.13`) and the daily
/// counter (4 digits, more when needed).
fn code_width(doc: &Doc, register: &DossierRegister) -> f32 {
    let widest = register
        .rows
        .iter()
        .map(|r| doc.measure(Style::Regular, TABLE.size, &r.dossier_code))
        .fold(0.0, f32::max);
    // A little slack over the measured width against rounding in the line breaker.
    widest + 2.0 * CELL_PAD + 1.0
}

/// The printed cells of one row.
fn cells(number: usize, r: &RegisterRow) -> Vec<String> {
    vec![
        number.to_string(),
        r.dossier_code.clone(),
        r.procedure.clone(),
        r.applicant.clone(),
        r.address_phone(),
        r.processing_agency.clone(),
        format_short(r.received_at),
        r.appointment
            .map_or_else(|| NO_TIME_LIMIT.to_owned(), format_short),
        r.returned_at.map(format_short).unwrap_or_default(),
        r.return_method.clone(),
        r.note.clone(),
    ]
}

#[cfg(test)]
#[path = "register_tests.rs"]
mod tests;
