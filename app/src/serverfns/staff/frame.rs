use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::services::{QueueCounts, StaffProfile};

/// What the frame of every staff page shows: who is signed in and the counts on the
/// navigation bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffFrame {
    /// The signed-in staff member.
    pub me: StaffProfile,
    /// Per-queue counts, unread notices, the procedures met.
    pub counts: QueueCounts,
}

/// The frame of a staff page; `None` when nobody is signed in, and then the browser is
/// sent to the sign-in page, which comes back to `next` (the page's path and query).
#[server(prefix = "/_fn", endpoint = "staff/frame")]
pub async fn get_staff_frame(next: String) -> Result<Option<StaffFrame>, ServerFnError> {
    use super::session;
    let Some(me) = session::required(&next).await? else {
        return Ok(None);
    };
    let counts = session::desk()
        .counts(&me)
        .await
        .map_err(|e| session::unavailable(e, "staff counts"))?;
    Ok(Some(StaffFrame { me, counts }))
}
