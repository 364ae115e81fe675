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
