//! The hand-over trail of a dossier (SPEC §3 "Inter-agency"): who gave it to whom and
//! when, and by when the receiver had to finish. Form 06 (process control slip) is
//! generated from it: a step's result compares the next hand-over's time with the
//! step's due time (SPEC §4.6.7–4.6.8, by dates).

use motcua_core::deadline::{classify, Timeliness};
use sqlx::{Any, AnyPool, Row, Transaction};

/// One hand-over to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handover {
    /// The action that made it.
    pub action: String,
    /// The step the receiver performs.
    pub step_name: String,
    /// The giver's unit (`None` for the applicant).
    pub from_unit: Option<String>,
    /// The giver.
    pub from_name: String,
    /// The receiving unit.
    pub to_unit: String,
    /// The receiving person, when named.
    pub to_name: Option<String>,
    /// Their staff id, when named.
    pub to_staff: Option<String>,
    /// By when the receiver must finish (Unix ms).
    pub due_at_ms: Option<i64>,
    /// Comment.
    pub note: String,
}

/// Appends a hand-over.
pub async fn add(
    tx: &mut Transaction<'_, Any>,
    dossier_id: &str,
    at_ms: i64,
    h: &Handover,
) -> Result<(), sqlx::Error> {
    let seq: i64 = sqlx::query("SELECT COUNT(*) AS n FROM dossier_handovers WHERE dossier_id = $1")
        .bind(dossier_id)
        .fetch_one(&mut **tx)
        .await?
        .try_get("n")?;
    sqlx::query(
        "INSERT INTO dossier_handovers (dossier_id, seq, at_ms, action, step_name, from_unit, \
         from_name, to_unit, to_name, to_staff, due_at_ms, note) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(dossier_id)
    .bind(seq + 1)
    .bind(at_ms)
    .bind(&h.action)
    .bind(&h.step_name)
    .bind(&h.from_unit)
    .bind(&h.from_name)
    .bind(&h.to_unit)
    .bind(&h.to_name)
    .bind(&h.to_staff)
    .bind(h.due_at_ms)
    .bind(&h.note)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The staff member last assigned to `step_name` on this dossier (to give a dossier
/// sent back to the person who held that step).
pub async fn holder_of(
    tx: &mut Transaction<'_, Any>,
    dossier_id: &str,
    step_name: &str,
) -> Result<Option<String>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT to_staff FROM dossier_handovers WHERE dossier_id = $1 AND step_name = $2 \
         AND to_staff IS NOT NULL ORDER BY seq DESC LIMIT 1",
    )
    .bind(dossier_id)
    .bind(step_name)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.and_then(|r| r.try_get("to_staff").ok()))
}

/// The next round of files of a dossier (1 is the submission; each supplement adds one).
pub async fn next_round(
    tx: &mut Transaction<'_, Any>,
    dossier_id: &str,
) -> Result<i64, sqlx::Error> {
    let round: i64 =
        sqlx::query("SELECT COALESCE(MAX(round), 1) AS r FROM dossier_files WHERE dossier_id = $1")
            .bind(dossier_id)
            .fetch_one(&mut **tx)
            .await?
            .try_get("r")?;
    Ok(round + 1)
}

/// A row of form 06.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrailRow {
    /// When handed over (Unix ms).
    pub at_ms: i64,
    /// The step received.
    pub step_name: String,
    /// Giver's unit code.
    pub from_unit: Option<String>,
    /// Giver.
    pub from_name: String,
    /// Receiving unit code.
    pub to_unit: String,
    /// Receiver, when named.
    pub to_name: Option<String>,
    /// Due time of the step received.
    pub due_at_ms: Option<i64>,
    /// How the step ended: `None` while open or without a due time.
    pub result: Option<Timeliness>,
    /// Comment.
    pub note: String,
}

/// The trail in order, with each step's result: the next hand-over's date against the
/// step's due date; an open step has no result yet.
pub async fn rows(pool: &AnyPool, dossier_id: &str) -> Result<Vec<TrailRow>, sqlx::Error> {
    let raw = sqlx::query(
        "SELECT at_ms, step_name, from_unit, from_name, to_unit, to_name, due_at_ms, note \
         FROM dossier_handovers WHERE dossier_id = $1 ORDER BY seq",
    )
    .bind(dossier_id)
    .fetch_all(pool)
    .await?;
    let mut out: Vec<TrailRow> = Vec::with_capacity(raw.len());
    for r in &raw {
        out.push(TrailRow {
            at_ms: r.try_get("at_ms")?,
            step_name: r.try_get("step_name")?,
            from_unit: r.try_get("from_unit")?,
            from_name: r.try_get("from_name")?,
            to_unit: r.try_get("to_unit")?,
            to_name: r.try_get("to_name")?,
            due_at_ms: r.try_get("due_at_ms")?,
            result: None,
            note: r.try_get("note")?,
        });
    }
    let local = crate::dossier::views::local;
    for i in 0..out.len().saturating_sub(1) {
        let finished = out[i + 1].at_ms;
        if let (Some(due), Some(end)) = (out[i].due_at_ms.and_then(local), local(finished)) {
            out[i].result = Some(classify(end, due));
        }
    }
    Ok(out)
}
