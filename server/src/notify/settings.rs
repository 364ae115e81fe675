//! Where notifications go: the SMTP relay for e-mail and the HTTP gateway for SMS, read
//! from `MOTCUA_SMTP_*` and `MOTCUA_SMS_*`. Either may be missing: messages for a channel
//! without a transport wait in the outbox and go out once it is configured.
//!
//! | variable | meaning |
//! |---|---|
//! | `MOTCUA_SMTP_HOST` | the relay; unset = no e-mail |
//! | `MOTCUA_SMTP_PORT` | default 25 (`none`), 587 (`starttls`), 465 (`tls`) |
//! | `MOTCUA_SMTP_FROM` | required with a host, e.g. `Cổng dịch vụ công <no-reply@dichvucong.example.vn>` |
//! | `MOTCUA_SMTP_USERNAME`, `MOTCUA_SMTP_PASSWORD` | both or neither |
//! | `MOTCUA_SMTP_TLS` | `none`, `starttls` or `tls`; default `starttls`, `none` for a loopback host |
//! | `MOTCUA_SMS_URL` | the gateway's `http(s)://` endpoint; unset = no SMS |
//! | `MOTCUA_SMS_TOKEN` | sent as `Authorization: Bearer …` when set |

use lettre::message::Mailbox;

use crate::config::ConfigError;

/// How the SMTP connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpTls {
    /// Plain text: only for a relay on the same machine or a trusted network.
    None,
    /// Plain connection upgraded with STARTTLS; refuses to go on if the server cannot.
    StartTls,
    /// TLS from the first byte (SMTPS, usually port 465).
    Tls,
}

impl SmtpTls {
    /// The port used when `MOTCUA_SMTP_PORT` is not set.
    pub fn default_port(self) -> u16 {
        match self {
            SmtpTls::None => 25,
            SmtpTls::StartTls => 587,
            SmtpTls::Tls => 465,
        }
    }
}

/// An SMTP relay, all values checked.
#[derive(Clone)]
pub struct SmtpSettings {
    /// Host name or address of the relay (also the name checked in its certificate).
    pub host: String,
    /// TCP port.
    pub port: u16,
    /// The `From:` mailbox, with an optional display name (may be Vietnamese).
    pub from: Mailbox,
    /// Login, when the relay wants one.
    pub username: Option<String>,
    /// Password, present exactly when `username` is.
    pub password: Option<String>,
    /// Connection protection.
    pub tls: SmtpTls,
}

impl std::fmt::Debug for SmtpSettings {
    // The password never reaches a log through `{:?}`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("from", &self.from.to_string())
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "…"))
            .field("tls", &self.tls)
            .finish()
    }
}

/// The notification transports, all values checked. `Default` = nothing configured.
#[derive(Clone, Default)]
pub struct NotifySettings {
    /// The SMTP relay for e-mail, if any.
    pub smtp: Option<SmtpSettings>,
    /// The SMS gateway endpoint (`http://` or `https://`), if any.
    pub sms_gateway_url: Option<String>,
    /// The gateway's bearer token, if it wants one.
    pub sms_token: Option<String>,
}

impl std::fmt::Debug for NotifySettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NotifySettings")
            .field("smtp", &self.smtp)
            .field("sms_gateway_url", &self.sms_gateway_url)
            .field("sms_token", &self.sms_token.as_ref().map(|_| "…"))
            .finish()
    }
}

fn invalid(setting: &'static str, reason: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        setting,
        reason: reason.into(),
    }
}

fn is_loopback(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.eq_ignore_ascii_case("localhost")
        || bare
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

impl NotifySettings {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|key| std::env::var(key).ok())
    }

    /// Reads the settings through `lookup` (the environment, or a map in tests). Empty
    /// values count as unset. Each error names the variable; secrets are never echoed.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |key: &str| {
            lookup(key)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let smtp = Self::smtp(&get)?;

        let sms_gateway_url = get("MOTCUA_SMS_URL");
        if let Some(url) = &sms_gateway_url {
            let uri: hyper::Uri = url.parse().map_err(|_| {
                invalid(
                    "MOTCUA_SMS_URL",
                    format!("«{url}» is not a URL such as https://sms.example.vn/send"),
                )
            })?;
            if !matches!(uri.scheme_str(), Some("http" | "https")) || uri.host().is_none() {
                return Err(invalid(
                    "MOTCUA_SMS_URL",
                    format!("«{url}» must be an http:// or https:// URL with a host"),
                ));
            }
        }
        // A token travels in headers: never echoed, but it must be a valid header value.
        let sms_token = get("MOTCUA_SMS_TOKEN");
        if let Some(token) = &sms_token {
            if sms_gateway_url.is_none() {
                return Err(invalid(
                    "MOTCUA_SMS_TOKEN",
                    "it is set but MOTCUA_SMS_URL is not",
                ));
            }
            if !token.bytes().all(|b| b.is_ascii_graphic()) {
                return Err(invalid(
                    "MOTCUA_SMS_TOKEN",
                    "it must be printable ASCII without spaces",
                ));
            }
        }
        Ok(NotifySettings {
            smtp,
            sms_gateway_url,
            sms_token,
        })
    }

    fn smtp(get: &impl Fn(&str) -> Option<String>) -> Result<Option<SmtpSettings>, ConfigError> {
        let Some(host) = get("MOTCUA_SMTP_HOST") else {
            // Half a configuration is a mistake worth stopping for.
            for key in [
                "MOTCUA_SMTP_PORT",
                "MOTCUA_SMTP_FROM",
                "MOTCUA_SMTP_USERNAME",
                "MOTCUA_SMTP_PASSWORD",
                "MOTCUA_SMTP_TLS",
            ] {
                if get(key).is_some() {
                    return Err(invalid(
                        "MOTCUA_SMTP_HOST",
                        format!("it is not set but {key} is (set both, or neither)"),
                    ));
                }
            }
            return Ok(None);
        };
        if host.contains(|c: char| c.is_whitespace() || c == '/' || c == '@') {
            return Err(invalid(
                "MOTCUA_SMTP_HOST",
                format!("«{host}» is not a host name such as smtp.example.vn"),
            ));
        }

        let tls = match get("MOTCUA_SMTP_TLS").as_deref() {
            None if is_loopback(&host) => SmtpTls::None,
            None => SmtpTls::StartTls,
            Some(v) if v.eq_ignore_ascii_case("none") => SmtpTls::None,
            Some(v) if v.eq_ignore_ascii_case("starttls") => SmtpTls::StartTls,
            Some(v) if v.eq_ignore_ascii_case("tls") => SmtpTls::Tls,
            Some(other) => {
                return Err(invalid(
                    "MOTCUA_SMTP_TLS",
                    format!("«{other}» is none of none, starttls, tls"),
                ))
            }
        };

        let port = match get("MOTCUA_SMTP_PORT") {
            None => tls.default_port(),
            Some(text) => match text.parse::<u16>() {
                Ok(port) if port > 0 => port,
                _ => {
                    return Err(invalid(
                        "MOTCUA_SMTP_PORT",
                        format!("«{text}» is not a port number (1-65535)"),
                    ))
                }
            },
        };

        let from_text = get("MOTCUA_SMTP_FROM").ok_or_else(|| {
            invalid(
                "MOTCUA_SMTP_FROM",
                "it is required with MOTCUA_SMTP_HOST, e.g. \
                 «Cổng dịch vụ công <no-reply@dichvucong.example.vn>»",
            )
        })?;
        let from: Mailbox = from_text.parse().map_err(|_| {
            invalid(
                "MOTCUA_SMTP_FROM",
                format!(
                    "«{from_text}» is not an address such as \
                     «Cổng dịch vụ công <no-reply@dichvucong.example.vn>»"
                ),
            )
        })?;

        let username = get("MOTCUA_SMTP_USERNAME");
        let password = get("MOTCUA_SMTP_PASSWORD");
        match (&username, &password) {
            (Some(_), None) => {
                return Err(invalid(
                    "MOTCUA_SMTP_PASSWORD",
                    "it is required when MOTCUA_SMTP_USERNAME is set",
                ))
            }
            (None, Some(_)) => {
                return Err(invalid(
                    "MOTCUA_SMTP_USERNAME",
                    "it is required when MOTCUA_SMTP_PASSWORD is set",
                ))
            }
            _ => {}
        }
        if username.is_some() && tls == SmtpTls::None && !is_loopback(&host) {
            return Err(invalid(
                "MOTCUA_SMTP_TLS",
                "it is none while a password is set: the password would cross the network \
                 in clear (use starttls or tls)",
            ));
        }

        Ok(Some(SmtpSettings {
            host,
            port,
            from,
            username,
            password,
            tls,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn settings(vars: &[(&str, &str)]) -> Result<NotifySettings, ConfigError> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        NotifySettings::from_lookup(|key| vars.get(key).cloned())
    }

    #[test]
    fn nothing_set_means_no_transport() {
        let s = settings(&[]).unwrap();
        assert!(s.smtp.is_none());
        assert!(s.sms_gateway_url.is_none());
        assert!(s.sms_token.is_none());
    }

    #[test]
    fn a_full_smtp_configuration_is_read() {
        let s = settings(&[
            ("MOTCUA_SMTP_HOST", "smtp.example.vn"),
            (
                "MOTCUA_SMTP_FROM",
                "Cổng dịch vụ công <no-reply@example.vn>",
            ),
            ("MOTCUA_SMTP_USERNAME", "motcua"),
            ("MOTCUA_SMTP_PASSWORD", "s3cret"),
            ("MOTCUA_SMTP_TLS", "tls"),
        ])
        .unwrap();
        let smtp = s.smtp.unwrap();
        assert_eq!(smtp.port, 465);
        assert_eq!(smtp.tls, SmtpTls::Tls);
        assert_eq!(smtp.from.name.as_deref(), Some("Cổng dịch vụ công"));
        assert_eq!(smtp.from.email.to_string(), "no-reply@example.vn");
        assert!(!format!("{smtp:?}").contains("s3cret"));
    }

    #[test]
    fn tls_and_port_defaults() {
        let local = settings(&[
            ("MOTCUA_SMTP_HOST", "127.0.0.1"),
            ("MOTCUA_SMTP_FROM", "no-reply@example.vn"),
        ])
        .unwrap()
        .smtp
        .unwrap();
        assert_eq!((local.tls, local.port), (SmtpTls::None, 25));
        let remote = settings(&[
            ("MOTCUA_SMTP_HOST", "smtp.example.vn"),
            ("MOTCUA_SMTP_FROM", "no-reply@example.vn"),
            ("MOTCUA_SMTP_PORT", "2525"),
        ])
        .unwrap()
        .smtp
        .unwrap();
        assert_eq!((remote.tls, remote.port), (SmtpTls::StartTls, 2525));
    }

    #[test]
    fn each_bad_value_names_its_variable() {
        let host = ("MOTCUA_SMTP_HOST", "smtp.example.vn");
        let from = ("MOTCUA_SMTP_FROM", "no-reply@example.vn");
        let cases: [(&str, Vec<(&str, &str)>); 11] = [
            (
                "MOTCUA_SMTP_PORT",
                vec![host, from, ("MOTCUA_SMTP_PORT", "abc")],
            ),
            (
                "MOTCUA_SMTP_PORT",
                vec![host, from, ("MOTCUA_SMTP_PORT", "0")],
            ),
            (
                "MOTCUA_SMTP_TLS",
                vec![host, from, ("MOTCUA_SMTP_TLS", "ssl3")],
            ),
            ("MOTCUA_SMTP_FROM", vec![host]),
            (
                "MOTCUA_SMTP_FROM",
                vec![host, ("MOTCUA_SMTP_FROM", "not an address")],
            ),
            ("MOTCUA_SMTP_HOST", vec![from]),
            (
                "MOTCUA_SMTP_PASSWORD",
                vec![host, from, ("MOTCUA_SMTP_USERNAME", "u")],
            ),
            (
                "MOTCUA_SMTP_USERNAME",
                vec![host, from, ("MOTCUA_SMTP_PASSWORD", "p")],
            ),
            (
                "MOTCUA_SMTP_TLS",
                vec![
                    host,
                    from,
                    ("MOTCUA_SMTP_TLS", "none"),
                    ("MOTCUA_SMTP_USERNAME", "u"),
                    ("MOTCUA_SMTP_PASSWORD", "p"),
                ],
            ),
            (
                "MOTCUA_SMS_URL",
                vec![("MOTCUA_SMS_URL", "ftp://sms.example.vn/")],
            ),
            ("MOTCUA_SMS_TOKEN", vec![("MOTCUA_SMS_TOKEN", "abc")]),
        ];
        for (variable, vars) in cases {
            let message = settings(&vars).unwrap_err().to_string();
            assert!(message.starts_with(variable), "{variable}: {message}");
        }
    }

    #[test]
    fn secrets_are_never_echoed() {
        let message = settings(&[
            ("MOTCUA_SMS_URL", "https://sms.example.vn/send"),
            ("MOTCUA_SMS_TOKEN", "s3cret token"),
        ])
        .unwrap_err()
        .to_string();
        assert!(!message.contains("s3cret"), "{message}");
        let ok = settings(&[
            ("MOTCUA_SMS_URL", "https://sms.example.vn/send"),
            ("MOTCUA_SMS_TOKEN", "s3cret"),
        ])
        .unwrap();
        assert!(!format!("{ok:?}").contains("s3cret"));
    }
}
