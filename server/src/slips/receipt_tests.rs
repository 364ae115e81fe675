//! Tests of `receipt.rs`, kept apart so the module stays short.
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
    let path = std::env::temp_dir().join(format!("motcua-slip-{}-{name}.pdf", std::process::id()));
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
    slip.applicant.full_name = "Nguye\u{302}\u{303}n Thi\u{323} Ho\u{302}\u{300}ng Nhung".into();
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
