//! Offline commands answered by `motcua-core` alone: no configuration, no database.
//! Officials and developers script against their output, so the JSON shapes are
//! stable. Bad input is one line on stderr and exit status 2.

pub mod audit;
pub mod calendar;
pub mod deadline;
pub mod keys;
pub mod result;

use std::path::PathBuf;

use chrono::{NaiveDate, NaiveDateTime, Timelike};
use motcua_core::calendar::{Calendar, ExceptionSet, WorkWeek};

/// Input that cannot be used, described in one sentence (exit status 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct InputError(pub String);

impl InputError {
    fn new(message: impl Into<String>) -> Self {
        InputError(message.into())
    }
}

/// Which calendar to use: the national one, plus a deployment's own exception lists
/// (read at run time: a new notice needs no recompilation) and work week.
#[derive(Debug, Clone, clap::Args)]
pub struct CalendarArgs {
    /// An extra exception list in JSON ({"name", "exceptions": [{"date", "kind", "name", "source"}]}); repeatable, later files win.
    #[arg(long = "exceptions", value_name = "FILE")]
    pub exceptions: Vec<PathBuf>,
    /// Working weekdays of the unit, e.g. "mon,tue,wed,thu,fri,sat".
    #[arg(long, value_name = "DAYS", default_value = "mon,tue,wed,thu,fri")]
    pub week: String,
}

impl CalendarArgs {
    /// Builds the calendar: official swaps first, then each file in order.
    pub fn build(&self) -> Result<Calendar, InputError> {
        let week: WorkWeek = self
            .week
            .parse()
            .map_err(|e| InputError::new(format!("--week: {e}")))?;
        let mut sets = vec![ExceptionSet::official()];
        for path in &self.exceptions {
            let text = std::fs::read_to_string(path).map_err(|e| {
                InputError::new(format!(
                    "--exceptions: không đọc được tệp {}: {e}",
                    path.display()
                ))
            })?;
            let set = ExceptionSet::from_json(&text)
                .map_err(|e| InputError::new(format!("--exceptions {}: {e}", path.display())))?;
            sets.push(set);
        }
        Ok(Calendar::build(week, &sets))
    }
}

/// Reads `YYYY-MM-DD`, naming the argument in the error.
pub(crate) fn parse_date(text: &str, what: &str) -> Result<NaiveDate, InputError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        InputError::new(format!(
            "{what}: «{text}» không phải ngày hợp lệ (dạng YYYY-MM-DD)"
        ))
    })
}

/// Reads a local date-time `YYYY-MM-DDTHH:MM` (seconds and a space instead of `T`
/// accepted), naming the argument in the error.
pub(crate) fn parse_local_datetime(text: &str, what: &str) -> Result<NaiveDateTime, InputError> {
    let t = text.trim();
    [
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(t, f).ok())
    .ok_or_else(|| {
        InputError::new(format!(
            "{what}: «{text}» không phải thời điểm hợp lệ (dạng YYYY-MM-DDTHH:MM, giờ Việt Nam)"
        ))
    })
}

/// `YYYY-MM-DDTHH:MM`, with seconds only when there are some.
pub(crate) fn format_local_datetime(t: NaiveDateTime) -> String {
    if t.second() == 0 {
        t.format("%Y-%m-%dT%H:%M").to_string()
    } else {
        t.format("%Y-%m-%dT%H:%M:%S").to_string()
    }
}
