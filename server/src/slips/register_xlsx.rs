//! Form 07, the dossier register, as an Excel workbook (.xlsx): the form units keep and
//! filter in a spreadsheet. One worksheet: three title rows (the form's name, the unit,
//! the period), the heading row (bold, frozen, repeated on every printed page), then one
//! row per dossier. Times are real Excel dates (so they sort and filter), shown
//! "dd/mm/yyyy hh:mm".

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::register::{DossierRegister, HEADINGS, NO_TIME_LIMIT};
use super::SlipError;

/// The worksheet's name (Excel allows 31 characters).
pub(super) const SHEET_NAME: &str = "Sổ theo dõi hồ sơ";
/// The zero-based row of the headings; the dossiers start on the next one.
pub(super) const HEADING_ROW: u32 = 3;
/// The cell format of times.
const DATE_TIME: &str = "dd/mm/yyyy hh:mm";
/// Excel's number of rows in a worksheet.
const MAX_ROWS: usize = 1_048_576;
/// Column widths in characters, in the order of [`HEADINGS`].
const WIDTHS: [f64; 11] = [
    6.0, 26.0, 42.0, 24.0, 36.0, 26.0, 16.5, 16.5, 16.5, 16.0, 18.0,
];

impl From<XlsxError> for SlipError {
    fn from(e: XlsxError) -> Self {
        SlipError::Xlsx(e.to_string())
    }
}

/// Renders form 07 as an .xlsx workbook (A4 landscape when printed, one page wide).
pub fn render_register_xlsx(register: &DossierRegister) -> Result<Vec<u8>, SlipError> {
    if register.rows.len() > MAX_ROWS - HEADING_ROW as usize - 1 {
        return Err(SlipError::Xlsx(format!(
            "{} hồ sơ vượt quá số dòng tối đa của một trang tính",
            register.rows.len()
        )));
    }
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(SHEET_NAME)?;
    write_titles(sheet, register)?;

    let cell = Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Top)
        .set_text_wrap();
    let centred = cell.clone().set_align(FormatAlign::Center);
    let time = centred.clone().set_num_format(DATE_TIME);
    for (i, r) in register.rows.iter().enumerate() {
        // Fits: the row count was checked against Excel's limit above.
        let row = HEADING_ROW + 1 + i as u32;
        sheet.write_number_with_format(row, 0, (i + 1) as f64, &centred)?;
        sheet.write_string_with_format(row, 1, &r.dossier_code, &cell)?;
        sheet.write_string_with_format(row, 2, &r.procedure, &cell)?;
        sheet.write_string_with_format(row, 3, &r.applicant, &cell)?;
        sheet.write_string_with_format(row, 4, r.address_phone(), &cell)?;
        sheet.write_string_with_format(row, 5, &r.processing_agency, &cell)?;
        sheet.write_datetime_with_format(row, 6, r.received_at, &time)?;
        match r.appointment {
            Some(t) => sheet.write_datetime_with_format(row, 7, t, &time)?,
            None => sheet.write_string_with_format(row, 7, NO_TIME_LIMIT, &centred)?,
        };
        match r.returned_at {
            Some(t) => sheet.write_datetime_with_format(row, 8, t, &time)?,
            None => sheet.write_blank(row, 8, &time)?,
        };
        sheet.write_string_with_format(row, 9, &r.return_method, &cell)?;
        if r.note.is_empty() {
            // Still ruled: the cell is where the applicant signs on collection.
            sheet.write_blank(row, 10, &cell)?;
        } else {
            sheet.write_string_with_format(row, 10, &r.note, &cell)?;
        }
    }

    Ok(workbook.save_to_buffer()?)
}

/// The title rows, the heading row, column widths, frozen panes and print setup.
fn write_titles(sheet: &mut Worksheet, register: &DossierRegister) -> Result<(), XlsxError> {
    let last = (HEADINGS.len() - 1) as u16;
    let title = Format::new()
        .set_bold()
        .set_font_size(14)
        .set_align(FormatAlign::Center);
    let unit = Format::new().set_bold().set_align(FormatAlign::Center);
    let period = Format::new().set_italic().set_align(FormatAlign::Center);
    sheet.merge_range(0, 0, 0, last, "SỔ THEO DÕI HỒ SƠ", &title)?;
    let unit_line = if register.province_header.trim().is_empty() {
        register.unit.clone()
    } else {
        format!("{} - {}", register.province_header, register.unit)
    };
    sheet.merge_range(1, 0, 1, last, &unit_line, &unit)?;
    sheet.merge_range(2, 0, 2, last, &register.period(), &period)?;

    let heading = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
        .set_background_color("#E7E6E6");
    for (col, (text, width)) in HEADINGS.iter().zip(WIDTHS).enumerate() {
        let col = col as u16;
        sheet.write_string_with_format(HEADING_ROW, col, *text, &heading)?;
        sheet.set_column_width(col, width)?;
    }
    sheet.set_row_height(HEADING_ROW, 32)?;
    sheet.set_freeze_panes(HEADING_ROW + 1, 0)?;

    sheet.set_landscape();
    sheet.set_paper_size(9); // A4
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(HEADING_ROW, HEADING_ROW)?;
    Ok(())
}

#[cfg(test)]
#[path = "register_xlsx_tests.rs"]
mod tests;
