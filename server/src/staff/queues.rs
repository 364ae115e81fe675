//! The work queues and their counts (issue 5): every dossier that the person's unit
//! received, processes or co-ordinates, read once, classified with [`urgency`] and
//! sorted in Rust (the numbers per unit are small; ordering and folding stay portable).

use std::collections::HashMap;

use chrono::NaiveDateTime;
use motcua_app::services::{
    QueueCounts, QueueKind, QueueQuery, QueueRow, QueueSort, StaffProfile, Urgency,
};
use motcua_core::deadline::{vietnam_local, Timeliness};
use motcua_core::dossier::DossierStatus;
use motcua_core::procedure::{Channel, ProcedureVersion};
use motcua_core::text::fold;
use motcua_core::workflow::{Route, Units};
use sqlx::any::AnyRow;
use sqlx::{AnyPool, Row};

use super::urgency::{self as rules, Seen};
use super::SqlStaff;
use crate::catalog::Snapshot;
use crate::dossier::views::local;

/// At most this many lines are listed (the counts are exact).
pub const MAX_ROWS: usize = 500;

const LINE_COLUMNS: &str = "d.id, d.submission_no, d.code, d.procedure_slug, \
    d.procedure_version, d.receiving_unit, d.processing_unit, d.coordinating_unit, \
    d.assignee_id, d.channel, d.status, d.step, d.resume_status, d.applicant_name, \
    d.applicant_phone, d.submitted_at_ms, d.received_at_ms, d.due_at_ms, d.step_due_at_ms, \
    d.paused_at_ms, d.decided_at_ms, d.returned_at_ms, d.timeliness";

/// One dossier as the queues read it.
#[derive(Debug, Clone)]
pub struct Line {
    pub(crate) id: String,
    pub(crate) submission_no: String,
    pub(crate) code: Option<String>,
    pub(crate) slug: String,
    pub(crate) version: i64,
    pub(crate) receiving_unit: String,
    pub(crate) processing_unit: Option<String>,
    pub(crate) coordinating_unit: Option<String>,
    pub(crate) assignee_id: Option<String>,
    pub(crate) channel: String,
    pub(crate) status: DossierStatus,
    pub(crate) step: Option<u8>,
    pub(crate) resume: Option<DossierStatus>,
    pub(crate) applicant_name: String,
    pub(crate) applicant_phone: String,
    pub(crate) submitted_at_ms: i64,
    pub(crate) received_at_ms: Option<i64>,
    pub(crate) due_at_ms: Option<i64>,
    pub(crate) step_due_at_ms: Option<i64>,
    pub(crate) paused_at_ms: Option<i64>,
    pub(crate) decided_at_ms: Option<i64>,
    pub(crate) returned_at_ms: Option<i64>,
    pub(crate) timeliness: Option<String>,
}

impl Line {
    fn from_row(r: &AnyRow) -> Result<Line, sqlx::Error> {
        let status = |code: i64| DossierStatus::from_code(code as u8);
        Ok(Line {
            id: r.try_get("id")?,
            submission_no: r.try_get("submission_no")?,
            code: r.try_get("code")?,
            slug: r.try_get("procedure_slug")?,
            version: r.try_get("procedure_version")?,
            receiving_unit: r.try_get("receiving_unit")?,
            processing_unit: r.try_get("processing_unit")?,
            coordinating_unit: r.try_get("coordinating_unit")?,
            assignee_id: r.try_get("assignee_id")?,
            channel: r.try_get("channel")?,
            status: status(r.try_get("status")?).unwrap_or(DossierStatus::AwaitingReception),
            step: r.try_get::<Option<i64>, _>("step")?.map(|s| s as u8),
            resume: r
                .try_get::<Option<i64>, _>("resume_status")?
                .and_then(status),
            applicant_name: r.try_get("applicant_name")?,
            applicant_phone: r.try_get("applicant_phone")?,
            submitted_at_ms: r.try_get("submitted_at_ms")?,
            received_at_ms: r.try_get("received_at_ms")?,
            due_at_ms: r.try_get("due_at_ms")?,
            step_due_at_ms: r.try_get("step_due_at_ms")?,
            paused_at_ms: r.try_get("paused_at_ms")?,
            decided_at_ms: r.try_get("decided_at_ms")?,
            returned_at_ms: r.try_get("returned_at_ms")?,
            timeliness: r.try_get("timeliness")?,
        })
    }

    fn units_of(&self, unit: &str) -> Units {
        Units {
            receiving: self.receiving_unit == unit,
            processing: self.processing_unit.as_deref() == Some(unit),
            coordinating: self.coordinating_unit.as_deref() == Some(unit),
        }
    }

    /// Whether the current step's due time comes before the appointment.
    fn step_first(&self) -> bool {
        self.step_due_at_ms
            .is_some_and(|s| self.due_at_ms.is_none_or(|d| s < d))
    }

    /// The earlier of the appointment and the current step's due time.
    fn due_ms(&self) -> Option<i64> {
        match (self.due_at_ms, self.step_due_at_ms) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

/// "dd/mm/yyyy hh:mm" in Vietnamese local time.
pub fn short_time(ms: i64) -> String {
    local(ms)
        .map(|t| t.format("%d/%m/%Y %H:%M").to_string())
        .unwrap_or_default()
}

/// Everything needed to turn lines into queue rows, read once per request.
pub struct Lookups {
    pub(crate) snapshot: std::sync::Arc<Snapshot>,
    versions: HashMap<(String, i64), Option<ProcedureVersion>>,
    names: HashMap<String, String>,
    pub(crate) now: NaiveDateTime,
}

impl Lookups {
    pub(crate) async fn new(staff: &SqlStaff) -> Result<Lookups, LookupError> {
        let snapshot = staff.catalog.snapshot().await.map_err(LookupError::boxed)?;
        let names = sqlx::query("SELECT id, full_name FROM staff")
            .fetch_all(&staff.pool)
            .await?
            .iter()
            .map(|r| Ok((r.try_get("id")?, r.try_get("full_name")?)))
            .collect::<Result<_, sqlx::Error>>()?;
        Ok(Lookups {
            snapshot,
            versions: HashMap::new(),
            names,
            now: vietnam_local(staff.clock.now()),
        })
    }

    /// Reads the procedure versions of `lines` not read yet.
    pub(crate) async fn load_versions(
        &mut self,
        pool: &AnyPool,
        lines: &[Line],
    ) -> Result<(), LookupError> {
        for l in lines {
            if let std::collections::hash_map::Entry::Vacant(slot) =
                self.versions.entry((l.slug.clone(), l.version))
            {
                // Most dossiers follow the current version, which the catalogue snapshot
                // already holds; only older versions are read from the database.
                let current = self
                    .snapshot
                    .procedure(&l.slug)
                    .map(|p| &p.version)
                    .filter(|v| i64::from(v.version) == l.version);
                let v = match current {
                    Some(v) => Some(v.clone()),
                    None => crate::catalog::repository::version(pool, &l.slug, l.version as u32)
                        .await
                        .map_err(LookupError::boxed)?,
                };
                slot.insert(v);
            }
        }
        Ok(())
    }

    pub(crate) fn version(&self, l: &Line) -> Option<&ProcedureVersion> {
        self.versions
            .get(&(l.slug.clone(), l.version))
            .and_then(Option::as_ref)
    }

    pub(crate) fn staff_name(&self, id: &str) -> Option<String> {
        self.names.get(id).cloned()
    }

    pub(crate) fn unit_name(&self, code: &str) -> String {
        self.snapshot
            .agency(code)
            .map_or_else(|| code.to_owned(), |a| a.view.name.clone())
    }

    /// Office minutes from now to `due` on `unit`'s calendar, and its working day.
    fn working_left(&self, unit: &str, due: NaiveDateTime) -> (Option<i64>, i64) {
        match self.snapshot.schedule(unit).ok().flatten() {
            Some(s) => (
                s.schedule().working_minutes_between(self.now, due).ok(),
                s.hours().regular_day_minutes(),
            ),
            None => (None, 480),
        }
    }
}

/// A failure reading the queues.
#[derive(Debug, thiserror::Error)]
pub enum LookupError {
    /// The database failed.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    /// The catalogue failed.
    #[error("{0}")]
    Other(Box<dyn std::error::Error + Send + Sync>),
}

impl LookupError {
    pub(crate) fn boxed(e: impl std::error::Error + Send + Sync + 'static) -> LookupError {
        LookupError::Other(Box::new(e))
    }
}

/// A line with what the rules made of it.
pub struct Classified {
    pub(crate) line: Line,
    pub(crate) row: QueueRow,
    pub(crate) units: Units,
    pub(crate) step_role: Option<motcua_core::procedure::StepRole>,
}

impl Classified {
    fn seen(&self) -> Seen<'_> {
        Seen {
            status: self.line.status,
            resume: self.line.resume,
            assignee: self.line.assignee_id.as_deref(),
            units: self.units,
            step_role: self.step_role,
            at_other_agency: self.line.coordinating_unit.is_some(),
            urgency: self.row.urgency,
        }
    }
}

/// Builds the queue row of a line for a person of `unit`.
pub fn classify(l: Line, unit: &str, k: &Lookups) -> Classified {
    let version = k.version(&l);
    let route = version.map(Route::of);
    let step = l
        .step
        .and_then(|i| route.as_ref().and_then(|r| r.step(i)).cloned());
    let clock_unit = l.processing_unit.as_deref().unwrap_or(&l.receiving_unit);
    let due = l.due_ms().and_then(local);
    let (left, day) = match due {
        Some(d) => k.working_left(clock_unit, d),
        None => (None, 480),
    };
    let urgency = rules::urgency(l.status, due, k.now, left, day);
    let now = k.now;
    let time_note = match l.status {
        DossierStatus::AwaitingReception => {
            let waited = local(l.submitted_at_ms).map_or(0, |t| (now - t).num_minutes());
            format!("chờ {}", rules::elapsed_words(waited.max(0)))
        }
        DossierStatus::Received | DossierStatus::Processing => match (due, left) {
            // The current step's due time comes first: say so.
            (Some(d), Some(m)) if l.step_first() => {
                format!("hạn bước: {}", rules::left_words(m, now, d, day))
            }
            (Some(d), Some(m)) => rules::left_words(m, now, d, day),
            _ => "không quy định thời hạn".to_owned(),
        },
        DossierStatus::SupplementRequested | DossierStatus::AwaitingPayment => {
            let what = if l.status == DossierStatus::AwaitingPayment {
                "tạm dừng, chờ thực hiện nghĩa vụ tài chính"
            } else {
                "tạm dừng, chờ bổ sung hồ sơ"
            };
            match l.paused_at_ms {
                Some(ms) => format!("{what} từ {}", short_time(ms)),
                None => what.to_owned(),
            }
        }
        _ => {
            let result = l
                .timeliness
                .as_deref()
                .and_then(|t| serde_json::from_value::<Timeliness>(serde_json::json!(t)).ok())
                .map(|t| rules::capitalised(t.label()));
            match (l.status, result) {
                (DossierStatus::Decided, Some(r)) => format!("chờ trả kết quả · {r}"),
                (DossierStatus::Decided, None) => "chờ trả kết quả".to_owned(),
                (_, r) => r.unwrap_or_default(),
            }
        }
    };
    let at_processing_step = matches!(
        l.status,
        DossierStatus::Processing
            | DossierStatus::SupplementRequested
            | DossierStatus::AwaitingPayment
    );
    let row = QueueRow {
        id: l.id.clone(),
        reference: l.code.clone().unwrap_or_else(|| l.submission_no.clone()),
        procedure: version.map_or_else(|| l.slug.clone(), |v| v.name.clone()),
        applicant: l.applicant_name.clone(),
        phone: l.applicant_phone.clone(),
        status: l.status,
        channel: l
            .channel
            .parse::<Channel>()
            .map_or_else(|_| l.channel.clone(), |c| c.label().to_owned()),
        step: step
            .as_ref()
            .filter(|_| at_processing_step)
            .map(|s| s.name.clone()),
        holder: l.assignee_id.as_deref().and_then(|id| k.staff_name(id)),
        at_agency: l.coordinating_unit.as_deref().map(|c| k.unit_name(c)),
        submitted_at: short_time(l.submitted_at_ms),
        received_at: l.received_at_ms.map(short_time),
        due: l.due_at_ms.map(short_time),
        step_due: l
            .step_due_at_ms
            .filter(|_| at_processing_step)
            .map(short_time),
        time_note,
        urgency,
    };
    Classified {
        units: l.units_of(unit),
        step_role: step.filter(|_| at_processing_step).map(|s| s.role),
        row,
        line: l,
    }
}

/// Every dossier the person's unit has to do with (optionally of one procedure).
pub async fn lines(
    pool: &AnyPool,
    unit: &str,
    procedure: Option<&str>,
) -> Result<Vec<Line>, sqlx::Error> {
    let sql = format!(
        "SELECT {LINE_COLUMNS} FROM dossiers d WHERE (d.receiving_unit = $1 \
         OR d.processing_unit = $1 OR d.coordinating_unit = $1){}",
        if procedure.is_some() {
            " AND d.procedure_slug = $2"
        } else {
            ""
        }
    );
    let mut query = sqlx::query(&sql).bind(unit);
    if let Some(p) = procedure {
        query = query.bind(p);
    }
    query
        .fetch_all(pool)
        .await?
        .iter()
        .map(Line::from_row)
        .collect()
}

/// The line of one dossier (by id).
pub async fn line(pool: &AnyPool, id: &str) -> Result<Option<Line>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT {LINE_COLUMNS} FROM dossiers d WHERE d.id = $1"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await?
    .as_ref()
    .map(Line::from_row)
    .transpose()
}

async fn classified(
    staff: &SqlStaff,
    me: &StaffProfile,
    procedure: Option<&str>,
) -> Result<Vec<Classified>, LookupError> {
    if me.role.is_admin() {
        return Ok(Vec::new());
    }
    let found = lines(&staff.pool, &me.unit_code, procedure).await?;
    let mut k = Lookups::new(staff).await?;
    k.load_versions(&staff.pool, &found).await?;
    Ok(found
        .into_iter()
        .map(|l| classify(l, &me.unit_code, &k))
        .collect())
}

/// Counts per queue, unread notices, and the procedures met (for the filter).
pub async fn counts(staff: &SqlStaff, me: &StaffProfile) -> Result<QueueCounts, LookupError> {
    let all = classified(staff, me, None).await?;
    let counts = QueueKind::ALL
        .into_iter()
        .map(|kind| {
            let n = all
                .iter()
                .filter(|c| rules::in_queue(kind, &me.id, me.role, &c.seen()))
                .count();
            (kind, n as u32)
        })
        .collect();
    let unread: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM staff_notices WHERE staff_id = $1 AND read_at_ms IS NULL",
    )
    .bind(&me.id)
    .fetch_one(&staff.pool)
    .await?
    .try_get("n")?;
    let mut procedures: Vec<(String, String)> = all
        .iter()
        .map(|c| (c.line.slug.clone(), c.row.procedure.clone()))
        .collect();
    procedures.sort_by_cached_key(|(slug, name)| (fold(name), slug.clone()));
    procedures.dedup_by(|a, b| a.0 == b.0);
    Ok(QueueCounts {
        counts,
        unread_notices: unread as u32,
        procedures,
    })
}

/// One queue, searched, filtered and sorted.
pub async fn queue(
    staff: &SqlStaff,
    me: &StaffProfile,
    query: &QueueQuery,
) -> Result<Vec<QueueRow>, LookupError> {
    let procedure = query.procedure.as_deref().filter(|p| !p.is_empty());
    let mut found: Vec<Classified> = classified(staff, me, procedure)
        .await?
        .into_iter()
        .filter(|c| rules::in_queue(query.kind, &me.id, me.role, &c.seen()))
        .filter(|c| {
            rules::matches(
                &query.q,
                c.line.code.as_deref().unwrap_or_default(),
                &c.line.submission_no,
                &c.line.applicant_name,
                &c.line.applicant_phone,
            )
        })
        .collect();
    sort(&mut found, query.sort, query.kind);
    found.truncate(MAX_ROWS);
    Ok(found.into_iter().map(|c| c.row).collect())
}

fn sort(found: &mut [Classified], sort: QueueSort, kind: QueueKind) {
    let submitted = |c: &Classified| c.line.submitted_at_ms;
    match sort {
        // Finished dossiers have no urgency left: the latest first.
        QueueSort::Due if kind == QueueKind::Done => {
            found.sort_by_key(|c| std::cmp::Reverse(finished_at(c)))
        }
        QueueSort::Due => found.sort_by_key(|c| {
            let paused = c.row.urgency == Urgency::Paused;
            (
                paused,
                c.line.due_ms().is_none(),
                c.line.due_ms(),
                submitted(c),
            )
        }),
        QueueSort::Oldest => found.sort_by_key(submitted),
        QueueSort::Newest => found.sort_by_key(|c| std::cmp::Reverse(submitted(c))),
    }
}

/// When a finished dossier last moved (returned, decided, else submitted).
fn finished_at(c: &Classified) -> i64 {
    let l = &c.line;
    l.returned_at_ms
        .or(l.decided_at_ms)
        .or(l.paused_at_ms)
        .unwrap_or(l.submitted_at_ms)
}
