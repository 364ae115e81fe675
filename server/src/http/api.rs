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
async fn version() -> Json<serde_json::Value> {
    Json(json!({ "name": "motcua", "version": env!("CARGO_PKG_VERSION") }))
}

#[derive(Deserialize)]
struct SearchParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    field: String,
    #[serde(default)]
    agency: String,
    #[serde(default)]
    level: String,
    #[serde(default)]
    online_level: String,
    limit: Option<usize>,
}

#[derive(Serialize)]
struct SearchResponse {
    query: String,
    /// How many are in this answer (`total` says how many match in all).
    count: usize,
    #[serde(flatten)]
    page: SearchPage,
}

/// `GET /api/v1/procedures?q=…&field=…&agency=…&level=…&online_level=…&limit=…`:
/// ranked matches, with or without diacritics.
async fn search_procedures(
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
async fn procedure(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<ProcedurePage>, ApiError> {
    Ok(Json(load(&state, &slug).await?))
}

#[derive(Deserialize)]
struct PreviewParams {
    unit: Option<String>,
    channel: Option<String>,
}

#[derive(Serialize)]
struct PreviewResponse {
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
async fn preview(
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
    let schedule = unit
        .calendar
        .build()
        .map_err(|e| ApiError::Internal(Box::new(e)))?;
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
