//! Staff (issue 5): accounts with one role in one unit ([`accounts`]), the append-only
//! audit log ([`audit`]), in-app notices ([`notices`]), and [`SqlStaff`], the service the
//! staff pages read through (`motcua_app::services::StaffDesk`).

pub mod accounts;
pub mod action_forms;
pub mod admin;
pub mod audit;
pub mod demo;
pub mod desk;
pub mod dossier_view;
pub mod notices;
pub mod passwords;
pub mod queues;
pub mod roles;
pub mod units;
pub mod urgency;

use motcua_app::services::SharedClock;
use sqlx::AnyPool;

use crate::catalog::SqlCatalog;

/// Staff accounts and the staff pages' data, in the database.
#[derive(Clone)]
pub struct SqlStaff {
    pub(crate) pool: AnyPool,
    pub(crate) catalog: SqlCatalog,
    pub(crate) clock: SharedClock,
}

impl SqlStaff {
    /// The service over `pool`.
    pub fn new(pool: AnyPool, catalog: SqlCatalog, clock: SharedClock) -> Self {
        SqlStaff {
            pool,
            catalog,
            clock,
        }
    }

    pub(crate) fn now_ms(&self) -> i64 {
        self.clock.now().timestamp_millis()
    }
}
