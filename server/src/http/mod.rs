//! The HTTP layer: one [`AppState`], the JSON API under `/api/v1`, the health check, the
//! Leptos pages (server-rendered, then hydrated) and their server functions.

mod api;
mod citizen;
mod documents;
mod error;
mod openapi;
mod staff;
mod staff_files;
mod verify;

use axum::extract::DefaultBodyLimit;
use axum::extract::FromRef;
use axum::routing::{get, post};
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use motcua_app::serverfns::portal::PortalIdentity;
use motcua_app::services::{SharedAccounts, SharedCatalog, SharedClock, SharedDossiers};
use motcua_core::dossier::UploadLimits;

use crate::catalog::SqlCatalog;
use crate::dossier::storage::FileStore;
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
    /// The server's clock (deadlines are computed from it, never from user input).
    pub clock: SharedClock,
    /// The catalogue itself (reception and receipts need its snapshot).
    pub catalog_sql: SqlCatalog,
    /// Citizen accounts and sessions.
    pub accounts: SharedAccounts,
    /// Dossiers for citizens.
    pub dossiers: SharedDossiers,
    /// Uploaded documents.
    pub files: FileStore,
    /// Upload limits.
    pub limits: UploadLimits,
    /// The portal's public address (QR codes, links in messages).
    pub public_url: String,
    /// What notifications name (portal, tracking address).
    pub notices: crate::dossier::notices::Context,
    /// Staff accounts, sessions and the staff pages' data.
    pub staff: crate::staff::SqlStaff,
    /// Signed result documents (`{data_dir}/results`).
    pub results: FileStore,
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
        let clock = state.clock.clone();
        let accounts = state.accounts.clone();
        let dossiers = state.dossiers.clone();
        let staff: motcua_app::services::SharedStaffDesk = std::sync::Arc::new(state.staff.clone());
        let verifier: motcua_app::services::SharedVerifier = std::sync::Arc::new(
            crate::signing::service::SqlVerifier::new(state.pool.clone()),
        );
        move || {
            provide_context(catalog.clone());
            provide_context(portal.clone());
            provide_context(clock.clone());
            provide_context(accounts.clone());
            provide_context(dossiers.clone());
            provide_context(staff.clone());
            provide_context(verifier.clone());
        }
    };
    let options = state.leptos_options.clone();
    // Multipart bodies are read field by field with the upload limits applied as they
    // arrive (see `citizen::read_limited`), so axum's fixed 2 MB cap is lifted there.
    let uploads = Router::new()
        .route("/api/v1/uploads", post(citizen::upload))
        .route("/nop-ho-so/{slug}", post(citizen::submit_dossier))
        .route("/ho-so/{id}/bo-sung", post(citizen::answer_supplement))
        .route(
            "/api/v1/procedures/{slug}/dossiers",
            post(citizen::submit_dossier),
        )
        .route("/can-bo/ho-so/{id}/thao-tac", post(staff::act_on_dossier))
        .route("/can-bo/quan-tri/tai-khoan", post(staff::create_account))
        .route(
            "/can-bo/quan-tri/tai-khoan/{id}",
            post(staff::update_account),
        )
        .route("/can-bo/quan-tri/don-vi", post(staff::create_unit))
        .route("/can-bo/tiep-nhan", post(staff::intake))
        .route("/can-bo/ho-so/{id}/ket-qua", post(staff_files::sign_result))
        .route("/verify", post(verify::upload))
        .route("/api/v1/verify", post(verify::upload_json))
        .layer(DefaultBodyLimit::disable());
    Router::new()
        .route("/healthz", get(api::healthz))
        .nest("/api/v1", api::routes())
        .merge(uploads)
        .route("/ho-so/{id}/phieu-tiep-nhan.pdf", get(citizen::receipt_pdf))
        .route("/can-bo/ho-so/{id}/phieu/{name}", get(staff_files::slip))
        .route(
            "/can-bo/ho-so/{id}/ket-qua.pdf",
            get(staff_files::result_pdf),
        )
        .route("/ho-so/{id}/ket-qua.pdf", get(citizen::result_pdf))
        .route("/ho-so/{id}/tai-lieu/{slot}", get(documents::citizen_slot))
        .route(
            "/ho-so/{id}/tai-lieu/{slot}/{position}",
            get(documents::citizen_file),
        )
        .route(
            "/can-bo/ho-so/{id}/tai-lieu/{slot}",
            get(documents::staff_slot),
        )
        .route(
            "/can-bo/ho-so/{id}/tai-lieu/{slot}/{position}",
            get(documents::staff_file),
        )
        .route("/can-bo/so-theo-doi.xlsx", get(staff_files::register_xlsx))
        .route("/can-bo/so-theo-doi.pdf", get(staff_files::register_pdf))
        .route("/api/v1/verify/{code}", get(verify::by_code))
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
