//! Reading and writing the session cookie, and who is calling (for rate limits).

use std::net::SocketAddr;

use axum::extract::ConnectInfo;
use http::header::{COOKIE, SET_COOKIE};
use http::{HeaderMap, HeaderValue};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

use crate::services::{CitizenProfile, NewSession, SharedAccounts};

/// The cookie's name.
pub const COOKIE_NAME: &str = crate::SESSION_COOKIE;

/// How the portal is reached (HTTPS or not), as the server provides it.
pub fn transport() -> crate::Transport {
    use_context::<crate::Transport>().unwrap_or_default()
}

/// The value of the cookie `base` (its name as sent over this transport), if any.
pub async fn cookie(base: &str) -> Option<String> {
    let headers: HeaderMap = leptos_axum::extract().await.ok()?;
    let name = transport().cookie_name(base);
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value.to_owned())
}

/// The session token sent with the request, if any.
pub async fn token() -> Option<String> {
    cookie(COOKIE_NAME).await
}

/// The signed-in citizen, if the request carries a valid session.
pub async fn current() -> Result<Option<CitizenProfile>, ServerFnError> {
    let Some(token) = token().await else {
        return Ok(None);
    };
    let accounts = expect_context::<SharedAccounts>();
    accounts.session(&token).await.map_err(|error| {
        tracing::error!(%error, "session look-up failed");
        ServerFnError::new("Hệ thống đang gặp sự cố. Vui lòng thử lại sau.")
    })
}

/// Sets the cookie of a new session: HttpOnly, SameSite=Lax (a citizen following a link
/// to the portal from a message arrives signed in), and over HTTPS `Secure` with the
/// `__Host-` prefix.
pub fn set_cookie(session: &NewSession) {
    set_named(COOKIE_NAME, &session.token, "Lax", session.max_age_s);
}

/// Removes the cookie.
pub fn clear_cookie() {
    set_named(COOKIE_NAME, "", "Lax", 0);
}

/// Sets (or, with `max_age_s` 0, removes) the cookie `base` with the portal's
/// attributes: `Path=/`, HttpOnly, the given SameSite, `Secure` and `__Host-` over HTTPS.
pub fn set_named(base: &str, value: &str, same_site: &str, max_age_s: u64) {
    let transport = transport();
    append(&format!(
        "{}={value}; Path=/; HttpOnly; SameSite={same_site}; Max-Age={max_age_s}{}",
        transport.cookie_name(base),
        transport.cookie_secure()
    ));
}

pub(crate) fn append(value: &str) {
    if let (Some(response), Ok(value)) = (
        use_context::<ResponseOptions>(),
        HeaderValue::from_str(value),
    ) {
        response.append_header(SET_COOKIE, value);
    }
}

/// Who is calling, for rate limits: the address the server's middleware determined for
/// this request (the peer, or `X-Forwarded-For` when the peer is a trusted proxy: see
/// `motcua_server::http::guard::client`); the bare peer address outside it.
pub async fn client() -> String {
    if let Ok(axum::Extension(crate::ClientAddress(address))) =
        leptos_axum::extract::<axum::Extension<crate::ClientAddress>>().await
    {
        return address;
    }
    leptos_axum::extract::<ConnectInfo<SocketAddr>>()
        .await
        .map(|ConnectInfo(addr)| addr.ip().to_string())
        .unwrap_or_else(|_| "unknown".to_owned())
}

/// Whether `next` is a path on this site, safe to redirect to after sign-in: `/` alone,
/// or `/` followed by anything but a second `/` or a `\` (browsers read both `//host`
/// and `/\host` as another site), with no control character anywhere (browsers drop tabs
/// and line breaks from URLs, so `/\t/host` would become `//host`).
pub fn is_local_path(next: &str) -> bool {
    let mut chars = next.chars();
    chars.next() == Some('/')
        && !matches!(chars.next(), Some('/' | '\\'))
        && !next.chars().any(char::is_control)
}

/// The message citizens see when a service fails (details go to the log).
pub fn unavailable(error: impl std::fmt::Display, what: &str) -> ServerFnError {
    tracing::error!(%error, "{what} failed");
    ServerFnError::new("Hệ thống đang gặp sự cố. Vui lòng thử lại sau.")
}

/// Whether the request is a plain form post from a browser without JavaScript (it
/// accepts HTML, not JSON): such a browser only follows redirects, so a refusal must
/// reach the page it goes back to — messages in the URL, what was typed in a cookie.
pub async fn plain_form_post() -> bool {
    let Ok(headers) = leptos_axum::extract::<HeaderMap>().await else {
        return false;
    };
    let accept = headers
        .get(http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    accept.contains("text/html") && !accept.contains("application/json")
}

/// Sends a browser without JavaScript back to `page` with the refusal, since it cannot
/// read the JSON answer. `pairs` are `loi` for a general message and `e_{field}` per
/// field, which go in the query string (messages name fields, never what was typed), and
/// `v_{field}` for what was typed (never a password), which is personal data and so never
/// goes in a URL: it travels in a short-lived HttpOnly cookie the page reads once
/// ([`super::typed_values`]).
pub fn refuse_to(page: &str, pairs: &[(String, String)]) {
    let (typed, pairs): (Vec<_>, Vec<_>) = pairs.iter().partition(|(k, _)| k.starts_with("v_"));
    let typed: Vec<(String, String)> = typed.into_iter().cloned().collect();
    remember_typed(&typed);
    let encode = |text: &str| -> String {
        text.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    let query: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect();
    if query.is_empty() {
        leptos_axum::redirect(page);
    } else {
        leptos_axum::redirect(&format!("{page}?{}", query.join("&")));
    }
}

/// The cookie that carries what was typed into a refused form, for five minutes.
pub const TYPED_COOKIE: &str = "motcua_form";

/// Keeps `typed` (`v_{field}` pairs) for the next page, never in a URL.
pub fn remember_typed(typed: &[(String, String)]) {
    if typed.is_empty() {
        return;
    }
    let json = serde_json::to_string(typed).unwrap_or_default();
    let value: String = json
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    // A browser keeps about 4 KB per cookie; a longer form simply comes back empty.
    if value.len() < 3800 {
        set_named(TYPED_COOKIE, &value, "Strict", 300);
    }
}

/// What the refused form held (`v_{field}` pairs), read once: the cookie is removed.
pub async fn take_typed() -> Vec<(String, String)> {
    let Some(value) = cookie(TYPED_COOKIE).await else {
        return Vec::new();
    };
    set_named(TYPED_COOKIE, "", "Strict", 0);
    let bytes = value.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
            if let Ok(b) = u8::from_str_radix(hex, 16) {
                decoded.push(b);
                i += 3;
                continue;
            }
        }
        decoded.push(bytes[i]);
        i += 1;
    }
    serde_json::from_slice(&decoded).unwrap_or_default()
}

/// The query parameters of an account refusal: each field's message as `e_{field}`,
/// anything else as `loi`.
pub fn refusal_pairs(e: &crate::services::AccountError) -> Vec<(String, String)> {
    match e {
        crate::services::AccountError::Invalid(list) => list
            .iter()
            .map(|m| (format!("e_{}", m.field), m.message.clone()))
            .collect(),
        other => vec![("loi".to_owned(), other.to_string())],
    }
}
