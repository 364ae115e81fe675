//! Form 05: "Thông báo dừng giải quyết hồ sơ" (notice that processing stopped at the
//! applicant's request), Circular 03/2025/TT-VPCP Annex I. An applicant may ask to stop
//! while no decision has been issued (Decree 118/2025, SPEC §3); the notice records the
//! request, how the dossier was submitted and where it stood when it stopped.

use chrono::{NaiveDate, NaiveDateTime};

use super::layout::{
    field, field_bold, format_moment, national_header, para, person, portrait, signatures, title,
    Heading, Signature,
};
use super::pdf::{regular, MM};
use super::receipt::SlipPerson;
use super::SlipError;

/// How a dossier was submitted (Decree 118/2025 Art. 15; the national portal's channel
/// codes 1, 2, 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlipChannel {
    /// At the desk (code 1).
    InPerson,
    /// Online (code 2).
    Online,
    /// By post (code 3).
    Post,
}

impl SlipChannel {
    /// The printed name: "Trực tiếp", "Trực tuyến" or "Qua dịch vụ bưu chính".
    pub fn label(self) -> &'static str {
        match self {
            SlipChannel::InPerson => "Trực tiếp",
            SlipChannel::Online => "Trực tuyến",
            SlipChannel::Post => "Qua dịch vụ bưu chính",
        }
    }
}

/// The data printed on form 05. All times are local (UTC+7) wall-clock times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StopNotice {
    /// Line 1 of the header's left column, e.g. "UBND TỈNH HƯNG YÊN".
    pub province_header: String,
    /// The agency that stops processing (header, bold; the subject of the notice).
    pub agency: String,
    /// The register number printed after "Số:"; empty leaves the line out.
    pub register_no: String,
    /// The place of the date line.
    pub place: String,
    /// The date of the notice (date line).
    pub issued_on: NaiveDate,
    /// The dossier code.
    pub dossier_code: String,
    /// The applicant.
    pub applicant: SlipPerson,
    /// The procedure.
    pub procedure: String,
    /// When the applicant asked to stop.
    pub requested_at: NaiveDateTime,
    /// How the dossier was submitted.
    pub channel: SlipChannel,
    /// Where the dossier stood when it stopped, e.g. "Đang xử lý tại Phòng Quản lý đô
    /// thị".
    pub status_when_stopped: String,
    /// The reason the applicant gave; empty leaves the line out.
    pub reason: String,
    /// The signer's title, e.g. "GIÁM ĐỐC".
    pub signer_title: String,
    /// The signer's name.
    pub signer_name: String,
}

/// Renders form 05 as a PDF (A4).
pub fn render_stop(notice: &StopNotice) -> Result<Vec<u8>, SlipError> {
    let mut doc = portrait()?;
    national_header(
        &mut doc,
        &Heading {
            province: &notice.province_header,
            unit: &notice.agency,
            number: &notice.register_no,
            dated: Some((&notice.place, notice.issued_on)),
        },
    );
    title(&mut doc, "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ");
    doc.set_continuation_header(format!(
        "Thông báo dừng giải quyết hồ sơ - Mã hồ sơ: {} (tiếp theo)",
        notice.dossier_code
    ));
    doc.gap(3.0 * MM);

    para(
        &mut doc,
        &[regular(&format!(
            "Căn cứ đề nghị dừng giải quyết hồ sơ của Ông/Bà {}, {} thông báo dừng giải \
             quyết hồ sơ sau:",
            notice.applicant.full_name, notice.agency
        ))],
    );
    field_bold(&mut doc, "Mã hồ sơ: ", &notice.dossier_code);
    person(&mut doc, "Người nộp hồ sơ: Ông/Bà\u{a0}", &notice.applicant);
    field(&mut doc, "Thủ tục hành chính: ", &notice.procedure);
    field(
        &mut doc,
        "Thời gian đề nghị dừng giải quyết: ",
        &format_moment(notice.requested_at),
    );
    field(&mut doc, "Hình thức nộp hồ sơ: ", notice.channel.label());
    field(
        &mut doc,
        "Trạng thái hồ sơ khi dừng giải quyết: ",
        &notice.status_when_stopped,
    );
    if !notice.reason.trim().is_empty() {
        field(
            &mut doc,
            "Lý do dừng (theo đề nghị của Ông/Bà): ",
            &notice.reason,
        );
    }
    para(
        &mut doc,
        &[regular(&format!(
            "Hồ sơ đã được dừng giải quyết theo đề nghị của Ông/Bà. {} thông báo để Ông/Bà \
             được biết./.",
            notice.agency
        ))],
    );

    signatures(
        &mut doc,
        &[Signature {
            title: &notice.signer_title,
            hint: "(Ký, ghi rõ họ tên và đóng dấu)",
            name: &notice.signer_name,
        }],
    );
    doc.finish(&format!(
        "Thông báo dừng giải quyết hồ sơ - {}",
        notice.dossier_code
    ))
}

#[cfg(test)]
#[path = "stop_tests.rs"]
mod tests;
