use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The register page's defaults: the unit, and the current month so far (server clock,
/// Vietnamese dates).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterDefaults {
    /// Unit name.
    pub unit: String,
    /// First day of this month, `yyyy-mm-dd`.
    pub from: String,
    /// Today, `yyyy-mm-dd`.
    pub to: String,
}

/// The register (sổ theo dõi) page's defaults; `None` when nobody is signed in.
#[server(prefix = "/_fn", endpoint = "staff/register")]
pub async fn staff_register_defaults() -> Result<Option<RegisterDefaults>, ServerFnError> {
    use chrono::Datelike;
    let Some(me) = super::session::current().await? else {
        return Ok(None);
    };
    let clock = expect_context::<crate::services::SharedClock>();
    let today = motcua_core::deadline::vietnam_local(clock.now()).date();
    let first = today.with_day(1).unwrap_or(today);
    Ok(Some(RegisterDefaults {
        unit: me.unit_name,
        from: first.format("%Y-%m-%d").to_string(),
        to: today.format("%Y-%m-%d").to_string(),
    }))
}
