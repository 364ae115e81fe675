//! The JSON API for integrations, under `/api/v1`, and the health check.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use motcua_app::serverfns::procedure::{SearchForm, SEARCH_LIMIT};
use motcua_app::services::{ProcedurePage, SearchPage};
use motcua_core::deadline::{vietnam_local, Deadline};
use motcua_core::procedure::Channel;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{ApiError, AppState};
use crate::database;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/version", get(version))
        .route("/procedures", get(search_procedures))
        .route("/procedures/{slug}", get(procedure))
        .route("/procedures/{slug}/preview", get(preview))
        .route("/dossiers/{number}", get(dossier_status))
        .route("/openapi.json", get(openapi_json))
}

/// `GET /api/v1/openapi.json`: the OpenAPI 3.1 document of this API, generated from the
/// handlers and types (see `openapi.rs`).
async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(super::openapi::document())
}

#[derive(Deserialize, utoipa::IntoParams)]
pub(super) struct StatusParams {
    /// The applicant's phone number, as given in the application.
    phone: String,
}

/// `GET /api/v1/dossiers/{number}?phone=…`: a dossier's status, timeline and
/// appointment by its code (or submission number) and the applicant's phone.
/// Rate-limited per client; a wrong phone answers 404 like an unknown number.
#[utoipa::path(get, path = "/api/v1/dossiers/{number}", tag = "dossiers",
    params(("number" = String, Path, description = "Mã hồ sơ or submission number"), StatusParams),
    responses((status = 200, description = "The dossier", body = motcua_app::services::DossierView),
              (status = 404, description = "No dossier with this number and phone", body = ErrorBody),
              (status = 429, description = "Too many look-ups", body = ErrorBody)))]
pub(super) async fn dossier_status(
    State(state): State<AppState>,
    Path(number): Path<String>,
    Query(params): Query<StatusParams>,
    axum::Extension(client): axum::Extension<super::guard::client::ClientAddress>,
) -> Result<Json<motcua_app::services::DossierView>, ApiError> {
    use motcua_app::services::TrackError;
    match state
        .dossiers
        .track(number.trim(), &params.phone, &client.0)
        .await
        .map_err(|e| ApiError::Internal(e.0))?
    {
        Ok(view) => Ok(Json(view)),
        Err(e @ TrackError::NotFound) => Err(ApiError::NotFound(e.to_string())),
        Err(e @ TrackError::TooMany { .. }) => Err(ApiError::TooMany(e.to_string())),
    }
}

/// The body of every error answer.
#[derive(Serialize, utoipa::ToSchema)]
pub(super) struct ErrorBody {
    /// What went wrong, in Vietnamese.
    error: String,
    /// The parameter or input at fault, for bad input.
    field: Option<String>,
}

/// `GET /healthz`: 200 when the database answers, 503 otherwise (for load balancers).
pub(super) async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    match database::ping(&state.pool).await {
        Ok(()) => (
            StatusCode::OK,
            Json(json!({ "status": "ok", "database": state.backend })),
        ),
        Err(error) => {
            tracing::warn!(%error, "health check: database unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "unavailable", "database": state.backend })),
            )
        }
    }
}

/// `GET /api/v1/version`.
#[utoipa::path(get, path = "/api/v1/version", tag = "portal",
    responses((status = 200, description = "Name and version of the server")))]
pub(super) async fn version() -> Json<serde_json::Value> {
    Json(json!({ "name": "motcua", "version": env!("CARGO_PKG_VERSION") }))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub(super) struct SearchParams {
    /// Words to find, with or without diacritics ("dang ky khai sinh", "GPLX"); at most
    /// 200 characters; empty lists everything.
    #[serde(default)]
    q: String,
    /// Field (lĩnh vực), with or without diacritics.
    #[serde(default)]
    field: String,
    /// Agency electronic code; includes the agencies under it (`H15` covers `H15.50`).
    #[serde(default)]
    agency: String,
    /// `province` or `commune`.
    #[serde(default)]
    level: String,
    /// `toan_trinh`, `mot_phan` or `none`.
    #[serde(default)]
    online_level: String,
    /// Most results in the answer, 1–500 (default 50).
    limit: Option<usize>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub(super) struct SearchResponse {
    query: String,
    /// How many are in this answer (`total` says how many match in all).
    count: usize,
    #[serde(flatten)]
    page: SearchPage,
}

/// `GET /api/v1/procedures?q=…&field=…&agency=…&level=…&online_level=…&limit=…`:
/// ranked matches, with or without diacritics.
#[utoipa::path(get, path = "/api/v1/procedures", tag = "catalogue", params(SearchParams),
    responses((status = 200, description = "Ranked matches", body = SearchResponse),
              (status = 400, description = "Query too long or a bad filter", body = ErrorBody)))]
pub(super) async fn search_procedures(
    State(state): State<AppState>,
    Query(params): Query<SearchParams>,
) -> Result<Json<SearchResponse>, ApiError> {
    let form = SearchForm {
        q: params.q,
        field: params.field,
        agency: params.agency,
        level: params.level,
        online_level: params.online_level,
    };
    let (query, filters) = form.parse().map_err(|message| ApiError::BadRequest {
        field: "q",
        message,
    })?;
    let limit = params.limit.unwrap_or(SEARCH_LIMIT);
    if !(1..=500).contains(&limit) {
        return Err(ApiError::BadRequest {
            field: "limit",
            message: "Số kết quả phải từ 1 đến 500.".into(),
        });
    }
    let page = state
        .catalog
        .search(&query, &filters, limit)
        .await
        .map_err(|e| ApiError::Internal(e.0))?;
    Ok(Json(SearchResponse {
        query: query.as_str().to_owned(),
        count: page.procedures.len(),
        page,
    }))
}

async fn load(state: &AppState, slug: &str) -> Result<ProcedurePage, ApiError> {
    state
        .catalog
        .procedure(slug)
        .await
        .map_err(|e| ApiError::Internal(e.0))?
        .ok_or_else(|| ApiError::NotFound(format!("Không có thủ tục «{slug}».")))
}

/// `GET /api/v1/procedures/{slug}`: the current version with every published component
/// and the units (with their calendars) where it can be filed.
#[utoipa::path(get, path = "/api/v1/procedures/{slug}", tag = "catalogue",
    params(("slug" = String, Path, description = "Procedure identifier, e.g. dang-ky-khai-sinh")),
    responses((status = 200, description = "The procedure", body = ProcedurePage),
              (status = 404, description = "No such procedure", body = ErrorBody)))]
pub(super) async fn procedure(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<ProcedurePage>, ApiError> {
    Ok(Json(load(&state, &slug).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub(super) struct PreviewParams {
    /// The receiving unit's code (default: the first unit).
    unit: Option<String>,
    /// `in_person`, `online` or `post` (default: online when offered).
    channel: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub(super) struct PreviewResponse {
    unit: String,
    channel: Channel,
    /// Local time (UTC+7) the preview assumes the dossier is received at.
    received_at: String,
    start: String,
    due: Option<String>,
    text: String,
    calendar_version: String,
}

/// `GET /api/v1/procedures/{slug}/preview?unit=…&channel=…`: the appointment if the
/// dossier were received now, by the server's clock — the same computation and wording
/// as the procedure page's live preview.
#[utoipa::path(get, path = "/api/v1/procedures/{slug}/preview", tag = "catalogue",
    params(("slug" = String, Path, description = "Procedure identifier"), PreviewParams),
    responses((status = 200, description = "The appointment if received now", body = PreviewResponse),
              (status = 400, description = "Unknown unit or channel", body = ErrorBody),
              (status = 404, description = "No such procedure", body = ErrorBody)))]
pub(super) async fn preview(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(params): Query<PreviewParams>,
) -> Result<Json<PreviewResponse>, ApiError> {
    let page = load(&state, &slug).await?;
    let unit = match params.unit {
        Some(code) => {
            page.units
                .iter()
                .find(|u| u.code == code)
                .ok_or_else(|| ApiError::BadRequest {
                    field: "unit",
                    message: format!("Đơn vị «{code}» không tiếp nhận thủ tục này."),
                })?
        }
        None => page
            .units
            .first()
            .ok_or_else(|| ApiError::NotFound("Thủ tục chưa có đơn vị tiếp nhận.".to_owned()))?,
    };
    let channel = match params.channel.as_deref() {
        Some(c) => c.parse::<Channel>().map_err(|e| ApiError::BadRequest {
            field: "channel",
            message: e.to_string(),
        })?,
        None if page.version.accepts_online() => Channel::Online,
        None => Channel::InPerson,
    };
    let terms = page
        .version
        .terms(channel)
        .ok_or_else(|| ApiError::BadRequest {
            field: "channel",
            message: format!("Thủ tục không thực hiện theo cách «{}».", channel.label()),
        })?;
    let schedule = state
        .catalog_sql
        .snapshot()
        .await
        .map_err(|e| ApiError::Internal(Box::new(e)))?
        .schedule(&unit.code)
        .map_err(|e| ApiError::Internal(Box::new(e)))?
        .ok_or_else(|| ApiError::NotFound(format!("Không có đơn vị «{}».", unit.code)))?;
    let now = state.clock.now();
    let Deadline { start, due } = schedule
        .schedule()
        .deadline(vietnam_local(now), &terms.time_limit)
        .map_err(|e| ApiError::Internal(Box::new(e)))?;
    let minute = |t: chrono::NaiveDateTime| t.format("%Y-%m-%dT%H:%M").to_string();
    Ok(Json(PreviewResponse {
        unit: unit.code.clone(),
        channel,
        received_at: minute(vietnam_local(now)),
        start: minute(start),
        due: due.map(minute),
        text: schedule.preview_text(now, &terms.time_limit),
        calendar_version: schedule.calendar().version().to_string(),
    }))
}
