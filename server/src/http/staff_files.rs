//! What the staff area downloads: the slips of a dossier (forms 01–06, PDF), its signed
//! result and the unit's register (form 07, XLSX or PDF). Only for staff whose unit has
//! something to do with the dossier (anyone else gets the 404 of a dossier that does not
//! exist); the register of one's own unit. Administrators (agency and system) manage
//! accounts and units and see no dossier: they download none of these (issue 11).

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::Deserialize;

use motcua_app::services::StaffProfile;

use super::staff::staff_of;
use super::AppState;
use crate::processing::forms::{self, Form};

fn file(content_type: &'static str, name: String, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        ],
        bytes,
    )
        .into_response()
}

fn failed(e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "rendering a slip failed");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        "Hệ thống đang gặp sự cố. Vui lòng thử lại sau.",
    )
        .into_response()
}

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "Không có phiếu này cho hồ sơ").into_response()
}

/// The dossier `id` if `me` may download its papers: not an administrator, and of a
/// unit that received, processes or co-ordinates it (the staff dossier page's rule).
async fn dossier_for(
    state: &AppState,
    me: &StaffProfile,
    id: &str,
) -> Result<crate::processing::Loaded, Response> {
    if me.role.is_admin() {
        return Err(not_found());
    }
    match crate::processing::load(&state.pool, id).await {
        Ok(Some(d)) if d.units_of(&me.unit_code).any() => Ok(d),
        Ok(_) => Err(not_found()),
        Err(e) => Err(failed(e)),
    }
}

fn admins_download_no_register() -> Response {
    (
        StatusCode::FORBIDDEN,
        "Tài khoản quản trị không tải sổ theo dõi hồ sơ: sổ dành cho cán bộ tiếp nhận và xử lý.",
    )
        .into_response()
}

/// `GET /can-bo/ho-so/{id}/phieu/{NN}.pdf`: form 01–06 of a dossier.
pub async fn slip(
    State(state): State<AppState>,
    Path((id, name)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let Some(me) = staff_of(&state, &headers).await else {
        return (StatusCode::UNAUTHORIZED, "Vui lòng đăng nhập").into_response();
    };
    let dossier = match dossier_for(&state, &me, &id).await {
        Ok(d) => d,
        Err(refused) => return refused,
    };
    let Some(number) = name.strip_suffix(".pdf") else {
        return not_found();
    };
    let file_name = format!("mau-{number}-{}.pdf", dossier.reference());
    if number == "01" {
        return match crate::dossier::receipt::render_for(
            &state.pool,
            &state.catalog_sql,
            &state.public_url,
            &dossier.id,
            None,
        )
        .await
        {
            Ok(Some((_, pdf))) => file("application/pdf", file_name, pdf),
            Ok(None) => not_found(),
            Err(e) => failed(e),
        };
    }
    let Some(form) = Form::parse(number) else {
        return not_found();
    };
    match forms::render(&state.pool, &state.catalog_sql, &dossier.id, form).await {
        Ok(Some(pdf)) => file("application/pdf", file_name, pdf),
        Ok(None) => not_found(),
        Err(e) => failed(e),
    }
}

/// The register's period: `tu` and `den` as `yyyy-mm-dd`.
#[derive(Debug, Deserialize)]
pub struct Period {
    tu: String,
    den: String,
}

/// `GET /can-bo/so-theo-doi.xlsx?tu=&den=`: form 07 of my unit as a spreadsheet.
pub async fn register_xlsx(
    state: State<AppState>,
    period: Query<Period>,
    headers: HeaderMap,
) -> Response {
    register(state, period, headers, "so-theo-doi.xlsx").await
}

/// `GET /can-bo/so-theo-doi.pdf?tu=&den=`: form 07 of my unit as PDF.
pub async fn register_pdf(
    state: State<AppState>,
    period: Query<Period>,
    headers: HeaderMap,
) -> Response {
    register(state, period, headers, "so-theo-doi.pdf").await
}

async fn register(
    State(state): State<AppState>,
    Query(period): Query<Period>,
    headers: HeaderMap,
    name: &'static str,
) -> Response {
    let Some(me) = staff_of(&state, &headers).await else {
        return (StatusCode::UNAUTHORIZED, "Vui lòng đăng nhập").into_response();
    };
    if me.role.is_admin() {
        return admins_download_no_register();
    }
    let parse = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let (Some(from), Some(to)) = (parse(&period.tu), parse(&period.den)) else {
        return (
            StatusCode::UNPROCESSABLE_ENTITY,
            "Từ ngày, đến ngày: nhập ngày dạng yyyy-mm-dd",
        )
            .into_response();
    };
    if to < from || (to - from).num_days() > 366 {
        return (
            StatusCode::UNPROCESSABLE_ENTITY,
            "Đến ngày: phải sau từ ngày và trong vòng một năm",
        )
            .into_response();
    }
    let register =
        match forms::register(&state.pool, &state.catalog_sql, &me.unit_code, from, to).await {
            Ok(r) => r,
            Err(e) => return failed(e),
        };
    let base = format!("so-theo-doi-{}-{}-{}", me.unit_code, from, to);
    let rendered = tokio::task::spawn_blocking(move || match name {
        "so-theo-doi.xlsx" => Some(crate::slips::render_register_xlsx(&register).map(|b| {
            (
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "xlsx",
                b,
            )
        })),
        "so-theo-doi.pdf" => {
            Some(crate::slips::render_register(&register).map(|b| ("application/pdf", "pdf", b)))
        }
        _ => None,
    })
    .await;
    match rendered {
        Ok(Some(Ok((kind, ext, bytes)))) => file(kind, format!("{base}.{ext}"), bytes),
        Ok(None) => not_found(),
        Ok(Some(Err(e))) => failed(e),
        Err(e) => failed(e),
    }
}

/// `POST /can-bo/ho-so/{id}/ket-qua`: the result document (`tep`, PDF) uploaded, stamped
/// with a verification code and signed with the processing agency's key.
pub async fn sign_result(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    mut multipart: axum::extract::Multipart,
) -> Response {
    let page = format!("/can-bo/ho-so/{id}");
    let back = |key: &str, message: &str| super::staff::back(&page, key, message);
    let Some(me) = staff_of(&state, &headers).await else {
        return super::staff::sign_in_first(&page);
    };
    let mut pdf: Option<(String, Vec<u8>)> = None;
    let mut expected = None;
    let mut parts = super::form::Parts::default();
    loop {
        let mut field = match parts.next(&mut multipart).await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(refusal) => return back("loi", &refusal.message()),
        };
        match field.name().unwrap_or_default() {
            "tep" => {
                let name = field.file_name().unwrap_or_default().to_owned();
                match super::citizen::read_limited(
                    &mut field,
                    &name,
                    crate::signing::MAX_ORIGINAL_BYTES,
                )
                .await
                {
                    Ok(Ok(bytes)) if !bytes.is_empty() => pdf = Some((name, bytes)),
                    Ok(Ok(_)) => {}
                    Ok(Err(e)) => return back("loi", &e.to_string()),
                    Err(e) => {
                        return back("loi", &format!("Không đọc được tệp: {}", e.body_text()))
                    }
                }
            }
            "row_version" => {
                expected = super::form::text(&mut field)
                    .await
                    .ok()
                    .and_then(|v| v.trim().parse().ok())
            }
            _ => {}
        }
    }
    let Some((name, bytes)) = pdf else {
        return back("loi", "Văn bản kết quả: chưa chọn tệp PDF");
    };
    let signed = crate::processing::result::sign(
        &state.pool,
        &state.results,
        &state.signing_keys,
        &state.public_url,
        &me,
        &id,
        expected,
        &name,
        &bytes,
        state.clock.now(),
    )
    .await;
    let result = signed
        .map(|record| {
            back(
                "thong_bao",
                &format!("Đã ký số văn bản kết quả. Mã xác thực: {}", record.code),
            )
        })
        .map_err(super::staff::Failure::from);
    super::staff::finish(&page, "signing a result", result)
}

/// `GET /can-bo/ho-so/{id}/ket-qua.pdf`: the signed result, for staff of the dossier.
pub async fn result_pdf(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(me) = staff_of(&state, &headers).await else {
        return (StatusCode::UNAUTHORIZED, "Vui lòng đăng nhập").into_response();
    };
    if let Err(refused) = dossier_for(&state, &me, &id).await {
        return refused;
    }
    match crate::processing::result::file(&state.pool, &state.results, &id).await {
        Ok(Some((record, bytes))) => file(
            "application/pdf",
            format!("ket-qua-{}.pdf", record.code),
            bytes,
        ),
        Ok(None) => not_found(),
        Err(e) => failed(e),
    }
}
