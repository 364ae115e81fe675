//! Tests of `control.rs` (form 06).
use super::*;
use crate::slips::test_support::*;
use chrono::Duration;

const NAMES: [&str; 4] = [
    "Lê Thị Thu Hà",
    "Đặng Quốc Việt",
    "Hoàng Thị Ánh Tuyết",
    "Bùi Đức Thịnh",
];

fn result_of(i: usize) -> Option<StepResult> {
    [
        Some(StepResult::Early),
        Some(StepResult::OnTime),
        Some(StepResult::Late),
        None,
    ][i % 4]
}

/// `n` hand-overs, one per hour from 30/11/2026 14:05, the results cycling through early,
/// on time, late and open.
fn steps(n: usize) -> Vec<ControlStep> {
    (1..=n)
        .map(|i| ControlStep {
            unit: format!("Bước {i}: Phòng Quản lý đô thị"),
            handed_over_at: at(2026, 11, 30, 14, 5) + Duration::hours(i as i64 - 1),
            given_by: NAMES[i % 4].into(),
            received_by: NAMES[(i + 1) % 4].into(),
            result: result_of(i),
            note: if i % 5 == 0 {
                format!("Ghi chú {i}")
            } else {
                String::new()
            },
        })
        .collect()
}

fn sample() -> ControlSlip {
    ControlSlip {
        province_header: "UBND TỈNH HƯNG YÊN".into(),
        issuing_unit: "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH".into(),
        register_no: "0975/PKS".into(),
        place: "Hưng Yên".into(),
        issued_on: day(2026, 11, 30),
        dossier_code: "H15.50-261130-0001".into(),
        processing_agency: "Sở Xây dựng".into(),
        coordinating_agencies: vec!["Sở Tài chính".into(), "Thuế tỉnh Hưng Yên".into()],
        received_at: at(2026, 11, 30, 14, 5),
        appointment: Some(at(2026, 12, 7, 15, 30)),
        steps: steps(4),
    }
}

/// The row as read in content-stream order: its cells one after the other.
fn row_text(i: usize, s: &ControlStep) -> String {
    let mut cells = vec![
        i.to_string(),
        s.unit.clone(),
        format_moment(s.handed_over_at),
        s.given_by.clone(),
        s.received_by.clone(),
    ];
    cells.extend(s.result.map(|r| r.label().to_owned()));
    cells.push(s.note.clone());
    squash(&cells.join(" "))
}

/// Checks that each row's first text line (`pdftotext -layout`) carries its number and
/// its result label, and no other label: the label is on the right row.
fn assert_labels_on_their_rows(layout: &str, steps: &[ControlStep]) {
    for (i, step) in steps.iter().enumerate() {
        let n = i + 1;
        let line = layout
            .lines()
            .map(str::trim)
            .find(|l| l.starts_with(&format!("{n} ")) && l.contains(&format!("Bước {n}:")))
            .unwrap_or_else(|| panic!("no line for row {n} in:\n{layout}"));
        for r in [StepResult::Early, StepResult::OnTime, StepResult::Late] {
            assert_eq!(
                line.contains(r.label()),
                step.result == Some(r),
                "row {n}: {line:?}"
            );
        }
    }
}

#[test]
fn renders_every_field_and_every_row() {
    let slip = sample();
    let pdf = rendered("form06", || render_control(&slip));
    assert_eq!(pages_of(&pdf, "f06"), 1);
    let text = raw_text(&pdf, "f06");
    let mut expected: Vec<String> = vec![
        "UBND TỈNH HƯNG YÊN".into(),
        "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH".into(),
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".into(),
        "Độc lập - Tự do - Hạnh phúc".into(),
        "Số: 0975/PKS".into(),
        "Hưng Yên, ngày 30 tháng 11 năm 2026".into(),
        "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ".into(),
        "Mã hồ sơ: H15.50-261130-0001".into(),
        "Cơ quan chủ trì giải quyết: Sở Xây dựng".into(),
        "Cơ quan phối hợp giải quyết: Sở Tài chính; Thuế tỉnh Hưng Yên".into(),
        "Thời gian tiếp nhận hồ sơ: 14 giờ 05 phút, ngày 30/11/2026".into(),
        "Thời gian hẹn trả kết quả: 15 giờ 30 phút, ngày 07/12/2026".into(),
        "STT".into(),
        "Người giao".into(),
        "Người nhận".into(),
        "Ghi chú".into(),
    ];
    expected.extend(
        slip.steps
            .iter()
            .enumerate()
            .map(|(i, s)| row_text(i + 1, s)),
    );
    assert_all(&text, &expected);
    // Spot check of one row, literally.
    assert!(squash(&text).contains(
        "2 Bước 2: Phòng Quản lý đô thị 15 giờ 05 phút, ngày 30/11/2026 Hoàng Thị Ánh Tuyết \
         Bùi Đức Thịnh Quá hạn"
    ));
    assert_labels_on_their_rows(&layout_text(&pdf, "f06-layout"), &slip.steps);
}

#[test]
fn forty_rows_wrap_onto_further_pages_with_the_heading_repeated() {
    let mut slip = sample();
    slip.steps = steps(40);
    let pdf = rendered("form06-40", || render_control(&slip));
    let pages = pages_of(&pdf, "f06-40");
    assert!(pages >= 2, "{pages} page(s)");
    let text = raw_text(&pdf, "f06-40");
    let page_texts: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert_eq!(page_texts.len(), pages);
    for (i, page) in page_texts.iter().enumerate() {
        assert!(page.contains(&format!("Trang {}/{pages}", i + 1)), "{page}");
        assert!(
            page.contains("Người giao"),
            "heading missing on page {}",
            i + 1
        );
        if i > 0 {
            assert!(page.contains("Mã hồ sơ: H15.50-261130-0001 (tiếp theo)"));
        }
    }
    let squashed = squash(&text);
    let mut last = 0;
    for (i, step) in slip.steps.iter().enumerate() {
        let want = row_text(i + 1, step);
        let at = squashed
            .find(&want)
            .unwrap_or_else(|| panic!("row {} missing: {want}", i + 1));
        assert!(at > last, "row {} out of order", i + 1);
        last = at;
    }
    // The 40th hand-over, 39 hours after the first.
    assert!(squashed.contains("05 giờ 05 phút, ngày 02/12/2026"));
    assert_labels_on_their_rows(&layout_text(&pdf, "f06-40-layout"), &slip.steps);
}

#[test]
fn one_open_step_no_partners_and_no_appointment() {
    let mut slip = sample();
    slip.coordinating_agencies.clear();
    slip.appointment = None;
    slip.steps = steps(1);
    slip.steps[0].result = None;
    let pdf = render_control(&slip).unwrap();
    let text = squash(&raw_text(&pdf, "f06-open"));
    assert!(text.contains("Cơ quan phối hợp giải quyết: Không có"));
    assert!(text.contains("Thời gian hẹn trả kết quả: Không quy định thời hạn"));
    assert_labels_on_their_rows(&layout_text(&pdf, "f06-open-layout"), &slip.steps);
    // No step result anywhere outside the heading.
    let body = text.split("Ghi chú").nth(1).unwrap();
    assert!(!body.contains("Trước hạn") && !body.contains("Đúng hạn"));
    assert!(!body.contains("Quá hạn"), "{body}");
}

#[test]
fn no_steps_yet_prints_the_heading_alone() {
    let mut slip = sample();
    slip.steps.clear();
    let text = squash(&raw_text(&render_control(&slip).unwrap(), "f06-empty"));
    assert!(text.contains("STT"), "{text}");
    assert!(text.contains("Người nhận"));
}

#[test]
fn long_names_wrap_inside_their_cells() {
    let mut slip = sample();
    slip.steps[0].unit =
        "Phòng Quản lý đô thị, Văn phòng Đăng ký đất đai và Chi nhánh Văn phòng Đăng ký đất \
         đai khu vực Phố Hiến"
            .into();
    slip.steps[0].given_by = "Tôn Nữ Thị Huyền Trang Nguyễn Phước".into();
    slip.steps[0].note = "Chuyển lại do thiếu bản vẽ hiện trạng, đã bổ sung".into();
    let text = raw_text(&render_control(&slip).unwrap(), "f06-wrap");
    assert_all(&text, &[row_text(1, &slip.steps[0])]);
}

#[test]
fn the_same_slip_gives_the_same_bytes() {
    assert_eq!(render_control(&sample()), render_control(&sample()));
}
