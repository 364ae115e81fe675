//! Tests of `templates.rs`, kept apart so the module stays short.
use super::*;

const COMMON: Common<'static> = Common {
    portal: "Cổng dịch vụ công tỉnh Mẫu",
    applicant_name: "Nguyễn Thị Hồng Nhung",
    procedure_name: "Đăng ký khai sinh",
    tracking_url: "https://dichvucong.mau.gov.vn/tra-cuu",
};
const CODE: &str = "H15.50.05.13-261123-0001";
const APPOINTMENT: &str = "15 giờ 30, thứ Hai 30/11/2026";

fn all() -> Vec<Notification> {
    let items = vec![
        "Bản sao Giấy chứng nhận kết hôn của cha, mẹ".to_owned(),
        "Giấy chứng sinh (bản chính)".to_owned(),
    ];
    let reasons = vec!["Thủ tục không thuộc thẩm quyền của UBND phường".to_owned()];
    vec![
        submitted(
            &COMMON,
            &Submitted {
                submission_no: "261123-000042",
                receiving_unit: "UBND phường Hạc Thành",
                submitted_at: "09 giờ 15, thứ Hai 23/11/2026",
            },
        ),
        received(
            &COMMON,
            &Received {
                code: CODE,
                receiving_unit: "UBND phường Hạc Thành",
                received_at: "10 giờ 05, thứ Hai 23/11/2026",
                appointment: APPOINTMENT,
                result_location: "Tại Bộ phận Một cửa UBND phường Hạc Thành",
            },
        ),
        supplement_requested(
            &COMMON,
            &SupplementRequested {
                reference: CODE,
                items: &items,
                reason: "Hồ sơ thiếu giấy tờ theo quy định.",
                contact: "Chị Lê Thị Hoa, 0237 3852 123",
            },
        ),
        supplement_received(
            &COMMON,
            &SupplementReceived {
                reference: CODE,
                received_at: "08 giờ 00, thứ Tư 25/11/2026",
                appointment: APPOINTMENT,
            },
        ),
        refused(
            &COMMON,
            &Refused {
                reference: "261123-000042",
                reasons: &reasons,
            },
        ),
        apology(
            &COMMON,
            &Apology {
                code: CODE,
                agency: "UBND phường Hạc Thành",
                original_appointment: APPOINTMENT,
                new_appointment: "16 giờ 00, thứ Năm 03/12/2026",
                reason: "Cần xác minh thông tin với cơ quan khác.",
            },
        ),
        payment_requested(
            &COMMON,
            &PaymentRequested {
                code: CODE,
                amount: "lệ phí 8.000 đồng",
                how_to_pay: "trực tuyến trên Cổng dịch vụ công hoặc tại Bộ phận Một cửa",
            },
        ),
        result_ready(
            &COMMON,
            &ResultReady {
                code: CODE,
                how_to_collect: "tại Bộ phận Một cửa UBND phường Hạc Thành",
            },
        ),
        returned(
            &COMMON,
            &Returned {
                code: CODE,
                returned_at: "14 giờ 10, thứ Hai 30/11/2026",
            },
        ),
        stopped(
            &COMMON,
            &Stopped {
                code: CODE,
                requested_at: "08 giờ 30, thứ Ba 24/11/2026",
            },
        ),
    ]
}

#[test]
fn every_event_has_a_one_line_subject_a_signed_body_and_a_short_sms() {
    for n in all() {
        assert!(!n.subject.contains('\n'), "{}", n.subject);
        assert!(n.body.starts_with("Kính gửi Ông/Bà Nguyễn Thị Hồng Nhung,"));
        assert!(n.body.contains(COMMON.tracking_url), "{}", n.body);
        assert!(n.body.contains(COMMON.portal));
        let chars = n.sms.chars().count();
        assert!(chars <= SMS_TARGET_CHARS, "{chars} chars: {}", n.sms);
        assert!(!n.sms.contains('\n'));
    }
}

#[test]
fn received_names_code_appointment_and_tracking() {
    let n = &all()[1];
    assert_eq!(n.subject, format!("Hồ sơ {CODE} đã được tiếp nhận"));
    assert!(n
        .body
        .contains(&format!("- Hẹn trả kết quả: {APPOINTMENT}\n")));
    assert_eq!(
        n.sms,
        format!(
            "Hồ sơ {CODE} đã được tiếp nhận. Hẹn trả kết quả: {APPOINTMENT}. Tra cứu: {}",
            COMMON.tracking_url
        )
    );
}

#[test]
fn a_supplement_request_lists_every_item() {
    let n = &all()[2];
    assert!(n.body.contains(
        "1. Bản sao Giấy chứng nhận kết hôn của cha, mẹ\n2. Giấy chứng sinh (bản chính)"
    ));
    assert!(n
        .body
        .contains("Cần hướng dẫn, xin liên hệ: Chị Lê Thị Hoa"));
    assert!(n.sms.contains("cần bổ sung 2 nội dung"));
}

#[test]
fn a_refusal_with_one_reason_says_it_in_the_sms() {
    let n = &all()[4];
    assert!(
        n.sms.contains("Lý do: Thủ tục không thuộc thẩm quyền"),
        "{}",
        n.sms
    );
}

#[test]
fn a_long_link_is_dropped_from_the_sms_rather_than_overflowing() {
    let long_url = format!("https://dichvucong.mau.gov.vn/{}", "x".repeat(150));
    let common = Common {
        tracking_url: &long_url,
        ..COMMON
    };
    let n = received(
        &common,
        &Received {
            code: CODE,
            receiving_unit: "UBND phường Hạc Thành",
            received_at: "10 giờ 05, thứ Hai 23/11/2026",
            appointment: APPOINTMENT,
            result_location: "Tại Bộ phận Một cửa",
        },
    );
    assert_eq!(
        n.sms,
        format!("Hồ sơ {CODE} đã được tiếp nhận. Hẹn trả kết quả: {APPOINTMENT}.")
    );
    assert!(n.body.contains(&long_url));
}

#[test]
fn messages_carry_the_texts() {
    let n = &all()[1];
    let email = n.email_message("an@example.vn", Some("d1"));
    assert_eq!(email.subject, n.subject);
    assert_eq!(email.dossier_id.as_deref(), Some("d1"));
    let sms = n.sms_message("0912345678", None);
    assert_eq!(sms.body, n.sms);
    assert!(sms.subject.is_empty());
}
