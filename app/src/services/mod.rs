//! The services the server functions call. They are traits so that this crate stays free
//! of database code: `motcua-server` implements them and provides them through the
//! Leptos context (`provide_context`) for every request.

mod catalog;

pub use catalog::{Catalog, ServiceError, SharedCatalog};
