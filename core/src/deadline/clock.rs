//! A dossier's clock over its life (SPEC §4.6.5–4.6.7): pauses for supplements and
//! payments, one extension, and the final classification.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::{DeadlineError, Schedule};
use crate::procedure::TimeLimit;

/// What a supplement does to the clock when the citizen answers (SPEC §4.6.5, per
/// procedure; `pause` by default).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SupplementPolicy {
    /// The due instant moves forward by the paused working time.
    #[default]
    Pause,
    /// The deadline is computed afresh from the moment the supplement is received.
    Restart,
}

/// Why the clock is paused (statuses 5 and 6 of SPEC §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PauseReason {
    /// Supplement requested (form 02, status 5).
    Supplement,
    /// Waiting for the applicant's fee or tax (status 6).
    Payment,
}

/// Finished early, on time or late (Decision 766 index 2.1; SPEC §4.6.7), comparing
/// **dates**.
///
/// ```
/// use motcua_core::deadline::Timeliness;
/// assert_eq!(Timeliness::OnTime.label(), "đúng hạn");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Timeliness {
    /// Trước hạn: finished on a date before the due date.
    Early,
    /// Đúng hạn: finished on the due date.
    OnTime,
    /// Quá hạn: finished after the due date (or after a second supplement request).
    Late,
}

impl Timeliness {
    /// The Vietnamese term used on slips and dashboards.
    ///
    /// ```
    /// assert_eq!(motcua_core::deadline::Timeliness::Late.label(), "quá hạn");
    /// ```
    pub fn label(self) -> &'static str {
        match self {
            Timeliness::Early => "trước hạn",
            Timeliness::OnTime => "đúng hạn",
            Timeliness::Late => "quá hạn",
        }
    }
}

/// Classifies an end instant against a due instant by their dates (SPEC §4.6.7).
///
/// ```
/// use chrono::NaiveDateTime;
/// use motcua_core::deadline::{classify, Timeliness};
/// let at = |x: &str| NaiveDateTime::parse_from_str(x, "%Y-%m-%d %H:%M").unwrap();
/// let due = at("2026-11-30 16:30");
/// assert_eq!(classify(at("2026-11-27 09:00"), due), Timeliness::Early);
/// assert_eq!(classify(at("2026-11-30 16:59"), due), Timeliness::OnTime); // same date
/// assert_eq!(classify(at("2026-12-01 07:00"), due), Timeliness::Late);
/// ```
pub fn classify(finished: NaiveDateTime, due: NaiveDateTime) -> Timeliness {
    match finished.date().cmp(&due.date()) {
        std::cmp::Ordering::Less => Timeliness::Early,
        std::cmp::Ordering::Equal => Timeliness::OnTime,
        std::cmp::Ordering::Greater => Timeliness::Late,
    }
}

/// A dossier's deadline state: started at reception, then paused, resumed and at most
/// once extended. Serializable, so the server stores it with the dossier.
///
/// ```
/// use chrono::NaiveDateTime;
/// use motcua_core::calendar::Calendar;
/// use motcua_core::deadline::{DossierClock, OfficeHours, PauseReason, Schedule, SupplementPolicy};
/// let (cal, hours) = (Calendar::vietnam(), OfficeHours::default());
/// let s = Schedule::new(&cal, &hours);
/// let at = |x: &str| NaiveDateTime::parse_from_str(x, "%Y-%m-%d %H:%M").unwrap();
/// let limit = "05 ngày làm việc".parse().unwrap();
/// let mut clock = DossierClock::start(&s, at("2026-11-20 16:30"), limit, SupplementPolicy::Pause).unwrap();
/// assert_eq!(clock.due(), Some(at("2026-11-30 16:30")));
/// // Paused one working day (Wed 25 09:00 → Thu 26 09:00): due moves one working day.
/// clock.pause(at("2026-11-25 09:00"), PauseReason::Supplement).unwrap();
/// clock.resume(&s, at("2026-11-26 09:00")).unwrap();
/// assert_eq!(clock.due(), Some(at("2026-12-01 16:30")));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierClock {
    limit: TimeLimit,
    policy: SupplementPolicy,
    /// When the dossier was received; the clock may start later (after hours, the 15:00
    /// cut-off). `None` in clocks stored before this field existed.
    #[serde(default)]
    received: Option<NaiveDateTime>,
    start: NaiveDateTime,
    due: Option<NaiveDateTime>,
    paused: Option<(NaiveDateTime, PauseReason)>,
    supplements: u32,
    extended: bool,
}

impl DossierClock {
    /// Starts the clock for a dossier received (status 2) at `received`.
    pub fn start(
        schedule: &Schedule<'_>,
        received: NaiveDateTime,
        limit: TimeLimit,
        policy: SupplementPolicy,
    ) -> Result<Self, DeadlineError> {
        let deadline = schedule.deadline(received, &limit)?;
        Ok(DossierClock {
            limit,
            policy,
            received: Some(received),
            start: deadline.start,
            due: deadline.due,
            paused: None,
            supplements: 0,
            extended: false,
        })
    }

    /// When the clock started.
    pub fn started(&self) -> NaiveDateTime {
        self.start
    }

    /// The current appointment (after pauses and any extension).
    pub fn due(&self) -> Option<NaiveDateTime> {
        self.due
    }

    /// Whether the clock is paused, and why.
    pub fn paused(&self) -> Option<PauseReason> {
        self.paused.map(|(_, r)| r)
    }

    /// How many supplements were requested; a second one counts as late (SPEC §3, §4.6.7).
    pub fn supplement_requests(&self) -> u32 {
        self.supplements
    }

    /// Whether the one extension (form 04) has been used.
    pub fn extended(&self) -> bool {
        self.extended
    }

    /// Pauses the clock (status 5 or 6) at `at`. Between reception and the clock's start
    /// (a dossier received after hours) the pause counts from the start: no office time
    /// has run yet.
    pub fn pause(&mut self, at: NaiveDateTime, reason: PauseReason) -> Result<(), DeadlineError> {
        if self.paused.is_some() {
            return Err(DeadlineError::AlreadyPaused);
        }
        let at = self.not_before_start(at)?;
        if reason == PauseReason::Supplement {
            self.supplements += 1;
        }
        self.paused = Some((at, reason));
        Ok(())
    }

    /// `at`, or the clock's start when `at` lies between reception and the start;
    /// before reception it is an error.
    fn not_before_start(&self, at: NaiveDateTime) -> Result<NaiveDateTime, DeadlineError> {
        if at >= self.start {
            Ok(at)
        } else if self.received.is_some_and(|r| at >= r) {
            Ok(self.start)
        } else {
            Err(DeadlineError::BeforeStart(at))
        }
    }

    /// Resumes the clock at `at` (supplement received or fee paid). With the `pause`
    /// policy, or after a payment, the due instant moves forward by the office time the
    /// pause lasted; with `restart` after a supplement, the deadline is computed afresh
    /// from `at` (SPEC §4.6.5).
    pub fn resume(
        &mut self,
        schedule: &Schedule<'_>,
        at: NaiveDateTime,
    ) -> Result<(), DeadlineError> {
        let (since, reason) = self.paused.ok_or(DeadlineError::NotPaused)?;
        // Answered before the clock even started (both after hours): nothing to move.
        let at = if at < since && since == self.start {
            self.not_before_start(at).map_or(at, |_| since)
        } else {
            at
        };
        if at < since {
            return Err(DeadlineError::ResumeBeforePause { since, at });
        }
        if reason == PauseReason::Supplement && self.policy == SupplementPolicy::Restart {
            let deadline = schedule.deadline(at, &self.limit)?;
            self.start = deadline.start;
            self.due = deadline.due;
        } else if let Some(due) = self.due {
            let paused = schedule.working_minutes_between(since, at)?;
            self.due = Some(schedule.add_working_minutes(due, paused)?);
        }
        self.paused = None;
        Ok(())
    }

    /// Records the one extension (form 04): issued at `issued` no later than the day
    /// before the current due date, with a later new due instant (SPEC §3, §4.6.6).
    pub fn extend(
        &mut self,
        issued: NaiveDateTime,
        new_due: NaiveDateTime,
    ) -> Result<(), DeadlineError> {
        let due = self.due.ok_or(DeadlineError::NoDeadline)?;
        if self.extended {
            return Err(DeadlineError::SecondExtension);
        }
        if issued.date() >= due.date() {
            return Err(DeadlineError::ExtensionTooLate { due });
        }
        if new_due <= due {
            return Err(DeadlineError::NewDueNotLater { due, new_due });
        }
        self.due = Some(new_due);
        self.extended = true;
        Ok(())
    }

    /// Working time left at `now` in office minutes (negative when overdue); frozen at
    /// the moment of the pause while paused. `None` without a deadline.
    pub fn remaining_minutes(
        &self,
        schedule: &Schedule<'_>,
        now: NaiveDateTime,
    ) -> Result<Option<i64>, DeadlineError> {
        let Some(due) = self.due else { return Ok(None) };
        let now = self.paused.map_or(now, |(since, _)| since);
        Ok(Some(schedule.working_minutes_between(now, due)?))
    }

    /// Classification when the dossier ends at `finished` (decided, returned, stopped,
    /// refused or withdrawn). A second supplement request makes it late.
    pub fn classify(&self, finished: NaiveDateTime) -> Option<Timeliness> {
        let due = self.due?;
        if self.supplements >= 2 {
            return Some(Timeliness::Late);
        }
        Some(classify(finished, due))
    }
}
