//! Criterion benchmarks of the working-day calendar.
//!
//! ```sh
//! cargo bench -p motcua-core --bench calendar
//! ```
//!
//! Every query benchmark answers ONE query per iteration, so criterion's "time" is the
//! cost of one query in nanoseconds. The queries are generated beforehand (a fixed-seed
//! xorshift, 1990-01-01..=2100-12-31) and cycled through, so no RNG time is measured.
//! Measurement times are kept short so that the whole run stays well under two minutes.

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::hint::black_box;
    use std::time::Duration;

    use chrono::{Datelike, NaiveDate};
    use criterion::Criterion;
    use motcua_core::calendar::Calendar;

    /// Queries per batch (a power of two, so the cycling index is a mask); 64 K dates
    /// spread over 111 years defeat any lucky caching of one bitmap word.
    const BATCH: usize = 1 << 16;

    /// xorshift64* (Vigna): deterministic, tiny, good enough for picking dates.
    struct XorShift(u64);

    impl XorShift {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }

        /// Uniform-enough integer in `lo..=hi`.
        fn range(&mut self, lo: i64, hi: i64) -> i64 {
            lo + (self.next() % (hi - lo + 1) as u64) as i64
        }
    }

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    /// `n` random dates in 1990-01-01..=2100-12-31.
    fn random_dates(rng: &mut XorShift, n: usize) -> Vec<NaiveDate> {
        let lo = i64::from(ymd(1990, 1, 1).num_days_from_ce());
        let hi = i64::from(ymd(2100, 12, 31).num_days_from_ce());
        (0..n)
            .map(|_| {
                NaiveDate::from_num_days_from_ce_opt(rng.range(lo, hi) as i32).expect("in range")
            })
            .collect()
    }

    fn construction(c: &mut Criterion) {
        let mut group = c.benchmark_group("calendar");
        group.sample_size(10);
        group.measurement_time(Duration::from_secs(5));
        group.bench_function("vietnam_build", |b| {
            b.iter(|| black_box(Calendar::vietnam()))
        });
        group.finish();
    }

    fn queries(c: &mut Criterion) {
        let cal = Calendar::vietnam();
        let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
        let dates = random_dates(&mut rng, BATCH);
        let adds: Vec<(NaiveDate, u32)> = dates
            .iter()
            .map(|&d| (d, rng.range(1, 60) as u32))
            .collect();
        // Deadline-like intervals: the end 0..=120 calendar days after the start.
        let spans: Vec<(NaiveDate, NaiveDate)> = dates
            .iter()
            .map(|&d| (d, d + chrono::Duration::days(rng.range(0, 120))))
            .collect();
        let singles = random_dates(&mut rng, BATCH);

        let mut group = c.benchmark_group("calendar");
        group.measurement_time(Duration::from_secs(3));
        group.warm_up_time(Duration::from_secs(1));

        group.bench_function("add_working_days", |b| {
            let mut i = 0usize;
            b.iter(|| {
                let (d, n) = adds[i & (BATCH - 1)];
                i = i.wrapping_add(1);
                cal.add_working_days(black_box(d), black_box(n))
            })
        });
        group.bench_function("working_days_between", |b| {
            let mut i = 0usize;
            b.iter(|| {
                let (from, to) = spans[i & (BATCH - 1)];
                i = i.wrapping_add(1);
                cal.working_days_between(black_box(from), black_box(to))
            })
        });
        group.bench_function("is_working_day", |b| {
            let mut i = 0usize;
            b.iter(|| {
                let d = singles[i & (BATCH - 1)];
                i = i.wrapping_add(1);
                cal.is_working_day(black_box(d))
            })
        });
        group.bench_function("next_working_day_from", |b| {
            let mut i = 0usize;
            b.iter(|| {
                let d = singles[i & (BATCH - 1)];
                i = i.wrapping_add(1);
                cal.next_working_day_from(black_box(d))
            })
        });
        group.finish();
    }

    /// Whole appointments (SPEC §4.6): clock start plus due, per unit, from random
    /// reception instants (any minute of the day, so half fall outside office hours).
    fn deadlines(c: &mut Criterion) {
        use motcua_core::deadline::{OfficeHours, Schedule};
        use motcua_core::procedure::TimeLimit;
        let cal = Calendar::vietnam();
        let hours = OfficeHours::default();
        let schedule = Schedule::new(&cal, &hours);
        let mut rng = XorShift(0x2545_f491_4f6c_dd1d);
        let received: Vec<chrono::NaiveDateTime> = random_dates(&mut rng, BATCH)
            .into_iter()
            .map(|d| {
                let minute = rng.range(0, 24 * 60 - 1) as u32;
                d.and_hms_opt(minute / 60, minute % 60, 0)
                    .expect("valid time")
            })
            .collect();
        let mut group = c.benchmark_group("deadline");
        group.measurement_time(Duration::from_secs(3));
        group.warm_up_time(Duration::from_secs(1));
        for text in [
            "05 ngày làm việc",
            "04 giờ làm việc",
            "15 ngày",
            "Trong ngày",
        ] {
            let limit: TimeLimit = text.parse().expect("published wording");
            group.bench_function(limit.unit().as_str(), |b| {
                let mut i = 0usize;
                b.iter(|| {
                    let r = received[i & (BATCH - 1)];
                    i = i.wrapping_add(1);
                    schedule.deadline(black_box(r), &limit)
                })
            });
        }
        group.finish();
    }

    criterion::criterion_group!(benches, construction, queries, deadlines);
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(native::benches);

/// Criterion is a native-only dev-dependency; on wasm32 this bench is empty.
#[cfg(target_arch = "wasm32")]
fn main() {}
