//! The procedure catalogue: agencies ([`agencies`]), procedure versions ([`repository`]),
//! the demo data ([`seed`]) and the [`SqlCatalog`] service that pages and the API call.
//!
//! Reads are served from an in-memory snapshot (search index, current versions,
//! agencies). Every instance checks the database's catalogue revision at most once a
//! second and rebuilds its snapshot when it changed, so several instances behind a load
//! balancer converge within a second of an edit without any message between them.

pub mod agencies;
pub mod repository;
pub mod seed;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use motcua_app::services::{
    AgencyView, Catalog, FilterOptions, ProcedurePage, SearchPage, ServiceError,
};
use motcua_core::deadline::{DeadlineError, UnitSchedule};
use motcua_core::procedure::ProcedureVersion;
use motcua_core::search::{SearchEntry, SearchFilters, SearchIndex, SearchQuery};
use sqlx::AnyPool;

use self::agencies::Agency;
use self::repository::{PublishedProcedure, RepositoryError};

/// How stale a snapshot may be before the revision is checked again.
const REVISION_CHECK_EVERY: Duration = Duration::from_secs(1);

/// The catalogue backed by the database.
#[derive(Clone)]
pub struct SqlCatalog {
    pool: AnyPool,
    state: Arc<Mutex<Option<Cached>>>,
}

#[derive(Clone)]
struct Cached {
    snapshot: Arc<Snapshot>,
    checked: Instant,
}

/// Everything reads need, built from one catalogue revision.
pub struct Snapshot {
    revision: i64,
    index: SearchIndex,
    procedures: Vec<PublishedProcedure>,
    by_slug: HashMap<String, usize>,
    agencies: Vec<Agency>,
    /// Units' calendars, built on first use: a build takes ~5 ms, a look-up nothing.
    schedules: Mutex<HashMap<String, Arc<UnitSchedule>>>,
}

impl Snapshot {
    /// A procedure's current version and its units.
    pub fn procedure(&self, slug: &str) -> Option<&PublishedProcedure> {
        self.by_slug.get(slug).map(|&i| &self.procedures[i])
    }

    /// An agency by code.
    pub fn agency(&self, code: &str) -> Option<&Agency> {
        self.agencies.iter().find(|a| a.view.code == code)
    }

    /// A unit's calendar and office hours, ready for deadlines (`None`: no such unit).
    pub fn schedule(&self, code: &str) -> Result<Option<Arc<UnitSchedule>>, DeadlineError> {
        if let Some(found) = self.schedules.lock().expect("schedules lock").get(code) {
            return Ok(Some(found.clone()));
        }
        let Some(agency) = self.agency(code) else {
            return Ok(None);
        };
        let built = Arc::new(agency.view.calendar.build()?);
        self.schedules
            .lock()
            .expect("schedules lock")
            .insert(code.to_owned(), built.clone());
        Ok(Some(built))
    }

    /// The catalogue revision it was built from.
    pub fn revision(&self) -> i64 {
        self.revision
    }
}

fn service_error(e: RepositoryError) -> ServiceError {
    ServiceError(Box::new(e))
}

impl SqlCatalog {
    /// A catalogue reading from `pool`.
    pub fn new(pool: AnyPool) -> Self {
        SqlCatalog {
            pool,
            state: Arc::new(Mutex::new(None)),
        }
    }

    /// The current snapshot, rebuilt when the database's revision moved.
    pub async fn snapshot(&self) -> Result<Arc<Snapshot>, RepositoryError> {
        let cached = self.state.lock().expect("catalogue lock").clone();
        if let Some(c) = &cached {
            if c.checked.elapsed() < REVISION_CHECK_EVERY {
                return Ok(c.snapshot.clone());
            }
        }
        let revision = repository::revision(&self.pool).await?;
        let snapshot = match cached {
            Some(c) if c.snapshot.revision == revision => c.snapshot,
            _ => Arc::new(self.build(revision).await?),
        };
        *self.state.lock().expect("catalogue lock") = Some(Cached {
            snapshot: snapshot.clone(),
            checked: Instant::now(),
        });
        Ok(snapshot)
    }

    async fn build(&self, revision: i64) -> Result<Snapshot, RepositoryError> {
        let procedures = repository::current_versions(&self.pool).await?;
        let agencies = agencies::all(&self.pool).await?;
        let entries = procedures.iter().map(search_entry).collect();
        let by_slug = procedures
            .iter()
            .enumerate()
            .map(|(i, p)| (p.version.slug.clone(), i))
            .collect();
        tracing::info!(
            revision,
            procedures = procedures.len(),
            "catalogue snapshot built"
        );
        Ok(Snapshot {
            revision,
            index: SearchIndex::new(entries),
            procedures,
            by_slug,
            agencies,
            schedules: Mutex::new(HashMap::new()),
        })
    }
}

fn search_entry(p: &PublishedProcedure) -> SearchEntry {
    let v: &ProcedureVersion = &p.version;
    let mut agency_codes = vec![v.owner_agency.clone()];
    agency_codes.extend(p.units.iter().cloned());
    SearchEntry {
        key: v.slug.clone(),
        name: v.name.clone(),
        code: v.code.clone(),
        field: v.field.clone(),
        agency_codes,
        level: v.level,
        online_level: v.online_level,
        keywords: vec![v.result.clone(), v.agency.clone()],
    }
}

#[async_trait]
impl Catalog for SqlCatalog {
    async fn search(
        &self,
        query: &SearchQuery,
        filters: &SearchFilters,
        limit: usize,
    ) -> Result<SearchPage, ServiceError> {
        let snapshot = self.snapshot().await.map_err(service_error)?;
        let results = snapshot.index.search(query, filters, limit);
        Ok(SearchPage {
            total: results.total,
            procedures: results
                .hits
                .iter()
                .map(|hit| snapshot.procedures[hit.index].version.summary())
                .collect(),
        })
    }

    async fn procedure(&self, slug: &str) -> Result<Option<ProcedurePage>, ServiceError> {
        let snapshot = self.snapshot().await.map_err(service_error)?;
        let Some(p) = snapshot.procedure(slug) else {
            return Ok(None);
        };
        let view = |code: &str| snapshot.agency(code).map(|a| a.view.clone());
        Ok(Some(ProcedurePage {
            owner: view(&p.version.owner_agency),
            units: p
                .units
                .iter()
                .filter_map(|c| view(c))
                .collect::<Vec<AgencyView>>(),
            version: p.version.clone(),
        }))
    }

    async fn filter_options(&self) -> Result<FilterOptions, ServiceError> {
        let snapshot = self.snapshot().await.map_err(service_error)?;
        let mut fields: Vec<String> = snapshot
            .procedures
            .iter()
            .map(|p| p.version.field.clone())
            .collect();
        fields.sort_by_key(|f| motcua_core::text::fold(f));
        fields.dedup();
        Ok(FilterOptions {
            fields,
            agencies: snapshot
                .agencies
                .iter()
                .map(|a| (a.view.code.clone(), a.view.name.clone()))
                .collect(),
        })
    }
}
