//! Form 01: "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" (receipt with appointment),
//! Circular 03/2025/TT-VPCP Annex I.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

use super::pdf::{bold, italic, regular, Align, Column, Doc, Font, Style, MM};
use super::SlipError;

/// The data printed on a receipt. All times are local (UTC+7) wall-clock times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptSlip {
    /// Line 1 of the header's left column, e.g. "UBND TỈNH HƯNG YÊN".
    pub province_header: String,
    /// Line 2 of the header's left column (bold), e.g. "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG
    /// TỈNH"; also the subject of "… tiếp nhận hồ sơ của:".
    pub receiving_unit: String,
    /// The register number printed after "Số:", e.g. "0975/TNHS".
    pub register_no: String,
    /// The dossier code, e.g. "H15.50-261130-0001".
    pub dossier_code: String,
    /// The place of the date line: "{place}, ngày 30 tháng 11 năm 2026". The date is that
    /// of `received_at`.
    pub place: String,
    /// The applicant.
    pub applicant: SlipPerson,
    /// The person who submitted on the applicant's behalf, if any.
    pub authorised: Option<SlipPerson>,
    /// What is requested (usually the procedure's name).
    pub request: String,
    /// The documents received, in order: name and number of sets.
    pub documents: Vec<(String, u8)>,
    /// The processing time set by law, as text, e.g. "05 ngày làm việc".
    pub legal_time: String,
    /// When the dossier was received.
    pub received_at: NaiveDateTime,
    /// When the result will be returned; `None` prints "Không quy định thời hạn".
    pub appointment: Option<NaiveDateTime>,
    /// Where the result is collected.
    pub result_location: String,
    /// The register-book entry, e.g. "Quyển số: 05, Số thứ tự: 0975"; printed after
    /// "Vào Sổ theo dõi hồ sơ, ". A text that already starts with "Vào Sổ" is printed as is.
    pub register_book: String,
    /// The receiving officer's full name, printed under the right signature.
    pub receiving_officer: String,
    /// The tracking address: encoded in the QR code and printed beside it.
    pub tracking_url: String,
}

/// A person on a slip. An empty field (or `email: None`) leaves its line out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlipPerson {
    /// Full name, e.g. "Nguyễn Thị Hồng Nhung".
    pub full_name: String,
    /// Personal identification number (số định danh cá nhân).
    pub personal_id: String,
    /// Address.
    pub address: String,
    /// Phone number.
    pub phone: String,
    /// E-mail address.
    pub email: Option<String>,
}

/// Page margins in millimetres (Decree 30/2020: top and bottom 20–25, left 30–35, right
/// 15–20).
const MARGIN_TOP: f32 = 20.0;
const MARGIN_RIGHT: f32 = 15.0;
const MARGIN_BOTTOM: f32 = 20.0;
const MARGIN_LEFT: f32 = 30.0;

const HEADER: Font = Font::new(12.5, 1.2);
const MOTTO: Font = Font::new(13.0, 1.2);
const TITLE: Font = Font::new(14.0, 1.3);
const BODY: Font = Font::new(13.0, 1.22);
const SMALL: Font = Font::new(10.0, 1.25);

/// Side of the QR code (the symbol, without its quiet zone).
const QR_SIDE: f32 = 25.0 * MM;
/// Blank height left for the signatures.
const SIGNATURE_SPACE: f32 = 20.0 * MM;

/// Renders form 01 as a PDF (A4; a long document list flows onto further pages).
pub fn render_receipt(slip: &ReceiptSlip) -> Result<Vec<u8>, SlipError> {
    let mut doc = Doc::new(MARGIN_TOP, MARGIN_RIGHT, MARGIN_BOTTOM, MARGIN_LEFT)?;
    header(&mut doc, slip);

    doc.gap(5.0 * MM);
    doc.paragraph(
        &[bold("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ")],
        TITLE,
        0.0,
        Align::Center,
    );
    doc.paragraph(
        &[regular("Mã hồ sơ: "), bold(&slip.dossier_code)],
        BODY,
        0.0,
        Align::Center,
    );
    doc.set_continuation_header(format!(
        "Giấy tiếp nhận hồ sơ và hẹn trả kết quả - Mã hồ sơ: {} (tiếp theo)",
        slip.dossier_code
    ));
    doc.gap(3.0 * MM);

    let intro = format!("{} tiếp nhận hồ sơ của:", slip.receiving_unit);
    doc.paragraph(&[regular(&intro)], BODY, 0.0, Align::Left);
    person(&mut doc, "Ông/Bà\u{a0}", &slip.applicant);
    if let Some(authorised) = &slip.authorised {
        person(&mut doc, "Người được ủy quyền: Ông/Bà\u{a0}", authorised);
    }
    field(&mut doc, "Nội dung yêu cầu giải quyết: ", &slip.request);
    documents(&mut doc, &slip.documents);
    field(
        &mut doc,
        "Thời gian giải quyết hồ sơ theo quy định: ",
        &slip.legal_time,
    );
    field(
        &mut doc,
        "Thời gian nhận hồ sơ: ",
        &format_moment(slip.received_at),
    );
    let appointment = slip
        .appointment
        .map_or_else(|| "Không quy định thời hạn".to_owned(), format_moment);
    doc.paragraph(
        &[
            regular("Thời gian trả kết quả giải quyết hồ sơ: "),
            bold(&appointment),
        ],
        BODY,
        0.0,
        Align::Left,
    );
    field(&mut doc, "Nhận kết quả tại: ", &slip.result_location);
    let book = if slip.register_book.trim_start().starts_with("Vào Sổ") {
        slip.register_book.clone()
    } else {
        format!("Vào Sổ theo dõi hồ sơ, {}", slip.register_book)
    };
    doc.paragraph(&[regular(&book)], BODY, 0.0, Align::Left);

    signatures_and_qr(&mut doc, slip)?;

    doc.finish(&format!(
        "Giấy tiếp nhận hồ sơ và hẹn trả kết quả - {}",
        slip.dossier_code
    ))
}

/// The national header, the register number and the place and date.
fn header(doc: &mut Doc, slip: &ReceiptSlip) {
    let top = doc.y();
    let x = doc.left();
    let width = doc.width();
    let left_w = width * 0.42;
    let right_x = x + left_w;
    let right_w = width - left_w;

    // Left: the superior authority (regular) and the issuing unit (bold), rule under it.
    let province = doc.block(
        &[regular(&slip.province_header)],
        x,
        left_w,
        top,
        HEADER,
        Align::Center,
    );
    let unit = doc.block(
        &[bold(&slip.receiving_unit)],
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

    // Right: the national title and the motto, a rule as long as the motto under it.
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

    // "Số: …" under the left column, place and date under the right one.
    let row = unit_rule_y.min(motto_rule_y) - 3.0 * MM;
    let number = format!("Số: {}", slip.register_no);
    let number = doc.block(&[regular(&number)], x, left_w, row, BODY, Align::Center);
    let date = format!("{}, {}", slip.place, date_in_words(slip.received_at.date()));
    let date = doc.block(&[italic(&date)], right_x, right_w, row, BODY, Align::Center);
    doc.set_y(number.bottom.min(date.bottom));
}

/// A labelled line: regular label, regular value.
fn field(doc: &mut Doc, label: &str, value: &str) {
    doc.paragraph(&[regular(label), regular(value)], BODY, 0.0, Align::Left);
}

/// A person: the intro with the bold name, then the fields that are not empty.
fn person(doc: &mut Doc, intro: &str, p: &SlipPerson) {
    doc.paragraph(
        &[regular(intro), bold(&p.full_name)],
        BODY,
        0.0,
        Align::Left,
    );
    let email = p.email.as_deref().unwrap_or("");
    for (label, value) in [
        ("Số định danh cá nhân: ", p.personal_id.as_str()),
        ("Địa chỉ: ", p.address.as_str()),
        ("Số điện thoại: ", p.phone.as_str()),
        ("Thư điện tử: ", email),
    ] {
        if !value.trim().is_empty() {
            doc.paragraph(
                &[regular(label), regular(value)],
                BODY,
                8.0 * MM,
                Align::Left,
            );
        }
    }
}

/// "Thành phần hồ sơ gồm:" and the numbered rows "n. name … Số lượng: 01 bộ".
fn documents(doc: &mut Doc, documents: &[(String, u8)]) {
    if documents.is_empty() {
        field(doc, "Thành phần hồ sơ: ", "không có giấy tờ kèm theo");
        return;
    }
    doc.paragraph(&[regular("Thành phần hồ sơ gồm:")], BODY, 0.0, Align::Left);
    let indent = 8.0 * MM;
    let number_w = doc.measure(Style::Regular, BODY.size, "00.") + 2.0 * MM;
    let quantity_w = doc.measure(Style::Regular, BODY.size, "Số lượng: 000 bộ") + 1.0 * MM;
    let name_w = doc.width() - indent - number_w - quantity_w;
    let columns = [
        Column {
            width: number_w,
            gap: 2.0 * MM,
            align: Align::Right,
            style: Style::Regular,
        },
        Column {
            width: name_w,
            gap: 4.0 * MM,
            align: Align::Left,
            style: Style::Regular,
        },
        Column {
            width: quantity_w,
            gap: 0.0,
            align: Align::Left,
            style: Style::Regular,
        },
    ];
    let rows: Vec<Vec<String>> = documents
        .iter()
        .enumerate()
        .map(|(i, (name, sets))| {
            vec![
                format!("{}.", i + 1),
                name.clone(),
                format!("Số lượng: {sets:02} bộ"),
            ]
        })
        .collect();
    let x = doc.left() + indent;
    doc.table(x, &columns, &rows, BODY);
}

/// The two signature columns and, pinned to the bottom-left of the same page, the QR code
/// with "Tra cứu hồ sơ: {url}" at its right.
fn signatures_and_qr(doc: &mut Doc, slip: &ReceiptSlip) -> Result<(), SlipError> {
    let x = doc.left();
    let width = doc.width();
    let half = width / 2.0;
    let caption = [regular("Tra cứu hồ sơ: "), regular(&slip.tracking_url)];
    let caption_x = x + QR_SIDE + 4.0 * MM;
    let caption_w = width - QR_SIDE - 4.0 * MM;
    let caption_lines = doc.lines(&caption, SMALL.size, caption_w).len() as f32;
    let caption_h = caption_lines * SMALL.line_height();
    let officer_lines = doc
        .lines(&[bold(&slip.receiving_officer)], BODY.size, half)
        .len() as f32;
    let signatures_h = (2.0 + officer_lines) * BODY.line_height() + SIGNATURE_SPACE;
    let qr_h = QR_SIDE.max(caption_h);
    doc.gap(3.0 * MM);
    doc.ensure_space(signatures_h + 3.0 * MM + qr_h);

    let top = doc.y();
    for (i, title) in ["NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ"]
        .into_iter()
        .enumerate()
    {
        let cx = x + i as f32 * half;
        let t = doc.block(&[bold(title)], cx, half, top, BODY, Align::Center);
        doc.block(
            &[italic("(Ký và ghi rõ họ tên)")],
            cx,
            half,
            t.bottom,
            BODY,
            Align::Center,
        );
    }
    let name_top = top - 2.0 * BODY.line_height() - SIGNATURE_SPACE;
    doc.block(
        &[bold(&slip.receiving_officer)],
        x + half,
        half,
        name_top,
        BODY,
        Align::Center,
    );

    let qr_y = doc.bottom() + (qr_h - QR_SIDE) / 2.0;
    doc.qr(x, qr_y, QR_SIDE, &slip.tracking_url)?;
    doc.link(x, qr_y, QR_SIDE, QR_SIDE, &slip.tracking_url);
    let caption_top = doc.bottom() + (qr_h + caption_h) / 2.0;
    doc.block(
        &caption,
        caption_x,
        caption_w,
        caption_top,
        SMALL,
        Align::Left,
    );
    doc.link(
        caption_x,
        caption_top - caption_h,
        caption_w,
        caption_h,
        &slip.tracking_url,
    );
    doc.set_y(doc.bottom());
    Ok(())
}

/// "ngày 30 tháng 11 năm 2026": days below 10 and the months January and February take
/// a leading zero (Decree 30/2020/NĐ-CP, Annex I).
fn date_in_words(date: NaiveDate) -> String {
    let month = date.month();
    let month = if month <= 2 {
        format!("{month:02}")
    } else {
        month.to_string()
    };
    format!("ngày {:02} tháng {} năm {}", date.day(), month, date.year())
}

/// "14 giờ 05 phút, ngày 30/11/2026".
fn format_moment(t: NaiveDateTime) -> String {
    format!(
        "{:02} giờ {:02} phút, ngày {:02}/{:02}/{}",
        t.hour(),
        t.minute(),
        t.day(),
        t.month(),
        t.year()
    )
}

#[cfg(test)]
#[path = "receipt_tests.rs"]
mod tests;
