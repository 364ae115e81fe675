//! The answer a guard gives when it refuses a request: the status, a Vietnamese
//! message, and a body in the form the caller reads — a server function's encoded
//! error for the browser's WebAssembly, JSON for API clients, a short page for a
//! browser without JavaScript, plain text otherwise.

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::Response;

/// How the caller reads an error, decided from the request before it is consumed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// A server function called by the page's WebAssembly (or a test): `ServerError|…`.
    ServerFn,
    /// An API client: `{"error": …}`.
    Json,
    /// A browser posting a form without JavaScript: a page.
    Html,
    /// Anything else: the message as text.
    Text,
}

impl Audience {
    /// The audience of a request from its path and `Accept` header.
    pub fn of(uri: &Uri, headers: &HeaderMap) -> Audience {
        let accept = headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let html = accept.contains("text/html") && !accept.contains("application/json");
        if html {
            Audience::Html
        } else if uri.path().starts_with("/_fn/") {
            Audience::ServerFn
        } else if accept.contains("application/json") || uri.path().starts_with("/api/") {
            Audience::Json
        } else {
            Audience::Text
        }
    }
}

/// `status` with `message` for `audience`.
pub fn answer(audience: Audience, status: StatusCode, message: &str) -> Response {
    let (content_type, body) = match audience {
        Audience::ServerFn => (
            "text/plain; charset=utf-8",
            format!("ServerError|{message}"),
        ),
        Audience::Json => (
            "application/json",
            serde_json::json!({ "error": message }).to_string(),
        ),
        Audience::Html => ("text/html; charset=utf-8", page(message)),
        Audience::Text => ("text/plain; charset=utf-8", message.to_owned()),
    };
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// 429 with `Retry-After` (whole seconds, at least 1).
pub fn too_many(audience: Audience, message: &str, retry_after_s: u64) -> Response {
    let mut response = answer(audience, StatusCode::TOO_MANY_REQUESTS, message);
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_s.max(1)));
    response
}

/// A request body larger than allowed.
pub const TOO_LARGE: &str =
    "Dữ liệu gửi lên quá lớn. Vui lòng giảm dung lượng tệp hoặc nội dung rồi gửi lại.";

/// The answer to a body over `max` bytes.
pub fn too_large(audience: Audience, max: u64) -> Response {
    answer(
        audience,
        StatusCode::PAYLOAD_TOO_LARGE,
        &format!("{TOO_LARGE} (tối đa {}).", human_size(max)),
    )
}

/// `max` bytes in words: "64 KB", "51 MB".
pub fn human_size(max: u64) -> String {
    if max >= 1024 * 1024 {
        format!("{} MB", max / (1024 * 1024))
    } else {
        format!("{} KB", (max / 1024).max(1))
    }
}

/// A short page in the portal's style, for browsers without JavaScript.
fn page(message: &str) -> String {
    let message = message
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!(
        "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\"><title>Không thực hiện được yêu cầu</title>\
         <link rel=\"stylesheet\" href=\"/pkg/motcua.css\"></head><body><main class=\"page\">\
         <section class=\"notice\"><h1 class=\"form-title\">Không thực hiện được yêu cầu</h1>\
         <p class=\"error\" role=\"alert\">{message}</p><p>Dùng nút Quay lại của trình duyệt để \
         trở lại, hoặc về <a href=\"/\">trang chủ</a>.</p></section></main></body></html>"
    )
}
