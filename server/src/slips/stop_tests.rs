//! Tests of `stop.rs` (form 05).
use super::*;
use crate::slips::test_support::*;

fn sample() -> StopNotice {
    StopNotice {
        province_header: "UBND TỈNH HƯNG YÊN".into(),
        agency: "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG".into(),
        register_no: "0021/TB-STNMT".into(),
        place: "Hưng Yên".into(),
        issued_on: day(2026, 12, 2),
        dossier_code: "H15.50-261130-0001".into(),
        applicant: applicant(),
        procedure: "Đăng ký biến động quyền sử dụng đất".into(),
        requested_at: at(2026, 12, 1, 9, 45),
        channel: SlipChannel::Online,
        status_when_stopped: "Đang xử lý tại Văn phòng Đăng ký đất đai".into(),
        reason: "Gia đình thỏa thuận lại việc phân chia thửa đất".into(),
        signer_title: "GIÁM ĐỐC".into(),
        signer_name: "Trịnh Xuân Thắng".into(),
    }
}

#[test]
fn renders_every_field_in_vietnamese() {
    let notice = sample();
    let pdf = rendered("form05", || render_stop(&notice));
    assert_eq!(pages_of(&pdf, "f05"), 1);
    let text = raw_text(&pdf, "f05");
    assert_all(
        &text,
        &[
            "UBND TỈNH HƯNG YÊN".into(),
            "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG".into(),
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".into(),
            "Độc lập - Tự do - Hạnh phúc".into(),
            "Số: 0021/TB-STNMT".into(),
            "Hưng Yên, ngày 02 tháng 12 năm 2026".into(),
            "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ".into(),
            "Căn cứ đề nghị dừng giải quyết hồ sơ của Ông/Bà Nguyễn Thị Hồng Nhung, SỞ TÀI \
             NGUYÊN VÀ MÔI TRƯỜNG thông báo dừng giải quyết hồ sơ sau:"
                .into(),
            "Mã hồ sơ: H15.50-261130-0001".into(),
            "Người nộp hồ sơ: Ông/Bà Nguyễn Thị Hồng Nhung".into(),
            "Địa chỉ: Số 12 đường Nguyễn Văn Linh, phường Hiến Nam, tỉnh Hưng Yên".into(),
            "Thủ tục hành chính: Đăng ký biến động quyền sử dụng đất".into(),
            "Thời gian đề nghị dừng giải quyết: 09 giờ 45 phút, ngày 01/12/2026".into(),
            "Hình thức nộp hồ sơ: Trực tuyến".into(),
            "Trạng thái hồ sơ khi dừng giải quyết: Đang xử lý tại Văn phòng Đăng ký đất đai".into(),
            "Lý do dừng (theo đề nghị của Ông/Bà): Gia đình thỏa thuận lại việc phân chia \
             thửa đất"
                .into(),
            "GIÁM ĐỐC".into(),
            "(Ký, ghi rõ họ tên và đóng dấu)".into(),
            "Trịnh Xuân Thắng".into(),
        ],
    );
}

#[test]
fn every_channel_prints_its_name() {
    for (channel, label) in [
        (SlipChannel::InPerson, "Trực tiếp"),
        (SlipChannel::Online, "Trực tuyến"),
        (SlipChannel::Post, "Qua dịch vụ bưu chính"),
    ] {
        let mut notice = sample();
        notice.channel = channel;
        let text = squash(&raw_text(&render_stop(&notice).unwrap(), "f05-channel"));
        let want = format!("Hình thức nộp hồ sơ: {label} Trạng thái hồ sơ");
        assert!(text.contains(&want), "missing {want:?} in {text}");
    }
}

#[test]
fn empty_reason_and_register_number_leave_their_lines_out() {
    let mut notice = sample();
    notice.reason = "  ".into();
    notice.register_no = String::new();
    notice.applicant = bare_applicant();
    let text = squash(&raw_text(&render_stop(&notice).unwrap(), "f05-empty"));
    assert!(!text.contains("Lý do dừng"), "{text}");
    assert!(!text.contains("Số:"), "{text}");
    assert!(!text.contains("Số định danh"));
    assert!(text.contains("Hưng Yên, ngày 02 tháng 12 năm 2026"));
    assert!(text.contains("Người nộp hồ sơ: Ông/Bà Phạm Văn Đồng Thủ tục hành chính:"));
}

#[test]
fn the_same_notice_gives_the_same_bytes() {
    assert_eq!(render_stop(&sample()), render_stop(&sample()));
}
