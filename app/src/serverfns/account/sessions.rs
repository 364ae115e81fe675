use leptos::prelude::*;

use crate::services::{SecurityError, SessionView};

/// The signed-in citizen's open sessions, newest first (`None`: not signed in).
#[server(prefix = "/_fn", endpoint = "account/sessions")]
pub async fn my_sessions() -> Result<Option<Vec<SessionView>>, ServerFnError> {
    use super::session;
    let Some(token) = session::token().await else {
        return Ok(None);
    };
    expect_context::<crate::services::SharedAccountSecurity>()
        .sessions(&token)
        .await
        .map_err(|e| session::unavailable(e, "session list"))
}

/// Ends one session of the signed-in citizen (`handle` from [`my_sessions`]). Ending the
/// current one signs this browser out.
#[server(prefix = "/_fn", endpoint = "account/end_session")]
pub async fn end_session(handle: String) -> Result<Result<(), SecurityError>, ServerFnError> {
    use super::session;
    let Some(token) = session::token().await else {
        return super::password::refused("/tai-khoan", SecurityError::NotSignedIn).await;
    };
    let security = expect_context::<crate::services::SharedAccountSecurity>();
    let mine = security
        .sessions(&token)
        .await
        .map_err(|e| session::unavailable(e, "session list"))?
        .unwrap_or_default()
        .into_iter()
        .any(|s| s.current && s.handle == handle);
    match security
        .end_session(&token, &handle)
        .await
        .map_err(|e| session::unavailable(e, "ending a session"))?
    {
        Ok(()) if mine => {
            session::clear_cookie();
            leptos_axum::redirect("/");
            Ok(Ok(()))
        }
        Ok(()) => {
            leptos_axum::redirect("/tai-khoan?thong_bao=phien");
            Ok(Ok(()))
        }
        Err(e) => super::password::refused("/tai-khoan", e).await,
    }
}

/// Ends every other session of the signed-in citizen (other browsers and devices).
#[server(prefix = "/_fn", endpoint = "account/end_other_sessions")]
pub async fn end_other_sessions() -> Result<Result<u32, SecurityError>, ServerFnError> {
    use super::session;
    let Some(token) = session::token().await else {
        return super::password::refused("/tai-khoan", SecurityError::NotSignedIn).await;
    };
    match expect_context::<crate::services::SharedAccountSecurity>()
        .end_other_sessions(&token)
        .await
        .map_err(|e| session::unavailable(e, "ending sessions"))?
    {
        Ok(n) => {
            leptos_axum::redirect("/tai-khoan?thong_bao=phien");
            Ok(Ok(n))
        }
        Err(e) => super::password::refused("/tai-khoan", e).await,
    }
}
