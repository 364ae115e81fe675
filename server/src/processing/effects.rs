//! What each action does besides the status: clock pauses and extension, the step and
//! its due time, who holds the dossier, the hand-over row of form 06, and the message
//! to the applicant (SPEC §3 "Notifications"). Also the one UPDATE that writes it all.

use chrono::NaiveDateTime;
use motcua_core::deadline::{format_instant, DossierClock, PauseReason, Timeliness};
use motcua_core::workflow::{Action, Route, State};
use sqlx::{Any, Row, Transaction};

use super::act::{clock_error, pause, to_ms, Env};
pub use super::changes::Changes;
use super::command::{ActError, Acting, Command, ReturnMethod};
use super::load::Loaded;
use super::trail::{self, Handover};
use crate::catalog::Snapshot;
use crate::dossier::notices::{self, Recipient};
use crate::notify::templates::{self, Common};

/// The context of one action.
pub struct Ctx<'a> {
    /// The dossier before.
    pub loaded: &'a Loaded,
    /// Who acts.
    pub acting: &'a Acting,
    /// Agencies and calendars.
    pub snapshot: &'a Snapshot,
    /// The dossier's route.
    pub route: &'a Route,
    /// The state after.
    pub next: &'a State,
    /// Now, local time.
    pub local_now: NaiveDateTime,
    /// Now, Unix ms.
    pub now_ms: i64,
}

/// The history's event kind (the citizen's timeline titles some of them).
pub fn event_kind(action: Action) -> &'static str {
    match action {
        Action::Receive => "received",
        Action::RequestSupplement => "supplement_requested",
        Action::Refuse => "refused",
        Action::AnswerSupplement => "supplement_answered",
        Action::Apologize => "apology",
        Action::Decide => "decided",
        Action::Return => "returned",
        other => other.as_str(),
    }
}

fn required(value: &str, field: &str) -> Result<String, ActError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(ActError::Invalid(format!("{field}: chưa nhập")));
    }
    Ok(v.to_owned())
}

fn cleaned(items: &[String], field: &str) -> Result<Vec<String>, ActError> {
    let out: Vec<String> = items
        .iter()
        .map(|i| i.trim().to_owned())
        .filter(|i| !i.is_empty())
        .collect();
    if out.is_empty() {
        return Err(ActError::Invalid(format!("{field}: chưa nêu nội dung nào")));
    }
    Ok(out)
}

fn unit_name(ctx: &Ctx<'_>, code: &str) -> String {
    ctx.snapshot
        .agency(code)
        .map_or_else(|| code.to_owned(), |a| a.view.name.clone())
}

/// The due instant of route step `i` entered now (SPEC §4.6.8), on the processing
/// unit's calendar.
fn step_due(ctx: &Ctx<'_>, c: &Changes, i: Option<u8>) -> Result<Option<i64>, ActError> {
    let Some(budget) = i.and_then(|i| ctx.route.step(i)).and_then(|s| s.budget) else {
        return Ok(None);
    };
    let unit = c
        .processing_unit
        .as_deref()
        .unwrap_or(&ctx.loaded.receiving_unit);
    let Some(built) = ctx.snapshot.schedule(unit).map_err(ActError::internal)? else {
        return Ok(None);
    };
    let deadline = built
        .schedule()
        .deadline(ctx.local_now, &budget)
        .map_err(ActError::internal)?;
    Ok(deadline.due.map(to_ms))
}

/// Resumes the clock (supplement answered, fee paid) and moves the step's due time by
/// the same paused office time.
fn resume(ctx: &Ctx<'_>, c: &mut Changes) -> Result<(), ActError> {
    let Some(clock) = c.clock.as_mut() else {
        return Ok(());
    };
    if clock.paused().is_none() {
        return Ok(());
    }
    let before = clock.due();
    let built = ctx
        .snapshot
        .schedule(&ctx.loaded.receiving_unit)
        .map_err(ActError::internal)?
        .ok_or_else(|| ActError::internal("receiving unit without calendar"))?;
    clock
        .resume(&built.schedule(), ctx.local_now)
        .map_err(ActError::internal)?;
    if let (Some(before), Some(after), Some(step_due)) = (before, clock.due(), c.step_due_at_ms) {
        c.step_due_at_ms = Some(step_due + (to_ms(after) - to_ms(before)));
    }
    Ok(())
}

/// Applies `command`'s effects to `c`, writes its hand-over and notifications, and
/// returns the history's detail (`items` are shown to the applicant; `note` is not).
pub async fn apply(
    ctx: &Ctx<'_>,
    command: &Command,
    c: &mut Changes,
    tx: &mut Transaction<'_, Any>,
    env: Env<'_>,
) -> Result<serde_json::Value, ActError> {
    let d = ctx.loaded;
    let me = &ctx.acting.name;
    let my_unit = ctx.acting.unit.clone();
    let processing = c
        .processing_unit
        .clone()
        .unwrap_or(d.receiving_unit.clone());
    let step_name = |i: Option<u8>| {
        i.and_then(|i| ctx.route.step(i))
            .map_or_else(String::new, |s| s.name.clone())
    };
    let mut handover: Option<Handover> = None;
    let mut hand = |to_unit: &str, to: Option<(String, String)>, step: String, due, note: &str| {
        let (to_staff, to_name) = to.unzip();
        handover = Some(Handover {
            action: command.action().as_str().to_owned(),
            step_name: step,
            from_unit: my_unit.clone(),
            from_name: me.clone(),
            to_unit: to_unit.to_owned(),
            to_name,
            to_staff,
            due_at_ms: due,
            note: note.to_owned(),
        })
    };
    let mut message: Option<templates::Notification> = None;
    let url = env
        .notices
        .tracking_url(c.code.as_deref().unwrap_or(&d.submission_no));
    let contact = crate::dossier::views::contact(&d.application).clone();
    let applicant = contact["full_name"]
        .as_str()
        .unwrap_or(&d.applicant_name)
        .to_owned();
    let common = Common {
        portal: &env.notices.portal,
        applicant_name: &applicant,
        procedure_name: &d.version.name,
        tracking_url: &url,
    };
    let reference = c.code.clone().unwrap_or(d.submission_no.clone());
    let due_text = |c: &Changes| {
        c.clock
            .as_ref()
            .and_then(DossierClock::due)
            .map(format_instant)
    };
    let detail = match command {
        Command::Receive => {
            let receiving = unit_name(ctx, &d.receiving_unit);
            hand(
                &d.receiving_unit,
                Some((ctx.acting.id.clone(), me.clone())),
                "Tiếp nhận hồ sơ".into(),
                None,
                d.channel.label(),
            );
            let appointment = due_text(c);
            message = Some(templates::received(
                &common,
                &templates::Received {
                    code: &reference,
                    receiving_unit: &receiving,
                    received_at: &format_instant(ctx.local_now),
                    appointment: appointment.as_deref().unwrap_or("không quy định thời hạn"),
                    result_location: &receiving,
                },
            ));
            serde_json::json!({ "code": reference, "appointment": appointment })
        }
        Command::RequestSupplement { items, reason, .. } => {
            let items = cleaned(items, "Nội dung cần bổ sung")?;
            // Only a received dossier has a clock to pause (SPEC §4.6.2).
            pause(c, ctx.local_now, PauseReason::Supplement)?;
            message = Some(templates::supplement_requested(
                &common,
                &templates::SupplementRequested {
                    reference: &reference,
                    items: &items,
                    reason: reason.trim(),
                    contact: "",
                },
            ));
            serde_json::json!({
                "items": items, "reason": reason.trim(),
                // SPEC §3: a second request counts as late in the 766 index; flagged.
                "second_request": d.state.supplements > 0,
                "override_reason": command.override_reason(),
            })
        }
        Command::Refuse { reasons } => {
            let reasons = cleaned(reasons, "Lý do từ chối")?;
            message = Some(templates::refused(
                &common,
                &templates::Refused {
                    reference: &reference,
                    reasons: &reasons,
                },
            ));
            serde_json::json!({ "items": reasons })
        }
        Command::AnswerSupplement { note, files } => {
            resume(ctx, c)?;
            let round = trail::next_round(tx, &d.id)
                .await
                .map_err(ActError::internal)?;
            let slot = format!("bo_sung_{round}");
            for (n, f) in files.iter().enumerate() {
                crate::dossier::uploads::attach(tx, &d.id, &slot, n as i64 + 1, round, f)
                    .await
                    .map_err(ActError::internal)?;
            }
            let appointment = due_text(c).unwrap_or_default();
            message = Some(templates::supplement_received(
                &common,
                &templates::SupplementReceived {
                    reference: &reference,
                    received_at: &format_instant(ctx.local_now),
                    appointment: &appointment,
                },
            ));
            let mut items = vec![format!("{} tệp bổ sung", files.len())];
            if !note.trim().is_empty() {
                items.push(note.trim().to_owned());
            }
            if !appointment.is_empty() {
                items.push(format!("Ngày hẹn trả kết quả: {appointment}"));
            }
            serde_json::json!({ "items": items })
        }
        Command::SendToProcessing { note } => {
            c.step_due_at_ms = step_due(ctx, c, ctx.next.step)?;
            c.assignee_id = None;
            hand(
                &processing,
                None,
                step_name(ctx.next.step),
                c.step_due_at_ms,
                note,
            );
            serde_json::json!({ "note": note })
        }
        Command::Assign { to, note } => {
            let row = sqlx::query(
                "SELECT id, full_name, unit_code, role, active FROM staff WHERE id = $1 OR username = $1",
            )
            .bind(to)
            .fetch_optional(&mut **tx)
            .await
            .map_err(ActError::internal)?;
            let ok = row.as_ref().is_some_and(|r| {
                r.try_get::<String, _>("unit_code").ok().as_deref() == Some(processing.as_str())
                    && r.try_get::<String, _>("role").ok().as_deref() == Some("specialist")
                    && r.try_get::<i64, _>("active").unwrap_or(0) != 0
            });
            let Some(row) = row.filter(|_| ok) else {
                return Err(ActError::Invalid(format!(
                    "Người được phân công: phải là chuyên viên đang làm việc tại {}",
                    unit_name(ctx, &processing)
                )));
            };
            let name: String = row.try_get("full_name").map_err(ActError::internal)?;
            let id: String = row.try_get("id").map_err(ActError::internal)?;
            if ctx.next.step != d.state.step {
                c.step_due_at_ms = step_due(ctx, c, ctx.next.step)?;
            }
            c.assignee_id = Some(id.clone());
            hand(
                &processing,
                Some((id.clone(), name.clone())),
                step_name(ctx.next.step),
                c.step_due_at_ms,
                note,
            );
            crate::staff::notices::add(
                tx,
                &id,
                Some(&d.id),
                ctx.now_ms,
                &format!(
                    "Bạn được phân công xử lý hồ sơ {reference} ({})",
                    d.version.name
                ),
            )
            .await
            .map_err(ActError::internal)?;
            serde_json::json!({ "note": note, "assignee": name })
        }
        Command::Forward { note } => {
            c.step_due_at_ms = step_due(ctx, c, ctx.next.step)?;
            c.assignee_id = None;
            hand(
                &processing,
                None,
                step_name(ctx.next.step),
                c.step_due_at_ms,
                note,
            );
            serde_json::json!({ "note": note })
        }
        Command::SendBack { comment } => {
            let comment = required(comment, "Lý do trả lại")?;
            c.step_due_at_ms = step_due(ctx, c, ctx.next.step)?;
            c.assignee_id = trail::holder_of(tx, &d.id, &step_name(ctx.next.step))
                .await
                .map_err(ActError::internal)?;
            hand(
                &processing,
                None,
                step_name(ctx.next.step),
                c.step_due_at_ms,
                &comment,
            );
            serde_json::json!({ "note": comment })
        }
        Command::Transfer { to_unit, note } => {
            let to_unit = to_unit.trim();
            if to_unit == processing || ctx.snapshot.agency(to_unit).is_none() {
                return Err(ActError::Invalid(
                    "Cơ quan phối hợp: chọn một cơ quan khác cơ quan đang xử lý".into(),
                ));
            }
            let note = required(note, "Nội dung đề nghị phối hợp")?;
            c.coordinating_unit = Some(to_unit.to_owned());
            let step = format!("Liên thông: {}", unit_name(ctx, to_unit));
            hand(to_unit, None, step, c.step_due_at_ms, &note);
            serde_json::json!({ "note": note, "to_unit": to_unit })
        }
        Command::ReturnFromTransfer { note } => {
            c.coordinating_unit = None;
            hand(
                &processing,
                None,
                step_name(ctx.next.step),
                c.step_due_at_ms,
                note,
            );
            serde_json::json!({ "note": note })
        }
        Command::RequestPayment { amount } => {
            let amount = required(amount, "Số tiền phải nộp")?;
            pause(c, ctx.local_now, PauseReason::Payment)?;
            message = Some(templates::payment_requested(
                &common,
                &templates::PaymentRequested {
                    code: &reference,
                    amount: &amount,
                    how_to_pay: "trực tuyến trên Cổng dịch vụ công hoặc tại Bộ phận Một cửa",
                },
            ));
            serde_json::json!({ "items": [amount] })
        }
        Command::ConfirmPayment { note } => {
            resume(ctx, c)?;
            serde_json::json!({ "note": note })
        }
        Command::Apologize { reason, new_due } => {
            let reason = required(reason, "Lý do chậm trễ")?;
            let original = due_text(c).unwrap_or_default();
            let original_at = c.clock.as_ref().and_then(DossierClock::due);
            let clock = c.clock.as_mut().ok_or_else(|| {
                ActError::Invalid("Hồ sơ chưa có ngày hẹn trả: không thể hẹn lại".into())
            })?;
            clock.extend(ctx.local_now, *new_due).map_err(clock_error)?;
            let new_text = format_instant(*new_due);
            let agency = unit_name(ctx, &processing);
            message = Some(templates::apology(
                &common,
                &templates::Apology {
                    code: &reference,
                    agency: &agency,
                    original_appointment: &original,
                    new_appointment: &new_text,
                    reason: &reason,
                },
            ));
            let iso = |t: NaiveDateTime| t.format("%Y-%m-%dT%H:%M").to_string();
            serde_json::json!({
                "items": [format!("Lý do: {reason}"), format!("Ngày hẹn trả mới: {new_text}")],
                "reason": reason, "original": original, "new_due": new_text,
                "original_at": original_at.map(iso), "new_at": iso(*new_due),
            })
        }
        Command::Decide { note, .. } => {
            c.decided_at_ms = Some(ctx.now_ms);
            c.timeliness = c.clock.as_ref().and_then(|k| k.classify(ctx.local_now));
            hand(&d.receiving_unit, None, "Trả kết quả".into(), None, note);
            let desk = unit_name(ctx, &d.receiving_unit);
            message = Some(templates::result_ready(
                &common,
                &templates::ResultReady {
                    code: &reference,
                    how_to_collect: &format!(
                        "tại {desk} hoặc tải bản điện tử trên Cổng dịch vụ công"
                    ),
                },
            ));
            serde_json::json!({
                "note": note, "override_reason": command.override_reason(),
                "timeliness": c.timeliness.map(Timeliness::label),
            })
        }
        Command::Return(method) => {
            let electronic = *method == ReturnMethod::Electronic;
            if electronic
                && !super::result::exists(tx, &d.id)
                    .await
                    .map_err(ActError::internal)?
            {
                return Err(ActError::Invalid(
                    "Trả kết quả trực tuyến: chưa có văn bản kết quả đã ký số".into(),
                ));
            }
            let detail = match method {
                ReturnMethod::Desk { collected_by } => {
                    required(collected_by, "Người nhận kết quả")?
                }
                ReturnMethod::Post { tracking_no } => required(tracking_no, "Số hiệu bưu gửi")?,
                ReturnMethod::Electronic => String::new(),
            };
            c.returned_at_ms = Some(ctx.now_ms);
            c.return_method = Some(method.as_str().to_owned());
            message = Some(templates::returned(
                &common,
                &templates::Returned {
                    code: &reference,
                    returned_at: &format_instant(ctx.local_now),
                },
            ));
            serde_json::json!({
                "items": [ReturnMethod::label_of(method.as_str())],
                "method": method.as_str(), "detail": detail,
            })
        }
        Command::Stop { reason } => {
            let reason = required(reason, "Lý do dừng (theo đề nghị của người nộp)")?;
            c.timeliness = c.clock.as_ref().and_then(|k| k.classify(ctx.local_now));
            message = Some(templates::stopped(
                &common,
                &templates::Stopped {
                    code: &reference,
                    requested_at: &format_instant(ctx.local_now),
                },
            ));
            serde_json::json!({ "items": [reason.clone()], "reason": reason, "status_before": d.state.status.label() })
        }
        Command::Withdraw { reason } => {
            c.timeliness = c.clock.as_ref().and_then(|k| k.classify(ctx.local_now));
            serde_json::json!({ "items": [reason.trim()] })
        }
    };
    if let Some(h) = handover {
        trail::add(tx, &d.id, ctx.now_ms, &h)
            .await
            .map_err(ActError::internal)?;
    }
    if let Some(note) = message {
        let email = contact["email"].as_str().map(str::to_owned);
        notices::send(
            tx,
            Recipient {
                dossier_id: &d.id,
                name: &applicant,
                phone: &d.applicant_phone,
                email: email.as_deref(),
            },
            &note,
            ctx.now_ms,
        )
        .await
        .map_err(ActError::internal)?;
    }
    Ok(detail)
}
