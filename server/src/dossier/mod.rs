//! Dossiers (hồ sơ): online submission with staged uploads ([`submit`], [`uploads`],
//! [`storage`]), the stored documents as they are opened ([`documents`]), reception ([`receive`]), notifications ([`notices`]) and the citizen's
//! views ([`views`]) behind the [`SqlDossiers`] service.

pub mod counters;
pub mod documents;
pub mod notices;
pub mod receipt;
pub mod receive;
pub mod storage;
pub mod submit;
pub mod supplement;
pub mod uploads;
pub mod views;

use async_trait::async_trait;
use motcua_app::services::{
    ApplicationPage, Catalog, CitizenProfile, DossierView, Dossiers, ServiceError, SharedClock,
    TrackError,
};
use motcua_core::dossier::{PhoneNumber, UploadLimits};
use sqlx::AnyPool;

use crate::accounts::rate_limit;
use crate::catalog::SqlCatalog;
use crate::ids::new_token;

/// Dossiers in the database.
#[derive(Clone)]
pub struct SqlDossiers {
    pool: AnyPool,
    catalog: SqlCatalog,
    clock: SharedClock,
    limits: UploadLimits,
}

fn internal(e: impl std::error::Error + Send + Sync + 'static) -> ServiceError {
    ServiceError(Box::new(e))
}

impl SqlDossiers {
    /// The service over `pool`.
    pub fn new(
        pool: AnyPool,
        catalog: SqlCatalog,
        clock: SharedClock,
        limits: UploadLimits,
    ) -> Self {
        SqlDossiers {
            pool,
            catalog,
            clock,
            limits,
        }
    }

    async fn views(&self, rows: Vec<sqlx::any::AnyRow>) -> Result<Vec<DossierView>, ServiceError> {
        let snapshot = self.catalog.snapshot().await.map_err(internal)?;
        let now = self.clock.now();
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            out.push(
                views::view(&self.pool, &snapshot, row, now)
                    .await
                    .map_err(internal)?,
            );
        }
        Ok(out)
    }
}

#[async_trait]
impl Dossiers for SqlDossiers {
    async fn application_page(
        &self,
        slug: &str,
        citizen: Option<CitizenProfile>,
    ) -> Result<Option<ApplicationPage>, ServiceError> {
        let Some(procedure) = self.catalog.procedure(slug).await? else {
            return Ok(None);
        };
        if !procedure.version.accepts_online() {
            return Ok(None);
        }
        Ok(Some(ApplicationPage {
            procedure,
            citizen,
            idempotency_key: new_token(),
            limits: self.limits,
            now_ms: self.clock.now().timestamp_millis(),
        }))
    }

    async fn for_citizen(&self, citizen_id: &str) -> Result<Vec<DossierView>, ServiceError> {
        let rows = sqlx::query(&format!(
            "SELECT {} FROM dossiers d WHERE d.citizen_id = $1 ORDER BY d.submitted_at_ms DESC",
            views::DOSSIER_COLUMNS
        ))
        .bind(citizen_id)
        .fetch_all(&self.pool)
        .await
        .map_err(internal)?;
        self.views(rows).await
    }

    async fn citizen_dossier(
        &self,
        citizen_id: &str,
        number: &str,
    ) -> Result<Option<DossierView>, ServiceError> {
        let rows = sqlx::query(&format!(
            "SELECT {} FROM dossiers d WHERE d.citizen_id = $1 \
             AND (d.submission_no = $2 OR d.code = $2)",
            views::DOSSIER_COLUMNS
        ))
        .bind(citizen_id)
        .bind(number)
        .fetch_all(&self.pool)
        .await
        .map_err(internal)?;
        Ok(self.views(rows).await?.into_iter().next())
    }

    async fn track(
        &self,
        number: &str,
        phone: &str,
        client: &str,
    ) -> Result<Result<DossierView, TrackError>, ServiceError> {
        let now_ms = self.clock.now().timestamp_millis();
        let bucket = format!("track:client:{client}");
        if let Some(s) =
            rate_limit::blocked_for(&self.pool, &bucket, rate_limit::TRACK_PER_CLIENT, now_ms)
                .await
                .map_err(internal)?
        {
            return Ok(Err(TrackError::TooMany { retry_after_s: s }));
        }
        rate_limit::record(&self.pool, &bucket, now_ms)
            .await
            .map_err(internal)?;
        // A phone that does not parse cannot match: same answer as a wrong one.
        let Ok(phone) = phone.parse::<PhoneNumber>() else {
            return Ok(Err(TrackError::NotFound));
        };
        let rows = sqlx::query(&format!(
            "SELECT {} FROM dossiers d WHERE (d.code = $1 OR d.submission_no = $1) \
             AND d.applicant_phone = $2",
            views::DOSSIER_COLUMNS
        ))
        .bind(number)
        .bind(phone.as_str())
        .fetch_all(&self.pool)
        .await
        .map_err(internal)?;
        Ok(self
            .views(rows)
            .await?
            .into_iter()
            .next()
            .ok_or(TrackError::NotFound))
    }
}
