//! Reading dossiers back as citizens see them: list, one dossier, its timeline, files and
//! the working days left before the appointment.

use chrono::{DateTime, NaiveDateTime, Utc};
use motcua_app::services::{DossierFile, DossierView, TimelineEntry};
use motcua_core::deadline::{format_instant, vietnam_local};
use motcua_core::dossier::{DossierStatus, PhoneNumber};
use motcua_core::procedure::ProcedureVersion;
use sqlx::any::AnyRow;
use sqlx::{AnyPool, Row};

use crate::catalog::Snapshot;

/// Columns every view query selects from `dossiers d`.
pub const DOSSIER_COLUMNS: &str = "d.id, d.submission_no, d.code, d.procedure_slug, \
    d.procedure_version, d.receiving_unit, d.status, d.applicant_name, d.applicant_phone, \
    d.submitted_at_ms, d.received_at_ms, d.due_at_ms, d.channel";

/// Local time of Unix milliseconds, in the wording of slips and pages.
pub fn local_words(ms: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .map(|t| format_instant(vietnam_local(t)))
        .unwrap_or_default()
}

/// Local date-time of Unix milliseconds.
pub fn local(ms: i64) -> Option<NaiveDateTime> {
    DateTime::<Utc>::from_timestamp_millis(ms).map(vietnam_local)
}

/// Who messages about a dossier go to, from its stored application (JSON of
/// `ValidApplication`): the authorised person when someone filed on the applicant's
/// behalf, else the applicant.
pub fn contact(application: &serde_json::Value) -> &serde_json::Value {
    if application["authorised_person"].is_object() {
        &application["authorised_person"]
    } else {
        &application["applicant"]
    }
}

/// What a timeline event is called, as the applicant sees it: the internal moves of
/// processing (assignment, steps, liên thông) all read "Hồ sơ đang được xử lý".
pub(crate) fn event_title(kind: &str) -> &'static str {
    match kind {
        "submitted" => "Nộp hồ sơ trực tuyến",
        "received" => "Hồ sơ được tiếp nhận",
        "refused" => "Hồ sơ không được tiếp nhận",
        "supplement_requested" => "Yêu cầu bổ sung, hoàn thiện hồ sơ",
        "supplement_answered" => "Công dân đã bổ sung hồ sơ",
        "processing"
        | "send_to_processing"
        | "assign"
        | "forward"
        | "send_back"
        | "transfer"
        | "return_from_transfer" => "Hồ sơ đang được xử lý",
        "request_payment" => "Chờ thực hiện nghĩa vụ tài chính",
        "confirm_payment" => "Đã thực hiện nghĩa vụ tài chính",
        "apology" => "Thư xin lỗi và hẹn lại ngày trả kết quả",
        "decided" => "Đã có kết quả giải quyết",
        "result_signed" => "Văn bản kết quả đã được ký số",
        "returned" => "Đã trả kết quả",
        "stop" => "Dừng xử lý hồ sơ theo đề nghị",
        "withdraw" => "Rút hồ sơ",
        _ => "Cập nhật hồ sơ",
    }
}

/// What the first event of a dossier is called: how it was filed (a paper dossier
/// entered at the desk is not "online").
pub(crate) fn submitted_title(channel: &str) -> &'static str {
    match channel {
        "in_person" => "Nộp hồ sơ trực tiếp tại Bộ phận Một cửa",
        "post" => "Nộp hồ sơ qua dịch vụ bưu chính",
        _ => "Nộp hồ sơ trực tuyến",
    }
}

/// What a timeline event is called on the staff pages (internal moves by name).
pub(crate) fn staff_event_title(kind: &str) -> &'static str {
    match kind {
        "supplement_answered" => "Nhận hồ sơ bổ sung",
        "send_to_processing" => "Chuyển cơ quan xử lý",
        "assign" => "Phân công",
        "forward" => "Chuyển bước tiếp theo",
        "send_back" => "Trả lại bước trước",
        "transfer" => "Chuyển liên thông",
        "return_from_transfer" => "Trả về từ liên thông",
        "request_payment" => "Yêu cầu thực hiện nghĩa vụ tài chính",
        "confirm_payment" => "Xác nhận đã thực hiện nghĩa vụ tài chính",
        "apology" => "Lập Phiếu xin lỗi và hẹn lại ngày trả kết quả",
        "decided" => "Hoàn thành xử lý",
        "returned" => "Trả kết quả",
        other => event_title(other),
    }
}

/// The label of a document slot of `version` (supplement rounds are `bo_sung_{n}`).
pub(crate) fn document_label(version: Option<&ProcedureVersion>, slot: &str) -> String {
    if let Some(round) = slot.strip_prefix("bo_sung_") {
        return format!(
            "Tài liệu bổ sung (lần {})",
            round.parse::<u32>().unwrap_or(2).saturating_sub(1)
        );
    }
    version
        .and_then(|v| v.documents.iter().find(|d| d.name == slot))
        .map_or_else(|| slot.to_owned(), |d| d.label.clone())
}

/// A dossier's files in the procedure's document order (then supplements), as
/// attached within each document, each with its malware-scan state.
pub(crate) async fn files(
    pool: &AnyPool,
    dossier_id: &str,
    version: Option<&ProcedureVersion>,
) -> Result<Vec<DossierFile>, sqlx::Error> {
    let order_of = |slot: &str| {
        version
            .and_then(|v| v.documents.iter().position(|d| d.name == slot))
            .unwrap_or(usize::MAX)
    };
    let mut rows = Vec::new();
    for f in sqlx::query(
        "SELECT f.slot, f.file_name, f.size_bytes, f.round, f.position, s.status \
         FROM dossier_files f LEFT JOIN file_scans s ON s.sha256 = f.sha256 \
         WHERE f.dossier_id = $1",
    )
    .bind(dossier_id)
    .fetch_all(pool)
    .await?
    {
        let slot: String = f.try_get("slot")?;
        let key = (
            f.try_get::<i64, _>("round")?,
            order_of(&slot),
            slot.clone(),
            f.try_get::<i64, _>("position")?,
        );
        rows.push((
            key,
            DossierFile {
                document: document_label(version, &slot),
                file_name: f.try_get("file_name")?,
                size: f.try_get::<i64, _>("size_bytes")? as u64,
                position: f.try_get::<i64, _>("position")? as u32,
                check: crate::scan::status::ScanStatus::parse(
                    f.try_get::<Option<String>, _>("status")?.as_deref(),
                )
                .check(),
                slot,
            },
        ));
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(rows.into_iter().map(|(_, f)| f).collect())
}

/// Builds the full view of one dossier row.
pub async fn view(
    pool: &AnyPool,
    snapshot: &Snapshot,
    row: &AnyRow,
    now: DateTime<Utc>,
) -> Result<DossierView, sqlx::Error> {
    let id: String = row.try_get("id")?;
    let slug: String = row.try_get("procedure_slug")?;
    let version_no: i64 = row.try_get("procedure_version")?;
    let unit_code: String = row.try_get("receiving_unit")?;
    let status_code: i64 = row.try_get("status")?;
    let channel: String = row.try_get("channel")?;
    let status =
        DossierStatus::from_code(status_code as u8).unwrap_or(DossierStatus::AwaitingReception);
    let version = crate::catalog::repository::version(pool, &slug, version_no as u32)
        .await
        .ok()
        .flatten();
    let unit = snapshot.agency(&unit_code);

    let events = sqlx::query(
        "SELECT at_ms, kind, status, detail FROM dossier_events WHERE dossier_id = $1 ORDER BY seq",
    )
    .bind(&id)
    .fetch_all(pool)
    .await?;
    let mut timeline = Vec::new();
    let mut supplement_items = Vec::new();
    let mut supplement_reason = None;
    for e in &events {
        let kind: String = e.try_get("kind")?;
        let detail: String = e.try_get("detail")?;
        let details: Vec<String> = serde_json::from_str::<serde_json::Value>(&detail)
            .ok()
            .and_then(|v| v.get("items").cloned())
            .and_then(|v| serde_json::from_value(v).ok())
            .unwrap_or_default();
        if kind == "supplement_requested" {
            supplement_items = details.clone();
            let reason = serde_json::from_str::<serde_json::Value>(&detail)
                .ok()
                .and_then(|v| v.get("reason").and_then(|r| r.as_str()).map(str::to_owned))
                .filter(|r| !r.is_empty());
            let at = local_words(e.try_get("at_ms")?);
            supplement_reason = Some(match reason {
                Some(r) => format!("Lý do: {r}. Yêu cầu lúc {at}."),
                None => format!("Yêu cầu lúc {at}."),
            });
        }
        let st: i64 = e.try_get("status")?;
        timeline.push(TimelineEntry {
            at: local_words(e.try_get("at_ms")?),
            status: DossierStatus::from_code(st as u8).unwrap_or(status),
            title: if kind == "submitted" {
                submitted_title(&channel)
            } else {
                event_title(&kind)
            }
            .to_owned(),
            details,
        });
    }
    if status != DossierStatus::SupplementRequested {
        supplement_items.clear();
        supplement_reason = None;
    }

    let files = files(pool, &id, version.as_ref()).await?;

    let due_ms: Option<i64> = row.try_get("due_at_ms")?;
    let time_left = match (due_ms.and_then(local), unit) {
        (Some(due), Some(unit))
            if matches!(status, DossierStatus::Received | DossierStatus::Processing) =>
        {
            snapshot
                .schedule(&unit.view.code)
                .ok()
                .flatten()
                .and_then(|s| {
                    s.calendar()
                        .working_days_between(vietnam_local(now).date(), due.date())
                        .ok()
                })
                .map(|n| match n {
                    n if n > 0 => format!("Còn {n} ngày làm việc"),
                    0 => "Đến hạn trả kết quả hôm nay".to_owned(),
                    n => format!("Quá hạn {} ngày làm việc", -n),
                })
        }
        (_, _)
            if matches!(
                status,
                DossierStatus::SupplementRequested | DossierStatus::AwaitingPayment
            ) =>
        {
            Some("Tạm dừng tính thời gian giải quyết".to_owned())
        }
        _ => None,
    };
    let phone: String = row.try_get("applicant_phone")?;
    let code: Option<String> = row.try_get("code")?;
    let unit_name = unit.map_or(unit_code, |u| u.view.name.clone());
    Ok(DossierView {
        submission_no: row.try_get("submission_no")?,
        has_receipt: code.is_some(),
        code,
        procedure: version
            .as_ref()
            .map_or_else(|| slug.clone(), |v| v.name.clone()),
        procedure_slug: slug,
        unit: unit_name.clone(),
        status,
        applicant: row.try_get("applicant_name")?,
        phone_masked: phone
            .parse::<PhoneNumber>()
            .map(|p| p.masked())
            .unwrap_or_default(),
        submitted_at: local_words(row.try_get("submitted_at_ms")?),
        appointment: due_ms.map(local_words),
        time_left,
        timeline,
        supplement_items,
        supplement_reason,
        files,
        result_code: if matches!(status, DossierStatus::Decided | DossierStatus::Returned) {
            crate::processing::result::latest(pool, &id)
                .await?
                .map(|r| r.code)
        } else {
            None
        },
        origin: origin(&channel, &unit_name),
        id,
    })
}

/// Where a dossier came from, as its applicant reads it.
pub fn origin(channel: &str, unit: &str) -> String {
    match channel {
        "in_person" => format!("Nộp trực tiếp tại Bộ phận Một cửa {unit}"),
        "post" => format!("Nộp qua bưu chính đến {unit}"),
        _ => "Nộp trực tuyến".to_owned(),
    }
}
