//! Request bodies are capped before any handler reads them. A server function's input
//! is small (forms of text): it is read here, whole, up to [`SERVER_FN_MAX_BYTES`], so an
//! oversized or endless body is answered 413 instead of being buffered by the server-
//! function layer; input it cannot parse is answered 400 instead of 500. Every other
//! body (uploads, forms with files) is cut at the largest upload a dossier may carry;
//! the handlers then apply their own, smaller limits part by part.

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use http_body_util::{LengthLimitError, Limited};

use super::refusal::{self, Audience};

/// The largest input of a server function (64 KB): a sign-up form is under 1 KB.
pub const SERVER_FN_MAX_BYTES: u64 = 64 * 1024;

/// Room for the multipart framing and the text fields around a dossier's files.
pub const MULTIPART_OVERHEAD_BYTES: u64 = 1024 * 1024;

/// The caps, chosen at start from the upload limits.
#[derive(Debug, Clone, Copy)]
pub struct BodyLimits {
    /// Server functions (`/_fn/…`).
    pub server_fn: u64,
    /// Everything else: the largest dossier plus [`MULTIPART_OVERHEAD_BYTES`].
    pub other: u64,
}

impl BodyLimits {
    /// The caps for a dossier of at most `max_dossier_bytes`.
    pub fn for_uploads(max_dossier_bytes: u64) -> BodyLimits {
        BodyLimits {
            server_fn: SERVER_FN_MAX_BYTES,
            other: max_dossier_bytes + MULTIPART_OVERHEAD_BYTES,
        }
    }
}

/// The middleware: refuses a declared length over the cap at once (nothing is read),
/// reads server-function input whole under its cap, and cuts other bodies at theirs.
pub async fn limit(State(limits): State<BodyLimits>, request: Request, next: Next) -> Response {
    let audience = Audience::of(request.uri(), request.headers());
    let server_fn = request.uri().path().starts_with("/_fn/");
    let max = if server_fn {
        limits.server_fn
    } else {
        limits.other
    };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > max) {
        return refusal::too_large(audience, max);
    }
    let (parts, body) = request.into_parts();
    if !server_fn {
        let body = Body::new(Limited::new(body, max as usize));
        return next.run(Request::from_parts(parts, body)).await;
    }
    let bytes = match to_bytes(body, max as usize).await {
        Ok(bytes) => bytes,
        Err(e) if is_length_limit(&e) => return refusal::too_large(audience, max),
        Err(e) => {
            tracing::info!(error = %e, "server-function input unreadable");
            return unreadable(audience);
        }
    };
    let response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    bad_input_is_400(audience, response).await
}

/// Whether `error` (or what caused it) is a body over its cap.
pub fn is_length_limit(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = Some(error);
    while let Some(e) = current {
        if e.is::<LengthLimitError>() {
            return true;
        }
        current = e.source();
    }
    false
}

fn unreadable(audience: Audience) -> Response {
    refusal::answer(
        audience,
        StatusCode::BAD_REQUEST,
        "Dữ liệu gửi lên không hợp lệ: không đọc được nội dung biểu mẫu.",
    )
}

/// The server-function layer answers input it cannot parse (a missing or malformed
/// argument) with 500, like a failure of ours: that is the client's error, so 400.
async fn bad_input_is_400(audience: Audience, response: Response) -> Response {
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key("serverfnerror")
    {
        return response;
    }
    let (parts, body) = response.into_parts();
    // An error body is a short encoded message; anything longer is passed on untouched.
    let bytes = match to_bytes(body, 256 * 1024).await {
        Ok(bytes) => bytes,
        Err(_) => return Response::from_parts(parts, Body::empty()),
    };
    let bad_input = ["Args|", "Deserialization|", "MissingArg|"]
        .iter()
        .any(|prefix| bytes.starts_with(prefix.as_bytes()));
    if bad_input {
        tracing::info!(
            detail = %String::from_utf8_lossy(&bytes),
            "server-function input refused"
        );
        return refusal::answer(
            audience,
            StatusCode::BAD_REQUEST,
            "Dữ liệu gửi lên không hợp lệ: thiếu trường hoặc trường sai định dạng.",
        );
    }
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_cut_body_is_recognised_through_its_wrappers() {
        let cut = to_bytes(Body::from("more than four bytes"), 4)
            .await
            .unwrap_err();
        assert!(is_length_limit(&cut));
        let other = axum::Error::new(std::io::Error::other("reset"));
        assert!(!is_length_limit(&other));
    }
}
