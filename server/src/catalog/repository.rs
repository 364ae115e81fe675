//! SQL for the catalogue's procedures. The same statements run on SQLite and PostgreSQL.
//!
//! A procedure is published as a new version: the full [`ProcedureVersion`] is stored as
//! JSON (checked by `motcua-core` first) with the columns that SQL needs beside it, and
//! `procedures.current_version` moves to it. Older versions stay, because dossiers point
//! to the version they were submitted under.

use motcua_core::procedure::ProcedureVersion;
use motcua_core::text::slugify;
use sqlx::{AnyPool, Row};

use super::agencies::{self, Agency};

/// A failure of the catalogue's storage.
#[derive(Debug, thiserror::Error)]
pub enum RepositoryError {
    /// The query failed.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    /// A stored or submitted value does not satisfy the domain rules.
    #[error("{key}: {reason}")]
    Corrupt {
        /// The procedure slug or agency code.
        key: String,
        /// What is wrong.
        reason: String,
    },
}

pub(super) fn corrupt(key: &str, reason: String) -> RepositoryError {
    RepositoryError::Corrupt {
        key: key.to_owned(),
        reason,
    }
}

/// A procedure's current version and the units that accept it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedProcedure {
    /// The current version.
    pub version: ProcedureVersion,
    /// Codes of the units that receive it.
    pub units: Vec<String>,
}

/// Publishes `version` as the next version of its procedure (version numbers are
/// assigned here: 1 for a new procedure, else current + 1), with the units that accept
/// it. All in one transaction, which also bumps the catalogue revision.
///
/// Returns the version number given.
pub async fn publish(
    pool: &AnyPool,
    version: &ProcedureVersion,
    units: &[String],
    by: &str,
    now_ms: i64,
) -> Result<u32, RepositoryError> {
    let mut tx = pool.begin().await?;
    let current: Option<i64> =
        sqlx::query("SELECT current_version FROM procedures WHERE slug = $1")
            .bind(&version.slug)
            .fetch_optional(&mut *tx)
            .await?
            .map(|row| row.try_get("current_version"))
            .transpose()?;
    let number = u32::try_from(current.unwrap_or(0) + 1)
        .map_err(|_| corrupt(&version.slug, "too many versions".into()))?;
    let mut version = version.clone();
    version.version = number;
    let hours = Default::default();
    version
        .check(&hours)
        .map_err(|e| corrupt(&version.slug, e.to_string()))?;

    let field_slug = slugify(&version.field);
    sqlx::query("INSERT INTO fields (slug, name) VALUES ($1, $2) ON CONFLICT (slug) DO NOTHING")
        .bind(&field_slug)
        .bind(&version.field)
        .execute(&mut *tx)
        .await?;
    if current.is_none() {
        sqlx::query(
            "INSERT INTO procedures (slug, current_version, created_at_ms) VALUES ($1, $2, $3)",
        )
        .bind(&version.slug)
        .bind(i64::from(number))
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query(
        "INSERT INTO procedure_versions (procedure_slug, version, code, name, field_slug, level, \
         online_level, owner_agency, time_limit_unit, time_limit_n, cutoff_15h, body, \
         created_at_ms, created_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(&version.slug)
    .bind(i64::from(number))
    .bind(&version.code)
    .bind(&version.name)
    .bind(&field_slug)
    .bind(version.level.as_str())
    .bind(version.online_level.as_str())
    .bind(&version.owner_agency)
    .bind(version.time_limit.unit().as_str())
    .bind(i64::from(version.time_limit.n()))
    .bind(i64::from(version.time_limit.cutoff_15h()))
    .bind(serde_json::to_string(&version).expect("a version serialises"))
    .bind(now_ms)
    .bind(by)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE procedures SET current_version = $1 WHERE slug = $2")
        .bind(i64::from(number))
        .bind(&version.slug)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM procedure_units WHERE procedure_slug = $1")
        .bind(&version.slug)
        .execute(&mut *tx)
        .await?;
    for unit in units {
        sqlx::query("INSERT INTO procedure_units (procedure_slug, agency_code) VALUES ($1, $2)")
            .bind(&version.slug)
            .bind(unit)
            .execute(&mut *tx)
            .await?;
    }
    bump_revision(&mut tx).await?;
    tx.commit().await?;
    Ok(number)
}

/// Stores agencies (inserted or replaced) in one transaction and bumps the revision.
pub async fn store_agencies(pool: &AnyPool, list: &[Agency]) -> Result<(), RepositoryError> {
    let mut tx = pool.begin().await?;
    for agency in list {
        agencies::upsert(&mut tx, agency).await?;
    }
    bump_revision(&mut tx).await?;
    tx.commit().await?;
    Ok(())
}

pub(crate) async fn bump_revision(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE catalogue_revision SET revision = revision + 1 WHERE id = 1")
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The catalogue's revision: changes whenever a procedure or an agency changes.
pub async fn revision(pool: &AnyPool) -> Result<i64, RepositoryError> {
    Ok(
        sqlx::query("SELECT revision FROM catalogue_revision WHERE id = 1")
            .fetch_one(pool)
            .await?
            .try_get("revision")?,
    )
}

/// Every procedure's current version with its units, sorted by slug.
pub async fn current_versions(pool: &AnyPool) -> Result<Vec<PublishedProcedure>, RepositoryError> {
    let rows = sqlx::query(
        "SELECT v.procedure_slug, v.body FROM procedure_versions v \
         JOIN procedures p ON p.slug = v.procedure_slug AND p.current_version = v.version \
         ORDER BY v.procedure_slug",
    )
    .fetch_all(pool)
    .await?;
    let unit_rows = sqlx::query(
        "SELECT procedure_slug, agency_code FROM procedure_units \
         ORDER BY procedure_slug, agency_code",
    )
    .fetch_all(pool)
    .await?;
    let mut units: std::collections::HashMap<String, Vec<String>> = Default::default();
    for row in &unit_rows {
        units
            .entry(row.try_get("procedure_slug")?)
            .or_default()
            .push(row.try_get("agency_code")?);
    }
    rows.iter()
        .map(|row| {
            let slug: String = row.try_get("procedure_slug")?;
            let body: String = row.try_get("body")?;
            let version: ProcedureVersion =
                serde_json::from_str(&body).map_err(|e| corrupt(&slug, e.to_string()))?;
            Ok(PublishedProcedure {
                version,
                units: units.remove(&slug).unwrap_or_default(),
            })
        })
        .collect()
}

/// One stored version (the one a dossier points to), current or not.
pub async fn version(
    pool: &AnyPool,
    slug: &str,
    number: u32,
) -> Result<Option<ProcedureVersion>, RepositoryError> {
    let row = sqlx::query(
        "SELECT body FROM procedure_versions WHERE procedure_slug = $1 AND version = $2",
    )
    .bind(slug)
    .bind(i64::from(number))
    .fetch_optional(pool)
    .await?;
    row.map(|row| {
        let body: String = row.try_get("body")?;
        serde_json::from_str(&body).map_err(|e| corrupt(slug, e.to_string()))
    })
    .transpose()
}

/// How many procedures the catalogue holds.
pub async fn count(pool: &AnyPool) -> Result<i64, RepositoryError> {
    Ok(sqlx::query("SELECT COUNT(*) AS n FROM procedures")
        .fetch_one(pool)
        .await?
        .try_get("n")?)
}
