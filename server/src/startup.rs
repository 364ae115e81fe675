//! Start-up: bind the port, open and migrate the database, wire the services and serve
//! until SIGINT or SIGTERM.

use std::sync::Arc;

use leptos::config::LeptosOptions;
use motcua_app::serverfns::portal::PortalIdentity;
use tokio::net::TcpListener;

use crate::catalog::SqlCatalog;
use crate::config::Settings;
use crate::database::{self, DatabaseError};
use crate::http::{self, AppState};

/// Why the server could not start. Each message is one sentence naming the setting.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    /// The address cannot be bound.
    #[error("MOTCUA_BIND ({addr}) cannot be used: {reason}")]
    Bind {
        /// The configured address.
        addr: String,
        /// Why, in words.
        reason: String,
    },
    /// The database is not ready.
    #[error(transparent)]
    Database(#[from] DatabaseError),
    /// Serving stopped with an I/O error.
    #[error("the HTTP server stopped: {0}")]
    Serve(std::io::Error),
}

/// Binds first (so a busy port is reported before any database work), then migrates and
/// serves until a shutdown signal arrives.
pub async fn serve(settings: Settings) -> Result<(), StartupError> {
    let listener = TcpListener::bind(settings.bind)
        .await
        .map_err(|e| StartupError::Bind {
            addr: settings.bind.to_string(),
            reason: match e.kind() {
                std::io::ErrorKind::AddrInUse => {
                    "the address is already in use (is another motcua running?)".to_owned()
                }
                _ => e.to_string(),
            },
        })?;
    let local_addr = listener.local_addr().map_err(StartupError::Serve)?;

    let pool = database::open(&settings).await?;

    let leptos_options = LeptosOptions::builder()
        .output_name("motcua")
        .site_root(settings.site_root.to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .site_addr(local_addr)
        .build();
    let state = AppState {
        leptos_options,
        backend: settings.database.backend(),
        catalog: Arc::new(SqlCatalog::new(pool.clone())),
        pool,
        portal: PortalIdentity {
            jurisdiction: settings.jurisdiction.clone(),
        },
    };

    tracing::info!(
        address = %format!("http://{local_addr}"),
        database = settings.database.backend(),
        jurisdiction = %settings.jurisdiction,
        "motcua listening"
    );
    axum::serve(listener, http::router(state))
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(StartupError::Serve)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
