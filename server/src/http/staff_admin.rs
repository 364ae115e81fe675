//! The administrators' form posts of issue 11: issuing a temporary password (shown once,
//! on a page of its own that is never cached) and the per-unit permission to appoint
//! signers. Refusals go back to `/can-bo/quan-tri?loi=` like every staff form.

use axum::extract::{Multipart, Path, State};
use axum::http::{header, HeaderMap};
use axum::response::{Html, IntoResponse, Response};

use super::staff::{back, finish, signed_in_form, Failure};
use super::AppState;
use crate::staff::passwords::{self, TEMPORARY_HOURS};

const PAGE: &str = "/can-bo/quan-tri";

/// The page that shows a temporary password once. Nothing in it comes from input but the
/// user name (`[a-z0-9._-]`) and the generated password (letters, digits, `-`).
fn shown_once(username: &str, temporary: &str) -> Response {
    let html = format!(
        "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Mật khẩu tạm · Cổng dịch vụ công</title>\
         <link rel=\"stylesheet\" href=\"/pkg/motcua.css\"></head><body>\
         <main class=\"staff-page\"><section class=\"form-card narrow\">\
         <h1>Mật khẩu tạm</h1>\
         <p>Tài khoản <code>{username}</code> có mật khẩu tạm:</p>\
         <p class=\"temporary-password\"><code data-testid=\"temporary-password\">{temporary}</code></p>\
         <p>Mật khẩu này chỉ hiển thị một lần. Hãy trao trực tiếp cho người dùng; \
         họ phải đổi mật khẩu ngay khi đăng nhập. Mật khẩu tạm hết hiệu lực sau {TEMPORARY_HOURS} giờ. \
         Mọi phiên đăng nhập của tài khoản đã kết thúc.</p>\
         <p><a class=\"button secondary\" href=\"{PAGE}\">Quay lại trang quản trị</a></p>\
         </section></main></body></html>"
    );
    (
        [
            (header::CACHE_CONTROL, "no-store"),
            (header::REFERRER_POLICY, "no-referrer"),
        ],
        Html(html),
    )
        .into_response()
}

/// `POST /can-bo/quan-tri/tai-khoan/{id}/mat-khau-tam`: an administrator issues a
/// temporary password (staff::passwords::issue_temporary).
pub async fn issue_temporary_password(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Response {
    let (me, _) = match signed_in_form(&state, &headers, &mut multipart, PAGE).await {
        Ok(found) => found,
        Err(answer) => return answer,
    };
    let now = state.clock.now().timestamp_millis();
    let result = passwords::issue_temporary(&state.pool, &me, &id, now)
        .await
        .map(|(username, temporary)| shown_once(&username, &temporary))
        .map_err(Failure::from);
    finish(PAGE, "issuing a temporary password", result)
}

/// `POST /can-bo/quan-tri/don-vi/{code}/nguoi-ky`: the system administrator allows (or
/// stops allowing) the unit's agency administrator to appoint signers (`allowed`).
pub async fn set_signer_permission(
    State(state): State<AppState>,
    Path(code): Path<String>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Response {
    let (me, p) = match signed_in_form(&state, &headers, &mut multipart, PAGE).await {
        Ok(found) => found,
        Err(answer) => return answer,
    };
    let allowed = matches!(p.get("allowed").as_str(), "1" | "on");
    let now = state.clock.now().timestamp_millis();
    let result = crate::staff::roles::set_signers_allowed(&state.pool, &me, &code, allowed, now)
        .await
        .map(|()| {
            back(
                PAGE,
                "thong_bao",
                &format!("Đã lưu quyền cấp người ký của {code}"),
            )
        })
        .map_err(Failure::from);
    finish(PAGE, "setting the signer permission", result)
}
