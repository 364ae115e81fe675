use leptos::prelude::*;

use crate::services::NoticeView;

/// The signed-in staff member's notices, newest first (they are marked read).
#[server(prefix = "/_fn", endpoint = "staff/notices")]
pub async fn staff_notices() -> Result<Option<Vec<NoticeView>>, ServerFnError> {
    use super::session;
    let Some(me) = session::current().await? else {
        return Ok(None);
    };
    session::desk()
        .notices(&me)
        .await
        .map(Some)
        .map_err(|e| session::unavailable(e, "staff notices"))
}
