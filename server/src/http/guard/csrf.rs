//! Cross-site request forgery. Every request that may change state (any method but
//! GET, HEAD and OPTIONS) is refused with 403 when
//!
//! - it carries `Origin` and that is not exactly the portal's public origin
//!   (`MOTCUA_PUBLIC_URL`: scheme, host and port) — `gov.vn` is a public suffix, so two
//!   hosts of one province are same-site and `SameSite` cookies alone would let one post
//!   to the other; the origin check separates them; or
//! - it carries `Sec-Fetch-Site` with a value other than `same-origin` or `none`.
//!
//! A request with neither header does not come from a current browser's page (every
//! browser the portal supports sends `Origin` on a POST): API clients, the command line
//! and the test suite. It is let through, as is a request authenticated only by
//! `Authorization: Bearer` without any cookie, which a foreign page cannot make a browser
//! send. No GET changes state, so GETs are not checked.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use super::refusal::{self, Audience};

/// The portal's origin, `scheme://host[:port]`, lower case, default port left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicOrigin(String);

/// The origins a page of the portal posts from: the public origin; when that is a
/// loopback address over plain HTTP (`make run`, tests), also its other loopback names
/// (`localhost`, `127.0.0.1`, `[::1]` on the same port), since a developer may open any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowedOrigins(Vec<PublicOrigin>);

impl AllowedOrigins {
    /// The allowed origins for this public URL.
    pub fn for_public_url(public_url: &str) -> AllowedOrigins {
        let public = PublicOrigin::of(public_url);
        let mut all = vec![public.clone()];
        if let Some(rest) = public.0.strip_prefix("http://") {
            let port = rest.rsplit_once(':').map(|(_, p)| p).unwrap_or("80");
            let host = rest.strip_suffix(&format!(":{port}")).unwrap_or(rest);
            let loopback = ["localhost", "127.0.0.1", "[::1]"];
            if loopback.contains(&host) {
                for alias in loopback.iter().filter(|h| **h != host) {
                    all.push(PublicOrigin::of(&format!("http://{alias}:{port}")));
                }
            }
        }
        AllowedOrigins(all)
    }

    fn allows(&self, origin: &PublicOrigin) -> bool {
        self.0.contains(origin)
    }
}

impl PublicOrigin {
    /// The origin of a public URL such as `https://dichvucong.x.gov.vn/` or
    /// `http://127.0.0.1:3000`.
    pub fn of(public_url: &str) -> PublicOrigin {
        let (scheme, rest) = public_url.split_once("://").unwrap_or(("http", public_url));
        let scheme = scheme.to_ascii_lowercase();
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        let authority = authority.rsplit('@').next().unwrap_or_default();
        let authority = authority.to_ascii_lowercase();
        let default_port = if scheme == "https" { ":443" } else { ":80" };
        let authority = authority
            .strip_suffix(default_port)
            .unwrap_or(&authority)
            .to_owned();
        PublicOrigin(format!("{scheme}://{authority}"))
    }

    /// The origin as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What the refused page says.
pub const REFUSED: &str = "Yêu cầu bị từ chối vì không được gửi từ trang của Cổng dịch vụ công. \
     Vui lòng mở lại trang trên cổng và thực hiện lại.";

/// Whether a request with these method and headers is a forgery candidate to refuse.
pub fn refuses(allowed: &AllowedOrigins, method: &Method, headers: &HeaderMap) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return false;
    }
    let bearer_only = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("Bearer "))
        && !headers.contains_key(header::COOKIE);
    if bearer_only {
        return false;
    }
    if let Some(site) = headers.get("sec-fetch-site") {
        if !matches!(site.to_str(), Ok("same-origin" | "none")) {
            return true;
        }
    }
    match headers.get(header::ORIGIN) {
        None => false,
        Some(sent) => !sent
            .to_str()
            .is_ok_and(|sent| sent.contains("://") && allowed.allows(&PublicOrigin::of(sent))),
    }
}

/// The middleware.
pub async fn check(
    State(allowed): State<Arc<AllowedOrigins>>,
    request: Request,
    next: Next,
) -> Response {
    if refuses(&allowed, request.method(), request.headers()) {
        tracing::warn!(
            method = %request.method(),
            path = %request.uri().path(),
            origin = ?request.headers().get(header::ORIGIN),
            fetch_site = ?request.headers().get("sec-fetch-site"),
            "cross-site request refused"
        );
        let audience = Audience::of(request.uri(), request.headers());
        return refusal::answer(audience, StatusCode::FORBIDDEN, REFUSED);
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn with(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn origins_compare_by_scheme_host_and_port() {
        let o = PublicOrigin::of("https://DichVuCong.x.gov.vn:443/portal/");
        assert_eq!(o.as_str(), "https://dichvucong.x.gov.vn");
        assert_eq!(
            PublicOrigin::of("http://127.0.0.1:3000").as_str(),
            "http://127.0.0.1:3000"
        );
    }

    #[test]
    fn only_the_portal_itself_may_post() {
        let o = AllowedOrigins::for_public_url("https://dichvucong.x.gov.vn");
        let post = Method::POST;
        assert!(!refuses(
            &o,
            &post,
            &with(&[("origin", "https://dichvucong.x.gov.vn")])
        ));
        // A sibling host of the same province is same-site, yet refused.
        assert!(refuses(
            &o,
            &post,
            &with(&[("origin", "https://motcua.x.gov.vn")])
        ));
        assert!(refuses(
            &o,
            &post,
            &with(&[("origin", "http://dichvucong.x.gov.vn")])
        ));
        assert!(refuses(&o, &post, &with(&[("origin", "null")])));
        assert!(refuses(
            &o,
            &post,
            &with(&[("sec-fetch-site", "same-site")])
        ));
        assert!(!refuses(
            &o,
            &post,
            &with(&[("sec-fetch-site", "same-origin")])
        ));
        // No browser headers: a script or API client.
        assert!(!refuses(&o, &post, &HeaderMap::new()));
        // A bearer token without cookies cannot be forged by a page.
        assert!(!refuses(
            &o,
            &post,
            &with(&[
                ("origin", "https://evil.example"),
                ("authorization", "Bearer t")
            ])
        ));
        assert!(refuses(
            &o,
            &post,
            &with(&[
                ("origin", "https://evil.example"),
                ("authorization", "Bearer t"),
                ("cookie", "motcua_session=x")
            ])
        ));
        // A developer's loopback portal answers to each loopback name, on its port only.
        let dev = AllowedOrigins::for_public_url("http://127.0.0.1:3000");
        assert!(!refuses(
            &dev,
            &post,
            &with(&[("origin", "http://localhost:3000")])
        ));
        assert!(refuses(
            &dev,
            &post,
            &with(&[("origin", "http://localhost:3001")])
        ));
        // Reading is never refused.
        assert!(!refuses(
            &o,
            &Method::GET,
            &with(&[("origin", "https://evil.example")])
        ));
    }
}
