//! Start-up: bind the port, open and migrate the database, wire the services and serve
//! until SIGINT or SIGTERM.

use std::sync::Arc;

use leptos::config::LeptosOptions;
use motcua_app::serverfns::portal::PortalIdentity;
use motcua_app::services::{SharedClock, SystemClock};
use tokio::net::TcpListener;

use crate::accounts::SqlAccounts;
use crate::catalog::SqlCatalog;
use crate::config::Settings;
use crate::database::{self, DatabaseError};
use crate::dossier::storage::FileStore;
use crate::dossier::SqlDossiers;
use crate::http::{self, AppState};
use crate::jobs;
use crate::notify;

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
    /// The notification sender cannot be set up (bad SMTP or SMS settings).
    #[error("notifications: {0}")]
    Notify(String),
    /// `MOTCUA_ENV=production` without what production needs (each problem names its
    /// setting).
    #[error("MOTCUA_ENV=production refuses to start: {0}")]
    NotProduction(String),
    /// Serving stopped with an I/O error.
    #[error("the HTTP server stopped: {0}")]
    Serve(std::io::Error),
}

/// Binds first (so a busy port is reported before any database work), then migrates and
/// serves until a shutdown signal arrives.
pub async fn serve(settings: Settings) -> Result<(), StartupError> {
    let problems = settings.production_problems();
    if !problems.is_empty() {
        return Err(StartupError::NotProduction(problems.join("; ")));
    }
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
    let clock: SharedClock = Arc::new(SystemClock);
    let catalog = SqlCatalog::new(pool.clone());
    let files =
        FileStore::new(&settings.data_dir).with_scanner(crate::scan::Scanner::new(&settings.scan));
    if !settings.scan.enabled() {
        tracing::warn!("MOTCUA_CLAMD is not set: uploads are NOT scanned for malware");
    }
    // One accounts service: the pages' `Accounts` and `AccountSecurity` and the
    // personal-data download share it (and its SMS sender).
    let citizen_accounts = Arc::new(SqlAccounts::new(
        pool.clone(),
        clock.clone(),
        notify::CodeSms::from_settings(&settings.notify).map_err(StartupError::Notify)?,
    ));
    let state = AppState {
        leptos_options,
        backend: settings.database.backend(),
        catalog: Arc::new(catalog.clone()),
        accounts: citizen_accounts.clone(),
        citizen_accounts,
        dossiers: Arc::new(SqlDossiers::new(
            pool.clone(),
            catalog.clone(),
            clock.clone(),
            settings.upload_limits,
        )),
        staff: crate::staff::SqlStaff::new(pool.clone(), catalog.clone(), clock.clone()),
        results: crate::signing::result_store(&settings.data_dir),
        signing_keys: settings.keys.clone(),
        catalog_sql: catalog,
        files: files.clone(),
        limits: settings.upload_limits,
        public_url: settings.public_url.clone(),
        notices: notices_context(&settings),
        pool: pool.clone(),
        portal: PortalIdentity {
            jurisdiction: settings.jurisdiction.clone(),
        },
        clock: clock.clone(),
        guards: Arc::new(http::guard::Guards::default()),
        transport: motcua_app::Transport {
            https: settings.public_url.starts_with("https://"),
        },
        trusted_proxies: Arc::new(settings.trusted_proxies.clone()),
    };
    jobs::spawn_warnings(pool.clone(), state.catalog_sql.clone(), clock.clone());
    crate::scan::rescan::spawn(
        pool.clone(),
        files.clone(),
        clock.clone(),
        settings.scan.retry_every,
    );
    jobs::spawn_cleanup(pool.clone(), files, clock.clone());
    crate::audit::checkpoint::spawn(pool.clone(), settings.keys.clone(), clock);
    let sender = notify::Sender::new(pool, settings.notify.clone())
        .map_err(|e| StartupError::Notify(e.to_string()))?
        .spawn(std::time::Duration::from_secs(5));

    tracing::info!(
        address = %format!("http://{local_addr}"),
        database = settings.database.backend(),
        jurisdiction = %settings.jurisdiction,
        "motcua listening"
    );
    // The peer address is kept for rate limits (see `http::guard::client`); a connection
    // idle for a minute is closed (`http::guard::timeout`).
    let app = http::router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    let listener = axum::serve::ListenerExt::tap_io(
        http::guard::timeout::IdleListener::new(listener, http::guard::timeout::IDLE_TIMEOUT),
        |_| {},
    );
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(StartupError::Serve)?;
    sender.abort();
    Ok(())
}

/// What notifications name: the portal and the public address for tracking links.
pub fn notices_context(settings: &Settings) -> crate::dossier::notices::Context {
    crate::dossier::notices::Context {
        portal: format!("Cổng dịch vụ công {}", settings.jurisdiction),
        public_url: settings.public_url.clone(),
    }
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
