//! Browser/server parity of `motcua-core`: the browser (wasm32) previews exactly what the
//! server (native) enforces.
//!
//! The test builds a deterministic list of cases (a fixed-seed xorshift, no clock, no
//! randomness from the platform), renders each answer of the core as one text line such
//! as `lunar 2026-02-17 => 2026-01-01`, and compares every line with the golden file
//! `tests/parity/expected.txt`. The same body runs as a native `#[test]` and, compiled to
//! `wasm32-unknown-unknown`, as a `#[wasm_bindgen_test]` under node: both sides equal to
//! one golden file means wasm == native.
//!
//! Line kinds (`=> error …` when the core refuses the input):
//! - `version => cal-…`: `Calendar::vietnam().version()`;
//! - `lunar <solar date> => <lunar date>`: `solar_to_lunar`;
//! - `solar <lunar date> => <solar date>`: `lunar_to_solar` (`L` marks a leap month);
//! - `working <date> => true|false`: `is_working_day`;
//! - `add <date> +<n> => <date>`: `add_working_days`;
//! - `between <from> <to> => <n>`: `working_days_between`;
//! - `special <date> => <working|off> <kind> <name>`: `special_days` of a year;
//! - `deadline[/sat] <received> [<limit>] => start … due …`: `Schedule::deadline` under
//!   the default office hours (or a unit's with Saturday mornings);
//! - `minutes[/sat] <from> <to> => <n>`: `Schedule::working_minutes_between`;
//! - `clock <received> [<limit>] <policy> pause … resume … => …`: a `DossierClock`;
//! - `digest <what> => <fnv-1a>`: a hash over a whole range (every day of 1900–2199...),
//!   so that a difference outside the listed cases still shows.
//!
//! Each group of cases draws from its own generator (`XorShift::section`), so new cases
//! appended to a group, or a new group, leave the other groups' lines unchanged.
//!
//! Commands (from the workspace root):
//! - native: `cargo test -p motcua-core --release --test parity`
//! - wasm under node: `scripts/wasm-parity.sh`
//! - regenerate the golden file after an intended change of the rules, on the NATIVE
//!   run only (never by hand, never from wasm), then review `git diff`:
//!   `MOTCUA_UPDATE_PARITY=1 cargo test -p motcua-core --release --test parity`

use std::fmt::{Debug, Display, Write as _};

use chrono::{Datelike, Days, Duration, NaiveDate, NaiveDateTime};
use motcua_core::calendar::{Calendar, FIRST_YEAR, LAST_YEAR};
use motcua_core::deadline::{
    Deadline, DeadlineError, DossierClock, OfficeHours, PauseReason, Schedule, SupplementPolicy,
};
use motcua_core::lunar::{lunar_to_solar, solar_to_lunar, LunarDate};
use motcua_core::procedure::{TimeLimit, TimeUnit};

/// The golden file, embedded so that the wasm test (which has no file system) sees it.
const EXPECTED: &str = include_str!("parity/expected.txt");

/// The seed of every generator ("motcua" 2026).
const SEED: u64 = 0x6d6f_7463_7561_2026;

/// How many differing lines a failure shows.
const SHOWN_DIFFERENCES: usize = 10;

/// Marsaglia's xorshift64 with a fixed seed: the same sequence on every platform.
struct XorShift(u64);

impl XorShift {
    /// The generator of one group of cases: each group has its own stream, so adding
    /// cases to one group leaves the others' lines unchanged.
    fn section(section: u64) -> Self {
        let mut rng = XorShift((SEED ^ section.wrapping_mul(0x9e37_79b9_7f4a_7c15)) | 1);
        for _ in 0..8 {
            rng.next();
        }
        rng
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A number in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// A date in 1900-01-01..=2199-12-31.
    fn date(&mut self) -> NaiveDate {
        let span = (last_day() - first_day()).num_days() as u64 + 1;
        first_day() + Days::new(self.below(span))
    }
}

/// 64-bit FNV-1a, for the digest lines.
struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn first_day() -> NaiveDate {
    ymd(FIRST_YEAR, 1, 1)
}

fn last_day() -> NaiveDate {
    ymd(LAST_YEAR, 12, 31)
}

fn show<T: Display, E: Debug>(result: Result<T, E>) -> String {
    match result {
        Ok(v) => v.to_string(),
        Err(e) => format!("error {e:?}"),
    }
}

/// Collects the rendered lines.
struct Cases {
    lines: Vec<String>,
    cal: Calendar,
}

impl Cases {
    fn lunar(&mut self, date: NaiveDate) {
        let line = format!("lunar {date} => {}", show(solar_to_lunar(date)));
        self.lines.push(line);
    }

    fn solar(&mut self, lunar: LunarDate) {
        let line = format!("solar {lunar} => {}", show(lunar_to_solar(lunar)));
        self.lines.push(line);
    }

    fn working(&mut self, date: NaiveDate) {
        let line = format!("working {date} => {}", show(self.cal.is_working_day(date)));
        self.lines.push(line);
    }

    fn add(&mut self, date: NaiveDate, n: u32) {
        let line = format!(
            "add {date} +{n} => {}",
            show(self.cal.add_working_days(date, n))
        );
        self.lines.push(line);
    }

    fn between(&mut self, from: NaiveDate, to: NaiveDate) {
        let line = format!(
            "between {from} {to} => {}",
            show(self.cal.working_days_between(from, to))
        );
        self.lines.push(line);
    }
}

/// Every case, in a fixed order, rendered as lines.
fn cases() -> Vec<String> {
    let mut c = Cases {
        lines: Vec::new(),
        cal: Calendar::vietnam(),
    };

    c.lines.push(format!("version => {}", c.cal.version()));

    // Solar → lunar at the most sensitive place, the start of a month (a new moon near
    // local midnight): lunar New Year's Eve and Tết of every year 1900–2199.
    for year in FIRST_YEAR..=LAST_YEAR {
        let tet = lunar_to_solar(LunarDate::new(year, 1, 1, false)).expect("Tết exists");
        if let Some(eve) = tet.pred_opt().filter(|d| *d >= first_day()) {
            c.lunar(eve);
        }
        c.lunar(tet);
    }
    // Where the Vietnamese calendar (UTC+7) and the Chinese one (UTC+8) differ, and
    // other month starts quoted in the specification and the unit tests.
    for (y, m, d) in [
        (1968, 1, 29),
        (1968, 1, 30),
        (1985, 1, 20),
        (1985, 1, 21),
        (1985, 1, 22),
        (1985, 2, 19),
        (1985, 2, 20),
        (2007, 2, 16),
        (2007, 2, 17),
        (2007, 2, 18),
        (2030, 2, 2),
        (2030, 2, 3),
        (2033, 12, 21),
        (2033, 12, 22),
    ] {
        c.lunar(ymd(y, m, d));
    }
    // Lunar → solar: the first and the 30th day of every month, leap month included, of
    // years with a leap month and of random years; and a leap month the year lacks.
    let mut rng = XorShift::section(1);
    let mut years = vec![1903, 1941, 1984, 2004, 2006, 2017, 2020, 2023, 2025, 2033];
    years.extend((0..6).map(|_| FIRST_YEAR + rng.below(300) as i32));
    for year in years {
        let mut missing_leap = None;
        for month in 1..=12u8 {
            for leap in [false, true] {
                let first = LunarDate::new(year, month, 1, leap);
                if leap && lunar_to_solar(first).is_err() {
                    missing_leap.get_or_insert(first);
                    continue;
                }
                c.solar(first);
                c.solar(LunarDate::new(year, month, 30, leap));
            }
        }
        if let Some(first) = missing_leap {
            c.solar(first);
        }
    }
    // Random dates both ways.
    let mut rng = XorShift::section(2);
    for _ in 0..100 {
        let date = rng.date();
        c.lunar(date);
    }
    for _ in 0..100 {
        let year = FIRST_YEAR + rng.below(300) as i32;
        let month = 1 + rng.below(12) as u8;
        let day = 1 + rng.below(30) as u8;
        let leap = rng.below(8) == 0;
        c.solar(LunarDate::new(year, month, day, leap));
    }
    // The edges of the supported range.
    for (y, m, d) in [(1899, 12, 31), (1900, 1, 1), (2199, 12, 31), (2200, 1, 1)] {
        c.lunar(ymd(y, m, d));
    }
    for (y, m, d, leap) in [
        (1899, 12, 1, false),
        (1900, 1, 1, false),
        (2199, 11, 1, false),
        (2199, 12, 29, false),
        (2200, 1, 1, false),
        (2026, 13, 1, false),
        (2026, 1, 31, false),
        (2026, 0, 1, false),
    ] {
        c.solar(LunarDate::new(y, m, d, leap));
    }

    // Working days: around Tết (holidays tied to the lunar calendar), fixed holidays,
    // random days, and the edges.
    for year in [
        1946, 1975, 1994, 2012, 2014, 2015, 2020, 2025, 2026, 2027, 2100, 2199,
    ] {
        let tet = lunar_to_solar(LunarDate::new(year, 1, 1, false)).expect("Tết exists");
        for offset in 0..12 {
            c.working(tet - Days::new(3) + Days::new(offset));
        }
    }
    for year in [1960, 1990, 2008, 2019, 2024, 2026, 2150] {
        for (m, d) in [(1, 1), (4, 30), (5, 1), (9, 1), (9, 2), (9, 3), (11, 24)] {
            c.working(ymd(year, m, d));
        }
    }
    let mut rng = XorShift::section(3);
    for _ in 0..100 {
        let date = rng.date();
        c.working(date);
    }
    for (y, m, d) in [(1899, 12, 31), (1900, 1, 1), (2199, 12, 31), (2200, 1, 1)] {
        c.working(ymd(y, m, d));
    }

    // Named and special days of some years: every holiday, compensatory day and swap.
    for year in [1950, 1976, 1995, 2010, 2014, 2015, 2025, 2026, 2099] {
        match c.cal.special_days(year) {
            Ok(days) => {
                for d in days {
                    let state = if d.working { "working" } else { "off" };
                    c.lines.push(format!(
                        "special {} => {state} {} {}",
                        d.date,
                        d.kind.as_str(),
                        d.name
                    ));
                }
            }
            Err(e) => c.lines.push(format!("special {year} => error {e:?}")),
        }
    }

    // Adding working days: mostly short deadlines, some long, some past 2199.
    let mut rng = XorShift::section(4);
    for _ in 0..100 {
        let date = rng.date();
        let n = if rng.below(4) == 0 {
            rng.below(400)
        } else {
            rng.below(31)
        };
        c.add(date, n as u32);
    }
    for year in [2014, 2025, 2026] {
        let tet = lunar_to_solar(LunarDate::new(year, 1, 1, false)).expect("Tết exists");
        for n in [1, 3, 5, 10] {
            c.add(tet - Days::new(4), n);
        }
    }
    c.add(ymd(2199, 12, 20), 0);
    c.add(ymd(2199, 12, 20), 5);
    c.add(ymd(2199, 12, 20), 30);
    c.add(ymd(1899, 12, 31), 1);
    c.add(ymd(1900, 1, 1), 100_000);

    // Counting working days, both directions.
    let mut rng = XorShift::section(5);
    for _ in 0..100 {
        let from = rng.date();
        let span = rng.below(2 * 800 + 1) as i64 - 800;
        let to = from
            .checked_add_signed(Duration::days(span))
            .expect("in chrono's range");
        c.between(from, to);
    }
    c.between(first_day(), last_day());
    c.between(last_day(), first_day());
    c.between(ymd(1899, 12, 31), ymd(1900, 1, 2));

    // Deadline cases: add them in `deadline_cases`, each group with its own section seed.
    deadline_cases(&mut c);

    // Digests over whole ranges.
    let mut every_day = Fnv::new();
    let mut date = first_day();
    while date <= last_day() {
        every_day.write(show(solar_to_lunar(date)).as_bytes());
        date = date.succ_opt().expect("in chrono's range");
    }
    c.lines.push(format!(
        "digest lunar of every day {}..{} => {:016x}",
        first_day(),
        last_day(),
        every_day.0
    ));
    let mut month_starts = Fnv::new();
    for year in FIRST_YEAR..=LAST_YEAR {
        for month in 1..=12u8 {
            for leap in [false, true] {
                let start = lunar_to_solar(LunarDate::new(year, month, 1, leap));
                month_starts.write(show(start).as_bytes());
            }
        }
    }
    c.lines.push(format!(
        "digest solar of every lunar month start {FIRST_YEAR}..{LAST_YEAR} => {:016x}",
        month_starts.0
    ));
    let mut bitmap = Fnv::new();
    for word in c.cal.bitmap() {
        bitmap.write(&word.to_le_bytes());
    }
    c.lines.push(format!(
        "digest working-day bitmap {}..{} => {:016x}",
        first_day(),
        last_day(),
        bitmap.0
    ));
    let mut counts = String::new();
    for year in FIRST_YEAR..=LAST_YEAR {
        let days = c
            .cal
            .working_days_between(ymd(year, 1, 1), ymd(year, 12, 31));
        let _ = write!(counts, "{year}:{};", show(days));
    }
    let mut per_year = Fnv::new();
    per_year.write(counts.as_bytes());
    c.lines.push(format!(
        "digest working days per year {FIRST_YEAR}..{LAST_YEAR} => {:016x}",
        per_year.0
    ));
    c.lines
}

/// `yyyy-mm-dd hh:mm`.
fn stamp(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

fn show_limit(limit: &TimeLimit) -> String {
    let cutoff = if limit.cutoff_15h() { ", 15:00" } else { "" };
    format!("[{limit}{cutoff}]")
}

fn show_deadline(d: &Deadline) -> String {
    let due = d.due.map_or_else(|| "none".to_owned(), stamp);
    format!("start {} due {due}", stamp(d.start))
}

/// Deadlines (SPEC §4.6) under the default office hours and a unit's hours with
/// Saturday mornings: clock start with and without the 15:00 cut-off, each unit of time
/// limit, office minutes between two instants, and a dossier's clock with a pause.
fn deadline_cases(c: &mut Cases) {
    let regular = OfficeHours::default();
    let saturdays: OfficeHours = "07:30-11:30,13:00-17:00; sat=07:30-11:30"
        .parse()
        .expect("valid office hours");
    let limits: Vec<TimeLimit> = [
        "05 ngày làm việc",
        "10 ngày làm việc",
        "04 giờ làm việc",
        "12 giờ làm việc",
        "Trong ngày",
        "15 ngày",
        "30 ngày",
        "Không quy định thời hạn",
    ]
    .iter()
    .map(|s| s.parse().expect("published wording"))
    .chain([
        TimeLimit::new(TimeUnit::WorkingDays, 3, true).expect("valid"),
        TimeLimit::new(TimeUnit::WorkingHours, 8, true).expect("valid"),
        TimeLimit::new(TimeUnit::SameDay, 0, true).expect("valid"),
    ])
    .collect();
    let at = |y, m, d, h, min| {
        ymd(y, m, d)
            .and_hms_opt(h, min, 0)
            .expect("valid time of day")
    };
    let mut lines = Vec::new();

    for (name, hours, section) in [("deadline", &regular, 6), ("deadline/sat", &saturdays, 7)] {
        let s = Schedule::new(&c.cal, hours);
        let mut push = |received: NaiveDateTime, limit: &TimeLimit| {
            lines.push(format!(
                "{name} {} {} => {}",
                stamp(received),
                show_limit(limit),
                show(s.deadline(received, limit).map(|d| show_deadline(&d)))
            ));
        };
        // SPEC §4.6 worked examples and the edges of the 15:00 cut-off, lunch and closing.
        for received in [
            at(2026, 11, 20, 16, 30),
            at(2026, 11, 21, 9, 0),
            at(2026, 11, 25, 11, 30),
            at(2026, 11, 25, 15, 0),
            at(2026, 11, 25, 15, 1),
            at(2026, 2, 13, 10, 0),
            at(2025, 1, 24, 16, 0),
            at(2026, 8, 21, 16, 0),
        ] {
            for i in [0, 2, 8, 10] {
                push(received, &limits[i]);
            }
        }
        let mut rng = XorShift::section(section);
        for _ in 0..20 {
            let date = rng.date();
            let minute = rng.below(24 * 60) as u32;
            let received = at(
                date.year(),
                date.month(),
                date.day(),
                minute / 60,
                minute % 60,
            );
            let limit = &limits[rng.below(limits.len() as u64) as usize];
            push(received, limit);
        }
    }

    // Office minutes between two instants (the working time left), both directions.
    for (name, hours, section) in [("minutes", &regular, 8), ("minutes/sat", &saturdays, 9)] {
        let s = Schedule::new(&c.cal, hours);
        let mut rng = XorShift::section(section);
        for _ in 0..10 {
            let from = rng.date().and_hms_opt(0, 0, 0).expect("midnight")
                + Duration::minutes(rng.below(24 * 60) as i64);
            let to = from + Duration::minutes(rng.below(2 * 30 * 24 * 60) as i64 - 30 * 24 * 60);
            lines.push(format!(
                "{name} {} {} => {}",
                stamp(from),
                stamp(to),
                show(s.working_minutes_between(from, to))
            ));
        }
    }

    // A dossier's clock: started, paused for a supplement, resumed; then the time left
    // and the classification of an end at the resumption and one day after the due date.
    let s = Schedule::new(&c.cal, &regular);
    let mut rng = XorShift::section(10);
    for i in 0..10 {
        let date = ymd(2000, 1, 1) + Days::new(rng.below(100 * 365));
        let received =
            date.and_hms_opt(7, 0, 0).expect("valid") + Duration::minutes(rng.below(600) as i64);
        let limit = limits[rng.below(4) as usize];
        let policy = if i % 2 == 0 {
            SupplementPolicy::Pause
        } else {
            SupplementPolicy::Restart
        };
        let pause = received + Duration::minutes(rng.below(3 * 24 * 60) as i64 + 1);
        let resume = pause + Duration::minutes(rng.below(5 * 24 * 60) as i64);
        let result = (|| {
            let mut clock = DossierClock::start(&s, received, limit, policy)?;
            clock.pause(pause, PauseReason::Supplement)?;
            clock.resume(&s, resume)?;
            let due = clock.due().ok_or(DeadlineError::NoDeadline)?;
            let left = clock.remaining_minutes(&s, resume)?.unwrap_or_default();
            let class = |t| clock.classify(t).map_or("none", |t| t.label());
            Ok::<_, DeadlineError>(format!(
                "start {} due {} left {left} min, {} at resume, {} a day after",
                stamp(clock.started()),
                stamp(due),
                class(resume),
                class(due + Duration::days(1))
            ))
        })();
        lines.push(format!(
            "clock {} {} {policy:?} pause {} resume {} => {}",
            stamp(received),
            show_limit(&limit),
            stamp(pause),
            stamp(resume),
            show(result)
        ));
    }
    c.lines.extend(lines);
}

/// The golden lines with their line numbers in the file, without the `#` comments.
fn expected() -> Vec<(usize, &'static str)> {
    EXPECTED
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#'))
        .map(|(i, l)| (i + 1, l))
        .collect()
}

/// Compares `actual` with the golden lines; `Err` names the first differences.
fn compare(actual: &[String], expected: &[(usize, &str)]) -> Result<usize, String> {
    let mut report = String::new();
    let mut differing = 0;
    for i in 0..actual.len().max(expected.len()) {
        let a = actual.get(i).map(String::as_str);
        let e = expected.get(i).map(|(_, l)| *l);
        if a == e {
            continue;
        }
        differing += 1;
        if differing <= SHOWN_DIFFERENCES {
            let place = match expected.get(i) {
                Some((line, _)) => format!("expected.txt line {line}"),
                None => "past the end of expected.txt".to_owned(),
            };
            let _ = writeln!(
                report,
                "  case {} ({place}):\n    expected: {}\n    actual:   {}",
                i + 1,
                e.unwrap_or("(no line)"),
                a.unwrap_or("(no case)")
            );
        }
    }
    if differing == 0 {
        return Ok(actual.len());
    }
    Err(format!(
        "parity: {differing} of {} cases differ from core/tests/parity/expected.txt ({} \
         golden lines); first differences:\n{report}If the change of the rules is intended, \
         regenerate natively: MOTCUA_UPDATE_PARITY=1 cargo test -p motcua-core --release \
         --test parity",
        actual.len(),
        expected.len()
    ))
}

fn check() -> usize {
    let actual = cases();
    match compare(&actual, &expected()) {
        Ok(n) => n,
        Err(report) => panic!("{report}"),
    }
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn native_matches_golden() {
    if std::env::var_os("MOTCUA_UPDATE_PARITY").is_some_and(|v| v == "1") {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/parity/expected.txt");
        let lines = cases();
        let mut text = String::from(
            "# Golden answers of motcua-core, written by the NATIVE run of core/tests/parity.rs\n\
             # with MOTCUA_UPDATE_PARITY=1. Do not edit by hand; see the top of parity.rs.\n",
        );
        for line in &lines {
            text.push_str(line);
            text.push('\n');
        }
        std::fs::write(path, text).expect("write the golden file");
        println!("parity: wrote {} cases to {path}", lines.len());
        return;
    }
    let n = check();
    println!("parity: {n} cases match (native)");
}

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen_test::wasm_bindgen_test]
fn wasm_matches_golden() {
    let n = check();
    wasm_bindgen_test::console_log!("parity: {n} cases match (wasm32)");
}
