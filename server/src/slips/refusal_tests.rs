//! Tests of `refusal.rs` (form 03).
use super::*;
use crate::slips::test_support::*;

fn sample() -> RefusalSlip {
    RefusalSlip {
        province_header: "UBND TỈNH HƯNG YÊN".into(),
        receiving_unit: "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH".into(),
        register_no: "0003/PTC".into(),
        place: "Hưng Yên".into(),
        issued_on: day(2027, 2, 3),
        applicant: applicant(),
        dossier: Some(DossierRef::Submission("DVC-2702-000015".into())),
        request: "Cấp giấy phép xây dựng nhà ở riêng lẻ".into(),
        reasons: vec![
            "Thửa đất nằm trong khu vực đã có quyết định thu hồi đất".into(),
            "Người đề nghị không phải là chủ sử dụng đất hợp pháp".into(),
        ],
        receiving_officer: "Đỗ Quang Huy".into(),
    }
}

#[test]
fn renders_every_field_in_vietnamese() {
    let slip = sample();
    let pdf = rendered("form03", || render_refusal(&slip));
    assert_eq!(pages_of(&pdf, "f03"), 1);
    let text = raw_text(&pdf, "f03");
    let a = &slip.applicant;
    assert_all(
        &text,
        &[
            "UBND TỈNH HƯNG YÊN".into(),
            "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH".into(),
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".into(),
            "Độc lập - Tự do - Hạnh phúc".into(),
            "Số: 0003/PTC".into(),
            // January and February take a leading zero, as do days below 10.
            "Hưng Yên, ngày 03 tháng 02 năm 2027".into(),
            "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ".into(),
            "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH tiếp nhận hồ sơ của: Ông/Bà Nguyễn Thị \
             Hồng Nhung"
                .into(),
            format!("Số định danh cá nhân: {}", a.personal_id),
            format!("Địa chỉ: {}", a.address),
            format!("Số điện thoại: {}", a.phone),
            "Số hồ sơ nộp trực tuyến: DVC-2702-000015".into(),
            "Nội dung yêu cầu giải quyết: Cấp giấy phép xây dựng nhà ở riêng lẻ".into(),
            "nhận thấy hồ sơ không đủ điều kiện tiếp nhận giải quyết với lý do cụ thể như sau: \
             1. Thửa đất nằm trong khu vực đã có quyết định thu hồi đất 2. Người đề nghị \
             không phải là chủ sử dụng đất hợp pháp"
                .into(),
            "Xin thông báo để Ông/Bà được biết và thực hiện./.".into(),
            "NGƯỜI TIẾP NHẬN HỒ SƠ".into(),
            "(Ký và ghi rõ họ tên)".into(),
            "Đỗ Quang Huy".into(),
        ],
    );
}

#[test]
fn the_dossier_code_when_issued_and_no_line_without_one() {
    let mut slip = sample();
    slip.dossier = Some(DossierRef::Code("H15.50.05.13-270203-0975".into()));
    let text = squash(&raw_text(&render_refusal(&slip).unwrap(), "f03-code"));
    assert!(
        text.contains("Mã hồ sơ: H15.50.05.13-270203-0975"),
        "{text}"
    );
    assert!(!text.contains("Số hồ sơ nộp trực tuyến"));

    slip.dossier = None;
    slip.applicant = bare_applicant();
    let text = squash(&raw_text(&render_refusal(&slip).unwrap(), "f03-none"));
    assert!(!text.contains("Mã hồ sơ") && !text.contains("Số hồ sơ nộp"));
    assert!(!text.contains("Số định danh") && !text.contains("Địa chỉ:"));
    assert!(text.contains("Ông/Bà Phạm Văn Đồng Nội dung yêu cầu giải quyết:"));
}

#[test]
fn a_long_name_wraps_and_stays_whole() {
    let mut slip = sample();
    slip.applicant.full_name = "Công ty Trách nhiệm hữu hạn Thương mại Dịch vụ Xuất nhập \
                                khẩu Nông sản Hưng Yên Phố Hiến Việt Nam"
        .into();
    slip.receiving_officer = "Tôn Nữ Thị Huyền Trang Nguyễn Phước Bảo Ngọc".into();
    let text = raw_text(&render_refusal(&slip).unwrap(), "f03-long");
    assert_all(
        &text,
        &[
            slip.applicant.full_name.clone(),
            slip.receiving_officer.clone(),
        ],
    );
}

#[test]
fn the_same_slip_gives_the_same_bytes() {
    assert_eq!(render_refusal(&sample()), render_refusal(&sample()));
}
