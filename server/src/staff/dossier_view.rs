//! One dossier as an officer sees it (issue 5): its queue line, applicant and answers,
//! files, route with the current step, history with internal notes, the hand-over
//! trail (form 06), the audit log, the slips that apply and the actions allowed now —
//! only when the person's unit received, processes or co-ordinates it.

use motcua_app::services::{
    AuditView, HandoverView, RouteStepView, SlipLink, StaffDossier, StaffProfile, TimelineEntry,
};
use motcua_core::dossier::{Delivery, DossierStatus};
use motcua_core::procedure::ProcedureVersion;
use motcua_core::workflow::{available, Action, Actor, StaffRole};
use serde_json::Value;
use sqlx::Row;

use super::action_forms::{self, FormFacts};
use super::queues::{self, short_time, LookupError, Lookups};
use super::urgency::capitalised;
use super::SqlStaff;
use crate::dossier::views::{self, local};
use crate::processing::{self, trail, Loaded};

/// The dossier `key` (id, code or submission number), if the person's unit has to do
/// with it. Administrators see no dossier.
pub async fn dossier(
    staff: &SqlStaff,
    me: &StaffProfile,
    key: &str,
) -> Result<Option<StaffDossier>, LookupError> {
    if me.role.is_admin() {
        return Ok(None);
    }
    let Some(d) = processing::load(&staff.pool, key)
        .await
        .map_err(LookupError::boxed)?
    else {
        return Ok(None);
    };
    let units = d.units_of(&me.unit_code);
    if !units.any() {
        return Ok(None);
    }
    let Some(line) = queues::line(&staff.pool, &d.id).await? else {
        return Ok(None);
    };
    let mut k = Lookups::new(staff).await?;
    k.load_versions(&staff.pool, std::slice::from_ref(&line))
        .await?;
    let row = queues::classify(line, &me.unit_code, &k).row;
    let version = &d.version;
    let route = d.route();

    let actor = Actor::Staff {
        role: me.role,
        units,
    };
    let processing_unit = d
        .processing_unit
        .clone()
        .unwrap_or(d.receiving_unit.clone());
    // A specialist of the unit who is not the assigned one sees the dossier, not its
    // actions (`processing::act` refuses them too).
    let allowed =
        if processing::act::assigned_or_unassigned(&super::accounts::acting(me), &d, units) {
            available(&route, &d.state, actor)
        } else {
            Vec::new()
        };
    let mut facts = FormFacts {
        role: Some(me.role),
        supplements: d.state.supplements,
        late_without_apology: !d.state.apology
            && d.clock
                .as_ref()
                .and_then(|c| c.due())
                .is_some_and(|due| k.now.date() > due.date()),
        now_input: k.now.format("%Y-%m-%dT%H:%M").to_string(),
        ..FormFacts::default()
    };
    if allowed.contains(&Action::Assign) {
        facts.specialists = specialists(staff, &processing_unit).await?;
    }
    if allowed.contains(&Action::Transfer) {
        facts.agencies = crate::catalog::agencies::all(&staff.pool)
            .await
            .map_err(LookupError::boxed)?
            .into_iter()
            .filter(|a| a.view.code != processing_unit && a.parent.is_some())
            .map(|a| (a.view.code.clone(), a.view.name.clone()))
            .collect();
    }
    let actions = allowed
        .into_iter()
        .map(|a| action_forms::form(a, &facts))
        .collect();

    Ok(Some(StaffDossier {
        submission_no: d.submission_no.clone(),
        receiving_unit: k.unit_name(&d.receiving_unit),
        processing_unit: d.processing_unit.as_deref().map(|u| k.unit_name(u)),
        time_limit: version
            .terms(d.channel)
            .map_or(version.time_limit, |t| t.time_limit)
            .to_string(),
        applicant: {
            let mut lines = applicant_lines(&d.application);
            if !sees_identity(me, &d, units) {
                mask_identity(&mut lines);
            }
            lines
        },
        answers: answers(&d.application, version),
        files: views::files(&staff.pool, &d.id, Some(version)).await?,
        route: route_view(&d),
        timeline: timeline(staff, &d.id, d.channel.as_str(), &k).await?,
        trail: trail_view(staff, &d.id, &k).await?,
        audit: audit_view(staff, &d, &k).await?,
        actions,
        slips: slips(&d),
        result: crate::processing::result::latest(&staff.pool, &d.id)
            .await?
            .map(|r| motcua_app::services::ResultView {
                url: format!("/can-bo/ho-so/{}/ket-qua.pdf", d.id),
                signed_at: views::local(r.signed_at_ms)
                    .map(|t| t.format("%d/%m/%Y %H:%M").to_string())
                    .unwrap_or_default(),
                file_name: r.file_name,
                verification_code: r.code,
                signer: r.signer_name,
            }),
        can_sign_result: crate::processing::result::may_sign(&d, me),
        supplements: d.state.supplements,
        apology: d.state.apology,
        flagged: d.flagged,
        row_version: d.row_version,
        row,
    }))
}

async fn specialists(staff: &SqlStaff, unit: &str) -> Result<Vec<(String, String)>, sqlx::Error> {
    let mut list: Vec<(String, String)> = sqlx::query(
        "SELECT id, full_name FROM staff WHERE unit_code = $1 AND role = 'specialist' AND active = 1",
    )
    .bind(unit)
    .fetch_all(&staff.pool)
    .await?
    .iter()
    .map(|r| Ok((r.try_get("id")?, r.try_get("full_name")?)))
    .collect::<Result<_, sqlx::Error>>()?;
    list.sort_by_cached_key(|(_, name)| motcua_core::text::fold(name));
    Ok(list)
}

/// Whether `me` sees the applicant's personal ID and date of birth in full (issue 11,
/// Decree 13/2023: only where the work needs them): the desk of the receiving unit
/// (identity at reception and at return), and the handling roles of the processing or
/// co-ordinating unit — a specialist only on a dossier assigned to them (or not assigned
/// yet). Anyone else who may see the dossier (e.g. a head of the receiving centre)
/// sees them masked.
pub fn sees_identity(me: &StaffProfile, d: &Loaded, units: motcua_core::workflow::Units) -> bool {
    match me.role {
        StaffRole::OneStopOfficer => units.receiving,
        StaffRole::Specialist => {
            (units.processing || units.coordinating)
                && processing::act::assigned_or_unassigned(&super::accounts::acting(me), d, units)
        }
        StaffRole::HeadOfDivision | StaffRole::HeadOfAgency => {
            units.processing || units.coordinating
        }
        StaffRole::AgencyAdmin | StaffRole::SystemAdmin => false,
    }
}

/// Masks the personal ID (all but its last three digits) and the date of birth.
fn mask_identity(lines: &mut [(String, String)]) {
    for (label, value) in lines.iter_mut() {
        if label.starts_with("Số định danh cá nhân") {
            let tail: String = value
                .chars()
                .skip(value.chars().count().saturating_sub(3))
                .collect();
            *value = format!("•••••••••{tail}");
        } else if label.starts_with("Ngày sinh") {
            *value = "(ẩn)".to_owned();
        }
    }
}

/// "1985-01-02" → "02/01/1985" (anything else as it is).
fn date_text(iso: &str) -> String {
    chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d")
        .map_or_else(|_| iso.to_owned(), |d| d.format("%d/%m/%Y").to_string())
}

fn person_lines(p: &Value, out: &mut Vec<(String, String)>, suffix: &str) {
    let fields = [
        ("full_name", "Họ và tên"),
        ("personal_id", "Số định danh cá nhân"),
        ("date_of_birth", "Ngày sinh"),
        ("address", "Địa chỉ"),
        ("phone", "Số điện thoại"),
        ("email", "Thư điện tử"),
    ];
    for (key, label) in fields {
        if let Some(v) = p[key].as_str().filter(|v| !v.trim().is_empty()) {
            let v = if key == "date_of_birth" {
                date_text(v)
            } else {
                v.to_owned()
            };
            out.push((format!("{label}{suffix}"), v));
        }
    }
}

/// The applicant (and the authorised person, if any) from the stored application.
pub fn applicant_lines(application: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    person_lines(&application["applicant"], &mut out, "");
    if application["authorised_person"].is_object() {
        person_lines(
            &application["authorised_person"],
            &mut out,
            " (người được ủy quyền)",
        );
    }
    out
}

/// The procedure's own fields, in the form's order, then how the result is returned.
pub fn answers(application: &Value, version: &ProcedureVersion) -> Vec<(String, String)> {
    let values = &application["values"];
    let mut out: Vec<(String, String)> = version
        .fields
        .iter()
        .filter_map(|f| {
            let v = &values[&f.name];
            let text = match (v["type"].as_str(), &v["value"]) {
                (Some("date"), Value::String(s)) => date_text(s),
                (_, Value::String(s)) => s.clone(),
                (_, Value::Number(n)) => n.to_string(),
                (_, Value::Null) => return None,
                (_, other) => other.to_string(),
            };
            Some((f.label.clone(), text))
        })
        .collect();
    if let Ok(delivery) = serde_json::from_value::<Delivery>(application["delivery"].clone()) {
        let text = match &delivery {
            Delivery::ByPost { address } => format!("{}: {}", delivery.label(), address.as_str()),
            other => other.label().to_owned(),
        };
        out.push(("Hình thức nhận kết quả".to_owned(), text));
    }
    out
}

/// Reception, the processing steps, and the return of the result, with where the
/// dossier is now.
fn route_view(d: &Loaded) -> Vec<RouteStepView> {
    use DossierStatus as S;
    let status = d.state.status;
    let finished_processing = matches!(status, S::Decided | S::Returned);
    let at_reception = d.state.step.is_none()
        && matches!(
            status,
            S::AwaitingReception | S::Received | S::SupplementRequested
        );
    let mut out = vec![RouteStepView {
        name: "Tiếp nhận hồ sơ".to_owned(),
        role: StaffRole::OneStopOfficer.label().to_owned(),
        budget: None,
        current: at_reception,
        done: d.received_at_ms.is_some() && !at_reception,
    }];
    let paused_or_running = matches!(
        status,
        S::Processing | S::SupplementRequested | S::AwaitingPayment
    );
    for (i, step) in d.route().steps().iter().enumerate() {
        let i = i as u8;
        out.push(RouteStepView {
            name: step.name.clone(),
            role: step.role.label().to_owned(),
            budget: step.budget.map(|b| b.to_string()),
            current: paused_or_running && d.state.step == Some(i),
            done: finished_processing || d.state.step.is_some_and(|s| i < s),
        });
    }
    out.push(RouteStepView {
        name: "Trả kết quả".to_owned(),
        role: StaffRole::OneStopOfficer.label().to_owned(),
        budget: None,
        current: status == S::Decided,
        done: status == S::Returned,
    });
    out
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str())
                .filter(|x| !x.trim().is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// The history with the internal notes (who acted, comments, the person assigned).
async fn timeline(
    staff: &SqlStaff,
    id: &str,
    channel: &str,
    k: &Lookups,
) -> Result<Vec<TimelineEntry>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT at_ms, kind, status, actor, detail FROM dossier_events WHERE dossier_id = $1 \
         ORDER BY seq",
    )
    .bind(id)
    .fetch_all(&staff.pool)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let kind: String = r.try_get("kind")?;
        let detail: Value =
            serde_json::from_str(&r.try_get::<String, _>("detail")?).unwrap_or_default();
        let actor: String = r.try_get("actor")?;
        let mut details = Vec::new();
        // The applicant's own events carry their account id, not a name.
        let an_id = actor.len() == 32 && actor.bytes().all(|b| b.is_ascii_hexdigit());
        if !actor.trim().is_empty() && !an_id && kind != "submitted" {
            details.push(format!("Người thực hiện: {actor}"));
        }
        let text = |key: &str| {
            detail[key]
                .as_str()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        if let Some(code) = text("code") {
            details.push(format!("Mã hồ sơ: {code}"));
        }
        if let Some(a) = text("appointment") {
            details.push(format!("Ngày hẹn trả kết quả: {a}"));
        }
        details.extend(strings(&detail["items"]));
        if kind == "supplement_requested" {
            if let Some(reason) = text("reason") {
                details.push(format!("Lý do: {reason}"));
            }
        }
        if let Some(who) = text("assignee") {
            details.push(format!("Chuyên viên: {who}"));
        }
        if let Some(unit) = text("to_unit") {
            details.push(format!("Cơ quan phối hợp: {}", k.unit_name(&unit)));
        }
        if let Some(note) = text("note") {
            details.push(format!("Ghi chú: {note}"));
        }
        if let Some(reason) = text("override_reason") {
            details.push(format!("Lý do vượt quy định: {reason}"));
        }
        if let Some(t) = text("timeliness") {
            details.push(format!("Kết quả: {}", capitalised(&t)));
        }
        let status: i64 = r.try_get("status")?;
        out.push(TimelineEntry {
            at: short_time(r.try_get("at_ms")?),
            status: DossierStatus::from_code(status as u8)
                .unwrap_or(DossierStatus::AwaitingReception),
            title: if kind == "submitted" {
                views::submitted_title(channel)
            } else {
                views::staff_event_title(&kind)
            }
            .to_owned(),
            details,
        });
    }
    Ok(out)
}

async fn trail_view(
    staff: &SqlStaff,
    id: &str,
    k: &Lookups,
) -> Result<Vec<HandoverView>, sqlx::Error> {
    Ok(trail::rows(&staff.pool, id)
        .await?
        .into_iter()
        .map(|t| HandoverView {
            at: short_time(t.at_ms),
            step: t.step_name,
            from: match &t.from_unit {
                Some(u) => format!("{} ({})", t.from_name, k.unit_name(u)),
                None => t.from_name,
            },
            to: match t.to_name {
                Some(name) => format!("{} — {name}", k.unit_name(&t.to_unit)),
                None => k.unit_name(&t.to_unit),
            },
            due: t.due_at_ms.map(short_time),
            result: t.result.map(|r| capitalised(r.label())).unwrap_or_default(),
            note: t.note,
        })
        .collect())
}

/// The audit log's before/after of a dossier in words.
fn state_text(v: &Option<String>, d: &Loaded, k: &Lookups) -> String {
    let Some(v) = v
        .as_deref()
        .and_then(|s| serde_json::from_str::<Value>(s).ok())
    else {
        return String::new();
    };
    let mut parts = Vec::new();
    if let Some(s) = v["status"]
        .as_str()
        .and_then(|s| s.parse::<DossierStatus>().ok())
    {
        parts.push(s.label().to_owned());
    }
    if let Some(step) = v["step"]
        .as_u64()
        .and_then(|i| d.route().step(i as u8).cloned())
    {
        parts.push(format!("bước «{}»", step.name));
    }
    if let Some(who) = v["assignee_id"].as_str().and_then(|id| k.staff_name(id)) {
        parts.push(format!("người xử lý: {who}"));
    }
    if let Some(unit) = v["coordinating_unit"].as_str() {
        parts.push(format!("liên thông: {}", k.unit_name(unit)));
    }
    if let Some(due) = v["due"].as_str() {
        parts.push(format!("hẹn trả: {due}"));
    }
    if v["apology"].as_bool() == Some(true) {
        parts.push("đã lập phiếu xin lỗi".to_owned());
    }
    if v["flagged"].as_bool() == Some(true) {
        parts.push("có vượt quy định".to_owned());
    }
    parts.join(" · ")
}

async fn audit_view(
    staff: &SqlStaff,
    d: &Loaded,
    k: &Lookups,
) -> Result<Vec<AuditView>, sqlx::Error> {
    Ok(super::audit::for_subject(&staff.pool, "dossier", &d.id)
        .await?
        .into_iter()
        .map(|e| {
            let role = e
                .actor_role
                .parse::<StaffRole>()
                .map_or("Người nộp hồ sơ", StaffRole::label);
            AuditView {
                at: local(e.at_ms)
                    .map(|t| t.format("%d/%m/%Y %H:%M:%S").to_string())
                    .unwrap_or_default(),
                who: format!("{} ({role})", e.actor_name),
                action: if e.action == crate::dossier::documents::VIEW_ACTION {
                    document_view_label(&e.detail)
                } else {
                    e.action
                        .parse::<Action>()
                        .map_or_else(|_| e.action.clone(), |a| a.label().to_owned())
                },
                before: state_text(&e.before, d, k),
                after: state_text(&e.after, d, k),
            }
        })
        .collect())
}

/// "Mở tài liệu «name»" for an audit entry of a document opened.
fn document_view_label(detail: &str) -> String {
    let name = serde_json::from_str::<Value>(detail)
        .ok()
        .and_then(|v| v["file_name"].as_str().map(str::to_owned))
        .unwrap_or_default();
    format!("Mở tài liệu «{name}»")
}

/// The slips that apply to the dossier now.
fn slips(d: &Loaded) -> Vec<SlipLink> {
    let received = d.code.is_some();
    let list = [
        (
            received,
            "01",
            "Giấy tiếp nhận hồ sơ và hẹn trả kết quả (mẫu 01)",
        ),
        (
            d.state.supplements > 0,
            "02",
            "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (mẫu 02)",
        ),
        (
            d.state.status == DossierStatus::Refused,
            "03",
            "Phiếu từ chối tiếp nhận giải quyết hồ sơ (mẫu 03)",
        ),
        (
            d.state.apology,
            "04",
            "Phiếu xin lỗi và hẹn lại ngày trả kết quả (mẫu 04)",
        ),
        (
            d.state.status == DossierStatus::Stopped,
            "05",
            "Thông báo dừng giải quyết hồ sơ (mẫu 05)",
        ),
        (
            received,
            "06",
            "Phiếu kiểm soát quá trình giải quyết hồ sơ (mẫu 06)",
        ),
    ];
    list.into_iter()
        .filter(|(applies, _, _)| *applies)
        .map(|(_, no, label)| SlipLink {
            label: label.to_owned(),
            url: format!("/can-bo/ho-so/{}/phieu/{no}.pdf", d.id),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_5_applicant_lines_and_answers_from_the_stored_application() {
        let application = serde_json::json!({
            "applicant": {"full_name": "Trần Văn Bình", "personal_id": "079085001234",
                "date_of_birth": "1985-01-02", "phone": "0987654321", "email": null,
                "address": "Phường An Bình"},
            "authorised_person": {"full_name": "Lê Thị Hoa", "personal_id": "079185001234",
                "date_of_birth": "1985-03-04", "phone": "0912345678", "email": "hoa@example.vn",
                "address": "Phường Hòa Phú"},
            "values": {"so_ban": {"type": "number", "value": 2},
                       "ngay": {"type": "date", "value": "2026-11-20"}},
            "documents": {}, "delivery": {"type": "at_desk"}
        });
        let lines = applicant_lines(&application);
        assert_eq!(lines[0], ("Họ và tên".into(), "Trần Văn Bình".into()));
        assert!(lines.contains(&("Ngày sinh".into(), "02/01/1985".into())));
        assert!(
            !lines.iter().any(|(l, _)| l == "Thư điện tử"),
            "null e-mail left out"
        );
        assert!(lines.contains(&(
            "Họ và tên (người được ủy quyền)".into(),
            "Lê Thị Hoa".into()
        )));
        let mut version: ProcedureVersion =
            serde_json::from_str(motcua_core::procedure::EXAMPLE_VERSION).unwrap();
        version.fields = serde_json::from_value(serde_json::json!([
            {"name": "ngay", "label": "Ngày đề nghị", "kind": {"type": "date"}, "required": true},
            {"name": "so_ban", "label": "Số bản sao", "kind": {"type": "number", "min": 1, "max": 10}, "required": false},
            {"name": "ghi_chu", "label": "Ghi chú", "kind": {"type": "text", "max_len": 200}, "required": false}
        ]))
        .unwrap();
        let got = answers(&application, &version);
        assert_eq!(
            got,
            vec![
                ("Ngày đề nghị".to_owned(), "20/11/2026".to_owned()),
                ("Số bản sao".to_owned(), "2".to_owned()),
                (
                    "Hình thức nhận kết quả".to_owned(),
                    "Nhận trực tiếp tại Bộ phận Một cửa".to_owned()
                ),
            ]
        );
    }
}
