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
mod tests {
    use super::*;
    use std::io::Write;
    use std::path::{Path, PathBuf};
    use std::process::Command;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
    }

    fn sample() -> ReceiptSlip {
        ReceiptSlip {
            province_header: "UBND TỈNH HƯNG YÊN".into(),
            receiving_unit: "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH".into(),
            register_no: "0975/TNHS".into(),
            dossier_code: "H15.50-261130-0001".into(),
            place: "Hưng Yên".into(),
            applicant: SlipPerson {
                full_name: "Nguyễn Thị Hồng Nhung".into(),
                personal_id: "033190001234".into(),
                address: "Số 12 đường Nguyễn Văn Linh, phường Hiến Nam, thành phố Hưng Yên, \
                          tỉnh Hưng Yên"
                    .into(),
                phone: "0912 345 678".into(),
                email: Some("nhung.nth@example.vn".into()),
            },
            authorised: Some(SlipPerson {
                full_name: "Trần Văn Đức".into(),
                personal_id: "033085004321".into(),
                address: "Thôn Đông, xã Phụng Công, huyện Văn Giang, tỉnh Hưng Yên".into(),
                phone: "0987 654 321".into(),
                email: None,
            }),
            request: "Cấp Giấy chứng nhận đăng ký hộ kinh doanh (đăng ký thành lập hộ kinh \
                      doanh)"
                .into(),
            documents: vec![
                ("Giấy đề nghị đăng ký hộ kinh doanh".into(), 1),
                (
                    "Bản sao biên bản họp thành viên hộ gia đình về việc thành lập hộ kinh \
                     doanh (trường hợp các thành viên hộ gia đình đăng ký hộ kinh doanh)"
                        .into(),
                    1,
                ),
                (
                    "Bản sao văn bản ủy quyền của thành viên hộ gia đình".into(),
                    2,
                ),
            ],
            legal_time: "05 ngày làm việc".into(),
            received_at: at(2026, 11, 30, 14, 5),
            appointment: Some(at(2026, 12, 7, 15, 30)),
            result_location: "Trung tâm Phục vụ hành chính công tỉnh Hưng Yên, số 1 đường \
                              Lê Lợi, phường Hiến Nam"
                .into(),
            register_book: "Quyển số: 05, Số thứ tự: 0975".into(),
            receiving_officer: "Lê Thị Thu Hà".into(),
            tracking_url: "https://dichvucong.hungyen.gov.vn/tra-cuu?ma=H15.50-261130-0001".into(),
        }
    }

    /// A file under the temp directory, unique to this test process and name.
    fn temp_pdf(name: &str, bytes: &[u8]) -> PathBuf {
        let path =
            std::env::temp_dir().join(format!("motcua-slip-{}-{name}.pdf", std::process::id()));
        std::fs::File::create(&path)
            .and_then(|mut f| f.write_all(bytes))
            .expect("write temp pdf");
        path
    }

    /// Runs a poppler-utils tool; fails with the package to install when it is missing.
    fn poppler(tool: &str, args: &[&str], file: &Path, after: &[&str]) -> Vec<u8> {
        let out = Command::new(tool)
            .args(args)
            .arg(file)
            .args(after)
            .output()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot run `{tool}` ({e}): these tests need poppler's command-line \
                     tools; install the Debian package poppler-utils \
                     (apt-get install -y poppler-utils)"
                )
            });
        assert!(
            out.status.success(),
            "{tool} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    }

    fn text_of(pdf: &[u8], name: &str) -> String {
        let path = temp_pdf(name, pdf);
        let text = poppler("pdftotext", &["-raw", "-enc", "UTF-8"], &path, &["-"]);
        let _ = std::fs::remove_file(&path);
        String::from_utf8(text).expect("utf-8 text")
    }

    fn pages_of(pdf: &[u8], name: &str) -> usize {
        let path = temp_pdf(name, pdf);
        let info = Command::new("pdfinfo")
            .arg(&path)
            .output()
            .unwrap_or_else(|e| {
                panic!("cannot run `pdfinfo` ({e}): install the Debian package poppler-utils")
            });
        let _ = std::fs::remove_file(&path);
        let info = String::from_utf8_lossy(&info.stdout).into_owned();
        info.lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or_else(|| panic!("pdfinfo gave no page count:\n{info}"))
    }

    fn squash(s: &str) -> String {
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn formats_dates_and_times_like_the_form() {
        let t = at(2026, 11, 30, 14, 5);
        assert_eq!(format_moment(t), "14 giờ 05 phút, ngày 30/11/2026");
        assert_eq!(date_in_words(t.date()), "ngày 30 tháng 11 năm 2026");
        let d = NaiveDate::from_ymd_opt(2027, 2, 3).unwrap();
        assert_eq!(date_in_words(d), "ngày 03 tháng 02 năm 2027");
        let d = NaiveDate::from_ymd_opt(2027, 3, 9).unwrap();
        assert_eq!(date_in_words(d), "ngày 09 tháng 3 năm 2027");
        assert_eq!(
            format_moment(at(2027, 1, 4, 8, 0)),
            "08 giờ 00 phút, ngày 04/01/2027"
        );
    }

    /// Set `MOTCUA_SLIP_SAMPLE=/tmp/slip-sample.pdf` to keep this sample (and the 40-document
    /// one as `/tmp/slip-sample-long.pdf`) for a look with `pdftoppm -png -r 80`.
    #[test]
    fn renders_a_pdf_with_every_field_in_vietnamese() {
        let slip = sample();
        let started = std::time::Instant::now();
        let pdf = render_receipt(&slip).expect("render");
        let elapsed = started.elapsed();
        assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
        assert!(pdf.ends_with(b"%%EOF\n") || pdf.ends_with(b"%%EOF"));
        if let Ok(path) = std::env::var("MOTCUA_SLIP_SAMPLE") {
            std::fs::write(&path, &pdf).expect("write sample");
            eprintln!(
                "sample: {path}, {} bytes, rendered in {elapsed:?}",
                pdf.len()
            );
        }
        assert_eq!(pages_of(&pdf, "full"), 1);

        let text = squash(&text_of(&pdf, "full"));
        let a = &slip.applicant;
        let b = slip.authorised.as_ref().unwrap();
        let mut expected = vec![
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".to_owned(),
            "Độc lập - Tự do - Hạnh phúc".to_owned(),
            "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ".to_owned(),
            slip.province_header.clone(),
            slip.receiving_unit.clone(),
            format!("Số: {}", slip.register_no),
            "Hưng Yên, ngày 30 tháng 11 năm 2026".to_owned(),
            format!("Mã hồ sơ: {}", slip.dossier_code),
            "tiếp nhận hồ sơ của: Ông/Bà Nguyễn Thị Hồng Nhung".to_owned(),
            format!("Số định danh cá nhân: {}", a.personal_id),
            format!("Địa chỉ: {}", a.address),
            format!("Số điện thoại: {}", a.phone),
            format!("Thư điện tử: {}", a.email.as_deref().unwrap()),
            format!("Người được ủy quyền: Ông/Bà {}", b.full_name),
            format!("Số định danh cá nhân: {}", b.personal_id),
            format!("Địa chỉ: {}", b.address),
            format!("Nội dung yêu cầu giải quyết: {}", slip.request),
            "Thời gian giải quyết hồ sơ theo quy định: 05 ngày làm việc".to_owned(),
            "Thời gian nhận hồ sơ: 14 giờ 05 phút, ngày 30/11/2026".to_owned(),
            "Thời gian trả kết quả giải quyết hồ sơ: 15 giờ 30 phút, ngày 07/12/2026".to_owned(),
            format!("Nhận kết quả tại: {}", slip.result_location),
            "Vào Sổ theo dõi hồ sơ, Quyển số: 05, Số thứ tự: 0975".to_owned(),
            "NGƯỜI NỘP HỒ SƠ".to_owned(),
            "NGƯỜI TIẾP NHẬN HỒ SƠ".to_owned(),
            "(Ký và ghi rõ họ tên)".to_owned(),
            slip.receiving_officer.clone(),
            format!("Tra cứu hồ sơ: {}", slip.tracking_url),
            "Số lượng: 01 bộ".to_owned(),
            "Số lượng: 02 bộ".to_owned(),
        ];
        expected.extend(slip.documents.iter().map(|(name, _)| name.clone()));
        for want in expected {
            assert!(
                text.contains(&squash(&want)),
                "missing {want:?} in the extracted text:\n{text}"
            );
        }
    }

    #[test]
    fn no_appointment_and_no_authorised_person() {
        let mut slip = sample();
        slip.appointment = None;
        slip.authorised = None;
        slip.applicant.email = None;
        slip.register_book = "Vào Sổ theo dõi hồ sơ, Quyển số: 01, Số thứ tự: 7".into();
        let text = squash(&text_of(&render_receipt(&slip).unwrap(), "noappt"));
        assert!(text.contains("Thời gian trả kết quả giải quyết hồ sơ: Không quy định thời hạn"));
        assert!(!text.contains("Người được ủy quyền"));
        assert!(!text.contains("Thư điện tử"));
        assert!(text.contains("Vào Sổ theo dõi hồ sơ, Quyển số: 01, Số thứ tự: 7"));
        assert!(!text.contains("Vào Sổ theo dõi hồ sơ, Vào Sổ"));
    }

    #[test]
    fn a_long_document_list_flows_onto_a_second_page() {
        let mut slip = sample();
        slip.documents = (1..=40)
            .map(|i| (format!("Giấy tờ số {i}: bản sao chứng thực"), 1))
            .collect();
        let pdf = render_receipt(&slip).unwrap();
        if let Ok(path) = std::env::var("MOTCUA_SLIP_SAMPLE") {
            let path = format!("{}-long.pdf", path.trim_end_matches(".pdf"));
            std::fs::write(&path, &pdf).expect("write sample");
        }
        assert_eq!(pages_of(&pdf, "long"), 2);
        let text = text_of(&pdf, "long");
        let pages: Vec<&str> = text.split('\u{c}').collect();
        assert!(pages[0].contains("Trang 1/2"), "{}", pages[0]);
        assert!(pages[1].contains("Trang 2/2"));
        assert!(pages[1].contains("Giấy tờ số 40: bản sao chứng thực"));
        assert!(pages[1].contains("(tiếp theo)"));
        assert!(pages[1].contains("NGƯỜI TIẾP NHẬN HỒ SƠ"));
        let text = squash(&text);
        for i in 1..=40 {
            assert!(text.contains(&format!("Giấy tờ số {i}: bản sao chứng thực")));
        }
    }

    #[test]
    fn long_values_wrap_instead_of_overflowing() {
        let mut slip = sample();
        slip.applicant.address = "Ngõ 5 ".repeat(60);
        slip.tracking_url = format!("https://example.vn/{}", "x".repeat(300));
        let pdf = render_receipt(&slip).unwrap();
        let text = squash(&text_of(&pdf, "wrap"));
        assert!(text.contains(&squash(&format!("Địa chỉ: {}", slip.applicant.address))));
        // The unbreakable URL is cut between characters; joined again it is whole.
        assert!(text.replace(' ', "").contains(&slip.tracking_url));
    }

    #[test]
    fn characters_missing_from_the_font_do_not_fail() {
        let mut slip = sample();
        slip.applicant.full_name = "Lý 李 Tiểu Long".into();
        let text = text_of(&render_receipt(&slip).unwrap(), "missing");
        assert!(text.contains("Lý ? Tiểu Long"), "{text}");
    }

    #[test]
    fn decomposed_vietnamese_prints_as_precomposed() {
        let mut slip = sample();
        // "Nguyễn Thị Hồng Nhung" in NFD: base letters followed by combining marks.
        slip.applicant.full_name =
            "Nguye\u{302}\u{303}n Thi\u{323} Ho\u{302}\u{300}ng Nhung".into();
        let text = text_of(&render_receipt(&slip).unwrap(), "nfd");
        assert!(text.contains("Ông/Bà Nguyễn Thị Hồng Nhung"), "{text}");
    }

    #[test]
    fn the_same_slip_gives_the_same_bytes() {
        assert_eq!(render_receipt(&sample()), render_receipt(&sample()));
    }

    #[test]
    fn the_qr_code_decodes_to_the_tracking_url() {
        let slip = sample();
        let pdf = render_receipt(&slip).unwrap();
        let path = temp_pdf("qr", &pdf);
        // The bottom-left 70 mm square of page 1 at 150 dpi, grey, as a binary PGM.
        let px = |mm: f32| ((mm / 25.4) * 150.0).round() as u32;
        let (x, y, side) = (px(20.0), px(297.0 - 80.0), px(70.0));
        let pgm = poppler(
            "pdftoppm",
            &[
                "-r",
                "150",
                "-gray",
                "-f",
                "1",
                "-l",
                "1",
                "-x",
                &x.to_string(),
                "-y",
                &y.to_string(),
                "-W",
                &side.to_string(),
                "-H",
                &side.to_string(),
            ],
            &path,
            &[],
        );
        let _ = std::fs::remove_file(&path);
        let (w, h, pixels) = parse_pgm(&pgm);
        let mut image = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| pixels[y * w + x]);
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1, "expected one QR code in the crop");
        let (_, content) = grids[0].decode().expect("decode QR");
        assert_eq!(content, slip.tracking_url);
    }

    /// Width, height and samples of a binary (P5) 8-bit PGM.
    fn parse_pgm(data: &[u8]) -> (usize, usize, &[u8]) {
        let mut fields = Vec::new();
        let mut i = 0;
        while fields.len() < 4 {
            while data[i].is_ascii_whitespace() {
                i += 1;
            }
            if data[i] == b'#' {
                while data[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            let start = i;
            while !data[i].is_ascii_whitespace() {
                i += 1;
            }
            fields.push(std::str::from_utf8(&data[start..i]).unwrap().to_owned());
        }
        assert_eq!(fields[0], "P5", "not a binary PGM");
        let w: usize = fields[1].parse().unwrap();
        let h: usize = fields[2].parse().unwrap();
        (w, h, &data[i + 1..i + 1 + w * h])
    }
}
