//! The demo catalogue: real common procedures (copied from the project's shared data into
//! `server/seed/procedures.json` and embedded in the binary, so the running server
//! never reads outside its own files).

use motcua_core::procedure::{AdministrativeLevel, OnlineLevel, ProcedureSummary, TimeLimit};
use motcua_core::text::slugify;
use serde::Deserialize;
use sqlx::AnyPool;

use super::repository::{self, ProcedureRecord, RepositoryError};

/// The seed file, embedded at compile time.
const SEED_JSON: &str = include_str!("../../seed/procedures.json");

#[derive(Deserialize)]
struct SeedFile {
    procedures: Vec<SeedProcedure>,
}

/// One entry of the seed file. Keys the catalogue does not store yet (alternative time
/// limits for complex cases, `verify` marks) are ignored here and kept in the file.
#[derive(Deserialize)]
struct SeedProcedure {
    code: Option<String>,
    name: String,
    field: String,
    level: AdministrativeLevel,
    agency: String,
    time_limit: TimeLimit,
    legal_basis: Vec<String>,
    fee: SeedFee,
    documents: Vec<String>,
    online_level: OnlineLevel,
    result: String,
}

#[derive(Deserialize)]
struct SeedFee {
    text: String,
}

/// What went wrong while seeding.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    /// The embedded file does not parse: a build-time mistake, caught by the tests.
    #[error("the embedded demo catalogue is invalid: {0}")]
    Invalid(#[from] serde_json::Error),
    /// Storing failed.
    #[error("storing the demo catalogue failed: {0}")]
    Store(#[from] RepositoryError),
}

/// Parses the embedded demo catalogue.
pub fn demo_procedures() -> Result<Vec<ProcedureRecord>, serde_json::Error> {
    let file: SeedFile = serde_json::from_str(SEED_JSON)?;
    Ok(file
        .procedures
        .into_iter()
        .map(|p| ProcedureRecord {
            summary: ProcedureSummary {
                slug: slugify(&p.name),
                code: p.code,
                name: p.name,
                field: p.field,
                level: p.level,
                agency: p.agency,
                time_limit: p.time_limit,
                online_level: p.online_level,
                fee: p.fee.text,
            },
            result: p.result,
            legal_basis: p.legal_basis,
            documents: p.documents,
        })
        .collect())
}

/// What a seeding run did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeedOutcome {
    /// The demo procedures were written (inserted or brought back to the demo values).
    Seeded(usize),
    /// `only_if_empty` was asked and the catalogue already had procedures.
    SkippedNotEmpty(i64),
}

/// Stores the demo procedures. Idempotent: running it again leaves the same rows. With
/// `only_if_empty`, a catalogue that already has procedures is left untouched, so that
/// `make run` never overwrites what an administrator changed.
pub async fn seed_demo(
    pool: &AnyPool,
    only_if_empty: bool,
    now_ms: i64,
) -> Result<SeedOutcome, SeedError> {
    if only_if_empty {
        let existing = repository::count(pool).await?;
        if existing > 0 {
            return Ok(SeedOutcome::SkippedNotEmpty(existing));
        }
    }
    let records = demo_procedures()?;
    repository::upsert_all(pool, &records, now_ms).await?;
    Ok(SeedOutcome::Seeded(records.len()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_embedded_catalogue_parses_and_slugs_are_unique() {
        let records = demo_procedures().unwrap();
        assert!(records.len() >= 16, "{}", records.len());
        let slugs: HashSet<_> = records.iter().map(|r| r.summary.slug.clone()).collect();
        assert_eq!(slugs.len(), records.len());
        let birth = records
            .iter()
            .find(|r| r.summary.name == "Đăng ký khai sinh")
            .unwrap();
        assert_eq!(birth.summary.time_limit.to_string(), "Trong ngày");
        assert!(birth.summary.time_limit.cutoff_15h());
    }
}
