//! Helpers of the slip tests for forms 02–07: render, extract the text with poppler's
//! `pdftotext`, count pages with `pdfinfo`. (Form 01's tests keep their own copies.)

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{NaiveDate, NaiveDateTime};

use super::{DossierRegister, RegisterRow, SlipPerson};

/// A local time.
pub fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    day(y, m, d).and_hms_opt(h, min, 0).unwrap()
}

/// A date.
pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// An applicant with every field filled.
pub fn applicant() -> SlipPerson {
    SlipPerson {
        full_name: "Nguyễn Thị Hồng Nhung".into(),
        personal_id: "033190001234".into(),
        address: "Số 12 đường Nguyễn Văn Linh, phường Hiến Nam, tỉnh Hưng Yên".into(),
        phone: "0912 345 678".into(),
        email: Some("nhung.nth@example.vn".into()),
    }
}

/// An applicant with the name only.
pub fn bare_applicant() -> SlipPerson {
    SlipPerson {
        full_name: "Phạm Văn Đồng".into(),
        personal_id: String::new(),
        address: " ".into(),
        phone: String::new(),
        email: None,
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
fn poppler(tool: &str, args: &[&str], file: &Path) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(file)
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run `{tool}` ({e}): these tests need poppler's command-line \
                 tools; install the Debian package poppler-utils"
            )
        });
    assert!(
        out.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// The text in content-stream order (`pdftotext -raw`): a cell's wrapped lines stay
/// together, so a value can be found whole after [`squash`]. Pages end with `\f`.
pub fn raw_text(pdf: &[u8], name: &str) -> String {
    let path = temp_pdf(name, pdf);
    let text = poppler("pdftotext", &["-raw", "-enc", "UTF-8"], &path);
    let _ = std::fs::remove_file(&path);
    text
}

/// The text as laid out on the page (`pdftotext -layout`): the first lines of a table
/// row's cells share one text line, so a row's values can be checked to be side by side.
pub fn layout_text(pdf: &[u8], name: &str) -> String {
    let path = temp_pdf(name, pdf);
    let text = poppler("pdftotext", &["-layout", "-enc", "UTF-8"], &path);
    let _ = std::fs::remove_file(&path);
    text
}

/// The number of pages (`pdfinfo`).
pub fn pages_of(pdf: &[u8], name: &str) -> usize {
    let path = temp_pdf(name, pdf);
    let info = poppler("pdfinfo", &[], &path);
    let _ = std::fs::remove_file(&path);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("pdfinfo gave no page count:\n{info}"))
}

/// The page size in points as (width, height) (`pdfinfo`).
pub fn page_size_of(pdf: &[u8], name: &str) -> (f32, f32) {
    let path = temp_pdf(name, pdf);
    let info = poppler("pdfinfo", &[], &path);
    let _ = std::fs::remove_file(&path);
    let line = info
        .lines()
        .find_map(|l| l.strip_prefix("Page size:"))
        .unwrap_or_else(|| panic!("pdfinfo gave no page size:\n{info}"));
    let nums: Vec<f32> = line
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    (nums[0], nums[1])
}

/// Whitespace runs as one space, so that wrapped text compares equal to the value.
pub fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Asserts that every expected value appears (after [`squash`]) in the text.
pub fn assert_all(text: &str, expected: &[String]) {
    let text = squash(text);
    for want in expected {
        assert!(
            text.contains(&squash(want)),
            "missing {want:?} in the extracted text:\n{text}"
        );
    }
}

/// Renders with timing, checks the PDF envelope, and writes the file to
/// `$MOTCUA_SLIP_DIR/{name}.pdf` when that variable is set (for a look with pdftoppm).
pub fn rendered(name: &str, render: impl Fn() -> Result<Vec<u8>, super::SlipError>) -> Vec<u8> {
    let started = std::time::Instant::now();
    let pdf = render().expect("render");
    let elapsed = started.elapsed();
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
    assert!(pdf.ends_with(b"%%EOF\n") || pdf.ends_with(b"%%EOF"));
    eprintln!("{name}: {} bytes, rendered in {elapsed:?}", pdf.len());
    if let Ok(dir) = std::env::var("MOTCUA_SLIP_DIR") {
        std::fs::write(Path::new(&dir).join(format!("{name}.pdf")), &pdf).expect("write");
    }
    pdf
}

/// Procedures of the sample register, with diacritics and one long enough to wrap.
const PROCEDURES: [&str; 4] = [
    "Cấp Giấy chứng nhận đăng ký hộ kinh doanh",
    "Đăng ký khai sinh",
    "Cấp giấy phép xây dựng nhà ở riêng lẻ",
    "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt \
     Nam cấp hoặc chứng nhận",
];

/// A register of `n` dossiers received from 02/11/2026, 3 an hour; every fourth one has
/// no time limit, every third is not yet returned.
pub fn sample_register(n: usize) -> DossierRegister {
    let start = at(2026, 11, 2, 8, 0);
    let rows = (1..=n)
        .map(|i| {
            let received_at = start + chrono::Duration::minutes(20 * (i as i64 - 1));
            RegisterRow {
                dossier_code: format!("H15.50.05.13-261102-{i:04}"),
                procedure: PROCEDURES[i % 4].into(),
                applicant: format!("Nguyễn Văn Đức {i}"),
                address: format!("Số {i} phố Bạch Đằng, phường Phố Hiến"),
                phone: if i % 2 == 0 {
                    format!("0912 000 {i:03}")
                } else {
                    String::new()
                },
                processing_agency: "Sở Tư pháp".into(),
                received_at,
                appointment: (i % 4 != 0).then(|| received_at + chrono::Duration::days(5)),
                returned_at: (i % 3 != 0).then(|| received_at + chrono::Duration::days(4)),
                return_method: if i % 2 == 0 {
                    "Trực tiếp".into()
                } else {
                    "Qua dịch vụ bưu chính".into()
                },
                note: if i % 10 == 0 {
                    format!("Đã ký nhận {i}")
                } else {
                    String::new()
                },
            }
        })
        .collect();
    DossierRegister {
        province_header: "UBND TỈNH HƯNG YÊN".into(),
        unit: "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH".into(),
        period_from: day(2026, 11, 1),
        period_to: day(2026, 11, 30),
        rows,
    }
}
