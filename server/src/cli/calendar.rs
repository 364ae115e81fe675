//! `motcua calendar year|lunar`: the working-day calendar and the lunar calendar.

use motcua_core::calendar::{format_date, weekday_name, FIRST_YEAR, LAST_YEAR};
use motcua_core::lunar::{lunar_to_solar, solar_to_lunar, year_name, LunarDate};
use serde::Serialize;

use super::{parse_date, CalendarArgs, InputError};

/// The `calendar` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum CalendarCommand {
    /// Every holiday, compensatory day, swap and make-up day of a year.
    Year {
        /// The year (1900–2199).
        year: String,
        /// One JSON array: [{"date","working","name","kind"}].
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        calendar: CalendarArgs,
    },
    /// Convert solar dates to the Vietnamese lunar calendar, or back with --to-solar.
    Lunar {
        /// Dates YYYY-MM-DD (lunar dates with --to-solar; suffix L for a leap month).
        #[arg(required = true)]
        dates: Vec<String>,
        /// Read the dates as lunar dates and convert them to solar dates.
        #[arg(long)]
        to_solar: bool,
        /// One JSON object per line: {"solar","year","month","day","leap"}.
        #[arg(long)]
        json: bool,
    },
}

impl CalendarCommand {
    /// Runs the command and returns what it prints.
    pub fn run(&self) -> Result<String, InputError> {
        match self {
            CalendarCommand::Year {
                year,
                json,
                calendar,
            } => year_listing(year, *json, calendar),
            CalendarCommand::Lunar {
                dates,
                to_solar,
                json,
            } => lunar(dates, *to_solar, *json),
        }
    }
}

/// One line of `calendar year --json`, keys in this order.
#[derive(Serialize)]
struct DayRow<'a> {
    date: String,
    working: bool,
    name: &'a str,
    kind: &'static str,
}

/// One line of `calendar lunar --json`, keys in this order.
#[derive(Serialize)]
struct LunarRow {
    solar: String,
    year: i32,
    month: u8,
    day: u8,
    leap: bool,
}

fn year_listing(year: &str, json: bool, args: &CalendarArgs) -> Result<String, InputError> {
    let year: i32 = year
        .trim()
        .parse()
        .ok()
        .filter(|y| (FIRST_YEAR..=LAST_YEAR).contains(y))
        .ok_or_else(|| {
            InputError::new(format!(
                "năm «{year}» không hợp lệ (lịch hỗ trợ {FIRST_YEAR}–{LAST_YEAR})"
            ))
        })?;
    let calendar = args.build()?;
    let days = calendar
        .special_days(year)
        .map_err(|e| InputError::new(e.to_string()))?;
    if json {
        let rows: Vec<String> = days
            .iter()
            .map(|d| {
                serde_json::to_string(&DayRow {
                    date: d.date.to_string(),
                    working: d.working,
                    name: &d.name,
                    kind: d.kind.as_str(),
                })
                .expect("plain struct")
            })
            .collect();
        return Ok(if rows.is_empty() {
            "[]\n".to_owned()
        } else {
            format!("[\n{}\n]\n", rows.join(",\n"))
        });
    }
    let working = calendar
        .working_days_in_year(year)
        .map_err(|e| InputError::new(e.to_string()))?;
    let mut out = format!(
        "Lịch làm việc năm {year} ({} ngày làm việc; phiên bản lịch {})\n\n",
        working,
        calendar.version()
    );
    out.push_str(&format!(
        "{:<10}  {:<8}  {:<9}  {:<14}  {}\n",
        "Ngày", "Thứ", "Làm việc", "Loại", "Tên"
    ));
    for d in &days {
        out.push_str(&format!(
            "{:<10}  {:<8}  {:<9}  {:<14}  {}\n",
            format_date(d.date),
            weekday_name(d.date),
            if d.working { "có" } else { "nghỉ" },
            d.kind.label(),
            d.name
        ));
        if let Some(source) = d.source.as_deref().filter(|_| !d.kind.is_statutory()) {
            out.push_str(&format!("{:<47}Nguồn: {source}\n", ""));
        }
    }
    Ok(out)
}

fn lunar(dates: &[String], to_solar: bool, json: bool) -> Result<String, InputError> {
    // Read every argument before printing anything: no half output on bad input.
    let pairs = dates
        .iter()
        .map(|text| {
            if to_solar {
                let lunar: LunarDate = text
                    .trim()
                    .parse()
                    .map_err(|e: motcua_core::lunar::LunarError| InputError::new(e.to_string()))?;
                let solar = lunar_to_solar(lunar).map_err(|e| InputError::new(e.to_string()))?;
                Ok((solar, lunar))
            } else {
                let solar = parse_date(text, "ngày dương lịch")?;
                let lunar = solar_to_lunar(solar).map_err(|e| InputError::new(e.to_string()))?;
                Ok((solar, lunar))
            }
        })
        .collect::<Result<Vec<_>, InputError>>()?;
    let mut out = String::new();
    for (solar, lunar) in pairs {
        if json {
            let row = LunarRow {
                solar: solar.to_string(),
                year: lunar.year,
                month: lunar.month,
                day: lunar.day,
                leap: lunar.leap,
            };
            out.push_str(&serde_json::to_string(&row).expect("plain struct"));
        } else {
            out.push_str(&format!(
                "{} {} = ngày {:02} tháng {:02}{} năm {} ({}) âm lịch",
                weekday_name(solar),
                format_date(solar),
                lunar.day,
                lunar.month,
                if lunar.leap { " (nhuận)" } else { "" },
                lunar.year,
                year_name(lunar.year)
            ));
        }
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn national() -> CalendarArgs {
        CalendarArgs {
            exceptions: vec![],
            week: "mon,tue,wed,thu,fri".into(),
        }
    }

    #[test]
    fn spec_4_4_year_json_is_one_array_of_four_keys() {
        let out = year_listing("2026", true, &national()).unwrap();
        let rows: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
        assert_eq!(rows.len(), 17);
        assert_eq!(
            rows[0],
            json!({"date":"2026-01-01","working":false,"name":"Tết Dương lịch","kind":"holiday"})
        );
        assert!(rows.iter().all(|r| r.as_object().unwrap().len() == 4));
        assert!(rows.iter().any(|r| r["date"] == "2026-08-22"
            && r["working"] == true
            && r["kind"] == "makeup_workday"));
    }

    #[test]
    fn year_table_is_vietnamese_with_dd_mm_yyyy() {
        let out = year_listing("2026", false, &national()).unwrap();
        assert!(out.contains("24/11/2026"), "{out}");
        assert!(out.contains("Ngày Văn hóa Việt Nam"));
        assert!(out.contains("VPCP 12729") || out.contains("12729/VPCP-KGVX"));
    }

    #[test]
    fn first_and_last_years_list_their_working_days() {
        for year in ["1900", "2199"] {
            let out = year_listing(year, false, &national()).unwrap();
            assert!(
                out.starts_with(&format!("Lịch làm việc năm {year} (")),
                "{out}"
            );
        }
    }

    #[test]
    fn bad_years_are_one_line() {
        for bad in ["1899", "2200", "abc", ""] {
            let e = year_listing(bad, true, &national()).unwrap_err();
            assert!(!e.to_string().contains('\n'));
        }
    }

    #[test]
    fn spec_4_5_lunar_both_ways() {
        let out = lunar(&["2030-02-02".into(), "1985-01-21".into()], false, true).unwrap();
        assert_eq!(
            out,
            "{\"solar\":\"2030-02-02\",\"year\":2030,\"month\":1,\"day\":1,\"leap\":false}\n\
             {\"solar\":\"1985-01-21\",\"year\":1985,\"month\":1,\"day\":1,\"leap\":false}\n"
        );
        let back = lunar(&["2030-01-01".into()], true, true).unwrap();
        assert!(back.starts_with("{\"solar\":\"2030-02-02\""), "{back}");
        assert!(lunar(&["2025-06-01L".into()], true, true)
            .unwrap()
            .contains("\"leap\":true"));
        assert!(lunar(&["2026-06-01L".into()], true, true).is_err());
        assert!(lunar(&["2026-02-30".into()], false, true).is_err());
    }
}
