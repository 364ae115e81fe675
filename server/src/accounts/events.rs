//! Account events in the audit log (issue 11): sign-in success and failure (with the
//! phone tried and the client address), sign-out, codes sent and checked, password
//! resets. Citizens act with no role (`Acting::role` is `None`, stored as `applicant`).

use sqlx::{Any, AnyPool, Transaction};

use crate::processing::Acting;
use crate::staff::audit;

/// A citizen (by account id), or nobody signed in when there is no account.
pub fn actor(citizen_id: Option<&str>) -> Acting {
    match citizen_id {
        Some(id) => Acting {
            id: id.to_owned(),
            name: "Công dân".to_owned(),
            role: None,
            unit: None,
        },
        None => Acting {
            id: "anonymous".to_owned(),
            name: "Người chưa đăng nhập".to_owned(),
            role: None,
            unit: None,
        },
    }
}

/// Writes one entry about a citizen account inside `tx`.
pub async fn log_in(
    tx: &mut Transaction<'_, Any>,
    actor: &Acting,
    action: &str,
    account_id: &str,
    detail: serde_json::Value,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    audit::record(
        tx,
        &audit::Entry {
            at_ms: now_ms,
            actor,
            action,
            subject_kind: "citizen",
            subject_id: account_id,
            before: None,
            after: None,
            detail: &detail,
        },
    )
    .await
}

/// Writes one entry in its own transaction (events that change nothing else).
pub async fn log(
    pool: &AnyPool,
    actor: &Acting,
    action: &str,
    account_id: &str,
    detail: serde_json::Value,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    log_in(&mut tx, actor, action, account_id, detail, now_ms).await?;
    tx.commit().await
}
