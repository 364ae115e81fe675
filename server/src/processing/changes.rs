//! The columns an action changes besides the core state, and the one UPDATE that writes
//! them with the new state (the row was claimed first, see `act`).

use motcua_core::deadline::{DossierClock, Timeliness};
use motcua_core::dossier::DossierStatus;
use motcua_core::workflow::State;
use sqlx::{Any, Transaction};

use super::act::to_ms;
use super::load::Loaded;

/// The columns an action may change besides the state.
#[derive(Debug, Clone)]
pub struct Changes {
    pub(crate) code: Option<String>,
    pub(crate) calendar_version: Option<String>,
    pub(crate) received_at_ms: Option<i64>,
    pub(crate) processing_unit: Option<String>,
    pub(crate) coordinating_unit: Option<String>,
    pub(crate) assignee_id: Option<String>,
    pub(crate) clock: Option<DossierClock>,
    pub(crate) step_due_at_ms: Option<i64>,
    pub(crate) decided_at_ms: Option<i64>,
    pub(crate) returned_at_ms: Option<i64>,
    pub(crate) return_method: Option<String>,
    pub(crate) timeliness: Option<Timeliness>,
    pub(crate) flagged: bool,
}

impl From<&Loaded> for Changes {
    fn from(d: &Loaded) -> Changes {
        Changes {
            code: d.code.clone(),
            calendar_version: None,
            received_at_ms: d.received_at_ms,
            processing_unit: d.processing_unit.clone(),
            coordinating_unit: d.coordinating_unit.clone(),
            assignee_id: d.assignee_id.clone(),
            clock: d.clock.clone(),
            step_due_at_ms: d.step_due_at_ms,
            decided_at_ms: d.decided_at_ms,
            returned_at_ms: d.returned_at_ms,
            return_method: d.return_method.clone(),
            timeliness: d
                .timeliness
                .as_deref()
                .and_then(|t| serde_json::from_value(serde_json::json!(t)).ok()),
            flagged: d.flagged,
        }
    }
}

impl Changes {
    /// Writes the new state of a dossier this transaction has claimed (its row version
    /// already moved to the loaded one + 1).
    pub async fn write(
        &self,
        tx: &mut Transaction<'_, Any>,
        d: &Loaded,
        next: &State,
        now_ms: i64,
    ) -> Result<(), sqlx::Error> {
        let paused = |s: DossierStatus| {
            matches!(
                s,
                DossierStatus::SupplementRequested | DossierStatus::AwaitingPayment
            )
        };
        // Still paused: since the pause began; newly paused: now; running: none.
        let paused_at = paused(next.status).then(|| {
            d.paused_at_ms
                .filter(|_| paused(d.state.status))
                .unwrap_or(now_ms)
        });
        let due = match &self.clock {
            Some(c) => c.due().map(to_ms),
            None => d.due_at_ms,
        };
        sqlx::query(
            "UPDATE dossiers SET status = $1, step = $2, resume_status = $3, supplements = $4, \
             apology = $5, code = $6, received_at_ms = $7, processing_unit = $8, \
             coordinating_unit = $9, assignee_id = $10, clock = $11, due_at_ms = $12, \
             step_due_at_ms = $13, paused_at_ms = $14, decided_at_ms = $15, returned_at_ms = $16, \
             return_method = $17, timeliness = $18, flagged = $19, \
             calendar_version = COALESCE($20, calendar_version) WHERE id = $21",
        )
        .bind(i64::from(next.status.code()))
        .bind(next.step.map(i64::from))
        .bind(next.resume.map(|s| i64::from(s.code())))
        .bind(i64::from(next.supplements))
        .bind(i64::from(next.apology))
        .bind(&self.code)
        .bind(self.received_at_ms)
        .bind(&self.processing_unit)
        .bind(&self.coordinating_unit)
        .bind(&self.assignee_id)
        .bind(
            self.clock
                .as_ref()
                .map(|c| serde_json::to_string(c).unwrap_or_default()),
        )
        .bind(due)
        .bind(self.step_due_at_ms)
        .bind(paused_at)
        .bind(self.decided_at_ms)
        .bind(self.returned_at_ms)
        .bind(&self.return_method)
        .bind(self.timeliness.map(|t| {
            serde_json::to_value(t)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        }))
        .bind(i64::from(self.flagged))
        .bind(&self.calendar_version)
        .bind(&d.id)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }
}
