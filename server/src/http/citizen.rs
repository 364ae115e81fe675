//! Citizen endpoints that are plain HTTP rather than server functions, because they
//! carry files: staging an upload, submitting a dossier (the form posts here with or
//! without JavaScript; the JSON API uses the same handler) and the receipt PDF.

use std::collections::BTreeMap;

use axum::body::Body;
use axum::extract::{Extension, Multipart, Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Json;
use motcua_app::services::{application_from_pairs, CitizenProfile, SubmitAnswer};
use motcua_core::dossier::{FieldError, FormErrors, UploadError};
use serde_json::json;

use super::form::{self, FormRefusal, Parts};
use super::guard::{self, client::ClientAddress, refusal::Audience};
use super::staging::{self, Staged};
use super::AppState;
use crate::dossier::submit::{self, Submission, SubmitError};
use crate::dossier::uploads::{self, StageError};

/// The citizen signed in by the session cookie or an `Authorization: Bearer` token.
pub async fn citizen(state: &AppState, headers: &HeaderMap) -> Option<CitizenProfile> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_owned);
    let cookie = super::guard::cookie(
        headers,
        &state.transport.cookie_name(motcua_app::SESSION_COOKIE),
    );
    let token = bearer.or(cookie)?;
    state.accounts.session(&token).await.ok().flatten()
}

fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"))
}

fn not_signed_in() -> Response {
    (
        StatusCode::UNAUTHORIZED,
        Json(json!({ "error": "Vui lòng đăng nhập để nộp hồ sơ." })),
    )
        .into_response()
}

pub(crate) fn internal(error: impl std::fmt::Display) -> Response {
    tracing::error!(%error, "citizen request failed");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        Json(json!({ "error": "Hệ thống đang gặp sự cố. Vui lòng thử lại sau." })),
    )
        .into_response()
}

/// Reads one multipart field, refusing it as soon as it passes `max` bytes (so a huge
/// file is never held in memory).
pub(crate) async fn read_limited(
    field: &mut axum::extract::multipart::Field<'_>,
    name: &str,
    max: u64,
) -> Result<Result<Vec<u8>, UploadError>, axum::extract::multipart::MultipartError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await? {
        bytes.extend_from_slice(&chunk);
        if bytes.len() as u64 > max {
            // Drain nothing more: the request is answered now.
            return Ok(Err(UploadError::FileTooLarge {
                file: uploads::display_name(name),
                size: bytes.len() as u64,
                max,
            }));
        }
    }
    Ok(Ok(bytes))
}

/// Stages a file part of a form posted without JavaScript: `None` for an empty file
/// input, the upload token, or the Vietnamese refusal; `Err` is the answer to send when
/// something failed on our side.
pub(crate) async fn stage_part(
    state: &AppState,
    field: &mut axum::extract::multipart::Field<'_>,
    citizen_id: Option<&str>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Option<Result<String, String>>, Response> {
    let file_name = field.file_name().unwrap_or_default().to_owned();
    let bytes = match read_limited(field, &file_name, state.limits.max_file_bytes).await {
        Ok(Ok(b)) => b,
        Ok(Err(e)) => return Ok(Some(Err(e.to_string()))),
        Err(e) => return Err(internal(e)),
    };
    if bytes.is_empty() && file_name.is_empty() {
        return Ok(None);
    }
    let staged = uploads::stage(
        &state.pool,
        &state.files,
        &state.limits,
        &file_name,
        &bytes,
        citizen_id,
        now.timestamp_millis(),
    )
    .await;
    match staged {
        Ok(s) => Ok(Some(Ok(s.token))),
        Err(e) => match e.refusal() {
            Some(message) => Ok(Some(Err(message))),
            None => Err(internal(e)),
        },
    }
}

/// `POST /api/v1/uploads`: one file (`file` part), checked by content and staged.
/// Answers `{token, format, size, file_name}` or 422 `{error}` in Vietnamese.
#[utoipa::path(post, path = "/api/v1/uploads", tag = "dossiers",
    request_body(content_type = "multipart/form-data", description = "One part named `file`: PDF, JPEG or PNG (checked by content)"),
    responses((status = 200, description = "Staged; attach with `uploads.{slot}` = token", body = crate::dossier::uploads::StagedUpload),
              (status = 401, description = "Not signed in (session cookie or `Authorization: Bearer`)"),
              (status = 422, description = "Refused: format, size or malware found (nothing stored), in Vietnamese")),
    security(("session" = [])))]
pub async fn upload(
    State(state): State<AppState>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Response {
    let Some(who) = citizen(&state, &headers).await else {
        return not_signed_in();
    };
    let refuse = |e: UploadError| {
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(json!({ "error": e.to_string() })),
        )
            .into_response()
    };
    let limit = |status: StatusCode, message: String| {
        (status, Json(json!({ "error": message, "field": "file" }))).into_response()
    };
    let mut parts = Parts::default();
    loop {
        let mut field = match parts.next(&mut multipart).await {
            Ok(Some(f)) => f,
            Ok(None) => {
                return (
                    StatusCode::BAD_REQUEST,
                    Json(json!({ "error": "Chưa chọn tệp.", "field": "file" })),
                )
                    .into_response()
            }
            Err(r) => return limit(r.status(), r.message()),
        };
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or_default().to_owned();
        let bytes = match read_limited(&mut field, &name, state.limits.max_file_bytes).await {
            Ok(Ok(b)) => b,
            Ok(Err(e)) => return refuse(e),
            Err(e) => {
                let r = FormRefusal::from_multipart(&e);
                return limit(r.status(), r.message());
            }
        };
        match staging::over_quota(&state, &who.id, bytes.len() as u64).await {
            Err(response) => return response,
            Ok(Some(Staged::Limit(status, message))) => return limit(status, message),
            Ok(_) => {}
        }
        let now = state.clock.now().timestamp_millis();
        return match uploads::stage(
            &state.pool,
            &state.files,
            &state.limits,
            &name,
            &bytes,
            Some(&who.id),
            now,
        )
        .await
        {
            Ok(staged) => Json(staged).into_response(),
            Err(StageError::Refused(e)) => refuse(e),
            Err(e @ StageError::Infected { .. }) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(json!({ "error": e.to_string(), "field": "file" })),
            )
                .into_response(),
            Err(e) => internal(e),
        };
    }
}

/// `POST /nop-ho-so/{slug}` and `POST /api/v1/procedures/{slug}/dossiers`: submit a
/// dossier. Text fields as named by `motcua-core`, upload tokens as `uploads.{slot}`,
/// or files directly as `documents.{slot}` (the form without JavaScript).
#[utoipa::path(post, path = "/api/v1/procedures/{slug}/dossiers", tag = "dossiers",
    params(("slug" = String, Path, description = "Procedure identifier")),
    request_body(content_type = "multipart/form-data", description = "Text parts `idempotency_key`, `unit`, `applicant.{full_name,personal_id,date_of_birth,phone,email,address}`, optional `for_someone_else` and `authorised_person.*`, `values.{field}`, `delivery.kind` (at_desk|by_post|electronic), `delivery.address`; files as `uploads.{slot}` tokens or `documents.{slot}` parts"),
    responses((status = 201, description = "Stored at status 1 (chờ tiếp nhận)", body = SubmitAnswer),
              (status = 200, description = "Already stored under this idempotency key", body = SubmitAnswer),
              (status = 401, description = "Not signed in"),
              (status = 422, description = "Refused: every problem with its input's name", body = SubmitAnswer)),
    security(("session" = [])))]
pub async fn submit_dossier(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Extension(client): Extension<ClientAddress>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Response {
    let json_answer = wants_json(&headers) || headers.get(header::AUTHORIZATION).is_some();
    let form_page = format!("/thu-tuc/{slug}/nop-ho-so");
    let Some(who) = citizen(&state, &headers).await else {
        if json_answer {
            return not_signed_in();
        }
        return Redirect::to(&format!("/dang-nhap?next=/thu-tuc/{slug}/nop-ho-so")).into_response();
    };
    let audience = if json_answer {
        Audience::Json
    } else {
        Audience::Html
    };
    // Rate and concurrency first: a refused submission reads and writes nothing.
    let _slot = match guard::rate::submission_refused(&state.guards, &who.id, &client.0, audience) {
        Ok(slot) => slot,
        Err(response) => return *response,
    };
    let now = state.clock.now();
    let mut pairs: Vec<(String, String)> = Vec::new();
    let mut tokens: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut refused: Vec<FieldError> = Vec::new();
    let mut parts = Parts::default();
    let mut staged_here: Vec<String> = Vec::new();
    let mut dossier_bytes = 0u64;
    let limit =
        |status: StatusCode, message: String| form_limit(json_answer, status, message, &form_page);
    loop {
        let mut field = match parts.next(&mut multipart).await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(r) => {
                return staging::give_up(&state, &staged_here, limit(r.status(), r.message())).await
            }
        };
        let name = field.name().unwrap_or_default().to_owned();
        if let Some(slot) = name.strip_prefix("documents.") {
            match staging::stage_counted(&state, &mut field, &who.id, now, &mut dossier_bytes).await
            {
                Err(response) => return staging::give_up(&state, &staged_here, response).await,
                Ok(Staged::Empty) => {}
                Ok(Staged::Token(token)) => {
                    staged_here.push(token.clone());
                    tokens.entry(slot.to_owned()).or_default().push(token);
                }
                Ok(Staged::Refused(message)) => refused.push(FieldError {
                    field: name.clone(),
                    message,
                }),
                Ok(Staged::Limit(status, message)) => {
                    return staging::give_up(&state, &staged_here, limit(status, message)).await
                }
            }
            continue;
        }
        let value = match form::text(&mut field).await {
            Ok(v) => v,
            Err(r) => {
                return staging::give_up(&state, &staged_here, limit(r.status(), r.message())).await
            }
        };
        if let Some(slot) = name.strip_prefix("uploads.") {
            tokens.entry(slot.to_owned()).or_default().push(value);
        } else {
            pairs.push((name, value));
        }
    }
    if !refused.is_empty() {
        let answer = refused_answer(json_answer, refused, &form_page);
        return staging::give_up(&state, &staged_here, answer).await;
    }
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let submission = Submission {
        slug: slug.clone(),
        unit: get("unit"),
        idempotency_key: get("idempotency_key"),
        form: application_from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))),
        uploads: tokens,
    };
    match submit::submit(
        &state.pool,
        &state.catalog_sql,
        &state.notices,
        &state.limits,
        &who.id,
        submission,
        now,
    )
    .await
    {
        Ok(done) => {
            let redirect = format!("/ho-so-cua-toi/{}", done.submission_no);
            if json_answer {
                let status = if done.created {
                    StatusCode::CREATED
                } else {
                    StatusCode::OK
                };
                (
                    status,
                    Json(SubmitAnswer::Submitted {
                        submission_no: done.submission_no,
                        redirect,
                    }),
                )
                    .into_response()
            } else {
                Redirect::to(&redirect).into_response()
            }
        }
        Err(SubmitError::Invalid(errors)) => {
            let answer = refused_answer(json_answer, errors.as_slice().to_vec(), &form_page);
            staging::give_up(&state, &staged_here, answer).await
        }
        Err(e) => staging::give_up(&state, &staged_here, internal(e)).await,
    }
}

/// A form refused by a limit of the whole request (413) or unreadable (400).
fn form_limit(json_answer: bool, status: StatusCode, message: String, back: &str) -> Response {
    let mut answer = refused_page(
        json_answer,
        vec![FieldError {
            field: "form".into(),
            message,
        }],
        back,
        "Hồ sơ chưa được nộp: vui lòng sửa các mục sau.",
    );
    *answer.status_mut() = status;
    answer
}

/// A refused submission: JSON for scripts, a short page for a browser without
/// JavaScript (its Back button returns to the form with what was typed).
fn refused_answer(json_answer: bool, errors: Vec<FieldError>, back: &str) -> Response {
    refused_page(
        json_answer,
        errors,
        back,
        "Hồ sơ chưa được nộp: vui lòng sửa các mục sau.",
    )
}

fn refused_page(json_answer: bool, errors: Vec<FieldError>, back: &str, heading: &str) -> Response {
    let message = heading.to_owned();
    if json_answer {
        let answer = SubmitAnswer::Refused {
            message,
            errors: FormErrors::from(errors),
        };
        return (StatusCode::UNPROCESSABLE_ENTITY, Json(answer)).into_response();
    }
    let items: String = errors
        .iter()
        .map(|e| format!("<li>{}</li>", html_escape(&e.message)))
        .collect();
    let page = format!(
        "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\"><title>Hồ sơ chưa được nộp</title>\
         <link rel=\"stylesheet\" href=\"/pkg/motcua.css\"></head><body>\
         <header class=\"portal-header\"><div class=\"bar\"><a class=\"brand\" href=\"/\">\
         <span class=\"emblem\" aria-hidden=\"true\">★</span><span class=\"brand-text\">\
         <span class=\"brand-title\">Cổng dịch vụ công</span></span></a></div></header>\
         <main class=\"page\"><section class=\"notice\"><h1 class=\"form-title\">{message}</h1>\
         <ul class=\"error-list\">{items}</ul>\
         <p>Dùng nút Quay lại của trình duyệt để sửa biểu mẫu (nội dung đã nhập vẫn còn), \
         hoặc <a href=\"{back}\">mở lại biểu mẫu</a>.</p></section></main></body></html>",
        back = html_escape(back)
    );
    (StatusCode::UNPROCESSABLE_ENTITY, Html(page)).into_response()
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `GET /ho-so/{id}/phieu-tiep-nhan.pdf`: the receipt (form 01) of a received dossier,
/// for its owner.
pub async fn receipt_pdf(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(who) = citizen(&state, &headers).await else {
        return (StatusCode::UNAUTHORIZED, "Vui lòng đăng nhập.").into_response();
    };
    match crate::dossier::receipt::render_for(
        &state.pool,
        &state.catalog_sql,
        &state.public_url,
        &id,
        Some(&who.id),
    )
    .await
    {
        Ok(Some((code, pdf))) => Response::builder()
            .header(header::CONTENT_TYPE, "application/pdf")
            .header(
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"phieu-tiep-nhan-{code}.pdf\""),
            )
            .body(Body::from(pdf))
            .map_or_else(internal, IntoResponse::into_response),
        Ok(None) => (
            StatusCode::NOT_FOUND,
            "Không có phiếu tiếp nhận cho hồ sơ này.",
        )
            .into_response(),
        Err(e) => internal(e),
    }
}

/// `POST /ho-so/{id}/bo-sung`: the citizen answers a supplement request with files
/// (`uploads.bo_sung` tokens, or `documents.bo_sung` parts without JavaScript) and an
/// optional `note`. Redirects back to the dossier (JSON `{ok}` / 422 `{error}` for scripts).
pub async fn answer_supplement(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Extension(client): Extension<ClientAddress>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Response {
    let json_answer = wants_json(&headers);
    let Some(who) = citizen(&state, &headers).await else {
        return not_signed_in();
    };
    let audience = if json_answer {
        Audience::Json
    } else {
        Audience::Html
    };
    // An answer stores files like a submission and counts as one.
    let _slot = match guard::rate::submission_refused(&state.guards, &who.id, &client.0, audience) {
        Ok(slot) => slot,
        Err(response) => return *response,
    };
    let now = state.clock.now();
    let mut tokens = Vec::new();
    let mut note = String::new();
    let mut number = String::new();
    let mut parts = Parts::default();
    let mut staged_here: Vec<String> = Vec::new();
    let mut dossier_bytes = 0u64;
    let refuse = |message: String, number: &str, status: StatusCode| {
        let back = if number.is_empty() {
            "/ho-so-cua-toi".to_owned()
        } else {
            format!("/ho-so-cua-toi/{number}")
        };
        let mut answer = if json_answer {
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(json!({ "error": message, "field": "documents.bo_sung" })),
            )
                .into_response()
        } else {
            refused_page(
                false,
                vec![FieldError {
                    field: "documents.bo_sung".into(),
                    message,
                }],
                &back,
                "Chưa gửi được hồ sơ bổ sung: vui lòng sửa các mục sau.",
            )
        };
        *answer.status_mut() = status;
        answer
    };
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    loop {
        let mut field = match parts.next(&mut multipart).await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(r) => {
                let answer = refuse(r.message(), &number, r.status());
                return staging::give_up(&state, &staged_here, answer).await;
            }
        };
        let name = field.name().unwrap_or_default().to_owned();
        if name == "documents.bo_sung" {
            let staged =
                staging::stage_counted(&state, &mut field, &who.id, now, &mut dossier_bytes).await;
            let answer = match staged {
                Err(response) => response,
                Ok(Staged::Empty) => continue,
                Ok(Staged::Token(token)) => {
                    staged_here.push(token.clone());
                    tokens.push(token);
                    continue;
                }
                Ok(Staged::Refused(message)) => refuse(message, &number, unprocessable),
                Ok(Staged::Limit(status, message)) => refuse(message, &number, status),
            };
            return staging::give_up(&state, &staged_here, answer).await;
        }
        let value = match form::text(&mut field).await {
            Ok(v) => v,
            Err(r) => {
                let answer = refuse(r.message(), &number, r.status());
                return staging::give_up(&state, &staged_here, answer).await;
            }
        };
        match name.as_str() {
            "uploads.bo_sung" => tokens.push(value),
            "note" => note = value,
            "number" => number = value,
            _ => {}
        }
    }
    match crate::dossier::supplement::answer(
        &state.pool,
        &state.catalog_sql,
        &state.notices,
        &who.id,
        &who.full_name,
        &id,
        &tokens,
        &note,
        now,
    )
    .await
    {
        Ok(()) if json_answer => Json(json!({ "ok": true })).into_response(),
        Ok(()) => Redirect::to(&format!("/ho-so-cua-toi/{number}")).into_response(),
        Err(crate::processing::ActError::Internal(e)) => {
            staging::give_up(&state, &staged_here, internal(e)).await
        }
        Err(e) => {
            let answer = refuse(e.to_string(), &number, unprocessable);
            staging::give_up(&state, &staged_here, answer).await
        }
    }
}

/// `GET /ho-so/{id}/ket-qua.pdf`: the applicant downloads the signed electronic result
/// once the result is ready (status 9 or 10).
pub async fn result_pdf(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(who) = citizen(&state, &headers).await else {
        return not_signed_in();
    };
    let owned = match crate::processing::load(&state.pool, &id).await {
        Ok(Some(d)) => {
            d.citizen_id.as_deref() == Some(who.id.as_str())
                && matches!(d.state.status.code(), 9 | 10)
        }
        Ok(None) => false,
        Err(e) => return internal(e),
    };
    if !owned {
        return (
            StatusCode::NOT_FOUND,
            "Không có kết quả điện tử cho hồ sơ này",
        )
            .into_response();
    }
    match crate::processing::result::file(&state.pool, &state.results, &id).await {
        Ok(Some((record, bytes))) => (
            [
                (
                    axum::http::header::CONTENT_TYPE,
                    "application/pdf".to_owned(),
                ),
                (
                    axum::http::header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"ket-qua-{}.pdf\"", record.code),
                ),
            ],
            bytes,
        )
            .into_response(),
        Ok(None) => (
            StatusCode::NOT_FOUND,
            "Không có kết quả điện tử cho hồ sơ này",
        )
            .into_response(),
        Err(e) => internal(e),
    }
}
