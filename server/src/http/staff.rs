//! The staff area's form posts (issue 5). Pages are Leptos (`motcua_app::pages::staff`);
//! every change is a plain `multipart/form-data` post handled here, so it works without
//! JavaScript, and answers with a redirect back to the page with `?thong_bao=` (done)
//! or `?loi=` (refused, in Vietnamese; nothing was changed).

use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDateTime;
use motcua_app::services::{StaffProfile, STAFF_COOKIE};
use motcua_core::workflow::{Action, StaffRole};

use super::citizen::stage_part;
use super::AppState;
use crate::dossier::uploads;
use crate::processing::{act, ActError, Command, Env, ReturnMethod};
use crate::staff::accounts::{self, acting, NewStaff};

/// The signed-in staff member of a request (staff cookie), if any.
pub async fn staff_of(state: &AppState, headers: &HeaderMap) -> Option<StaffProfile> {
    let token = super::guard::cookie(headers, &state.transport.cookie_name(STAFF_COOKIE))?;
    match state.staff.staff_session(&token).await {
        Ok(found) => found,
        Err(error) => {
            tracing::error!(%error, "staff session look-up failed");
            None
        }
    }
}

/// Percent-encodes a query value.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Back to `page` with `?{key}=message` (`thong_bao` done, `loi` refused).
pub(crate) fn back(page: &str, key: &str, message: &str) -> Response {
    let sep = if page.contains('?') { '&' } else { '?' };
    Redirect::to(&format!("{page}{sep}{key}={}", encode(message))).into_response()
}

pub(crate) fn sign_in_first(page: &str) -> Response {
    Redirect::to(&format!("/can-bo/dang-nhap?next={}", encode(page))).into_response()
}

/// The text fields and staged files of a multipart form.
#[derive(Default)]
pub(crate) struct Posted {
    fields: Vec<(String, String)>,
    /// (field name, upload token) of each file part.
    pub(crate) files: Vec<(String, String)>,
}

impl Posted {
    pub(crate) fn get(&self, name: &str) -> String {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default()
    }

    fn lines(&self, name: &str) -> Vec<String> {
        self.fields
            .iter()
            .filter(|(k, _)| k == name)
            .flat_map(|(_, v)| v.lines().map(str::to_owned).collect::<Vec<_>>())
            .map(|l| l.trim().to_owned())
            .filter(|l| !l.is_empty())
            .collect()
    }
}

/// Reads a form: text fields, and file parts staged like citizens' uploads (checked
/// by content and size). `Err` is the refusal to show.
pub(crate) async fn read_form(
    state: &AppState,
    multipart: &mut Multipart,
) -> Result<Posted, Result<String, Response>> {
    let now = state.clock.now();
    let mut posted = Posted::default();
    let mut parts = super::form::Parts::default();
    loop {
        let mut field = match parts.next(multipart).await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(refusal) => return Err(Ok(refusal.message())),
        };
        let name = field.name().unwrap_or_default().to_owned();
        if field.file_name().is_some() {
            match stage_part(state, &mut field, None, now).await {
                Err(response) => return Err(Err(response)),
                Ok(None) => {}
                Ok(Some(Ok(token))) => posted.files.push((name, token)),
                Ok(Some(Err(message))) => return Err(Ok(message)),
            }
        } else {
            match super::form::text(&mut field).await {
                Ok(value) => posted.fields.push((name, value)),
                Err(refusal) => return Err(Ok(refusal.message())),
            }
        }
    }
    Ok(posted)
}

fn parse_local(text: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M"))
        .ok()
}

/// The command an action form asks for; a refusal names the missing or wrong field.
async fn command_of(state: &AppState, action: Action, p: &Posted) -> Result<Command, Failure> {
    let note = p.get("note");
    let optional = |s: String| Some(s).filter(|s| !s.is_empty());
    Ok(match action {
        Action::Receive => Command::Receive,
        Action::RequestSupplement => Command::RequestSupplement {
            items: p.lines("items"),
            reason: p.get("reason"),
            override_reason: optional(p.get("override_reason")),
        },
        Action::Refuse => Command::Refuse {
            reasons: p.lines("items"),
        },
        Action::AnswerSupplement => {
            let mut files = Vec::new();
            for (_, token) in &p.files {
                if let Some(f) = uploads::find(&state.pool, token)
                    .await
                    .map_err(|e| e.to_string())?
                {
                    files.push(f);
                }
            }
            if files.is_empty() {
                return Err("Tài liệu bổ sung: chưa đính kèm bản quét".into());
            }
            Command::AnswerSupplement { note, files }
        }
        Action::SendToProcessing => Command::SendToProcessing { note },
        Action::Assign => Command::Assign {
            to: p.get("to"),
            note,
        },
        Action::Forward => Command::Forward { note },
        Action::SendBack => Command::SendBack {
            comment: p.get("comment"),
        },
        Action::Transfer => Command::Transfer {
            to_unit: p.get("to_unit"),
            note,
        },
        Action::ReturnFromTransfer => Command::ReturnFromTransfer { note },
        Action::RequestPayment => Command::RequestPayment {
            amount: p.get("amount"),
        },
        Action::ConfirmPayment => Command::ConfirmPayment { note },
        Action::Apologize => Command::Apologize {
            reason: p.get("reason"),
            new_due: parse_local(&p.get("new_due"))
                .ok_or("Ngày hẹn trả mới: nhập ngày và giờ (dd/mm/yyyy hh:mm)")?,
        },
        Action::Decide => Command::Decide {
            override_reason: optional(p.get("override_reason")),
            note,
        },
        Action::Return => Command::Return(match p.get("method").as_str() {
            "desk" => ReturnMethod::Desk {
                collected_by: p.get("collected_by"),
            },
            "post" => ReturnMethod::Post {
                tracking_no: p.get("tracking_no"),
            },
            "electronic" => ReturnMethod::Electronic,
            _ => return Err("Hình thức trả kết quả: chọn một hình thức".into()),
        }),
        Action::Stop => Command::Stop {
            reason: p.get("reason"),
        },
        Action::Withdraw => Command::Withdraw {
            reason: p.get("reason"),
        },
    })
}

/// Why a form post did not go through: a refusal the person reads, or our failure
/// (logged; they read the generic message).
pub(crate) enum Failure {
    /// Shown as it is.
    Refused(String),
    /// Logged, never shown.
    Internal(String),
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure::Refused(message)
    }
}

impl From<&str> for Failure {
    fn from(message: &str) -> Self {
        Failure::Refused(message.to_owned())
    }
}

impl From<ActError> for Failure {
    fn from(e: ActError) -> Self {
        match e {
            ActError::Internal(m) => Failure::Internal(m),
            refused => Failure::Refused(refused.to_string()),
        }
    }
}

impl From<accounts::StaffError> for Failure {
    fn from(e: accounts::StaffError) -> Self {
        match e {
            accounts::StaffError::Database(e) => Failure::Internal(e.to_string()),
            refused => Failure::Refused(refused.to_string()),
        }
    }
}

/// The answer to a form post: the done page, or back to `page` with the refusal.
pub(crate) fn finish(page: &str, what: &str, result: Result<Response, Failure>) -> Response {
    match result {
        Ok(done) => done,
        Err(Failure::Refused(message)) => back(page, "loi", &message),
        Err(Failure::Internal(error)) => {
            tracing::error!(%error, page, "{what} failed");
            back(
                page,
                "loi",
                "Hệ thống đang gặp sự cố. Vui lòng thử lại sau.",
            )
        }
    }
}

/// The signed-in staff member and the posted form, or the answer to send instead (the
/// sign-in page, or back to `page` with the form's refusal).
pub(crate) async fn signed_in_form(
    state: &AppState,
    headers: &HeaderMap,
    multipart: &mut Multipart,
    page: &str,
) -> Result<(StaffProfile, Posted), Response> {
    let Some(me) = staff_of(state, headers).await else {
        return Err(sign_in_first(page));
    };
    match read_form(state, multipart).await {
        Ok(posted) => Ok((me, posted)),
        Err(Ok(message)) => Err(back(page, "loi", &message)),
        Err(Err(response)) => Err(response),
    }
}

fn env(state: &AppState) -> Env<'_> {
    Env {
        pool: &state.pool,
        catalog: &state.catalog_sql,
        notices: &state.notices,
    }
}

/// `POST /can-bo/ho-so/{id}/thao-tac`: one action on a dossier (`action`,
/// `row_version` and the action's fields). On a conflict the officer comes back to the
/// fresh state with "Hồ sơ đã được cập nhật bởi người khác".
pub async fn act_on_dossier(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Response {
    let page = format!("/can-bo/ho-so/{id}");
    let (me, posted) = match signed_in_form(&state, &headers, &mut multipart, &page).await {
        Ok(found) => found,
        Err(answer) => return answer,
    };
    let result = async {
        let action: Action = posted
            .get("action")
            .parse()
            .map_err(|_| "Thao tác không hợp lệ")?;
        let command = command_of(&state, action, &posted).await?;
        let expected = posted.get("row_version").parse::<i64>().ok();
        let now = state.clock.now();
        match act(env(&state), &acting(&me), &id, expected, command, now).await {
            Ok(out) => Ok(back(
                &page,
                "thong_bao",
                &format!("Đã thực hiện: {} ({})", action.label(), out.status.label()),
            )),
            Err(ActError::NotFound(_)) => {
                Ok((StatusCode::NOT_FOUND, "Không tìm thấy hồ sơ").into_response())
            }
            Err(e) => Err(e.into()),
        }
    }
    .await;
    finish(&page, "a staff action", result)
}

/// `POST /can-bo/quan-tri/tai-khoan`: an administrator creates an account.
pub async fn create_account(
    State(state): State<AppState>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Response {
    let page = "/can-bo/quan-tri";
    let (me, p) = match signed_in_form(&state, &headers, &mut multipart, page).await {
        Ok(found) => found,
        Err(answer) => return answer,
    };
    let result = async {
        let role: StaffRole = p
            .get("role")
            .parse()
            .map_err(|_| "Vai trò: chọn một vai trò")?;
        let new = NewStaff {
            username: p.get("username"),
            full_name: p.get("full_name"),
            unit_code: p.get("unit_code"),
            role,
            email: Some(p.get("email")),
            password: p.get("password"),
        };
        let now = state.clock.now().timestamp_millis();
        let made = accounts::create(&state.pool, &new, Some(&me), now).await?;
        Ok(back(
            page,
            "thong_bao",
            &format!("Đã tạo tài khoản {}", made.username),
        ))
    }
    .await;
    finish(page, "creating an account", result)
}

/// `POST /can-bo/quan-tri/tai-khoan/{id}`: change role and active flag.
pub async fn update_account(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Response {
    let page = "/can-bo/quan-tri";
    let (me, p) = match signed_in_form(&state, &headers, &mut multipart, page).await {
        Ok(found) => found,
        Err(answer) => return answer,
    };
    let result = async {
        let role: StaffRole = p
            .get("role")
            .parse()
            .map_err(|_| "Vai trò: chọn một vai trò")?;
        let active = matches!(p.get("active").as_str(), "1" | "on");
        let now = state.clock.now().timestamp_millis();
        accounts::update(&state.pool, &me, &id, role, active, now).await?;
        Ok(back(page, "thong_bao", "Đã cập nhật tài khoản"))
    }
    .await;
    finish(page, "updating an account", result)
}

/// `POST /can-bo/tiep-nhan`: the desk enters and receives a paper dossier (in person or
/// by post) with its scans (`doc.<slot>` file parts, pages in order). Goes to the new
/// dossier's page, where form 01 is ready to print; a refusal comes back to the same
/// procedure's form.
pub async fn intake(
    State(state): State<AppState>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Response {
    let form = "/can-bo/tiep-nhan";
    let (me, p) = match signed_in_form(&state, &headers, &mut multipart, form).await {
        Ok(found) => found,
        Err(answer) => return answer,
    };
    let page = format!("{form}?thu-tuc={}", encode(&p.get("procedure")));
    let result = async {
        if me.role != StaffRole::OneStopOfficer {
            return Err("Chỉ cán bộ một cửa được tiếp nhận hồ sơ".into());
        }
        let channel = p
            .get("channel")
            .parse()
            .map_err(|_| "Kênh tiếp nhận: chọn trực tiếp hoặc bưu chính")?;
        let mut scans = Vec::new();
        for (name, token) in &p.files {
            let Some(slot) = name.strip_prefix("doc.") else {
                continue;
            };
            let staged = uploads::find(&state.pool, token)
                .await
                .map_err(|e| Failure::Internal(e.to_string()))?;
            scans.extend(staged.map(|f| (slot.to_owned(), f)));
        }
        let paper = crate::processing::intake::PaperDossier {
            procedure: p.get("procedure"),
            channel,
            applicant: motcua_core::dossier::PersonForm {
                full_name: p.get("full_name"),
                personal_id: p.get("personal_id"),
                date_of_birth: p.get("date_of_birth"),
                phone: p.get("phone"),
                email: p.get("email"),
                address: p.get("address"),
            },
            scans,
            note: p.get("note"),
        };
        let now = state.clock.now();
        let out = crate::processing::intake::intake(env(&state), &acting(&me), paper, now).await?;
        Ok(back(
            &format!("/can-bo/ho-so/{}", out.dossier_id),
            "thong_bao",
            &format!("Đã tiếp nhận hồ sơ {}", out.reference),
        ))
    }
    .await;
    finish(&page, "intake", result)
}

/// `POST /can-bo/quan-tri/don-vi`: the system administrator creates a unit.
pub async fn create_unit(
    State(state): State<AppState>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Response {
    let page = "/can-bo/quan-tri";
    let (me, p) = match signed_in_form(&state, &headers, &mut multipart, page).await {
        Ok(found) => found,
        Err(answer) => return answer,
    };
    let new = crate::staff::units::NewUnit {
        code: p.get("code"),
        name: p.get("name"),
        parent: Some(p.get("parent")),
        receives: matches!(p.get("receives").as_str(), "1" | "on" | "true"),
        address: p.get("address"),
        phone: p.get("phone"),
        email: p.get("email"),
    };
    let now = state.clock.now().timestamp_millis();
    let result = crate::staff::units::create(&state.pool, &me, &new, now)
        .await
        .map(|()| {
            back(
                page,
                "thong_bao",
                &format!("Đã tạo đơn vị {}", new.code.trim()),
            )
        })
        .map_err(Failure::from);
    finish(page, "creating a unit", result)
}
