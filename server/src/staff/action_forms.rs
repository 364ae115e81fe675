//! What each action's form asks (issue 5): the fields read by
//! `http::staff::command_of` (`items`, `reason`, `override_reason`, `note`, `comment`,
//! `to`, `to_unit`, `amount`, `new_due`, `method`, `collected_by`, `tracking_no`,
//! `files`), with Vietnamese labels. Pure, so the names are checked by a test.

use motcua_app::services::{ActionField, ActionView};
use motcua_core::workflow::{Action, StaffRole};

/// What the forms need to know besides the action.
#[derive(Debug, Clone, Default)]
pub struct FormFacts {
    /// The person's role.
    pub role: Option<StaffRole>,
    /// Supplements requested so far (a second one needs a reason).
    pub supplements: u8,
    /// Completing now would be late without an apology.
    pub late_without_apology: bool,
    /// Active specialists of the processing agency: (staff id, name).
    pub specialists: Vec<(String, String)>,
    /// Agencies that can co-ordinate: (code, name).
    pub agencies: Vec<(String, String)>,
    /// Now, local, `yyyy-mm-ddThh:mm` (earliest new appointment).
    pub now_input: String,
}

fn text(name: &str, label: &str, required: bool) -> ActionField {
    ActionField::Text {
        name: name.to_owned(),
        label: label.to_owned(),
        required,
    }
}

fn long(name: &str, label: &str, required: bool) -> ActionField {
    ActionField::LongText {
        name: name.to_owned(),
        label: label.to_owned(),
        required,
    }
}

fn choice(name: &str, label: &str, options: Vec<(String, String)>) -> ActionField {
    ActionField::Choice {
        name: name.to_owned(),
        label: label.to_owned(),
        options,
    }
}

/// The form of `action`.
pub fn form(action: Action, f: &FormFacts) -> ActionView {
    let note = || long("note", "Ý kiến, ghi chú (không bắt buộc)", false);
    let (label, fields, danger): (&str, Vec<ActionField>, bool) = match action {
        Action::Receive => (
            "Tiếp nhận hồ sơ (cấp Giấy tiếp nhận, mẫu 01)",
            vec![],
            false,
        ),
        Action::RequestSupplement => {
            let mut fields = vec![
                ActionField::Items {
                    label: "Nội dung cần bổ sung, hoàn thiện (mỗi dòng một nội dung)".into(),
                },
                long("reason", "Lý do", false),
            ];
            if f.supplements >= 1 {
                fields.push(long(
                    "override_reason",
                    "Lý do yêu cầu bổ sung lần thứ hai (được ghi nhận và tính là trễ hạn)",
                    true,
                ));
            }
            ("Yêu cầu bổ sung, hoàn thiện hồ sơ (mẫu 02)", fields, false)
        }
        Action::Refuse => (
            "Từ chối tiếp nhận (mẫu 03)",
            vec![ActionField::Items {
                label: "Lý do từ chối cụ thể (mỗi dòng một lý do)".into(),
            }],
            true,
        ),
        Action::AnswerSupplement => (
            "Nhận hồ sơ bổ sung",
            vec![
                ActionField::Files {
                    label: "Bản quét tài liệu bổ sung (PDF, JPEG, PNG; nhiều trang)".into(),
                },
                long("note", "Nội dung đã nhận (không bắt buộc)", false),
            ],
            false,
        ),
        Action::SendToProcessing => ("Chuyển cơ quan xử lý", vec![note()], false),
        Action::Assign => (
            "Phân công chuyên viên",
            vec![
                choice("to", "Chuyên viên xử lý", f.specialists.clone()),
                note(),
            ],
            false,
        ),
        Action::Forward => ("Chuyển bước tiếp theo", vec![note()], false),
        Action::SendBack => (
            "Trả lại bước trước",
            vec![long("comment", "Lý do trả lại", true)],
            true,
        ),
        Action::Transfer => (
            "Chuyển liên thông",
            vec![
                choice("to_unit", "Cơ quan phối hợp", f.agencies.clone()),
                long("note", "Nội dung đề nghị phối hợp", true),
            ],
            false,
        ),
        Action::ReturnFromTransfer => (
            "Trả về cơ quan chủ trì",
            vec![long("note", "Kết quả phối hợp", false)],
            false,
        ),
        Action::RequestPayment => (
            "Yêu cầu thực hiện nghĩa vụ tài chính",
            vec![text("amount", "Số tiền phải nộp (phí, lệ phí, thuế)", true)],
            false,
        ),
        Action::ConfirmPayment => (
            "Xác nhận đã thực hiện nghĩa vụ tài chính",
            vec![text(
                "note",
                "Số biên lai, chứng từ (không bắt buộc)",
                false,
            )],
            false,
        ),
        Action::Apologize => (
            "Lập Phiếu xin lỗi và hẹn lại ngày trả kết quả (mẫu 04)",
            vec![
                long("reason", "Lý do chậm trễ", true),
                ActionField::DateTime {
                    label: "Ngày hẹn trả kết quả mới".into(),
                    min: f.now_input.clone(),
                },
            ],
            false,
        ),
        Action::Decide => {
            let mut fields = vec![note()];
            if f.late_without_apology && f.role.is_some_and(StaffRole::is_head) {
                fields.push(long(
                    "override_reason",
                    "Lý do hoàn thành khi đã quá hạn mà chưa có Phiếu xin lỗi (được ghi nhận)",
                    true,
                ));
            }
            ("Hoàn thành xử lý (có kết quả)", fields, false)
        }
        Action::Return => (
            "Trả kết quả",
            vec![
                choice(
                    "method",
                    "Hình thức trả kết quả",
                    ["desk", "post", "electronic"]
                        .into_iter()
                        .map(|m| {
                            (
                                m.to_owned(),
                                crate::processing::ReturnMethod::label_of(m).to_owned(),
                            )
                        })
                        .collect(),
                ),
                text(
                    "collected_by",
                    "Người nhận kết quả (khi trả trực tiếp)",
                    false,
                ),
                text(
                    "tracking_no",
                    "Số hiệu bưu gửi (khi trả qua bưu chính)",
                    false,
                ),
            ],
            false,
        ),
        Action::Stop => (
            "Dừng xử lý theo đề nghị của người nộp (mẫu 05)",
            vec![long("reason", "Lý do (theo đề nghị của người nộp)", true)],
            true,
        ),
        Action::Withdraw => (
            "Rút hồ sơ theo đề nghị của người nộp",
            vec![long("reason", "Lý do rút hồ sơ (không bắt buộc)", false)],
            true,
        ),
    };
    ActionView {
        action: action.as_str().to_owned(),
        label: label.to_owned(),
        fields,
        danger,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(view: &ActionView) -> Vec<String> {
        view.fields
            .iter()
            .map(|f| match f {
                ActionField::Items { .. } => "items".to_owned(),
                ActionField::Text { name, .. }
                | ActionField::LongText { name, .. }
                | ActionField::Choice { name, .. } => name.clone(),
                ActionField::DateTime { .. } => "new_due".to_owned(),
                ActionField::Files { .. } => "files".to_owned(),
            })
            .collect()
    }

    #[test]
    fn issue_5_every_action_form_posts_the_fields_the_server_reads() {
        let facts = FormFacts::default();
        let expect: &[(Action, &[&str])] = &[
            (Action::Receive, &[]),
            (Action::RequestSupplement, &["items", "reason"]),
            (Action::Refuse, &["items"]),
            (Action::AnswerSupplement, &["files", "note"]),
            (Action::SendToProcessing, &["note"]),
            (Action::Assign, &["to", "note"]),
            (Action::Forward, &["note"]),
            (Action::SendBack, &["comment"]),
            (Action::Transfer, &["to_unit", "note"]),
            (Action::ReturnFromTransfer, &["note"]),
            (Action::RequestPayment, &["amount"]),
            (Action::ConfirmPayment, &["note"]),
            (Action::Apologize, &["reason", "new_due"]),
            (Action::Decide, &["note"]),
            (Action::Return, &["method", "collected_by", "tracking_no"]),
            (Action::Stop, &["reason"]),
            (Action::Withdraw, &["reason"]),
        ];
        assert_eq!(expect.len(), Action::ALL.len());
        for (action, fields) in expect {
            let view = form(*action, &facts);
            assert_eq!(view.action, action.as_str());
            assert_eq!(names(&view), *fields, "{action:?}");
        }
        // A second supplement request and a late completion ask for the override reason.
        let second = FormFacts {
            supplements: 1,
            ..FormFacts::default()
        };
        assert!(
            names(&form(Action::RequestSupplement, &second)).contains(&"override_reason".into())
        );
        let late = FormFacts {
            late_without_apology: true,
            role: Some(StaffRole::HeadOfAgency),
            ..FormFacts::default()
        };
        assert!(names(&form(Action::Decide, &late)).contains(&"override_reason".into()));
        let late_specialist = FormFacts {
            role: Some(StaffRole::Specialist),
            ..late
        };
        assert!(!names(&form(Action::Decide, &late_specialist)).contains(&"override_reason".into()));
        assert!(form(Action::Refuse, &facts).danger && !form(Action::Receive, &facts).danger);
    }
}
