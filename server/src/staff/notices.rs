//! In-app notices for staff (assignments, deadline warnings), shown with a count on the
//! navigation bar.

use sqlx::{Any, Transaction};

/// Adds a notice for `staff_id` inside the caller's transaction.
pub async fn add(
    tx: &mut Transaction<'_, Any>,
    staff_id: &str,
    dossier_id: Option<&str>,
    at_ms: i64,
    text: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO staff_notices (id, staff_id, dossier_id, at_ms, text) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(crate::ids::new_id())
    .bind(staff_id)
    .bind(dossier_id)
    .bind(at_ms)
    .bind(text)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
