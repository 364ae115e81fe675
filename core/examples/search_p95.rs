//! Latency percentiles of the ranked procedure search, as a server would see them.
//!
//! ```sh
//! cargo run -p motcua-core --release --example search_p95
//! ```
//!
//! Builds the index of the generated 2,000-procedure catalogue (`benches/support/
//! catalogue.rs`, shared with the criterion bench), then answers the fixed list of
//! realistic queries (with and without diacritics, abbreviations, partial words, codes,
//! filters, empty) 50 rounds each, timing every single search, and prints p50, p95, p99
//! and max in microseconds, overall and per kind of query, plus a few rankings so that
//! speed is not bought with nonsense.

#[path = "../benches/support/catalogue.rs"]
mod catalogue;

use std::hint::black_box;
use std::time::{Duration, Instant};

use motcua_core::search::{SearchFilters, SearchIndex, SearchQuery};

use catalogue::{catalogue, queries};

const ENTRIES: usize = 2000;
const ROUNDS: usize = 50;
/// Hits per page, as the catalogue page asks for.
const LIMIT: usize = 20;

/// The `p`-th percentile (nearest rank) of sorted durations, in microseconds.
fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1].as_secs_f64() * 1e6
}

fn report(label: &str, times: &mut [Duration]) {
    times.sort_unstable();
    println!(
        "{label:<14} {:>6} searches  p50 {:>7.1} µs  p95 {:>7.1} µs  p99 {:>7.1} µs  max {:>7.1} µs",
        times.len(),
        percentile(times, 50.0),
        percentile(times, 95.0),
        percentile(times, 99.0),
        times[times.len() - 1].as_secs_f64() * 1e6,
    );
}

fn main() {
    let entries = catalogue(ENTRIES);
    let list = queries(&entries);

    // Build time: the first build (cold, as at server start) and the best of 5.
    let start = Instant::now();
    let index = SearchIndex::new(entries.clone());
    let first = start.elapsed();
    let best = (0..5)
        .map(|_| {
            let start = Instant::now();
            black_box(SearchIndex::new(entries.clone()));
            start.elapsed()
        })
        .min()
        .unwrap_or_default();
    println!(
        "index of {} procedures built in {:.2} ms (first), {:.2} ms (best of 5); {:?}",
        index.len(),
        first.as_secs_f64() * 1e3,
        best.as_secs_f64() * 1e3,
        index
    );

    let prepared: Vec<(&str, SearchQuery, SearchFilters)> = list
        .into_iter()
        .map(|q| {
            (
                q.kind,
                SearchQuery::parse(&q.text).expect("short"),
                q.filters,
            )
        })
        .collect();
    // Rounds outside, queries inside: consecutive searches differ, as on a server.
    let mut times: Vec<(&str, Duration)> = Vec::with_capacity(prepared.len() * ROUNDS);
    let mut matched = 0usize;
    for _ in 0..ROUNDS {
        for (kind, query, filters) in &prepared {
            let start = Instant::now();
            let results = index.search(black_box(query), black_box(filters), LIMIT);
            times.push((kind, start.elapsed()));
            matched += results.total;
        }
    }
    println!(
        "{} queries × {ROUNDS} rounds (limit {LIMIT}); {:.1} matches per query on average",
        prepared.len(),
        matched as f64 / times.len() as f64
    );
    report(
        "all",
        &mut times.iter().map(|(_, t)| *t).collect::<Vec<_>>(),
    );
    let mut kinds: Vec<&str> = Vec::new();
    for (kind, _, _) in &prepared {
        if !kinds.contains(kind) {
            kinds.push(kind);
        }
    }
    for kind in kinds {
        let mut of_kind: Vec<Duration> = times
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, t)| *t)
            .collect();
        report(kind, &mut of_kind);
    }

    // Not realistic, but the box accepts them: the longest queries (200 characters) of
    // one repeated word, or of many words, must not be the slow path.
    println!("worst cases, 50 searches each:");
    for text in [
        "c ".repeat(100),
        "gcn ".repeat(50),
        "giay phep lai xe ".repeat(11),
        "a b c d e g h i k l m n o p q r s t u v x y ".repeat(4),
    ] {
        let query = SearchQuery::parse(&text).expect("at most 200 characters");
        let mut times: Vec<Duration> = (0..ROUNDS)
            .map(|_| {
                let start = Instant::now();
                black_box(index.search(&query, &SearchFilters::default(), LIMIT));
                start.elapsed()
            })
            .collect();
        report(&format!("«{}…»", &text[..8]), &mut times);
    }

    println!();
    for text in ["GPLX", "dang ky khai sinh", "gcn qsdđ", "khai si", "mã số"] {
        let query = SearchQuery::parse(text).expect("short");
        let results = index.search(&query, &SearchFilters::default(), 3);
        println!("«{text}»: {} matches", results.total);
        for hit in &results.hits {
            let e = &index.entries()[hit.index];
            println!("  {:>5}  {}  ({})", hit.score, e.name, e.field);
        }
    }
}
