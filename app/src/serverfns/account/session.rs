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

/// The session token sent with the request, if any.
pub async fn token() -> Option<String> {
    let headers: HeaderMap = leptos_axum::extract().await.ok()?;
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE_NAME)
        .map(|(_, value)| value.to_owned())
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

/// Sets the cookie of a new session (HttpOnly, SameSite=Lax; `Secure` is added by the
/// deployment's reverse proxy or when the site is served over HTTPS).
pub fn set_cookie(session: &NewSession) {
    let value = format!(
        "{COOKIE_NAME}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}",
        session.token, session.max_age_s
    );
    append(&value);
}

/// Removes the cookie.
pub fn clear_cookie() {
    append(&format!(
        "{COOKIE_NAME}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"
    ));
}

fn append(value: &str) {
    if let (Some(response), Ok(value)) = (
        use_context::<ResponseOptions>(),
        HeaderValue::from_str(value),
    ) {
        response.append_header(SET_COOKIE, value);
    }
}

/// Who is calling, for rate limits: the peer address (a deployment behind a proxy
/// should put the real address in the connection, e.g. PROXY protocol).
pub async fn client() -> String {
    leptos_axum::extract::<ConnectInfo<SocketAddr>>()
        .await
        .map(|ConnectInfo(addr)| addr.ip().to_string())
        .unwrap_or_else(|_| "unknown".to_owned())
}

/// The message citizens see when a service fails (details go to the log).
pub fn unavailable(error: impl std::fmt::Display, what: &str) -> ServerFnError {
    tracing::error!(%error, "{what} failed");
    ServerFnError::new("Hệ thống đang gặp sự cố. Vui lòng thử lại sau.")
}

/// Whether the request is a plain form post from a browser without JavaScript (it
/// accepts HTML, not JSON): such a browser only follows redirects, so a refusal must
/// travel in the URL of the page it goes back to.
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

/// Sends a browser without JavaScript back to `page` with the refusal in the query
/// string (the page shows it), since it cannot read the JSON answer. `pairs` are query
/// parameters: `loi` for a general message, `e_{field}` per field, `v_{field}` for what
/// was typed (never a password).
pub fn refuse_to(page: &str, pairs: &[(String, String)]) {
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
    leptos_axum::redirect(&format!("{page}?{}", query.join("&")));
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
