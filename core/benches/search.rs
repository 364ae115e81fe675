//! Criterion benchmarks of the ranked procedure search over a 2,000-procedure catalogue.
//!
//! ```sh
//! cargo bench -p motcua-core --bench search -- --warm-up-time 1 --measurement-time 3
//! ```
//!
//! The catalogue and the query list are generated deterministically by
//! `benches/support/catalogue.rs`, shared with `examples/search_p95.rs` (which reports
//! percentiles). Every query benchmark answers ONE query per iteration, cycling through
//! its list, so criterion's "time" is the mean cost of one query of that kind.

#[cfg(not(target_arch = "wasm32"))]
#[path = "support/catalogue.rs"]
mod catalogue;

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::hint::black_box;

    use criterion::Criterion;
    use motcua_core::search::{SearchFilters, SearchIndex, SearchQuery};

    use super::catalogue::{catalogue, queries};

    /// Catalogue size: a province's published procedures are in this range.
    const ENTRIES: usize = 2000;
    /// Hits per page, as the catalogue page asks for.
    const LIMIT: usize = 20;

    fn build(c: &mut Criterion) {
        let entries = catalogue(ENTRIES);
        let mut group = c.benchmark_group("search");
        group.sample_size(20);
        group.bench_function("build_2000", |b| {
            b.iter(|| SearchIndex::new(black_box(entries.clone())))
        });
        group.finish();
    }

    fn query(c: &mut Criterion) {
        let entries = catalogue(ENTRIES);
        let prepared: Vec<(&'static str, SearchQuery, SearchFilters)> = queries(&entries)
            .into_iter()
            .map(|q| {
                (
                    q.kind,
                    SearchQuery::parse(&q.text).expect("short"),
                    q.filters,
                )
            })
            .collect();
        let index = SearchIndex::new(entries);

        let mut group = c.benchmark_group("search");
        let mut kinds = vec!["all"];
        for (kind, _, _) in &prepared {
            if !kinds.contains(kind) {
                kinds.push(kind);
            }
        }
        for kind in kinds {
            let list: Vec<&(&str, SearchQuery, SearchFilters)> = prepared
                .iter()
                .filter(|(k, _, _)| kind == "all" || *k == kind)
                .collect();
            group.bench_function(format!("query_{}", kind.replace(' ', "_")), |b| {
                let mut i = 0usize;
                b.iter(|| {
                    let (_, query, filters) = list[i % list.len()];
                    i = i.wrapping_add(1);
                    index.search(black_box(query), black_box(filters), LIMIT)
                })
            });
        }
        group.finish();
    }

    criterion::criterion_group!(benches, build, query);
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(native::benches);

/// Criterion is a native-only dev-dependency; on wasm32 this bench is empty.
#[cfg(target_arch = "wasm32")]
fn main() {}
