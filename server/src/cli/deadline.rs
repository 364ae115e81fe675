//! `motcua deadline`: when the clock starts and the appointment falls (SPEC §4.6), in
//! local Asia/Ho_Chi_Minh time with the unit's office hours.

use motcua_core::deadline::{format_instant, OfficeHours, Schedule};
use motcua_core::procedure::{TimeLimit, TimeUnit};
use serde::Serialize;

use super::{format_local_datetime, parse_local_datetime, CalendarArgs, InputError};

/// Arguments of `motcua deadline`.
#[derive(Debug, clap::Args)]
pub struct DeadlineArgs {
    /// Reception moment, local time: YYYY-MM-DDTHH:MM.
    #[arg(long, value_name = "YYYY-MM-DDTHH:MM")]
    pub received: String,
    /// Unit: working_days, working_hours, same_day, calendar_days or none.
    #[arg(long)]
    pub unit: Option<String>,
    /// The count N for working_days, working_hours and calendar_days.
    #[arg(long)]
    pub n: Option<String>,
    /// The limit as published, e.g. "05 ngày làm việc" (instead of --unit/--n).
    #[arg(long)]
    pub limit: Option<String>,
    /// The procedure has the 15:00 cut-off (SPEC §4.6.3).
    #[arg(long = "cutoff-15h")]
    pub cutoff_15h: bool,
    /// Office hours, e.g. "07:00-11:30,13:30-17:00; sat=07:00-11:30".
    #[arg(long, value_name = "HOURS")]
    pub office_hours: Option<String>,
    /// Print {"start","due"} as JSON.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub calendar: CalendarArgs,
}

/// The JSON output, keys in this order; `due` is null for procedures without a limit.
#[derive(Serialize)]
struct DeadlineRow {
    start: String,
    due: Option<String>,
}

impl DeadlineArgs {
    fn time_limit(&self) -> Result<TimeLimit, InputError> {
        let limit = match (&self.limit, &self.unit) {
            (Some(_), Some(_)) => {
                return Err(InputError::new(
                    "dùng --limit hoặc --unit/--n, không dùng cả hai",
                ))
            }
            (Some(text), None) => {
                if self.n.is_some() {
                    return Err(InputError::new("--n chỉ dùng cùng --unit"));
                }
                text.parse::<TimeLimit>()
                    .map_err(|e| InputError::new(format!("--limit: {e}")))?
            }
            (None, Some(unit)) => {
                let unit: TimeUnit = unit
                    .trim()
                    .parse()
                    .map_err(|e| InputError::new(format!("--unit: {e}")))?;
                let n = match &self.n {
                    None => 0,
                    Some(n) => n.trim().parse::<u32>().map_err(|_| {
                        InputError::new(format!("--n: «{n}» không phải số nguyên không âm"))
                    })?,
                };
                TimeLimit::new(unit, n, false).map_err(|e| InputError::new(format!("--n: {e}")))?
            }
            (None, None) => {
                return Err(InputError::new(
                    "thiếu thời hạn: dùng --limit hoặc --unit (và --n)",
                ))
            }
        };
        TimeLimit::new(
            limit.unit(),
            limit.n(),
            limit.cutoff_15h() || self.cutoff_15h,
        )
        .map_err(|e| InputError::new(e.to_string()))
    }

    /// Runs the command and returns what it prints.
    pub fn run(&self) -> Result<String, InputError> {
        let received = parse_local_datetime(&self.received, "--received")?;
        let limit = self.time_limit()?;
        let hours: OfficeHours = match &self.office_hours {
            Some(text) => text
                .parse()
                .map_err(|e| InputError::new(format!("--office-hours: {e}")))?,
            None => OfficeHours::default(),
        };
        let calendar = self.calendar.build()?;
        let deadline = Schedule::new(&calendar, &hours)
            .deadline(received, &limit)
            .map_err(|e| InputError::new(e.to_string()))?;
        if self.json {
            let out = DeadlineRow {
                start: format_local_datetime(deadline.start),
                due: deadline.due.map(format_local_datetime),
            };
            return Ok(format!(
                "{}\n",
                serde_json::to_string(&out).expect("plain struct")
            ));
        }
        let due = deadline.due.map_or(
            "không quy định (thủ tục không có thời hạn)".to_owned(),
            format_instant,
        );
        Ok(format!(
            "Thời hạn giải quyết: {limit}{}\nNhận hồ sơ:          {}\nBắt đầu tính:        {}\nNgày hẹn trả kết quả: {due}\nPhiên bản lịch:      {}\n",
            if limit.cutoff_15h() { " (nhận sau 15 giờ tính từ ngày làm việc tiếp theo)" } else { "" },
            format_instant(received),
            format_instant(deadline.start),
            calendar.version()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(received: &str) -> DeadlineArgs {
        DeadlineArgs {
            received: received.into(),
            unit: None,
            n: None,
            limit: None,
            cutoff_15h: false,
            office_hours: None,
            json: true,
            calendar: CalendarArgs {
                exceptions: vec![],
                week: "mon,tue,wed,thu,fri".into(),
            },
        }
    }

    #[test]
    fn spec_4_6_worked_example_as_json() {
        let mut a = args("2026-11-20T16:30");
        a.unit = Some("working_days".into());
        a.n = Some("5".into());
        assert_eq!(
            a.run().unwrap(),
            "{\"start\":\"2026-11-20T16:30\",\"due\":\"2026-11-30T16:30\"}\n"
        );
        let mut b = args("2026-11-20T16:30");
        b.limit = Some("04 giờ làm việc".into());
        assert_eq!(
            b.run().unwrap(),
            "{\"start\":\"2026-11-20T16:30\",\"due\":\"2026-11-23T10:30\"}\n"
        );
    }

    #[test]
    fn spec_4_6_3_cutoff_flag_applies_to_both_forms() {
        let mut a = args("2026-11-25T15:30");
        a.unit = Some("same_day".into());
        a.cutoff_15h = true;
        assert_eq!(
            a.run().unwrap(),
            "{\"start\":\"2026-11-26T07:00\",\"due\":\"2026-11-26T17:00\"}\n"
        );
    }

    #[test]
    fn bad_input_is_one_line_naming_the_argument() {
        let cases: Vec<(DeadlineArgs, &str)> = vec![
            (
                {
                    let mut a = args("2026-11-20T16:30");
                    a.unit = Some("weeks".into());
                    a.n = Some("1".into());
                    a
                },
                "--unit",
            ),
            (
                {
                    let mut a = args("2026-02-30T10:00");
                    a.unit = Some("working_days".into());
                    a.n = Some("1".into());
                    a
                },
                "--received",
            ),
            (
                {
                    let mut a = args("2026-11-20T16:30");
                    a.unit = Some("working_days".into());
                    a
                },
                "--n",
            ),
            (
                {
                    let mut a = args("2026-11-20T16:30");
                    a.limit = Some("sớm nhất có thể".into());
                    a
                },
                "--limit",
            ),
            (
                {
                    let mut a = args("2026-11-20T16:30");
                    a.unit = Some("working_days".into());
                    a.n = Some("-3".into());
                    a
                },
                "--n",
            ),
            (args("2026-11-20T16:30"), "--limit"),
            (
                {
                    let mut a = args("2199-12-31T10:00");
                    a.unit = Some("working_days".into());
                    a.n = Some("5".into());
                    a
                },
                "2200",
            ),
        ];
        for (a, needle) in cases {
            let e = a.run().unwrap_err().to_string();
            assert!(e.contains(needle), "{e}");
            assert!(!e.contains('\n'), "{e}");
        }
    }
}
