//! Tests of `apology.rs` (form 04).
use super::*;
use crate::slips::test_support::*;

fn sample() -> ApologySlip {
    ApologySlip {
        province_header: "UBND TỈNH HƯNG YÊN".into(),
        agency: "SỞ XÂY DỰNG".into(),
        register_no: "0007/PXL".into(),
        place: "Hưng Yên".into(),
        issued_on: day(2026, 12, 4),
        addressee: "Ông/Bà Nguyễn Thị Hồng Nhung".into(),
        applicant: applicant(),
        dossier_code: "H15.50-261130-0001".into(),
        procedure: "Cấp giấy phép xây dựng nhà ở riêng lẻ".into(),
        received_at: at(2026, 11, 30, 14, 5),
        original_appointment: at(2026, 12, 7, 15, 30),
        reason: "Cần lấy ý kiến của cơ quan quản lý di tích về vị trí công trình".into(),
        new_appointment: at(2026, 12, 14, 9, 0),
        signer_title: "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC".into(),
        signer_name: "Vũ Mạnh Cường".into(),
    }
}

#[test]
fn renders_every_field_in_vietnamese() {
    let slip = sample();
    let pdf = rendered("form04", || render_apology(&slip));
    assert_eq!(pages_of(&pdf, "f04"), 1);
    let text = raw_text(&pdf, "f04");
    assert_all(
        &text,
        &[
            "UBND TỈNH HƯNG YÊN".into(),
            "SỞ XÂY DỰNG".into(),
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".into(),
            "Độc lập - Tự do - Hạnh phúc".into(),
            "Số: 0007/PXL".into(),
            "Hưng Yên, ngày 04 tháng 12 năm 2026".into(),
            "PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT".into(),
            "Kính gửi: Ông/Bà Nguyễn Thị Hồng Nhung".into(),
            "Người nộp hồ sơ: Ông/Bà Nguyễn Thị Hồng Nhung".into(),
            "Số định danh cá nhân: 033190001234".into(),
            "Mã hồ sơ: H15.50-261130-0001".into(),
            "Thủ tục hành chính: Cấp giấy phép xây dựng nhà ở riêng lẻ".into(),
            "Thời gian tiếp nhận hồ sơ: 14 giờ 05 phút, ngày 30/11/2026".into(),
            "Thời gian hẹn trả kết quả: 15 giờ 30 phút, ngày 07/12/2026".into(),
            "Tuy nhiên, đến nay SỞ XÂY DỰNG chưa giải quyết xong hồ sơ của Ông/Bà.".into(),
            format!("Lý do: {}", slip.reason),
            "SỞ XÂY DỰNG trân trọng xin lỗi Ông/Bà và đề nghị gia hạn thời gian giải quyết \
             hồ sơ."
                .into(),
            "Thời gian trả kết quả mới: 09 giờ 00 phút, ngày 14/12/2026".into(),
            "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC".into(),
            "(Ký, ghi rõ họ tên và đóng dấu)".into(),
            "Vũ Mạnh Cường".into(),
        ],
    );
}

#[test]
fn the_signer_title_keeps_its_line_break() {
    let text = layout_text(&render_apology(&sample()).unwrap(), "f04-layout");
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let kt = lines
        .iter()
        .position(|l| *l == "KT. GIÁM ĐỐC")
        .expect("own line");
    assert_eq!(lines[kt + 1], "PHÓ GIÁM ĐỐC");
}

#[test]
fn an_applicant_with_the_name_only() {
    let mut slip = sample();
    slip.applicant = bare_applicant();
    slip.addressee = "Công ty TNHH Phố Hiến".into();
    let text = squash(&raw_text(&render_apology(&slip).unwrap(), "f04-bare"));
    assert!(text.contains("Kính gửi: Công ty TNHH Phố Hiến"));
    assert!(
        text.contains("Người nộp hồ sơ: Ông/Bà Phạm Văn Đồng Mã hồ sơ:"),
        "{text}"
    );
    assert!(!text.contains("Số định danh") && !text.contains("Thư điện tử"));
}

#[test]
fn the_same_slip_gives_the_same_bytes() {
    assert_eq!(render_apology(&sample()), render_apology(&sample()));
}
