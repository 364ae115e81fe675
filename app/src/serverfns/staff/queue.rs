use leptos::prelude::*;

use crate::services::{QueueKind, QueueQuery, QueueRow, QueueSort};

/// The queue page's query as it appears in the URL (`?hang=&q=&thu-tuc=&sap-xep=`).
pub fn queue_query(hang: &str, q: &str, procedure: &str, sort: &str) -> QueueQuery {
    QueueQuery {
        kind: QueueKind::parse(hang).unwrap_or_default(),
        q: q.trim().chars().take(100).collect(),
        procedure: Some(procedure.trim().to_owned()).filter(|p| !p.is_empty()),
        sort: match sort {
            "cu-nhat" => QueueSort::Oldest,
            "moi-nhat" => QueueSort::Newest,
            _ => QueueSort::Due,
        },
    }
}

/// The URL value of a sort order.
pub fn sort_param(sort: QueueSort) -> &'static str {
    match sort {
        QueueSort::Due => "han",
        QueueSort::Oldest => "cu-nhat",
        QueueSort::Newest => "moi-nhat",
    }
}

/// A work queue of the signed-in staff member (`None` when nobody is signed in).
#[server(prefix = "/_fn", endpoint = "staff/queue")]
pub async fn staff_queue(query: QueueQuery) -> Result<Option<Vec<QueueRow>>, ServerFnError> {
    use super::session;
    let Some(me) = session::current().await? else {
        return Ok(None);
    };
    session::desk()
        .queue(&me, &query)
        .await
        .map(Some)
        .map_err(|e| session::unavailable(e, "staff queue"))
}
