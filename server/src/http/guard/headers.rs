//! Security headers on every response. A page's Content-Security-Policy carries the
//! nonce of that render and is set by the shell (`motcua_app::shell`); every other
//! response (JSON, PDFs, redirects, static files, refusals) gets the same policy
//! without a nonce, so it may run no inline script at all. A header a handler already
//! set (a stricter policy on a document, say) is kept.

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// What the headers depend on.
#[derive(Debug, Clone, Copy)]
pub struct HeaderPolicy {
    /// The public URL is `https://`: HSTS is sent.
    pub https: bool,
}

/// One year, subdomains of the portal's own host included.
const HSTS: &str = "max-age=31536000; includeSubDomains";

/// The middleware.
pub async fn secure(State(policy): State<HeaderPolicy>, request: Request, next: Next) -> Response {
    let private = is_private(request.uri().path(), request.headers());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let set = |headers: &mut HeaderMap, name: HeaderName, value: &str| {
        if !headers.contains_key(&name) {
            if let Ok(value) = HeaderValue::from_str(value) {
                headers.insert(name, value);
            }
        }
    };
    set(
        headers,
        header::CONTENT_SECURITY_POLICY,
        &motcua_app::content_security_policy(None),
    );
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(headers, header::REFERRER_POLICY, "same-origin");
    set(headers, header::X_FRAME_OPTIONS, "DENY");
    set(
        headers,
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    if policy.https {
        set(headers, header::STRICT_TRANSPORT_SECURITY, HSTS);
    }
    if private {
        // Overrides whatever was set: nothing personal stays in a shared or back-button cache.
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// Paths whose answers hold personal data whoever asks.
const PRIVATE_PREFIXES: [&str; 5] = [
    "/ho-so",
    "/can-bo",
    "/_fn/",
    "/tra-cuu-ho-so",
    "/api/v1/dossiers",
];

/// Whether the answer must not be stored: a private path, or any request from someone
/// signed in (a cookie or a bearer token), except the site's static files.
pub fn is_private(path: &str, headers: &HeaderMap) -> bool {
    if path.starts_with("/pkg/") || path == "/favicon.ico" {
        return false;
    }
    PRIVATE_PREFIXES.iter().any(|p| path.starts_with(p))
        || headers.contains_key(header::COOKIE)
        || headers.contains_key(header::AUTHORIZATION)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_answers_are_recognised() {
        let none = HeaderMap::new();
        assert!(is_private("/ho-so-cua-toi/HS-1", &none));
        assert!(is_private("/can-bo/ho-so/x/ket-qua.pdf", &none));
        assert!(!is_private("/thu-tuc/cap-ban-sao", &none));
        let mut signed_in = HeaderMap::new();
        signed_in.insert(header::COOKIE, HeaderValue::from_static("motcua_session=x"));
        assert!(is_private("/thu-tuc/cap-ban-sao", &signed_in));
        assert!(!is_private("/pkg/motcua.css", &signed_in));
    }
}
