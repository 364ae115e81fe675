//! The audit log moved to [`crate::audit`] (issue 11: chained, checkpointed, guarded by
//! triggers); `crate::staff::audit::record(tx, &Entry)` stays the way to append to it.

pub use crate::audit::{for_subject, record, Entry, Stored};
