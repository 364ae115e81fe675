//! Settings: built-in defaults, overridden by an optional `motcua.toml`, overridden by
//! environment variables. Every value is parsed here, once, so that the rest of the
//! server works with types that are already valid; each error names its setting.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::Deserialize;
use sqlx::postgres::PgConnectOptions;
use sqlx::sqlite::SqliteConnectOptions;

/// The province or city shown on pages when none is configured: clearly a sample.
pub const DEFAULT_JURISDICTION: &str = "Tỉnh Mẫu";

/// A configuration value that cannot be used. The message is one sentence naming the
/// setting, printed as is by `motcua` before it exits.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The configuration file exists (or was named) but cannot be read or parsed.
    #[error("configuration file {path}: {reason}")]
    File {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        reason: String,
    },
    /// A setting has a value of the wrong shape.
    #[error("{setting} is invalid: {reason}")]
    Invalid {
        /// The setting's environment-variable name.
        setting: &'static str,
        /// What is wrong, without echoing secrets.
        reason: String,
    },
}

/// Which database the server uses, decided by the scheme of `DATABASE_URL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// An SQLite file (the embedded default).
    Sqlite(String),
    /// A PostgreSQL server (scale-out).
    Postgres(String),
}

impl DatabaseUrl {
    /// Parses `DATABASE_URL`; the URL itself is never echoed, as it may hold a password.
    pub fn parse(url: &str) -> Result<Self, ConfigError> {
        let invalid = |reason: String| ConfigError::Invalid {
            setting: "DATABASE_URL",
            reason,
        };
        if url.starts_with("sqlite:") {
            SqliteConnectOptions::from_str(url)
                .map_err(|e| invalid(format!("not a usable SQLite URL ({e})")))?;
            Ok(DatabaseUrl::Sqlite(url.to_owned()))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            PgConnectOptions::from_str(url)
                .map_err(|e| invalid(format!("not a usable PostgreSQL URL ({e})")))?;
            Ok(DatabaseUrl::Postgres(url.to_owned()))
        } else {
            let scheme = url.split(':').next().unwrap_or_default();
            Err(invalid(format!(
                "it must start with sqlite: or postgres://, not «{scheme}:»"
            )))
        }
    }

    /// The URL to connect with.
    pub fn as_str(&self) -> &str {
        match self {
            DatabaseUrl::Sqlite(url) | DatabaseUrl::Postgres(url) => url,
        }
    }

    /// "sqlite" or "postgres", for logs and the health check.
    pub fn backend(&self) -> &'static str {
        match self {
            DatabaseUrl::Sqlite(_) => "sqlite",
            DatabaseUrl::Postgres(_) => "postgres",
        }
    }
}

/// The server's settings, all valid.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Where HTTP is served (`MOTCUA_BIND`, default `127.0.0.1:3000`).
    pub bind: SocketAddr,
    /// Holds the SQLite file and uploaded documents (`MOTCUA_DATA_DIR`, default `./data`).
    pub data_dir: PathBuf,
    /// The database (`DATABASE_URL`, default the SQLite file `motcua.db` in the data dir).
    pub database: DatabaseUrl,
    /// The province shown on pages (`MOTCUA_JURISDICTION`).
    pub jurisdiction: String,
    /// The built site: `pkg/` with the wasm, JS and CSS (`MOTCUA_SITE_ROOT`, default `target/site`).
    pub site_root: PathBuf,
    /// Log lines as JSON rather than text (`MOTCUA_LOG_FORMAT=json`).
    pub log_json: bool,
    /// The address citizens reach the portal at, for links in QR codes and messages
    /// (`MOTCUA_PUBLIC_URL`, default `http://` + the bind address).
    pub public_url: String,
    /// Upload limits (`MOTCUA_MAX_FILE_MB`, default 10; `MOTCUA_MAX_DOSSIER_MB`, default 50).
    pub upload_limits: motcua_core::dossier::UploadLimits,
    /// E-mail (SMTP) and SMS gateway settings (`MOTCUA_SMTP_*`, `MOTCUA_SMS_*`).
    pub notify: crate::notify::NotifySettings,
    /// The key-encryption key and the audit checkpoint key
    /// (`MOTCUA_KEY_ENCRYPTION_KEY[_PREVIOUS]`, `MOTCUA_AUDIT_KEY[_FILE]`).
    pub keys: crate::signing::KeySettings,
    // --- issue 11, transport and limits (see SECURITY.md) ---
    /// `MOTCUA_ENV`: `development` (default) or `production`, which refuses to start
    /// without what a real deployment needs ([`Settings::production_problems`]).
    pub environment: Environment,
    /// `MOTCUA_TRUSTED_PROXIES`: reverse proxies (IPs and CIDR ranges, comma-separated)
    /// whose `X-Forwarded-For` names the client; default none.
    pub trusted_proxies: crate::http::guard::client::TrustedProxies,
    /// Malware scanning of uploads (`MOTCUA_CLAMD`, `MOTCUA_CLAMD_RETRY_SECONDS`); off
    /// when unset (`scan.enabled()` for the production check).
    pub scan: crate::scan::ScanSettings,
}

/// Where the server runs (`MOTCUA_ENV`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Environment {
    /// A developer's machine or a test: everything optional (`make run`).
    #[default]
    Development,
    /// A real deployment: HTTPS and the other safeguards are mandatory.
    Production,
}

impl Settings {
    /// Why these settings cannot serve a real province when `MOTCUA_ENV=production`: one
    /// sentence per problem, each naming its setting; empty in development. The server
    /// refuses to start on any.
    pub fn production_problems(&self) -> Vec<String> {
        if self.environment != Environment::Production {
            return Vec::new();
        }
        let mut problems = Vec::new();
        if !self.public_url.starts_with("https://") {
            problems.push(format!(
                "MOTCUA_PUBLIC_URL must start with https:// in production (cookies are only \
                 Secure and HSTS only sent over HTTPS), not «{}»",
                self.public_url
            ));
        }
        if self.notify.sms_gateway_url.is_none() {
            problems.push(
                "MOTCUA_SMS_URL must name the SMS gateway in production (phones are verified \
                 by codes sent through it)"
                    .to_owned(),
            );
        }
        for variable in self.keys.missing() {
            problems.push(format!(
                "{variable} must be set in production (signing keys and audit checkpoints are \
                 sealed or signed with keys kept outside the database)"
            ));
        }
        if !self.scan.enabled() {
            problems.push(
                "MOTCUA_CLAMD must name the ClamAV daemon (host:port) in production (uploads are \
                 scanned before any officer opens them)"
                    .to_owned(),
            );
        }
        problems
    }
}

/// The keys a `motcua.toml` may hold; all optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    bind: Option<String>,
    data_dir: Option<PathBuf>,
    database_url: Option<String>,
    jurisdiction: Option<String>,
    site_root: Option<PathBuf>,
    log_format: Option<String>,
    public_url: Option<String>,
    max_file_mb: Option<u64>,
    max_dossier_mb: Option<u64>,
    env: Option<String>,
    trusted_proxies: Option<String>,
}

impl Settings {
    /// Reads the settings from `motcua.toml` (or the file named by `MOTCUA_CONFIG`) and the
    /// process environment.
    pub fn load() -> Result<Self, ConfigError> {
        Self::from_sources(|key| std::env::var(key).ok())
    }

    /// Same as [`Settings::load`] with the environment given as a function, for tests.
    pub fn from_sources(env: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let file = match env("MOTCUA_CONFIG") {
            Some(path) => read_file(Path::new(&path))?,
            None if Path::new("motcua.toml").exists() => read_file(Path::new("motcua.toml"))?,
            None => FileSettings::default(),
        };
        let pick = |key: &str, from_file: Option<String>| env(key).or(from_file);

        let bind_text = pick("MOTCUA_BIND", file.bind).unwrap_or_else(|| "127.0.0.1:3000".into());
        let bind = bind_text.parse().map_err(|_| ConfigError::Invalid {
            setting: "MOTCUA_BIND",
            reason: format!("«{bind_text}» is not an address:port such as 127.0.0.1:3000"),
        })?;

        let data_dir = env("MOTCUA_DATA_DIR")
            .map(PathBuf::from)
            .or(file.data_dir)
            .unwrap_or_else(|| PathBuf::from("./data"));
        if data_dir.as_os_str().is_empty() {
            return Err(ConfigError::Invalid {
                setting: "MOTCUA_DATA_DIR",
                reason: "it is empty".into(),
            });
        }

        let database = match pick("DATABASE_URL", file.database_url) {
            Some(url) => DatabaseUrl::parse(&url)?,
            None => DatabaseUrl::Sqlite(format!(
                "sqlite://{}?mode=rwc",
                data_dir.join("motcua.db").display()
            )),
        };

        let jurisdiction = pick("MOTCUA_JURISDICTION", file.jurisdiction)
            .map(|j| j.trim().to_owned())
            .filter(|j| !j.is_empty())
            .unwrap_or_else(|| DEFAULT_JURISDICTION.to_owned());

        let site_root = env("MOTCUA_SITE_ROOT")
            .map(PathBuf::from)
            .or(file.site_root)
            .unwrap_or_else(|| PathBuf::from("target/site"));

        let log_json = match pick("MOTCUA_LOG_FORMAT", file.log_format).as_deref() {
            None | Some("text") => false,
            Some("json") => true,
            Some(other) => {
                return Err(ConfigError::Invalid {
                    setting: "MOTCUA_LOG_FORMAT",
                    reason: format!("«{other}» is neither text nor json"),
                })
            }
        };

        let public_url =
            pick("MOTCUA_PUBLIC_URL", file.public_url).unwrap_or_else(|| format!("http://{bind}"));
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            return Err(ConfigError::Invalid {
                setting: "MOTCUA_PUBLIC_URL",
                reason: format!("«{public_url}» does not start with http:// or https://"),
            });
        }
        let megabytes = |key: &'static str, from_file: Option<u64>, default: u64| match env(key) {
            None => Ok(from_file.unwrap_or(default)),
            Some(text) => text
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|n| (1..=1024).contains(n))
                .ok_or(ConfigError::Invalid {
                    setting: key,
                    reason: format!("«{text}» is not a whole number of megabytes from 1 to 1024"),
                }),
        };
        let max_file = megabytes("MOTCUA_MAX_FILE_MB", file.max_file_mb, 10)?;
        let max_dossier = megabytes("MOTCUA_MAX_DOSSIER_MB", file.max_dossier_mb, 50)?;
        if max_file > max_dossier {
            return Err(ConfigError::Invalid {
                setting: "MOTCUA_MAX_FILE_MB",
                reason: format!(
                    "{max_file} MB is more than MOTCUA_MAX_DOSSIER_MB ({max_dossier} MB)"
                ),
            });
        }
        let upload_limits = motcua_core::dossier::UploadLimits {
            max_file_bytes: max_file * 1024 * 1024,
            max_dossier_bytes: max_dossier * 1024 * 1024,
        };

        let keys = crate::signing::KeySettings::from_lookup(&env, &data_dir)?;
        // --- issue 11, transport and limits ---
        let environment = match pick("MOTCUA_ENV", file.env).as_deref().map(str::trim) {
            None | Some("") | Some("development") => Environment::Development,
            Some("production") => Environment::Production,
            Some(other) => {
                return Err(ConfigError::Invalid {
                    setting: "MOTCUA_ENV",
                    reason: format!("«{other}» is neither development nor production"),
                })
            }
        };
        let trusted_proxies = crate::http::guard::client::TrustedProxies::parse(
            &pick("MOTCUA_TRUSTED_PROXIES", file.trusted_proxies).unwrap_or_default(),
        )
        .map_err(|entry| ConfigError::Invalid {
            setting: "MOTCUA_TRUSTED_PROXIES",
            reason: format!("«{entry}» is not an IP address or a CIDR range such as 10.0.0.0/8"),
        })?;

        Ok(Settings {
            environment,
            trusted_proxies,
            bind,
            data_dir,
            database,
            jurisdiction,
            site_root,
            log_json,
            public_url,
            upload_limits,
            notify: crate::notify::NotifySettings::from_lookup(&env)?,
            keys,
            scan: crate::scan::ScanSettings::from_lookup(&env)?,
        })
    }
}

fn read_file(path: &Path) -> Result<FileSettings, ConfigError> {
    let file_error = |reason: String| ConfigError::File {
        path: path.to_owned(),
        reason,
    };
    let text = std::fs::read_to_string(path).map_err(|e| file_error(e.to_string()))?;
    toml::from_str(&text).map_err(|e| file_error(e.message().to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn settings(vars: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Settings::from_sources(|key| vars.get(key).cloned())
    }

    #[test]
    fn defaults_need_no_file_and_no_environment() {
        // MOTCUA_CONFIG points nowhere real only when set; here nothing is set and the
        // test runs from the crate folder, which has no motcua.toml.
        let s = settings(&[]).unwrap();
        assert_eq!(s.bind.to_string(), "127.0.0.1:3000");
        assert_eq!(s.data_dir, PathBuf::from("./data"));
        assert_eq!(
            s.database,
            DatabaseUrl::Sqlite("sqlite://./data/motcua.db?mode=rwc".into())
        );
        assert_eq!(s.jurisdiction, DEFAULT_JURISDICTION);
    }

    #[test]
    fn environment_overrides_the_file() {
        let dir = std::env::temp_dir().join(format!("motcua-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("motcua.toml");
        std::fs::write(
            &file,
            "bind = \"127.0.0.1:4000\"\njurisdiction = \"Tỉnh A\"\n",
        )
        .unwrap();
        let path = file.to_str().unwrap();
        let from_file = settings(&[("MOTCUA_CONFIG", path)]).unwrap();
        assert_eq!(from_file.bind.port(), 4000);
        assert_eq!(from_file.jurisdiction, "Tỉnh A");
        let overridden = settings(&[
            ("MOTCUA_CONFIG", path),
            ("MOTCUA_JURISDICTION", "Thành phố B"),
        ])
        .unwrap();
        assert_eq!(overridden.jurisdiction, "Thành phố B");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn each_bad_value_names_its_setting() {
        let cases = [
            ("MOTCUA_BIND", "localhost"),
            ("DATABASE_URL", "mysql://root@localhost/motcua"),
            ("DATABASE_URL", "postgres://user@127.0.0.1:notaport/db"),
            ("MOTCUA_LOG_FORMAT", "xml"),
            ("MOTCUA_ENV", "staging"),
            ("MOTCUA_TRUSTED_PROXIES", "10.0.0.0/8, proxy.internal"),
        ];
        for (key, value) in cases {
            let message = settings(&[(key, value)]).unwrap_err().to_string();
            assert!(message.starts_with(key), "{message}");
        }
    }

    #[test]
    fn production_needs_https_an_sms_gateway_the_scanner_and_outside_keys() {
        assert!(settings(&[]).unwrap().production_problems().is_empty());
        let problems = settings(&[("MOTCUA_ENV", "production")])
            .unwrap()
            .production_problems();
        let named: Vec<&str> = problems
            .iter()
            .map(|p| p.split_whitespace().next().unwrap_or_default())
            .collect();
        assert_eq!(
            named,
            [
                "MOTCUA_PUBLIC_URL",
                "MOTCUA_SMS_URL",
                "MOTCUA_KEY_ENCRYPTION_KEY",
                "MOTCUA_AUDIT_KEY",
                "MOTCUA_CLAMD"
            ],
            "{problems:?}"
        );
        let key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
        let ready = settings(&[
            ("MOTCUA_ENV", "production"),
            ("MOTCUA_PUBLIC_URL", "https://dichvucong.x.gov.vn"),
            ("MOTCUA_SMS_URL", "https://sms.x.gov.vn/send"),
            ("MOTCUA_KEY_ENCRYPTION_KEY", key),
            ("MOTCUA_AUDIT_KEY", key),
            ("MOTCUA_CLAMD", "127.0.0.1:3310"),
        ])
        .unwrap();
        assert!(
            ready.production_problems().is_empty(),
            "{:?}",
            ready.production_problems()
        );
    }

    #[test]
    fn a_database_password_is_never_echoed() {
        let message = settings(&[("DATABASE_URL", "postgres://u:s3cret@127.0.0.1:badport/db")])
            .unwrap_err()
            .to_string();
        assert!(!message.contains("s3cret"), "{message}");
    }

    #[test]
    fn unknown_keys_in_the_file_are_refused() {
        let dir = std::env::temp_dir().join(format!("motcua-config-bad-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("motcua.toml");
        std::fs::write(&file, "prot = 3000\n").unwrap();
        let message = settings(&[("MOTCUA_CONFIG", file.to_str().unwrap())])
            .unwrap_err()
            .to_string();
        assert!(message.contains("prot"), "{message}");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
