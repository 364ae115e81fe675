use std::sync::Arc;

use chrono::{DateTime, Utc};

/// Where the server reads the time. Deadlines are computed from the server's clock,
/// never from a time a user typed (SPEC §4.6); tests inject a fixed or moving clock.
pub trait Clock: Send + Sync {
    /// The current instant.
    fn now(&self) -> DateTime<Utc>;
}

/// The operating system's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// The form in which the clock is put into the Leptos context.
pub type SharedClock = Arc<dyn Clock>;
