//! motcua's user interface: Leptos components rendered on the server (`ssr`) and
//! hydrated in the browser (`hydrate`), plus the server functions they call.
//!
//! Layout:
//! - [`shell`] and [`App`]: the HTML document and the routes;
//! - `pages/`: one module per page; `components/`: pieces shared by pages;
//! - `serverfns/<domain>/<verb>.rs`: server functions, thin wrappers over the services;
//! - `services/`: the traits the server implements (server only) and their data types (database access lives
//!   in the `motcua-server` crate, never in components).

// Leptos views are deeply nested types; the apply form needs more than the default 128.
#![recursion_limit = "512"]

mod app;
pub mod components;
pub mod pages;
pub mod serverfns;
pub mod services;

pub use app::{shell, App};

/// The name of the citizen session cookie.
pub const SESSION_COOKIE: &str = "motcua_session";

/// Entry point of the WebAssembly bundle: hydrates the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
}
