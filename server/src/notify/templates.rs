//! The Vietnamese texts of the notifications SPEC §3 requires: for each event an e-mail
//! (subject and body) and a short SMS. Pure functions of plain strings: the caller
//! formats dates ("15 giờ 30, thứ Hai 30/11/2026", see `motcua_core::deadline`) and
//! builds the tracking link.
//!
//! SMS texts keep their diacritics (Vietnamese gateways send Unicode). Each is kept to
//! [`SMS_TARGET_CHARS`] characters when it can be: a longer variant with the link is
//! used when it fits, else a shorter one. A Unicode SMS segment holds 70 characters, so
//! 160 characters are 3 segments.

use super::Message;

/// The length an SMS text is kept to when possible.
pub const SMS_TARGET_CHARS: usize = 160;

/// A notification ready to enqueue on either channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    /// The e-mail subject (one line).
    pub subject: String,
    /// The e-mail body, plain text.
    pub body: String,
    /// The SMS text.
    pub sms: String,
}

impl Notification {
    /// The e-mail to `to`.
    pub fn email_message(&self, to: &str, dossier_id: Option<&str>) -> Message {
        Message::email(
            to,
            self.subject.clone(),
            self.body.clone(),
            dossier_id.map(str::to_owned),
        )
    }

    /// The SMS to `phone`.
    pub fn sms_message(&self, phone: &str, dossier_id: Option<&str>) -> Message {
        Message::sms(phone, self.sms.clone(), dossier_id.map(str::to_owned))
    }
}

/// What every notification names.
#[derive(Debug, Clone, Copy)]
pub struct Common<'a> {
    /// Who sends, as signed under each e-mail: "Cổng dịch vụ công tỉnh Mẫu".
    pub portal: &'a str,
    /// The applicant's full name: "Nguyễn Văn An".
    pub applicant_name: &'a str,
    /// The procedure's name: "Đăng ký khai sinh".
    pub procedure_name: &'a str,
    /// The tracking page, absolute: "https://dichvucong.example.vn/tra-cuu". Keep it short
    /// (under about 50 characters): an SMS drops a link that would make it overflow.
    pub tracking_url: &'a str,
}

/// An online dossier is in the system, awaiting reception (status 1).
#[derive(Debug, Clone, Copy)]
pub struct Submitted<'a> {
    /// The temporary submission number.
    pub submission_no: &'a str,
    /// The receiving unit's name.
    pub receiving_unit: &'a str,
    /// When it was submitted: "09 giờ 15, thứ Hai 23/11/2026".
    pub submitted_at: &'a str,
}

/// A dossier was received: form 01 with its code and appointment (status 2).
#[derive(Debug, Clone, Copy)]
pub struct Received<'a> {
    /// The dossier code: "H15.50.05.13-261123-0001".
    pub code: &'a str,
    /// The receiving unit's name.
    pub receiving_unit: &'a str,
    /// When it was received.
    pub received_at: &'a str,
    /// The appointment: "15 giờ 30, thứ Hai 30/11/2026".
    pub appointment: &'a str,
    /// Where or how the result is returned: "Tại Bộ phận Một cửa UBND phường Hạc Thành".
    pub result_location: &'a str,
}

/// The dossier must be supplemented: form 02, all missing items at once (status 5).
#[derive(Debug, Clone, Copy)]
pub struct SupplementRequested<'a> {
    /// The dossier code, or the submission number before reception.
    pub reference: &'a str,
    /// The items to supply or correct, in order.
    pub items: &'a [String],
    /// Why.
    pub reason: &'a str,
    /// Whom to ask for guidance: "Chị Lê Thị Hoa, 0237 3852 xxx"; empty if none.
    pub contact: &'a str,
}

/// The supplement arrived and processing goes on.
#[derive(Debug, Clone, Copy)]
pub struct SupplementReceived<'a> {
    /// The dossier code or submission number.
    pub reference: &'a str,
    /// When the supplement was received.
    pub received_at: &'a str,
    /// The appointment after the supplement, if it changed; empty if not.
    pub appointment: &'a str,
}

/// The dossier is refused: form 03 with the reasons (status 3).
#[derive(Debug, Clone, Copy)]
pub struct Refused<'a> {
    /// The dossier code if one was given, else the submission number.
    pub reference: &'a str,
    /// The specific reasons, in order.
    pub reasons: &'a [String],
}

/// The dossier will be late: form 04, apology with the reason and a new date.
#[derive(Debug, Clone, Copy)]
pub struct Apology<'a> {
    /// The dossier code.
    pub code: &'a str,
    /// The processing agency that apologises.
    pub agency: &'a str,
    /// The original appointment.
    pub original_appointment: &'a str,
    /// The new appointment.
    pub new_appointment: &'a str,
    /// Why the dossier is late.
    pub reason: &'a str,
}

/// Fees or taxes must be paid before processing goes on (status 6).
#[derive(Debug, Clone, Copy)]
pub struct PaymentRequested<'a> {
    /// The dossier code.
    pub code: &'a str,
    /// What to pay, as text: "lệ phí 8.000 đồng".
    pub amount: &'a str,
    /// How to pay: "trực tuyến trên Cổng dịch vụ công hoặc tại Bộ phận Một cửa".
    pub how_to_pay: &'a str,
}

/// The result is ready (status 9).
#[derive(Debug, Clone, Copy)]
pub struct ResultReady<'a> {
    /// The dossier code.
    pub code: &'a str,
    /// How to get it: "tại Bộ phận Một cửa UBND phường Hạc Thành".
    pub how_to_collect: &'a str,
}

/// The result was handed over (status 10).
#[derive(Debug, Clone, Copy)]
pub struct Returned<'a> {
    /// The dossier code.
    pub code: &'a str,
    /// When.
    pub returned_at: &'a str,
}

/// Processing stopped at the applicant's request: form 05 (status 8).
#[derive(Debug, Clone, Copy)]
pub struct Stopped<'a> {
    /// The dossier code.
    pub code: &'a str,
    /// When the applicant asked.
    pub requested_at: &'a str,
}

/// The greeting, the content and the signature of every e-mail.
fn letter(c: &Common, content: &str) -> String {
    format!(
        "Kính gửi Ông/Bà {name},\n\n{content}\n\nTheo dõi hồ sơ tại: {url}\n\n\
         Trân trọng,\n{portal}\n\n\
         Thư này được gửi tự động, xin Ông/Bà vui lòng không trả lời thư này.\n",
        name = c.applicant_name,
        url = c.tracking_url,
        portal = c.portal,
    )
}

/// "1. a\n2. b" for the items of a form.
fn numbered(items: &[String]) -> String {
    items
        .iter()
        .enumerate()
        .map(|(i, item)| format!("{}. {}", i + 1, item.trim()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The first candidate of at most [`SMS_TARGET_CHARS`] characters, else the last one
/// (the shortest wording; the gateway splits it into more segments).
fn fit_sms(candidates: Vec<String>) -> String {
    let last = candidates.len().saturating_sub(1);
    candidates
        .into_iter()
        .enumerate()
        .find(|(i, text)| text.chars().count() <= SMS_TARGET_CHARS || *i == last)
        .map(|(_, text)| text)
        .unwrap_or_default()
}

/// An online dossier reached the system and awaits reception.
pub fn submitted(c: &Common, s: &Submitted) -> Notification {
    let content = format!(
        "Hệ thống đã nhận hồ sơ nộp trực tuyến của Ông/Bà:\n\
         - Số hồ sơ nộp: {no}\n\
         - Thủ tục: {procedure}\n\
         - Nơi tiếp nhận: {unit}\n\
         - Thời điểm nộp: {at}\n\n\
         Hồ sơ đang chờ cán bộ kiểm tra để tiếp nhận. Khi hồ sơ được tiếp nhận, Ông/Bà sẽ \
         nhận được mã hồ sơ và ngày hẹn trả kết quả qua thư điện tử và tin nhắn.\n\
         Ông/Bà có thể tra cứu tình trạng hồ sơ bằng số hồ sơ nộp {no}.",
        no = s.submission_no,
        procedure = c.procedure_name,
        unit = s.receiving_unit,
        at = s.submitted_at,
    );
    let head = format!(
        "Đã nhận hồ sơ nộp trực tuyến số {}, đang chờ tiếp nhận.",
        s.submission_no
    );
    Notification {
        subject: format!("Đã nhận hồ sơ nộp trực tuyến số {}", s.submission_no),
        body: letter(c, &content),
        sms: fit_sms(vec![format!("{head} Tra cứu: {}", c.tracking_url), head]),
    }
}

/// The dossier was received (form 01): its code, the appointment and how to track it.
pub fn received(c: &Common, r: &Received) -> Notification {
    let content = format!(
        "Hồ sơ của Ông/Bà đã được tiếp nhận:\n\
         - Mã hồ sơ: {code}\n\
         - Thủ tục: {procedure}\n\
         - Cơ quan tiếp nhận: {unit}\n\
         - Thời điểm tiếp nhận: {at}\n\
         - Hẹn trả kết quả: {appointment}\n\
         - Nhận kết quả: {location}\n\n\
         Giấy tiếp nhận hồ sơ và hẹn trả kết quả có trên trang theo dõi hồ sơ. Ông/Bà có \
         thể tra cứu tình trạng hồ sơ bằng mã hồ sơ {code}.",
        code = r.code,
        procedure = c.procedure_name,
        unit = r.receiving_unit,
        at = r.received_at,
        appointment = r.appointment,
        location = r.result_location,
    );
    let head = format!(
        "Hồ sơ {} đã được tiếp nhận. Hẹn trả kết quả: {}.",
        r.code, r.appointment
    );
    Notification {
        subject: format!("Hồ sơ {} đã được tiếp nhận", r.code),
        body: letter(c, &content),
        sms: fit_sms(vec![format!("{head} Tra cứu: {}", c.tracking_url), head]),
    }
}

/// The dossier must be supplemented (form 02): every missing item, listed.
pub fn supplement_requested(c: &Common, s: &SupplementRequested) -> Notification {
    let mut content = format!(
        "Hồ sơ {reference} (thủ tục {procedure}) cần được bổ sung, hoàn thiện các nội dung \
         sau:\n{items}\n\nLý do: {reason}\n\n\
         Đề nghị Ông/Bà bổ sung đầy đủ các nội dung trên; có thể bổ sung trực tuyến trên \
         trang theo dõi hồ sơ.",
        reference = s.reference,
        procedure = c.procedure_name,
        items = numbered(s.items),
        reason = s.reason.trim(),
    );
    if !s.contact.trim().is_empty() {
        content.push_str(&format!(
            "\nCần hướng dẫn, xin liên hệ: {}.",
            s.contact.trim()
        ));
    }
    let head = format!(
        "Hồ sơ {} cần bổ sung {} nội dung.",
        s.reference,
        s.items.len()
    );
    Notification {
        subject: format!("Yêu cầu bổ sung, hoàn thiện hồ sơ {}", s.reference),
        body: letter(c, &content),
        sms: fit_sms(vec![
            format!("{head} Xem chi tiết và bổ sung tại: {}", c.tracking_url),
            format!("{head} Chi tiết: {}", c.tracking_url),
            format!("{head} Xem chi tiết trong thư điện tử hoặc tra cứu bằng mã hồ sơ."),
        ]),
    }
}

/// The supplement arrived.
pub fn supplement_received(c: &Common, s: &SupplementReceived) -> Notification {
    let mut content = format!(
        "Hồ sơ bổ sung cho hồ sơ {reference} (thủ tục {procedure}) đã được tiếp nhận lúc \
         {at}. Hồ sơ tiếp tục được giải quyết.",
        reference = s.reference,
        procedure = c.procedure_name,
        at = s.received_at,
    );
    let appointment = s.appointment.trim();
    if !appointment.is_empty() {
        content.push_str(&format!("\nHẹn trả kết quả: {appointment}."));
    }
    let head = if appointment.is_empty() {
        format!("Đã nhận hồ sơ bổ sung cho hồ sơ {}.", s.reference)
    } else {
        format!(
            "Đã nhận hồ sơ bổ sung cho hồ sơ {}. Hẹn trả kết quả: {appointment}.",
            s.reference
        )
    };
    Notification {
        subject: format!("Đã nhận hồ sơ bổ sung cho hồ sơ {}", s.reference),
        body: letter(c, &content),
        sms: fit_sms(vec![format!("{head} Tra cứu: {}", c.tracking_url), head]),
    }
}

/// The dossier is refused (form 03), with the reasons.
pub fn refused(c: &Common, r: &Refused) -> Notification {
    let content = format!(
        "Hồ sơ {reference} đề nghị giải quyết thủ tục {procedure} không được tiếp nhận vì \
         các lý do sau:\n{reasons}\n\n\
         Phiếu từ chối tiếp nhận giải quyết hồ sơ có trên trang theo dõi hồ sơ.",
        reference = r.reference,
        procedure = c.procedure_name,
        reasons = numbered(r.reasons),
    );
    let head = format!("Hồ sơ {} không được tiếp nhận.", r.reference);
    let mut candidates = Vec::new();
    if let [only] = r.reasons {
        candidates.push(format!(
            "{head} Lý do: {}. Chi tiết: {}",
            only.trim().trim_end_matches('.'),
            c.tracking_url
        ));
    }
    candidates.push(format!("{head} Xem lý do tại: {}", c.tracking_url));
    candidates.push(format!(
        "{head} Lý do được nêu trong thư điện tử và trang tra cứu."
    ));
    Notification {
        subject: format!("Thông báo từ chối tiếp nhận hồ sơ {}", r.reference),
        body: letter(c, &content),
        sms: fit_sms(candidates),
    }
}

/// The dossier will be late (form 04): apology, reason, new date.
pub fn apology(c: &Common, a: &Apology) -> Notification {
    let content = format!(
        "{agency} thành thật xin lỗi Ông/Bà: hồ sơ {code} (thủ tục {procedure}) không thể \
         trả kết quả đúng hẹn {original}.\n\
         Lý do: {reason}\n\
         Thời gian hẹn trả kết quả mới: {new}.\n\n\
         Mong Ông/Bà thông cảm. Phiếu xin lỗi và hẹn lại ngày trả kết quả có trên trang \
         theo dõi hồ sơ.",
        agency = a.agency,
        code = a.code,
        procedure = c.procedure_name,
        original = a.original_appointment,
        reason = a.reason.trim(),
        new = a.new_appointment,
    );
    let head = format!(
        "Xin lỗi Ông/Bà: hồ sơ {} chưa thể trả kết quả đúng hẹn. Hẹn lại: {}.",
        a.code, a.new_appointment
    );
    Notification {
        subject: format!("Xin lỗi và hẹn lại ngày trả kết quả hồ sơ {}", a.code),
        body: letter(c, &content),
        sms: fit_sms(vec![format!("{head} Chi tiết: {}", c.tracking_url), head]),
    }
}

/// Fees or taxes must be paid.
pub fn payment_requested(c: &Common, p: &PaymentRequested) -> Notification {
    let content = format!(
        "Để tiếp tục giải quyết hồ sơ {code} (thủ tục {procedure}), đề nghị Ông/Bà thực \
         hiện nghĩa vụ tài chính: {amount}.\n\
         Cách nộp: {how}.\n\n\
         Thời gian giải quyết hồ sơ tạm dừng cho đến khi Ông/Bà hoàn thành nghĩa vụ tài \
         chính.",
        code = p.code,
        procedure = c.procedure_name,
        amount = p.amount,
        how = p.how_to_pay,
    );
    let head = format!("Hồ sơ {}: đề nghị Ông/Bà nộp {}.", p.code, p.amount);
    Notification {
        subject: format!("Đề nghị thực hiện nghĩa vụ tài chính cho hồ sơ {}", p.code),
        body: letter(c, &content),
        sms: fit_sms(vec![format!("{head} Chi tiết: {}", c.tracking_url), head]),
    }
}

/// The result is ready.
pub fn result_ready(c: &Common, r: &ResultReady) -> Notification {
    let content = format!(
        "Hồ sơ {code} (thủ tục {procedure}) đã được giải quyết xong.\n\
         Nhận kết quả: {how}.",
        code = r.code,
        procedure = c.procedure_name,
        how = r.how_to_collect,
    );
    let head = format!("Hồ sơ {} đã có kết quả.", r.code);
    Notification {
        subject: format!("Hồ sơ {} đã có kết quả", r.code),
        body: letter(c, &content),
        sms: fit_sms(vec![
            format!("{head} Nhận kết quả {}.", r.how_to_collect),
            format!("{head} Chi tiết: {}", c.tracking_url),
            head,
        ]),
    }
}

/// The result was handed over.
pub fn returned(c: &Common, r: &Returned) -> Notification {
    let content = format!(
        "Kết quả giải quyết hồ sơ {code} (thủ tục {procedure}) đã được trả cho Ông/Bà lúc \
         {at}.\nCảm ơn Ông/Bà đã sử dụng dịch vụ công.",
        code = r.code,
        procedure = c.procedure_name,
        at = r.returned_at,
    );
    Notification {
        subject: format!("Đã trả kết quả hồ sơ {}", r.code),
        body: letter(c, &content),
        sms: fit_sms(vec![
            format!(
                "Đã trả kết quả hồ sơ {} lúc {}. Cảm ơn Ông/Bà đã sử dụng dịch vụ công.",
                r.code, r.returned_at
            ),
            format!("Đã trả kết quả hồ sơ {}.", r.code),
        ]),
    }
}

/// Processing stopped at the applicant's request (form 05).
pub fn stopped(c: &Common, s: &Stopped) -> Notification {
    let content = format!(
        "Theo đề nghị của Ông/Bà lúc {at}, hồ sơ {code} (thủ tục {procedure}) đã dừng giải \
         quyết.\nThông báo dừng giải quyết hồ sơ có trên trang theo dõi hồ sơ.",
        at = s.requested_at,
        code = s.code,
        procedure = c.procedure_name,
    );
    let head = format!(
        "Hồ sơ {} đã dừng giải quyết theo đề nghị của Ông/Bà.",
        s.code
    );
    Notification {
        subject: format!("Thông báo dừng giải quyết hồ sơ {}", s.code),
        body: letter(c, &content),
        sms: fit_sms(vec![format!("{head} Chi tiết: {}", c.tracking_url), head]),
    }
}

#[cfg(test)]
#[path = "templates_tests.rs"]
mod tests;
