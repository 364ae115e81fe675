//! Malware scanning of the documents citizens and desks upload (issue 11): every file is
//! sent to a ClamAV daemon ([`clamd`], the INSTREAM protocol over TCP) before it is kept.
//!
//! - infected: the upload is refused and nothing is stored;
//! - scanner down or unreachable: the file is kept but marked pending (fail closed):
//!   nobody can open it until [`rescan`] has found it clean;
//! - `MOTCUA_CLAMD` unset: scanning is off (development), files are marked unscanned.
//!
//! What a file's content was found to be is kept per content hash ([`status`]): files are
//! stored by hash, so one verdict covers every upload of the same bytes.

pub mod clamd;
pub mod rescan;
pub mod status;

use std::sync::Arc;
use std::time::Duration;

use crate::config::ConfigError;

/// How long a scan may take (connect, send up to the per-file limit, read the verdict)
/// before the scanner counts as unavailable.
pub const SCAN_TIMEOUT: Duration = Duration::from_secs(60);
/// How long connecting to the daemon may take.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
/// Default pause between two rounds of the rescan job.
pub const DEFAULT_RETRY_EVERY: Duration = Duration::from_secs(60);

/// The scanner's settings (`MOTCUA_CLAMD`, `MOTCUA_CLAMD_RETRY_SECONDS`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanSettings {
    /// The daemon's `host:port`; `None` turns scanning off.
    pub clamd: Option<String>,
    /// Pause between two rounds of the job that rescans pending files.
    pub retry_every: Duration,
}

impl Default for ScanSettings {
    fn default() -> Self {
        ScanSettings {
            clamd: None,
            retry_every: DEFAULT_RETRY_EVERY,
        }
    }
}

impl ScanSettings {
    /// Reads `MOTCUA_CLAMD` (`host:port`) and `MOTCUA_CLAMD_RETRY_SECONDS` (1–3600,
    /// default 60).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |key: &str| {
            lookup(key)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let clamd = match get("MOTCUA_CLAMD") {
            None => None,
            Some(address) => {
                Some(
                    parse_address(&address).map_err(|reason| ConfigError::Invalid {
                        setting: "MOTCUA_CLAMD",
                        reason,
                    })?,
                )
            }
        };
        let retry_every = match get("MOTCUA_CLAMD_RETRY_SECONDS") {
            None => DEFAULT_RETRY_EVERY,
            Some(text) => text
                .parse::<u64>()
                .ok()
                .filter(|n| (1..=3600).contains(n))
                .map(Duration::from_secs)
                .ok_or(ConfigError::Invalid {
                    setting: "MOTCUA_CLAMD_RETRY_SECONDS",
                    reason: format!("«{text}» is not a whole number of seconds from 1 to 3600"),
                })?,
        };
        Ok(ScanSettings { clamd, retry_every })
    }

    /// Whether uploads are scanned. The production check (`MOTCUA_ENV=production`)
    /// refuses to start when this is false.
    pub fn enabled(&self) -> bool {
        self.clamd.is_some()
    }
}

/// `host:port` with a host and a port from 1 to 65535 (the host is resolved when
/// connecting, so a container name works).
fn parse_address(text: &str) -> Result<String, String> {
    let shape = || format!("«{text}» is not host:port such as 127.0.0.1:3310");
    let (host, port) = text.rsplit_once(':').ok_or_else(shape)?;
    let host_ok = !host.is_empty() && !host.contains(['/', ' ', '@']) && !text.contains("://");
    match port.parse::<u16>() {
        Ok(p) if p > 0 && host_ok => Ok(text.to_owned()),
        _ => Err(shape()),
    }
}

/// What the scanner said about some bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Scanning is off (`MOTCUA_CLAMD` unset).
    Off,
    /// Scanned, nothing found.
    Clean,
    /// Scanned, the daemon names what it found.
    Infected(String),
    /// The daemon could not give a verdict (down, unreachable, timed out, an error
    /// reply such as a size limit): the file waits.
    Unavailable(String),
}

/// The scanner uploads go through; cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct Scanner {
    clamd: Option<Arc<clamd::Clamd>>,
}

impl Scanner {
    /// No scanning.
    pub fn off() -> Self {
        Scanner::default()
    }

    /// The scanner the settings describe.
    pub fn new(settings: &ScanSettings) -> Self {
        Scanner {
            clamd: settings
                .clamd
                .as_ref()
                .map(|address| Arc::new(clamd::Clamd::new(address, CONNECT_TIMEOUT, SCAN_TIMEOUT))),
        }
    }

    /// Whether uploads are scanned.
    pub fn enabled(&self) -> bool {
        self.clamd.is_some()
    }

    /// Scans `bytes`.
    pub async fn scan(&self, bytes: &[u8]) -> Verdict {
        let Some(clamd) = &self.clamd else {
            return Verdict::Off;
        };
        match clamd.instream(bytes).await {
            Ok(clamd::Reply::Clean) => Verdict::Clean,
            Ok(clamd::Reply::Found(name)) => Verdict::Infected(name),
            Ok(clamd::Reply::Error(message)) => Verdict::Unavailable(message),
            Err(e) => Verdict::Unavailable(e.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(vars: &[(&str, &str)]) -> Result<ScanSettings, ConfigError> {
        ScanSettings::from_lookup(|k| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| (*v).to_owned())
        })
    }

    #[test]
    fn unset_means_off_and_an_address_means_on() {
        let off = settings(&[]).unwrap();
        assert!(!off.enabled());
        assert_eq!(off.retry_every, DEFAULT_RETRY_EVERY);
        let on = settings(&[
            ("MOTCUA_CLAMD", " clamav.internal:3310 "),
            ("MOTCUA_CLAMD_RETRY_SECONDS", "5"),
        ])
        .unwrap();
        assert!(on.enabled());
        assert_eq!(on.clamd.as_deref(), Some("clamav.internal:3310"));
        assert_eq!(on.retry_every, Duration::from_secs(5));
        assert!(Scanner::new(&on).enabled() && !Scanner::new(&off).enabled());
    }

    #[test]
    fn bad_values_name_their_setting() {
        for bad in [
            "3310",
            "clamav",
            ":3310",
            "host:0",
            "host:99999",
            "tcp://host:3310",
        ] {
            let e = settings(&[("MOTCUA_CLAMD", bad)]).unwrap_err();
            assert!(
                e.to_string().starts_with("MOTCUA_CLAMD is invalid"),
                "{bad}: {e}"
            );
        }
        for bad in ["0", "3601", "soon"] {
            let e = settings(&[("MOTCUA_CLAMD_RETRY_SECONDS", bad)]).unwrap_err();
            assert!(e.to_string().contains("MOTCUA_CLAMD_RETRY_SECONDS"), "{e}");
        }
    }
}
