//! Tests of `register_xlsx.rs` (form 07 as a spreadsheet): the workbook is read back with
//! calamine, cell by cell, and its sheet XML checked for the frozen pane, the column
//! widths and the print setup, which calamine does not read.
use super::*;
use crate::slips::test_support::*;
use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDateTime;
use std::io::Cursor;

fn open(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    Xlsx::new(Cursor::new(bytes.to_vec())).expect("a workbook calamine can read")
}

fn text(cell: Option<&Data>) -> String {
    match cell {
        Some(Data::String(s)) => s.clone(),
        other => panic!("not a text cell: {other:?}"),
    }
}

fn time(cell: Option<&Data>) -> NaiveDateTime {
    match cell {
        Some(Data::DateTime(t)) => {
            assert!(t.is_datetime(), "{t:?}");
            t.as_datetime().expect("a date")
        }
        other => panic!("not a date cell: {other:?}"),
    }
}

fn is_empty(cell: Option<&Data>) -> bool {
    matches!(cell, None | Some(Data::Empty))
}

#[test]
fn every_cell_reads_back() {
    let register = sample_register(250);
    let started = std::time::Instant::now();
    let bytes = render_register_xlsx(&register).expect("render");
    eprintln!(
        "form07-250.xlsx: {} bytes, rendered in {:?}",
        bytes.len(),
        started.elapsed()
    );
    if let Ok(dir) = std::env::var("MOTCUA_SLIP_DIR") {
        std::fs::write(std::path::Path::new(&dir).join("form07-250.xlsx"), &bytes).unwrap();
    }
    let mut book = open(&bytes);
    assert_eq!(book.sheet_names(), vec![SHEET_NAME.to_owned()]);
    let range = book.worksheet_range(SHEET_NAME).expect("the sheet");
    let cell = |r: u32, c: u32| range.get_value((r, c));

    assert_eq!(text(cell(0, 0)), "SỔ THEO DÕI HỒ SƠ");
    assert_eq!(
        text(cell(1, 0)),
        "UBND TỈNH HƯNG YÊN - TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH"
    );
    assert_eq!(text(cell(2, 0)), "Từ ngày 01/11/2026 đến ngày 30/11/2026");
    let headings: Vec<String> = (0..11).map(|c| text(cell(HEADING_ROW, c))).collect();
    assert_eq!(
        headings,
        [
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
        ]
    );

    for (i, r) in register.rows.iter().enumerate() {
        let row = HEADING_ROW + 1 + i as u32;
        assert_eq!(cell(row, 0), Some(&Data::Float((i + 1) as f64)), "STT {i}");
        assert_eq!(text(cell(row, 1)), r.dossier_code);
        assert_eq!(text(cell(row, 2)), r.procedure);
        assert_eq!(text(cell(row, 3)), r.applicant);
        let address = if r.phone.is_empty() {
            r.address.clone()
        } else {
            format!("{}, {}", r.address, r.phone)
        };
        assert_eq!(text(cell(row, 4)), address);
        assert_eq!(text(cell(row, 5)), r.processing_agency);
        assert_eq!(time(cell(row, 6)), r.received_at, "row {}", i + 1);
        match r.appointment {
            Some(t) => assert_eq!(time(cell(row, 7)), t),
            None => assert_eq!(text(cell(row, 7)), "Không quy định"),
        }
        match r.returned_at {
            Some(t) => assert_eq!(time(cell(row, 8)), t),
            None => assert!(is_empty(cell(row, 8)), "row {}", i + 1),
        }
        assert_eq!(text(cell(row, 9)), r.return_method);
        if r.note.is_empty() {
            assert!(is_empty(cell(row, 10)));
        } else {
            assert_eq!(text(cell(row, 10)), r.note);
        }
    }
    // Nothing after the last row.
    assert_eq!(range.end().map(|(r, _)| r), Some(HEADING_ROW + 250));

    // A literal spot check: row 4 received 02/11/2026 09:00, no time limit.
    let row4 = HEADING_ROW + 4;
    assert_eq!(
        time(cell(row4, 6)),
        day(2026, 11, 2).and_hms_opt(9, 0, 0).unwrap()
    );
    assert_eq!(text(cell(row4, 7)), "Không quy định");
}

#[test]
fn headings_bold_dates_formatted_pane_frozen_columns_sized() {
    let bytes = render_register_xlsx(&sample_register(3)).unwrap();
    let mut book = open(&bytes);
    let styles = book.worksheet_style(SHEET_NAME).expect("styles");
    for c in 0..11 {
        let style = styles.get((HEADING_ROW, c)).expect("a heading style");
        assert!(
            style.font.as_ref().is_some_and(|f| f.is_bold()),
            "column {c}"
        );
    }
    assert!(styles
        .get((0, 0))
        .and_then(|s| s.font.as_ref())
        .is_some_and(|f| f.is_bold()));
    for c in 6..=8 {
        let format = styles
            .get((HEADING_ROW + 1, c))
            .and_then(|s| s.number_format.as_ref())
            .map(|f| f.format_code.clone());
        assert_eq!(format.as_deref(), Some("dd/mm/yyyy hh:mm"), "column {c}");
    }
    // Not a style calamine reads: the sheet's XML.
    let xml = sheet_xml(&bytes);
    assert!(
        xml.contains(
            r#"<pane ySplit="4" topLeftCell="A5" activePane="bottomLeft" state="frozen"/>"#
        ),
        "{xml}"
    );
    // Every column has a set width (equal neighbours share one <col> element).
    let mut covered = Vec::new();
    for col in xml.split("<col ").skip(1) {
        let attr = |name: &str| -> f64 {
            let start = col.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            col[start..].split('"').next().unwrap().parse().unwrap()
        };
        assert!(
            col.starts_with("min=") && col.contains(r#"customWidth="1""#),
            "{col}"
        );
        assert!(attr("width") >= 6.0, "{col}");
        covered.extend(attr("min") as u32..=attr("max") as u32);
    }
    assert_eq!(covered, (1..=11).collect::<Vec<_>>(), "{xml}");
    // Printed on A4 landscape, one page wide, the heading row on every page.
    let setup = xml.split("<pageSetup ").nth(1).expect("a page setup");
    assert!(setup.contains(r#"paperSize="9""#), "{setup}");
    assert!(setup.contains(r#"orientation="landscape""#), "{setup}");
    assert!(xml.contains(r#"<pageSetUpPr fitToPage="1"/>"#));
    let workbook = zip_entry(&bytes, "xl/workbook.xml");
    assert!(
        workbook.contains("_xlnm.Print_Titles") && workbook.contains("$4:$4"),
        "{workbook}"
    );
}

/// `xl/worksheets/sheet1.xml` of the workbook.
fn sheet_xml(bytes: &[u8]) -> String {
    zip_entry(bytes, "xl/worksheets/sheet1.xml")
}

/// A file of the workbook's zip archive, read through the archive's central directory
/// (so the tests need no `unzip`; `miniz_oxide` inflates, as it deflates the PDFs).
fn zip_entry(bytes: &[u8], entry: &str) -> String {
    let u16_at = |at: usize| usize::from(u16::from_le_bytes([bytes[at], bytes[at + 1]]));
    let u32_at = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
    // End of central directory: the last "PK\x05\x06" (no archive comment is written).
    let end = bytes
        .windows(4)
        .rposition(|w| w == b"PK\x05\x06")
        .expect("a zip archive");
    let (count, mut at) = (u16_at(end + 10), u32_at(end + 16));
    for _ in 0..count {
        assert_eq!(&bytes[at..at + 4], b"PK\x01\x02", "central directory entry");
        let (method, size) = (u16_at(at + 10), u32_at(at + 20));
        let (name_len, extra_len, comment_len) =
            (u16_at(at + 28), u16_at(at + 30), u16_at(at + 32));
        let name = &bytes[at + 46..at + 46 + name_len];
        if name == entry.as_bytes() {
            let local = u32_at(at + 42);
            let data = local + 30 + u16_at(local + 26) + u16_at(local + 28);
            let raw = &bytes[data..data + size];
            let content = match method {
                0 => raw.to_vec(),
                8 => miniz_oxide::inflate::decompress_to_vec(raw).expect("inflate"),
                m => panic!("compression method {m}"),
            };
            return String::from_utf8(content).unwrap();
        }
        at += 46 + name_len + extra_len + comment_len;
    }
    panic!("no {entry} in the workbook");
}

#[test]
fn an_empty_register_has_its_titles_and_headings() {
    let mut register = sample_register(0);
    register.province_header.clear();
    let mut book = open(&render_register_xlsx(&register).unwrap());
    let range = book.worksheet_range(SHEET_NAME).unwrap();
    assert_eq!(
        text(range.get_value((1, 0))),
        "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH"
    );
    assert_eq!(
        text(range.get_value((HEADING_ROW, 10))),
        "Ghi chú / Ký nhận"
    );
    assert_eq!(range.end().map(|(r, _)| r), Some(HEADING_ROW));
}
