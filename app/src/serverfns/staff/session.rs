//! The staff session cookie, and who is signed in.

use leptos::prelude::*;

use crate::services::{SharedStaffDesk, StaffProfile, StaffSession, STAFF_COOKIE};

pub use crate::serverfns::account::session::{client, unavailable};

/// The staff session token sent with the request, if any.
pub async fn token() -> Option<String> {
    crate::serverfns::account::session::cookie(STAFF_COOKIE).await
}

/// The signed-in staff member, if the request carries a valid staff session.
pub async fn current() -> Result<Option<StaffProfile>, ServerFnError> {
    let Some(token) = token().await else {
        return Ok(None);
    };
    desk()
        .session(&token)
        .await
        .map_err(|e| unavailable(e, "staff session look-up"))
}

/// The staff desk from the context.
pub fn desk() -> SharedStaffDesk {
    expect_context::<SharedStaffDesk>()
}

/// Sets the cookie of a new staff session: HttpOnly, path `/` (the staff pages' form
/// posts and the server functions both need it), `SameSite=Strict` (no request from
/// another site, not even a link, carries an officer's session), and over HTTPS
/// `Secure` with the `__Host-` prefix.
pub fn set_cookie(session: &StaffSession) {
    crate::serverfns::account::session::set_named(
        STAFF_COOKIE,
        &session.token,
        "Strict",
        u64::try_from(session.max_age_s).unwrap_or(0),
    );
}

/// Removes the cookie.
pub fn clear_cookie() {
    crate::serverfns::account::session::set_named(STAFF_COOKIE, "", "Strict", 0);
}

/// Percent-encodes a query value.
pub fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Only a path of the staff area: never an open redirect to another site.
pub fn local_staff_path(next: &str) -> &str {
    if next.starts_with("/can-bo")
        && !next.starts_with("/can-bo/dang-nhap")
        && crate::serverfns::account::session::is_local_path(next)
    {
        next
    } else {
        "/can-bo"
    }
}

/// The signed-in staff member, or a redirect to the sign-in page that comes back to
/// `next` (`Ok(None)`; the page renders nothing while the browser follows it).
pub async fn required(next: &str) -> Result<Option<StaffProfile>, ServerFnError> {
    let me = current().await?;
    if me.is_none() {
        leptos_axum::redirect(&format!(
            "/can-bo/dang-nhap?next={}",
            encode(local_staff_path(next))
        ));
    }
    Ok(me)
}
