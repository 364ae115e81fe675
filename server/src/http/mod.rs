//! The HTTP layer: one [`AppState`], the JSON API under `/api/v1`, the health check, the
//! Leptos pages (server-rendered, then hydrated) and their server functions.

mod api;
mod error;

use axum::extract::FromRef;
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use motcua_app::serverfns::portal::PortalIdentity;
use motcua_app::services::SharedCatalog;
use motcua_app::{shell, App};
use sqlx::AnyPool;
use tower_http::compression::CompressionLayer;

pub use error::ApiError;

/// Everything a request handler may need; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// Leptos's settings (site root, output name).
    pub leptos_options: LeptosOptions,
    /// The database pool (health check).
    pub pool: AnyPool,
    /// "sqlite" or "postgres".
    pub backend: &'static str,
    /// The procedure catalogue.
    pub catalog: SharedCatalog,
    /// What pages show about the portal.
    pub portal: PortalIdentity,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// Builds the router: API, health check, pages, server functions and static files.
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let context = {
        let catalog = state.catalog.clone();
        let portal = state.portal.clone();
        move || {
            provide_context(catalog.clone());
            provide_context(portal.clone());
        }
    };
    let options = state.leptos_options.clone();
    Router::new()
        .route("/healthz", get(api::healthz))
        .nest("/api/v1", api::routes())
        .leptos_routes_with_context(&state, routes, context.clone(), move || {
            shell(options.clone())
        })
        // Static files, else the not-found page, which needs the same context as any page.
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, shell))
        .layer(CompressionLayer::new())
        .with_state(state)
}
