//! `GET /tai-khoan/du-lieu.zip`: everything the system holds about the signed-in citizen
//! (Decree 13/2023/NĐ-CP): `du-lieu.json` and the files they sent
//! (`accounts::personal_data`). Never cached; at most 5 per hour per account.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use motcua_app::services::SecurityError;

use super::citizen::citizen;
use super::AppState;

/// The export, as a zip download.
pub async fn export(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(who) = citizen(&state, &headers).await else {
        return (StatusCode::UNAUTHORIZED, "Vui lòng đăng nhập.").into_response();
    };
    let accounts = &state.citizen_accounts;
    let failed = |error: String| {
        tracing::error!(%error, "personal data export failed");
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            "Hệ thống đang gặp sự cố. Vui lòng thử lại sau.",
        )
            .into_response()
    };
    match accounts.export_allowed(&who.id).await {
        Ok(Ok(())) => {}
        Ok(Err(SecurityError::TooManyAttempts { retry_after_s })) => {
            return (
                StatusCode::TOO_MANY_REQUESTS,
                [(header::RETRY_AFTER, retry_after_s.to_string())],
                format!(
                    "Bạn đã tải dữ liệu quá nhiều lần. Vui lòng thử lại sau {retry_after_s} giây."
                ),
            )
                .into_response();
        }
        Ok(Err(e)) => return (StatusCode::FORBIDDEN, e.to_string()).into_response(),
        Err(e) => return failed(e.to_string()),
    }
    let (data, files) = match accounts.export(&who.id).await {
        Ok(found) => found,
        Err(e) => return failed(e.to_string()),
    };
    let store = state.files.clone();
    let zipped = tokio::task::spawn_blocking(move || {
        crate::accounts::personal_data::zip(&data, &files, &store)
    })
    .await;
    match zipped {
        Ok(Ok(bytes)) => (
            [
                (header::CONTENT_TYPE, "application/zip".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"du-lieu-ca-nhan.zip\"".to_owned(),
                ),
                (header::CACHE_CONTROL, "no-store".to_owned()),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            ],
            bytes,
        )
            .into_response(),
        Ok(Err(e)) => failed(e.to_string()),
        Err(e) => failed(e.to_string()),
    }
}
