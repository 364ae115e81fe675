//! Reception (tiếp nhận, SPEC §3) from the command line: `motcua dossier receive` acts
//! as the receiving unit's desk through the same [`crate::processing::act`] as the staff
//! screens, so the code, the appointment (from the server's clock, never typed) and the
//! notification are made in one place.

use chrono::{DateTime, Utc};
use sqlx::AnyPool;

use super::notices;
use crate::catalog::SqlCatalog;
use crate::processing::{act, ActError, Acting, Command, Env};

/// What reception produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    /// The dossier's id.
    pub dossier_id: String,
    /// Its new code.
    pub code: String,
    /// The appointment (local time), if the procedure has one.
    pub due: Option<chrono::NaiveDateTime>,
}

/// Receives the dossier with submission number (or id) `number` at `now`, as `officer`
/// at the receiving unit's desk.
pub async fn receive(
    pool: &AnyPool,
    catalog: &SqlCatalog,
    notices_ctx: &notices::Context,
    number: &str,
    officer: &str,
    now: DateTime<Utc>,
) -> Result<Receipt, ActError> {
    let env = Env {
        pool,
        catalog,
        notices: notices_ctx,
    };
    let out = act(
        env,
        &Acting::desk_operator(officer),
        number,
        None,
        Command::Receive,
        now,
    )
    .await?;
    Ok(Receipt {
        dossier_id: out.dossier_id,
        code: out.reference,
        due: out.due,
    })
}
