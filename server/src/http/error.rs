use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// Every error the JSON API returns. Internal details are logged, never sent: the client
/// gets a Vietnamese message and, for bad input, the name of the field.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The request is malformed; `field` names the parameter.
    #[error("{field}: {message}")]
    BadRequest {
        /// The parameter at fault.
        field: &'static str,
        /// What is wrong, in Vietnamese.
        message: String,
    },
    /// The thing asked for does not exist; the message says what, in Vietnamese.
    #[error("not found: {0}")]
    NotFound(String),
    /// Too many requests from this client.
    #[error("too many requests: {0}")]
    TooMany(String),
    /// Something failed on our side.
    #[error("internal error: {0}")]
    Internal(Box<dyn std::error::Error + Send + Sync>),
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::BadRequest { field, message } => (
                StatusCode::BAD_REQUEST,
                Json(json!({ "error": message, "field": field })),
            )
                .into_response(),
            ApiError::NotFound(message) => {
                (StatusCode::NOT_FOUND, Json(json!({ "error": message }))).into_response()
            }
            ApiError::TooMany(message) => (
                StatusCode::TOO_MANY_REQUESTS,
                Json(json!({ "error": message })),
            )
                .into_response(),
            ApiError::Internal(source) => {
                tracing::error!(error = %source, "API request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    Json(json!({ "error": "Hệ thống đang gặp sự cố. Vui lòng thử lại sau." })),
                )
                    .into_response()
            }
        }
    }
}
