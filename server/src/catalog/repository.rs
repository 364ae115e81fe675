//! SQL for the catalogue. The same statements run on SQLite and PostgreSQL.

use motcua_core::procedure::{ProcedureError, ProcedureSummary, TimeLimit};
use motcua_core::search::SearchQuery;
use motcua_core::text::fold;
use std::str::FromStr;

use sqlx::any::AnyRow;
use sqlx::{AnyPool, Row};

/// A stored row that does not parse back into the domain types: the database was edited
/// by hand or by an older version.
#[derive(Debug, thiserror::Error)]
pub enum RepositoryError {
    /// The query failed.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    /// A row holds an invalid value.
    #[error("procedure {slug}: {reason}")]
    Corrupt {
        /// The procedure.
        slug: String,
        /// What is wrong.
        reason: String,
    },
}

/// A procedure with every published field, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ProcedureRecord {
    /// Summary fields (what lists and search show).
    pub summary: ProcedureSummary,
    /// The result the citizen receives.
    pub result: String,
    /// Legal basis, one entry per document.
    pub legal_basis: Vec<String>,
    /// Dossier components.
    pub documents: Vec<String>,
}

/// Procedures whose folded name contains every folded word of `query`, sorted by folded
/// name (sorted here rather than in SQL, because SQLite and PostgreSQL collate text
/// differently).
pub async fn search(
    pool: &AnyPool,
    query: &SearchQuery,
) -> Result<Vec<ProcedureSummary>, RepositoryError> {
    let words = query.words();
    let mut sql = String::from(
        "SELECT slug, code, name, name_folded, field, level, agency, time_limit_unit, \
         time_limit_n, cutoff_15h, online_level, fee FROM procedures",
    );
    for i in 1..=words.len() {
        sql.push_str(if i == 1 { " WHERE " } else { " AND " });
        // Folded words hold only letters, digits and spaces: no LIKE wildcard to escape.
        sql.push_str(&format!("name_folded LIKE ${i}"));
    }
    let mut statement = sqlx::query(&sql);
    for word in words {
        statement = statement.bind(format!("%{word}%"));
    }
    let rows = statement.fetch_all(pool).await?;
    let mut found = rows
        .iter()
        .map(|row| {
            Ok((
                row.try_get::<String, _>("name_folded")?,
                summary_from_row(row)?,
            ))
        })
        .collect::<Result<Vec<_>, RepositoryError>>()?;
    found.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.slug.cmp(&b.1.slug)));
    Ok(found.into_iter().map(|(_, summary)| summary).collect())
}

fn summary_from_row(row: &AnyRow) -> Result<ProcedureSummary, RepositoryError> {
    let slug: String = row.try_get("slug")?;
    let n: i64 = row.try_get("time_limit_n")?;
    let n =
        u32::try_from(n).map_err(|_| corrupt(&slug, format!("time_limit_n {n} out of range")))?;
    let cutoff_15h = row.try_get::<i64, _>("cutoff_15h")? == 1;
    let unit = parse_column(row, "time_limit_unit", &slug)?;
    let time_limit =
        TimeLimit::new(unit, n, cutoff_15h).map_err(|e| corrupt(&slug, e.to_string()))?;
    Ok(ProcedureSummary {
        code: row.try_get("code")?,
        name: row.try_get("name")?,
        field: row.try_get("field")?,
        level: parse_column(row, "level", &slug)?,
        agency: row.try_get("agency")?,
        time_limit,
        online_level: parse_column(row, "online_level", &slug)?,
        fee: row.try_get("fee")?,
        slug,
    })
}

/// Reads a text column holding a domain identifier (`working_days`, `commune`, …).
fn parse_column<T: FromStr<Err = ProcedureError>>(
    row: &AnyRow,
    column: &str,
    slug: &str,
) -> Result<T, RepositoryError> {
    let text: String = row.try_get(column)?;
    text.parse()
        .map_err(|e: ProcedureError| corrupt(slug, e.to_string()))
}

fn corrupt(slug: &str, reason: String) -> RepositoryError {
    RepositoryError::Corrupt {
        slug: slug.to_owned(),
        reason,
    }
}

/// Inserts or replaces procedures by slug, all in one transaction: either the whole set
/// is stored or nothing is.
pub async fn upsert_all(
    pool: &AnyPool,
    records: &[ProcedureRecord],
    now_ms: i64,
) -> Result<(), RepositoryError> {
    let mut tx = pool.begin().await?;
    for record in records {
        let p = &record.summary;
        sqlx::query(
            "INSERT INTO procedures (slug, code, name, name_folded, field, level, agency, \
             time_limit_unit, time_limit_n, cutoff_15h, online_level, fee, result, legal_basis, \
             documents, updated_at_ms) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) \
             ON CONFLICT (slug) DO UPDATE SET code = excluded.code, name = excluded.name, \
             name_folded = excluded.name_folded, field = excluded.field, level = excluded.level, \
             agency = excluded.agency, time_limit_unit = excluded.time_limit_unit, \
             time_limit_n = excluded.time_limit_n, cutoff_15h = excluded.cutoff_15h, \
             online_level = excluded.online_level, fee = excluded.fee, result = excluded.result, \
             legal_basis = excluded.legal_basis, documents = excluded.documents, \
             updated_at_ms = excluded.updated_at_ms",
        )
        .bind(&p.slug)
        .bind(&p.code)
        .bind(&p.name)
        .bind(fold(&p.name))
        .bind(&p.field)
        .bind(p.level.as_str())
        .bind(&p.agency)
        .bind(p.time_limit.unit().as_str())
        .bind(i64::from(p.time_limit.n()))
        .bind(i64::from(p.time_limit.cutoff_15h()))
        .bind(p.online_level.as_str())
        .bind(&p.fee)
        .bind(&record.result)
        .bind(serde_json::to_string(&record.legal_basis).expect("a list of strings serialises"))
        .bind(serde_json::to_string(&record.documents).expect("a list of strings serialises"))
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// How many procedures the catalogue holds.
pub async fn count(pool: &AnyPool) -> Result<i64, RepositoryError> {
    Ok(sqlx::query("SELECT COUNT(*) AS n FROM procedures")
        .fetch_one(pool)
        .await?
        .try_get("n")?)
}
