//! The HTTP layer: one [`AppState`], the JSON API under `/api/v1`, the health check, the
//! Leptos pages (server-rendered, then hydrated) and their server functions.

mod account_data;
mod api;
mod citizen;
mod documents;
mod error;
pub(crate) mod form;
pub mod guard;
mod openapi;
mod staff;
mod staff_admin;
mod staff_files;
mod staging;
mod verify;

use axum::extract::DefaultBodyLimit;
use axum::extract::FromRef;
use axum::middleware::{from_fn, from_fn_with_state};
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
    /// The same service as its concrete type (password changes, sessions, personal data).
    pub citizen_accounts: std::sync::Arc<crate::accounts::SqlAccounts>,
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
    /// The key-encryption key that opens the agencies' signing keys.
    pub signing_keys: crate::signing::KeySettings,
    // --- issue 11, transport and limits ---
    /// Rate limits and concurrency caps (`guard::rate`).
    pub guards: std::sync::Arc<guard::Guards>,
    /// HTTPS or not, from the public URL: cookie names and attributes.
    pub transport: motcua_app::Transport,
    /// Reverse proxies whose `X-Forwarded-For` is believed (`guard::client`).
    pub trusted_proxies: std::sync::Arc<guard::client::TrustedProxies>,
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
        let transport = state.transport;
        let clock = state.clock.clone();
        let accounts = state.accounts.clone();
        let dossiers = state.dossiers.clone();
        let security: motcua_app::services::SharedAccountSecurity = state.citizen_accounts.clone();
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
            provide_context(security.clone());
            provide_context(staff.clone());
            provide_context(verifier.clone());
            provide_context(transport);
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
        .route(
            "/can-bo/quan-tri/tai-khoan/{id}/mat-khau-tam",
            post(staff_admin::issue_temporary_password),
        )
        .route(
            "/can-bo/quan-tri/don-vi/{code}/nguoi-ky",
            post(staff_admin::set_signer_permission),
        )
        .route("/can-bo/tiep-nhan", post(staff::intake))
        .route("/can-bo/ho-so/{id}/ket-qua", post(staff_files::sign_result))
        .layer(DefaultBodyLimit::disable());
    // The anonymous signature check: rate-limited per client and capped in concurrency
    // before the file is read (`guard::rate::verify_gate`).
    let verify_uploads = Router::new()
        .route("/verify", post(verify::upload))
        .route("/api/v1/verify", post(verify::upload_json))
        .layer(DefaultBodyLimit::disable())
        .route_layer(from_fn_with_state(
            state.guards.clone(),
            guard::rate::verify_gate,
        ));
    let body_limits = guard::body::BodyLimits::for_uploads(state.limits.max_dossier_bytes);
    let origin = std::sync::Arc::new(guard::csrf::AllowedOrigins::for_public_url(
        &state.public_url,
    ));
    let header_policy = guard::headers::HeaderPolicy {
        https: state.transport.https,
    };
    let trusted_proxies = state.trusted_proxies.clone();
    Router::new()
        .route("/healthz", get(api::healthz))
        .nest("/api/v1", api::routes())
        .merge(uploads)
        .merge(verify_uploads)
        .route("/ho-so/{id}/phieu-tiep-nhan.pdf", get(citizen::receipt_pdf))
        .route("/can-bo/ho-so/{id}/phieu/{name}", get(staff_files::slip))
        .route(
            "/can-bo/ho-so/{id}/ket-qua.pdf",
            get(staff_files::result_pdf),
        )
        .route("/ho-so/{id}/ket-qua.pdf", get(citizen::result_pdf))
        .route("/tai-khoan/du-lieu.zip", get(account_data::export))
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
        .route("/api/v1/keys", get(verify::keys))
        .leptos_routes_with_context(&state, routes, context.clone(), move || {
            shell(options.clone())
        })
        // Static files, else the not-found page, which needs the same context as any page.
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, shell))
        .layer(CompressionLayer::new())
        // Outermost last: who is calling, then headers on every answer (refusals too),
        // then the time limit, the cross-site check and the body caps.
        .layer(from_fn_with_state(body_limits, guard::body::limit))
        .layer(from_fn_with_state(origin, guard::csrf::check))
        .layer(from_fn(guard::timeout::limit_time))
        .layer(from_fn_with_state(header_policy, guard::headers::secure))
        .layer(from_fn_with_state(trusted_proxies, guard::client::identify))
        .with_state(state)
}
