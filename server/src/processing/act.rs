//! The one way a dossier changes once submitted: [`act`] loads it, asks the core's state
//! machine, applies the action's effects (code, clock, step, hand-over, slips' data),
//! and writes the dossier, its history, the hand-over trail, the audit log and the
//! notifications in one transaction guarded by the row version. Two people acting on
//! the same dossier at once: one wins, the other gets [`ActError::Conflict`].

use chrono::{DateTime, NaiveDateTime, Utc};
use motcua_core::deadline::{
    format_instant, vietnam_local, vietnam_utc, DeadlineError, DossierClock, PauseReason,
};
use motcua_core::dossier::{AgencyCode, DossierCode, DossierStatus};
use motcua_core::workflow::{apply, Action, Actor, Facts, State, Units, WorkflowError};
use sqlx::{Any, AnyPool, Transaction};

use super::command::{ActError, Acting, Command};
use super::effects::{self, Changes};
use super::load::{load, processing_unit_for, Loaded};
use crate::catalog::SqlCatalog;
use crate::dossier::counters::{add_event, next};
use crate::dossier::notices;
use crate::staff::audit;

/// What [`act`] needs.
#[derive(Clone, Copy)]
pub struct Env<'a> {
    /// The database.
    pub pool: &'a AnyPool,
    /// Agencies and their calendars.
    pub catalog: &'a SqlCatalog,
    /// Portal name and address for notifications.
    pub notices: &'a notices::Context,
}

/// What an accepted action produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The dossier.
    pub dossier_id: String,
    /// Its code (or submission number before reception).
    pub reference: String,
    /// Its status now.
    pub status: DossierStatus,
    /// The appointment now (local time).
    pub due: Option<NaiveDateTime>,
    /// The new row version.
    pub row_version: i64,
}

pub(crate) fn to_ms(t: NaiveDateTime) -> i64 {
    vietnam_utc(t).timestamp_millis()
}

/// Performs `command` by `acting` on the dossier `key` (id, code or submission number).
/// With `expected_version`, the dossier must not have changed since the person saw it.
pub async fn act(
    env: Env<'_>,
    acting: &Acting,
    key: &str,
    expected_version: Option<i64>,
    command: Command,
    now: DateTime<Utc>,
) -> Result<Outcome, ActError> {
    let loaded = load(env.pool, key)
        .await
        .map_err(ActError::internal)?
        .ok_or_else(|| ActError::NotFound(key.to_owned()))?;
    let mut tx = env.pool.begin().await.map_err(ActError::internal)?;
    let out = act_on(
        &mut tx,
        env,
        acting,
        &loaded,
        expected_version,
        command,
        now,
    )
    .await?;
    tx.commit().await.map_err(ActError::internal)?;
    Ok(out)
}

/// [`act`] inside the caller's transaction on a dossier already read (the desk's intake
/// creates and receives a paper dossier in one transaction).
pub async fn act_on(
    tx: &mut Transaction<'_, Any>,
    env: Env<'_>,
    acting: &Acting,
    loaded: &Loaded,
    expected_version: Option<i64>,
    command: Command,
    now: DateTime<Utc>,
) -> Result<Outcome, ActError> {
    let action = command.action();
    let actor = actor_of(acting, loaded, action)?;
    if expected_version.is_some_and(|v| v != loaded.row_version) {
        return Err(ActError::Conflict);
    }
    // Claim the row first: the transaction's first write takes the lock (SQLite's
    // writer lock, PostgreSQL's row lock), so of two people acting at once one gets
    // here and the other finds the version moved.
    let claimed = sqlx::query(
        "UPDATE dossiers SET row_version = row_version + 1 WHERE id = $1 AND row_version = $2",
    )
    .bind(&loaded.id)
    .bind(loaded.row_version)
    .execute(&mut **tx)
    .await
    .map_err(ActError::internal)?;
    if claimed.rows_affected() != 1 {
        return Err(ActError::Conflict);
    }
    let local_now = vietnam_local(now);
    let snapshot = env.catalog.snapshot().await.map_err(ActError::internal)?;
    let late = loaded
        .clock
        .as_ref()
        .and_then(|c| c.due())
        .is_some_and(|due| local_now.date() > due.date());
    let override_reason = command.override_reason().map(str::to_owned);
    let facts = Facts {
        late,
        override_reason: override_reason.is_some(),
    };
    let route = loaded.route();
    let next_state = apply(&route, &loaded.state, actor, action, facts)?;

    let mut changes = Changes::from(loaded);
    changes.flagged |= override_reason.is_some()
        && (action == Action::RequestSupplement || (action == Action::Decide && late));
    let now_ms = now.timestamp_millis();
    let ctx = effects::Ctx {
        loaded,
        acting,
        snapshot: &snapshot,
        route: &route,
        next: &next_state,
        local_now,
        now_ms,
    };
    if action == Action::Receive {
        receive(&ctx, &mut changes, tx).await?;
    }
    let detail = effects::apply(&ctx, &command, &mut changes, tx, env).await?;

    changes
        .write(tx, loaded, &next_state, now_ms)
        .await
        .map_err(ActError::internal)?;
    add_event(
        tx,
        &loaded.id,
        now_ms,
        effects::event_kind(action),
        next_state.status.code(),
        &acting.name,
        &detail,
    )
    .await
    .map_err(ActError::internal)?;
    audit::record(
        tx,
        &audit::Entry {
            at_ms: now_ms,
            actor: acting,
            action: action.as_str(),
            subject_kind: "dossier",
            subject_id: &loaded.id,
            before: Some(snapshot_of(&loaded.state, &Changes::from(loaded))),
            after: Some(snapshot_of(&next_state, &changes)),
            detail: &detail,
        },
    )
    .await
    .map_err(ActError::internal)?;
    Ok(Outcome {
        dossier_id: loaded.id.clone(),
        reference: changes.code.clone().unwrap_or(loaded.submission_no.clone()),
        status: next_state.status,
        due: changes.clock.as_ref().and_then(DossierClock::due),
        row_version: loaded.row_version + 1,
    })
}

/// The core's actor for `acting` on this dossier. A person whose unit has nothing to
/// do with the dossier is told so (the permission matrix of issue 5).
fn actor_of(acting: &Acting, loaded: &Loaded, action: Action) -> Result<Actor, ActError> {
    match acting.role {
        None => {
            if loaded.citizen_id.as_deref() == Some(acting.id.as_str()) {
                Ok(Actor::Applicant)
            } else {
                Err(ActError::NotFound(loaded.reference().to_owned()))
            }
        }
        Some(role) => {
            // An operator at the command line acts as the receiving unit's desk.
            let units = match &acting.unit {
                Some(unit) => loaded.units_of(unit),
                None => Units {
                    receiving: true,
                    ..Units::default()
                },
            };
            if !units.any() {
                return Err(WorkflowError::NotYourUnit(action.label()).into());
            }
            if !assigned_or_unassigned(acting, loaded, units) {
                return Err(ActError::Invalid(NOT_ASSIGNED.to_owned()));
            }
            Ok(Actor::Staff { role, units })
        }
    }
}

/// The refusal to a specialist acting on a dossier assigned to someone else.
pub const NOT_ASSIGNED: &str =
    "Hồ sơ đã được phân công cho chuyên viên khác: chỉ chuyên viên được phân công được thao tác";

/// Whether `acting` may act given the dossier's assignment (issue 11): once a head of
/// division assigned the specialist step to a person, only that person acts as the
/// processing unit's specialist (the core's rules know roles and units, the server
/// knows persons — as it checks an applicant's ownership above). Heads and other units
/// are not concerned; the head of division re-assigns.
pub fn assigned_or_unassigned(acting: &Acting, loaded: &Loaded, units: Units) -> bool {
    match (&loaded.assignee_id, acting.role) {
        (Some(assignee), Some(motcua_core::workflow::StaffRole::Specialist))
            if units.processing =>
        {
            *assignee == acting.id
        }
        _ => true,
    }
}

/// What the audit log keeps of a dossier's state.
fn snapshot_of(state: &State, c: &Changes) -> serde_json::Value {
    serde_json::json!({
        "status": state.status.as_str(),
        "step": state.step,
        "coordinating_unit": c.coordinating_unit,
        "assignee_id": c.assignee_id,
        "supplements": state.supplements,
        "apology": state.apology,
        "due": c.clock.as_ref().and_then(DossierClock::due).map(format_instant),
        "flagged": c.flagged,
    })
}

/// Reception: the code `{agency}-{YYMMDD}-{NNNN}`, the clock started from the server's
/// time and the receiving unit's calendar (never typed, never back-dated), the
/// processing agency.
async fn receive(
    ctx: &effects::Ctx<'_>,
    changes: &mut Changes,
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
) -> Result<(), ActError> {
    let loaded = ctx.loaded;
    let unit = &loaded.receiving_unit;
    let built = ctx
        .snapshot
        .schedule(unit)
        .map_err(ActError::internal)?
        .ok_or_else(|| ActError::internal(format!("unit {unit} has no calendar")))?;
    let terms = loaded
        .version
        .terms(loaded.channel)
        .or_else(|| loaded.version.channels.first())
        .ok_or_else(|| ActError::internal("procedure without channel"))?;
    let clock = DossierClock::start(
        &built.schedule(),
        ctx.local_now,
        terms.time_limit,
        loaded.version.supplement_policy,
    )
    .map_err(ActError::internal)?;
    let agency: AgencyCode = unit.parse().map_err(ActError::internal)?;
    let day = ctx.local_now.date();
    let counter = next(tx, &format!("dossier:{unit}"), &day.to_string())
        .await
        .map_err(ActError::internal)?;
    changes.code = Some(
        DossierCode::new(&agency, day, counter)
            .map_err(ActError::internal)?
            .to_string(),
    );
    changes.calendar_version = Some(built.calendar().version().to_string());
    changes.received_at_ms = Some(ctx.now_ms);
    changes.processing_unit = Some(processing_unit_for(&loaded.version, unit, |code| {
        ctx.snapshot.agency(code).is_some()
    }));
    changes.clock = Some(clock);
    Ok(())
}

/// The Vietnamese message for a clock refusal (extension rules, SPEC §4.6.6).
pub(crate) fn clock_error(e: DeadlineError) -> ActError {
    match e {
        DeadlineError::ExtensionTooLate { due } => ActError::Invalid(format!(
            "Phiếu xin lỗi phải được lập chậm nhất 01 ngày trước ngày hẹn trả ({})",
            format_instant(due)
        )),
        DeadlineError::NewDueNotLater { due, .. } => ActError::Invalid(format!(
            "Ngày hẹn trả mới: phải sau ngày hẹn hiện tại ({})",
            format_instant(due)
        )),
        DeadlineError::SecondExtension => ActError::Refused(WorkflowError::SecondApology),
        DeadlineError::NoDeadline => {
            ActError::Invalid("Thủ tục không quy định thời hạn: không cần hẹn lại".into())
        }
        other => ActError::internal(other),
    }
}

/// Pauses the clock (status 5 or 6 from processing).
pub(crate) fn pause(
    c: &mut Changes,
    at: NaiveDateTime,
    reason: PauseReason,
) -> Result<(), ActError> {
    if let Some(clock) = c.clock.as_mut() {
        clock.pause(at, reason).map_err(ActError::internal)?;
    }
    Ok(())
}
