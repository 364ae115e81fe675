//! Tests of `supplement.rs` (form 02).
use super::*;
use crate::slips::test_support::*;

fn sample() -> SupplementSlip {
    SupplementSlip {
        province_header: "UBND TỈNH HƯNG YÊN".into(),
        receiving_unit: "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH".into(),
        register_no: "0012/PBS".into(),
        place: "Hưng Yên".into(),
        issued_on: day(2026, 12, 1),
        applicant: applicant(),
        dossier: Some(DossierRef::Code("H15.50-261130-0001".into())),
        request: "Cấp Giấy chứng nhận đăng ký hộ kinh doanh".into(),
        items: vec![
            "Bản sao biên bản họp thành viên hộ gia đình về việc thành lập hộ kinh doanh".into(),
            "Giấy đề nghị đăng ký hộ kinh doanh ghi đầy đủ ngành, nghề kinh doanh".into(),
            "Bản sao văn bản ủy quyền có chứng thực".into(),
        ],
        reason: "Hồ sơ chưa đủ thành phần theo khoản 2 Điều 87 Nghị định số 01/2021/NĐ-CP".into(),
        contact_phone: "0221 3 862 123".into(),
        contact_address: "Số 1 đường Lê Lợi, phường Hiến Nam".into(),
        guiding_officer: "Lê Thị Thu Hà".into(),
        second_request: None,
    }
}

#[test]
fn renders_every_field_in_vietnamese() {
    let slip = sample();
    let pdf = rendered("form02", || render_supplement(&slip));
    assert_eq!(pages_of(&pdf, "f02"), 1);
    let text = raw_text(&pdf, "f02");
    let a = &slip.applicant;
    let mut expected: Vec<String> = vec![
        "UBND TỈNH HƯNG YÊN".into(),
        "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH".into(),
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".into(),
        "Độc lập - Tự do - Hạnh phúc".into(),
        "Số: 0012/PBS".into(),
        "Hưng Yên, ngày 01 tháng 12 năm 2026".into(),
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ".into(),
        "Hồ sơ của: Ông/Bà Nguyễn Thị Hồng Nhung".into(),
        format!("Số định danh cá nhân: {}", a.personal_id),
        format!("Địa chỉ: {}", a.address),
        format!("Số điện thoại: {}", a.phone),
        "Thư điện tử: nhung.nth@example.vn".into(),
        "Mã hồ sơ: H15.50-261130-0001".into(),
        format!("Nội dung yêu cầu giải quyết: {}", slip.request),
        "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ gồm \
         những nội dung sau:"
            .into(),
        format!("Lý do: {}", slip.reason),
        "Ông/Bà liên hệ TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH, địa chỉ: Số 1 đường Lê Lợi, \
         phường Hiến Nam, số điện thoại: 0221 3 862 123 để được hướng dẫn."
            .into(),
        "NGƯỜI HƯỚNG DẪN".into(),
        "(Ký và ghi rõ họ tên)".into(),
        "Lê Thị Thu Hà".into(),
    ];
    // Every item, numbered, in order.
    expected.extend(
        slip.items
            .iter()
            .enumerate()
            .map(|(i, item)| format!("{}. {item}", i + 1)),
    );
    assert_all(&text, &expected);
    let squashed = squash(&text);
    let positions: Vec<usize> = expected[expected.len() - 3..]
        .iter()
        .map(|item| squashed.find(&squash(item)).expect("numbered item"))
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "items out of order"
    );
    assert!(!squashed.contains("lần thứ hai"), "no override was made");
    assert!(
        !squashed.contains("Trang 1/"),
        "a one-page slip has no page numbers"
    );
}

#[test]
fn a_second_request_states_the_override_and_its_reason() {
    let mut slip = sample();
    slip.second_request = Some("Cơ quan thuế yêu cầu thêm tờ khai lệ phí môn bài".into());
    let text = raw_text(&render_supplement(&slip).unwrap(), "f02-second");
    assert_all(
        &text,
        &[
            "Lưu ý: Đây là lần thứ hai yêu cầu bổ sung, hoàn thiện hồ sơ này (yêu cầu ngoại lệ, \
           ngoài lần yêu cầu duy nhất theo quy định). Lý do: Cơ quan thuế yêu cầu thêm tờ \
           khai lệ phí môn bài"
                .into(),
        ],
    );
}

#[test]
fn a_submission_number_or_nothing_instead_of_the_code() {
    let mut slip = sample();
    slip.dossier = Some(DossierRef::Submission("DVC-2611-000731".into()));
    let text = squash(&raw_text(&render_supplement(&slip).unwrap(), "f02-sub"));
    assert!(
        text.contains("Số hồ sơ nộp trực tuyến: DVC-2611-000731"),
        "{text}"
    );
    assert!(!text.contains("Mã hồ sơ"));

    slip.dossier = None;
    slip.applicant = bare_applicant();
    slip.contact_phone = String::new();
    slip.contact_address = String::new();
    let text = squash(&raw_text(&render_supplement(&slip).unwrap(), "f02-none"));
    assert!(!text.contains("Mã hồ sơ") && !text.contains("Số hồ sơ nộp"));
    assert!(!text.contains("Số định danh") && !text.contains("Địa chỉ:"));
    assert!(!text.contains("Thư điện tử") && !text.contains("Số điện thoại"));
    assert!(text.contains("Hồ sơ của: Ông/Bà Phạm Văn Đồng"));
    assert!(
        text.contains("Ông/Bà liên hệ TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH để được hướng dẫn.")
    );
}

#[test]
fn many_long_items_flow_onto_further_pages_in_order() {
    let mut slip = sample();
    slip.items = (1..=30)
        .map(|i| {
            format!(
                "Mục bổ sung số {i}: bản sao có chứng thực giấy tờ chứng minh quyền sử dụng \
                 hợp pháp địa điểm kinh doanh và văn bản liên quan"
            )
        })
        .collect();
    let pdf = render_supplement(&slip).unwrap();
    let pages = pages_of(&pdf, "f02-long");
    assert!(pages >= 2, "{pages} page(s)");
    let text = raw_text(&pdf, "f02-long");
    assert!(text.contains(&format!("Trang {pages}/{pages}")));
    assert!(text.contains("(tiếp theo)"));
    let squashed = squash(&text);
    let mut last = 0;
    for (i, item) in slip.items.iter().enumerate() {
        let want = format!("{}. {}", i + 1, squash(item));
        let at = squashed
            .find(&want)
            .unwrap_or_else(|| panic!("missing {want}"));
        assert!(at > last, "item {} out of order", i + 1);
        last = at;
    }
    // The signature comes after the last item.
    assert!(squashed.rfind("NGƯỜI HƯỚNG DẪN").unwrap() > last);
}

#[test]
fn the_same_slip_gives_the_same_bytes() {
    assert_eq!(render_supplement(&sample()), render_supplement(&sample()));
}
