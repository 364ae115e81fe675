//! Reading the time limit of a published procedure from its Vietnamese wording
//! ("05 ngày làm việc", "Không quá 10 ngày", "Trong ngày"), as printed on the national
//! portal and in provincial decisions publishing procedures.
//!
//! The text is folded first (diacritics, case and punctuation removed; see
//! [`crate::text::fold`]), so "05 NGÀY LÀM VIỆC", decomposed Unicode and typing without
//! diacritics all read the same.

use std::str::FromStr;

use super::{ProcedureError, TimeLimit, TimeUnit};
use crate::text::fold;

/// Leading words that do not change the limit: "không quá 10 ngày" is 10 days.
const PREFIXES: [&str; 8] = [
    "thoi han giai quyet",
    "khong qua",
    "trong thoi han",
    "trong vong",
    "toi da",
    "trong",
    "chua qua",
    "la",
];

/// Units, longest wording first so that "ngày làm việc" wins over "ngày".
const UNITS: [(&str, TimeUnit); 4] = [
    ("ngay lam viec", TimeUnit::WorkingDays),
    ("gio lam viec", TimeUnit::WorkingHours),
    // [D] one-stop procedures count hours in office hours; "04 giờ" means 4 working hours.
    ("gio", TimeUnit::WorkingHours),
    ("ngay", TimeUnit::CalendarDays),
];

fn unreadable(text: &str) -> ProcedureError {
    ProcedureError::UnreadableTimeLimit(text.trim().to_owned())
}

/// Reads a published time limit. The 15:00 cut-off is set when the text itself says
/// that dossiers received after 15:00 are handled the next working day; otherwise it
/// comes from the procedure's own flag.
///
/// ```
/// use motcua_core::procedure::{TimeLimit, TimeUnit};
/// let read = |s: &str| s.parse::<TimeLimit>().map(|l| (l.unit(), l.n()));
/// assert_eq!(read("05 ngày làm việc"), Ok((TimeUnit::WorkingDays, 5)));
/// assert_eq!(read("03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ"), Ok((TimeUnit::WorkingDays, 3)));
/// assert_eq!(read("Trong ngày"), Ok((TimeUnit::SameDay, 0)));
/// assert_eq!(read("04 giờ làm việc"), Ok((TimeUnit::WorkingHours, 4)));
/// assert_eq!(read("15 ngày"), Ok((TimeUnit::CalendarDays, 15)));
/// assert_eq!(read("Không quá 10 ngày"), Ok((TimeUnit::CalendarDays, 10)));
/// let err = "Theo quy định".parse::<TimeLimit>().unwrap_err();
/// assert!(err.to_string().contains("Theo quy định"));
/// ```
impl FromStr for TimeLimit {
    type Err = ProcedureError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let folded = fold(text);
        let cutoff_15h = folded.contains("sau 15 gio");
        let mut rest = folded.as_str();
        if rest.is_empty() {
            return Err(unreadable(text));
        }
        if rest.starts_with("khong quy dinh") || rest.starts_with("khong co thoi han") {
            return TimeLimit::new(TimeUnit::None, 0, false);
        }
        loop {
            let before = rest;
            for prefix in PREFIXES {
                if let Some(tail) = rest.strip_prefix(prefix) {
                    if tail.is_empty() || tail.starts_with(' ') {
                        rest = tail.trim_start();
                    }
                }
            }
            if rest == before {
                break;
            }
        }
        // "Trong ngày", "Ngay trong ngày", "Giải quyết ngay": the day of reception.
        if [
            "trong ngay",
            "ngay trong ngay",
            "giai quyet ngay",
            "tra ngay",
        ]
        .iter()
        .any(|p| folded == *p || folded.starts_with(&format!("{p} ")))
        {
            return TimeLimit::new(TimeUnit::SameDay, 0, cutoff_15h);
        }
        let digits_end = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        if digits_end == 0 {
            return Err(unreadable(text));
        }
        let n: u32 = rest[..digits_end].parse().map_err(|_| unreadable(text))?;
        let after = rest[digits_end..].trim_start();
        let unit = UNITS
            .iter()
            .find(|(words, _)| {
                after
                    .strip_prefix(words)
                    .is_some_and(|t| t.is_empty() || t.starts_with(' '))
            })
            .map(|(_, unit)| *unit)
            .ok_or_else(|| unreadable(text))?;
        TimeLimit::new(unit, n, cutoff_15h)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &str) -> Result<(TimeUnit, u32, bool), ProcedureError> {
        s.parse::<TimeLimit>()
            .map(|l| (l.unit(), l.n(), l.cutoff_15h()))
    }

    #[test]
    fn spec_4_6_4_published_wordings() {
        use TimeUnit::*;
        let cases = [
            ("05 ngày làm việc", (WorkingDays, 5, false)),
            ("03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ", (WorkingDays, 3, false)),
            ("Trong ngày", (SameDay, 0, false)),
            ("trong ngày làm việc", (SameDay, 0, false)),
            ("04 giờ làm việc", (WorkingHours, 4, false)),
            ("15 ngày", (CalendarDays, 15, false)),
            ("Không quá 10 ngày", (CalendarDays, 10, false)),
            ("Không quá 10 ngày làm việc", (WorkingDays, 10, false)),
            ("Trong thời hạn 07 ngày làm việc", (WorkingDays, 7, false)),
            ("KHONG QUA 20 NGAY LAM VIEC", (WorkingDays, 20, false)),
            ("02 giờ", (WorkingHours, 2, false)),
            ("Không quy định", (None, 0, false)),
            (
                "Trong ngày; trường hợp nhận hồ sơ sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo",
                (SameDay, 0, true),
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(read(text), Ok(expected), "{text}");
        }
    }

    #[test]
    fn unreadable_wordings_are_refused_with_the_text() {
        for text in [
            "",
            "Theo quy định",
            "năm ngày làm việc",
            "05 tuần",
            "ngày làm việc",
            "00 ngày làm việc",
            "99999999999 ngày",
        ] {
            let err = read(text).unwrap_err();
            let msg = err.to_string();
            assert!(
                msg.contains(text.trim()) || matches!(err, ProcedureError::MissingCount { .. }),
                "{text}: {msg}"
            );
        }
    }
}
