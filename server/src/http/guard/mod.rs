//! What every request passes through before a handler sees it (issue 11, "Limits" and
//! "Browser and transport"), one middleware per job:
//!
//! - [`client`]: who is calling (peer address, or `X-Forwarded-For` from a trusted proxy);
//! - [`csrf`]: state-changing requests from another site are refused;
//! - [`body`]: request bodies are capped, server-function input is checked;
//! - [`timeout`]: a request that takes too long is answered and dropped;
//! - [`headers`]: security headers and `Cache-Control` on every response;
//! - [`rate`]: rate limits and concurrency caps that handlers call by name;
//! - [`refusal`]: the Vietnamese answer each of them gives.

pub mod body;
pub mod client;
pub mod csrf;
pub mod headers;
pub mod rate;
pub mod refusal;
pub mod timeout;

pub use rate::Guards;

/// The value of the cookie called exactly `name` (as sent: with its `__Host-` prefix
/// over HTTPS, see `motcua_app::Transport::cookie_name`).
pub fn cookie(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value.to_owned())
}
