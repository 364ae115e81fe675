//! Business-day offsets with `Calendar::vietnam()`, for the comparison with NumPy's
//! `busday_offset` (`bench/busday_vs_numpy.sh`).
//!
//! ```sh
//! cargo build --release -p motcua-core --example busday
//! busday holidays                        # every NON-working date 1900-01-01..=2199-12-31
//! busday run queries.bin answers.bin [R] # answer the queries, best of R timed runs (default 3)
//! ```
//!
//! `holidays` prints one ISO date per line, weekends included, so that NumPy can use
//! `weekmask="1111111"` with these dates as holidays (a weekly mask cannot express the
//! make-up Saturdays that are working days).
//!
//! Files are raw little-endian `i64`s, dates counted in days since 1970-01-01 (NumPy's
//! `datetime64[D]`): the queries file holds `(start, n)` pairs, the answers file one date
//! per query: the `n`-th working day strictly after `start`.
//! Only the loop of `add_working_days` calls is timed; the decoding of the queries into
//! dates and the encoding of the answers are reported separately.

use std::hint::black_box;
use std::io::{BufWriter, Write};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate};
use motcua_core::calendar::{Calendar, FIRST_YEAR, LAST_YEAR};

/// `NaiveDate::num_days_from_ce()` of 1970-01-01.
const UNIX_EPOCH_FROM_CE: i64 = 719_163;

const USAGE: &str = "usage: busday holidays | busday run <queries file> <answers file> [repeats]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["holidays"] => holidays(),
        ["run", queries, answers] => run(queries, answers, 3),
        ["run", queries, answers, repeats] => match repeats.parse::<u32>() {
            Ok(r) if r > 0 => run(queries, answers, r),
            _ => Err(format!(
                "repeats must be a positive integer, not {repeats:?}"
            )),
        },
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("busday: {e}");
            ExitCode::FAILURE
        }
    }
}

fn from_epoch_days(days: i64) -> Option<NaiveDate> {
    i32::try_from(days + UNIX_EPOCH_FROM_CE)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
}

fn to_epoch_days(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce()) - UNIX_EPOCH_FROM_CE
}

fn holidays() -> Result<(), String> {
    let cal = Calendar::vietnam();
    let first = NaiveDate::from_ymd_opt(FIRST_YEAR, 1, 1).expect("valid");
    let last = NaiveDate::from_ymd_opt(LAST_YEAR, 12, 31).expect("valid");
    let mut out = BufWriter::new(std::io::stdout().lock());
    for date in first.iter_days().take_while(|d| *d <= last) {
        if !cal.is_working_day(date).map_err(|e| e.to_string())? {
            writeln!(out, "{date}").map_err(|e| e.to_string())?;
        }
    }
    out.flush().map_err(|e| e.to_string())
}

fn ns_per_query(elapsed: Duration, queries: usize) -> f64 {
    elapsed.as_nanos() as f64 / queries.max(1) as f64
}

fn run(queries_path: &str, answers_path: &str, repeats: u32) -> Result<(), String> {
    let raw = std::fs::read(queries_path).map_err(|e| format!("{queries_path}: {e}"))?;
    if raw.len() % 16 != 0 {
        return Err(format!(
            "{queries_path}: {} bytes is not a whole number of 16-byte (start, n) records",
            raw.len()
        ));
    }
    let words: Vec<i64> = raw
        .chunks_exact(8)
        .map(|c| i64::from_le_bytes(c.try_into().expect("8 bytes")))
        .collect();
    let cal = Calendar::vietnam();

    // Decoding, timed apart from the queries.
    let decode_start = Instant::now();
    let queries = words
        .chunks_exact(2)
        .enumerate()
        .map(|(k, q)| {
            let date =
                from_epoch_days(q[0]).ok_or_else(|| format!("query {k}: bad date {}", q[0]))?;
            let n = u32::try_from(q[1]).map_err(|_| format!("query {k}: bad n {}", q[1]))?;
            Ok((date, n))
        })
        .collect::<Result<Vec<(NaiveDate, u32)>, String>>()?;
    let decode = decode_start.elapsed();

    // The measured loop: `add_working_days` only (writing each answer to a vector).
    let mut runs = Vec::new();
    let mut answers: Vec<Option<NaiveDate>> = Vec::new();
    for _ in 0..repeats {
        let mut out = Vec::with_capacity(queries.len());
        let start = Instant::now();
        for &(date, n) in &queries {
            out.push(black_box(cal.add_working_days(date, n).ok()));
        }
        runs.push(start.elapsed());
        answers = black_box(out);
    }

    let encode_start = Instant::now();
    let mut bytes = Vec::with_capacity(answers.len() * 8);
    for (k, answer) in answers.iter().enumerate() {
        let date = answer.ok_or_else(|| {
            format!(
                "query {k}: {} + {} working days is outside {FIRST_YEAR}–{LAST_YEAR}",
                queries[k].0, queries[k].1
            )
        })?;
        bytes.extend_from_slice(&to_epoch_days(date).to_le_bytes());
    }
    let encode = encode_start.elapsed();
    std::fs::write(answers_path, &bytes).map_err(|e| format!("{answers_path}: {e}"))?;

    let best = runs.iter().min().copied().unwrap_or_default();
    let all: Vec<String> = runs
        .iter()
        .map(|r| format!("{:.2}", ns_per_query(*r, queries.len())))
        .collect();
    println!(
        "busday: {} queries, add_working_days loop best of {repeats}: {:.2} ns/query (runs: {} ns/query)",
        queries.len(),
        ns_per_query(best, queries.len()),
        all.join(", "),
    );
    println!(
        "busday: timed apart, not in the figure above: i64 -> date {:.2} ns/query, date -> i64 {:.2} ns/query",
        ns_per_query(decode, queries.len()),
        ns_per_query(encode, queries.len()),
    );
    // Machine-readable line for bench/busday_vs_numpy.py.
    println!("ns_per_query={:.4}", ns_per_query(best, queries.len()));
    Ok(())
}
