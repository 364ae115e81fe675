//! The JSON API for integrations, under `/api/v1`, and the health check.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use motcua_core::procedure::ProcedureSummary;
use motcua_core::search::SearchQuery;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{ApiError, AppState};
use crate::database;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/version", get(version))
        .route("/procedures", get(search_procedures))
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
}

#[derive(Serialize)]
struct SearchResponse {
    query: String,
    count: usize,
    procedures: Vec<ProcedureSummary>,
}

/// `GET /api/v1/procedures?q=…`: procedures whose name contains every word of `q`,
/// with or without diacritics.
async fn search_procedures(
    State(state): State<AppState>,
    Query(params): Query<SearchParams>,
) -> Result<Json<SearchResponse>, ApiError> {
    let query = SearchQuery::parse(&params.q).map_err(|e| ApiError::BadRequest {
        field: "q",
        message: e.to_string(),
    })?;
    let procedures = state
        .catalog
        .search(&query)
        .await
        .map_err(|e| ApiError::Internal(e.0))?;
    Ok(Json(SearchResponse {
        count: procedures.len(),
        query: query.as_str().to_owned(),
        procedures,
    }))
}
