//! What forms 02–07 share: the page margins and type sizes of form 01, the national header
//! with the register number and the date line, labelled fields, numbered lists, signature
//! columns, and the date formats. Form 01 (`receipt.rs`) keeps its own copy of the same
//! layout so that its output stays byte for byte what it was.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

use super::pdf::{bold, italic, regular, Align, Column, Doc, Font, Span, Style, MM};
use super::receipt::SlipPerson;
use super::SlipError;

/// Page margins in millimetres (Decree 30/2020: top and bottom 20–25, left 30–35, right
/// 15–20), as on form 01.
pub(super) const MARGIN_TOP: f32 = 20.0;
pub(super) const MARGIN_RIGHT: f32 = 15.0;
pub(super) const MARGIN_BOTTOM: f32 = 20.0;
pub(super) const MARGIN_LEFT: f32 = 30.0;

pub(super) const HEADER: Font = Font::new(12.5, 1.2);
pub(super) const MOTTO: Font = Font::new(13.0, 1.2);
pub(super) const TITLE: Font = Font::new(14.0, 1.3);
pub(super) const BODY: Font = Font::new(13.0, 1.22);

/// Blank height left for a signature.
pub(super) const SIGNATURE_SPACE: f32 = 20.0 * MM;
/// Indent of the lines under a person's name and of numbered lists.
pub(super) const INDENT: f32 = 8.0 * MM;

/// A portrait A4 document with the margins of form 01.
pub(super) fn portrait() -> Result<Doc, SlipError> {
    Doc::new(MARGIN_TOP, MARGIN_RIGHT, MARGIN_BOTTOM, MARGIN_LEFT)
}

/// The two-column heading of an administrative document.
pub(super) struct Heading<'a> {
    /// Left column, line 1: the superior authority, e.g. "UBND TỈNH HƯNG YÊN".
    pub province: &'a str,
    /// Left column, line 2 (bold): the issuing unit.
    pub unit: &'a str,
    /// Printed as "Số: {number}" under the left column; empty leaves the line out.
    pub number: &'a str,
    /// Place and date of the date line under the right column; `None` leaves it out.
    pub dated: Option<(&'a str, NaiveDate)>,
}

/// Draws the national header (issuing unit left, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM /
/// Độc lập - Tự do - Hạnh phúc" right, each with its rule), the register number and the
/// date line, in the proportions of form 01, and moves the cursor under them.
pub(super) fn national_header(doc: &mut Doc, h: &Heading<'_>) {
    let top = doc.y();
    let x = doc.left();
    let width = doc.width();
    // On a landscape page the columns keep their portrait width, at the two edges.
    let col_w = width.min(165.0 * MM);
    let left_w = col_w * 0.42;
    let right_w = col_w - left_w;
    let right_x = x + width - right_w;

    let province = doc.block(
        &[regular(h.province)],
        x,
        left_w,
        top,
        HEADER,
        Align::Center,
    );
    let unit = doc.block(
        &[bold(h.unit)],
        x,
        left_w,
        province.bottom,
        HEADER,
        Align::Center,
    );
    let unit_rule_y = unit.bottom - 3.0;
    let unit_width = unit.line_widths.iter().copied().fold(0.0, f32::max);
    let rule_w = (unit_width / 3.0).max(20.0 * MM).min(left_w);
    let centre = x + left_w / 2.0;
    doc.rule(
        centre - rule_w / 2.0,
        centre + rule_w / 2.0,
        unit_rule_y,
        0.6,
    );

    let title = doc.block(
        &[bold("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")],
        right_x,
        right_w,
        top,
        HEADER,
        Align::Center,
    );
    let motto = doc.block(
        &[bold("Độc lập - Tự do - Hạnh phúc")],
        right_x,
        right_w,
        title.bottom,
        MOTTO,
        Align::Center,
    );
    let motto_w = motto.line_widths.first().copied().unwrap_or(0.0);
    let motto_rule_y = motto.bottom - 3.0;
    let centre = right_x + right_w / 2.0;
    doc.rule(
        centre - motto_w / 2.0,
        centre + motto_w / 2.0,
        motto_rule_y,
        0.6,
    );

    let row = unit_rule_y.min(motto_rule_y) - 3.0 * MM;
    let mut bottom = row;
    if !h.number.trim().is_empty() {
        let number = format!("Số: {}", h.number);
        let placed = doc.block(&[regular(&number)], x, left_w, row, BODY, Align::Center);
        bottom = bottom.min(placed.bottom);
    }
    if let Some((place, date)) = h.dated {
        let line = format!("{place}, {}", date_in_words(date));
        let placed = doc.block(&[italic(&line)], right_x, right_w, row, BODY, Align::Center);
        bottom = bottom.min(placed.bottom);
    }
    doc.set_y(bottom);
}

/// The form's title, bold and centred, 5 mm under the header.
pub(super) fn title(doc: &mut Doc, text: &str) {
    doc.gap(5.0 * MM);
    doc.paragraph(&[bold(text)], TITLE, 0.0, Align::Center);
}

/// A paragraph of body text over the full width.
pub(super) fn para(doc: &mut Doc, spans: &[Span<'_>]) {
    doc.paragraph(spans, BODY, 0.0, Align::Left);
}

/// A labelled line: regular label, regular value.
pub(super) fn field(doc: &mut Doc, label: &str, value: &str) {
    para(doc, &[regular(label), regular(value)]);
}

/// A labelled line with the value in bold (codes, appointments).
pub(super) fn field_bold(doc: &mut Doc, label: &str, value: &str) {
    para(doc, &[regular(label), bold(value)]);
}

/// A person: the intro with the bold name, then, indented, the fields that are not empty.
pub(super) fn person(doc: &mut Doc, intro: &str, p: &SlipPerson) {
    para(doc, &[regular(intro), bold(&p.full_name)]);
    let email = p.email.as_deref().unwrap_or("");
    for (label, value) in [
        ("Số định danh cá nhân: ", p.personal_id.as_str()),
        ("Địa chỉ: ", p.address.as_str()),
        ("Số điện thoại: ", p.phone.as_str()),
        ("Thư điện tử: ", email),
    ] {
        if !value.trim().is_empty() {
            doc.paragraph(&[regular(label), regular(value)], BODY, INDENT, Align::Left);
        }
    }
}

/// Items numbered "1.", "2.", … with a hanging indent, so that a wrapped item stays
/// right of its number.
pub(super) fn numbered(doc: &mut Doc, items: &[String]) {
    let number_w = doc.measure(Style::Regular, BODY.size, "00.") + 2.0 * MM;
    let columns = [
        Column {
            width: number_w,
            gap: 2.0 * MM,
            align: Align::Right,
            style: Style::Regular,
        },
        Column {
            width: doc.width() - INDENT - number_w,
            gap: 0.0,
            align: Align::Left,
            style: Style::Regular,
        },
    ];
    let rows: Vec<Vec<String>> = items
        .iter()
        .enumerate()
        .map(|(i, item)| vec![format!("{}.", i + 1), item.clone()])
        .collect();
    let x = doc.left() + INDENT;
    doc.table(x, &columns, &rows, BODY);
}

/// One signature column: the title (bold), the hint in brackets (italic), blank space,
/// the signer's name (bold; empty leaves a blank to fill by hand).
pub(super) struct Signature<'a> {
    pub title: &'a str,
    pub hint: &'a str,
    pub name: &'a str,
}

/// Signature columns side by side. One column sits in the right half of the page (where
/// a signer signs on a Vietnamese administrative document); two share the width. The
/// block moves to a new page whole when it does not fit.
pub(super) fn signatures(doc: &mut Doc, columns: &[Signature<'_>]) {
    let x = doc.left();
    let width = doc.width();
    let col_w = width / 2.0;
    let first_x = if columns.len() == 1 { x + col_w } else { x };
    let title_lines =
        |doc: &Doc, s: &Signature<'_>| doc.lines(&[bold(s.title)], BODY.size, col_w).len() as f32;
    let height = columns
        .iter()
        .map(|s| {
            let name = doc.lines(&[bold(s.name)], BODY.size, col_w).len() as f32;
            (title_lines(doc, s) + 1.0 + name) * BODY.line_height()
        })
        .fold(0.0, f32::max)
        + SIGNATURE_SPACE;
    doc.gap(4.0 * MM);
    doc.ensure_space(height);
    let top = doc.y();
    let mut bottom = top;
    for (i, s) in columns.iter().enumerate() {
        let cx = first_x + i as f32 * col_w;
        let t = doc.block(&[bold(s.title)], cx, col_w, top, BODY, Align::Center);
        let hint = doc.block(&[italic(s.hint)], cx, col_w, t.bottom, BODY, Align::Center);
        let name = doc.block(
            &[bold(s.name)],
            cx,
            col_w,
            hint.bottom - SIGNATURE_SPACE,
            BODY,
            Align::Center,
        );
        bottom = bottom.min(name.bottom);
    }
    doc.set_y(bottom);
}

/// How a dossier is identified on a slip issued before or without reception.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DossierRef {
    /// The dossier code issued at reception (mã hồ sơ), e.g. "H15.50-261130-0001".
    Code(String),
    /// The temporary number of an online submission not yet received.
    Submission(String),
}

impl DossierRef {
    /// The label and the value, e.g. ("Mã hồ sơ: ", "H15.50-261130-0001").
    pub(super) fn labelled(&self) -> (&'static str, &str) {
        match self {
            DossierRef::Code(code) => ("Mã hồ sơ: ", code),
            DossierRef::Submission(number) => ("Số hồ sơ nộp trực tuyến: ", number),
        }
    }
}

/// "ngày 30 tháng 11 năm 2026": days below 10 and the months January and February take
/// a leading zero (Decree 30/2020/NĐ-CP, Annex I), as on form 01.
pub(super) fn date_in_words(date: NaiveDate) -> String {
    let month = date.month();
    let month = if month <= 2 {
        format!("{month:02}")
    } else {
        month.to_string()
    };
    format!("ngày {:02} tháng {} năm {}", date.day(), month, date.year())
}

/// "14 giờ 05 phút, ngày 30/11/2026", as on form 01.
pub(super) fn format_moment(t: NaiveDateTime) -> String {
    format!(
        "{:02} giờ {:02} phút, ngày {}",
        t.hour(),
        t.minute(),
        format_date(t.date())
    )
}

/// "30/11/2026".
pub(super) fn format_date(d: NaiveDate) -> String {
    format!("{:02}/{:02}/{}", d.day(), d.month(), d.year())
}

/// "30/11/2026 14:05", the short form for table cells.
pub(super) fn format_short(t: NaiveDateTime) -> String {
    format!(
        "{} {:02}:{:02}",
        format_date(t.date()),
        t.hour(),
        t.minute()
    )
}
