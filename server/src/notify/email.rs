//! E-mail over SMTP with lettre: one connection per message (no pool), UTF-8 plain text.
//! lettre encodes a non-ASCII subject as RFC 2047 words and picks quoted-printable or
//! base64 for the body, so Vietnamese text arrives intact.

use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use super::settings::{SmtpSettings, SmtpTls};

/// How long one SMTP command may take before the attempt counts as failed.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(30);

/// A configured SMTP relay.
pub(crate) struct EmailTransport {
    mailer: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl EmailTransport {
    /// Prepares the relay; nothing is contacted yet.
    pub(crate) fn new(settings: &SmtpSettings) -> Result<Self, String> {
        let tls_parameters = || {
            TlsParameters::new(settings.host.clone())
                .map_err(|e| format!("MOTCUA_SMTP_HOST: TLS cannot be prepared: {e}"))
        };
        let tls = match settings.tls {
            SmtpTls::None => Tls::None,
            SmtpTls::StartTls => Tls::Required(tls_parameters()?),
            SmtpTls::Tls => Tls::Wrapper(tls_parameters()?),
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&settings.host)
            .port(settings.port)
            .tls(tls)
            .timeout(Some(COMMAND_TIMEOUT));
        if let (Some(username), Some(password)) = (&settings.username, &settings.password) {
            builder = builder.credentials(Credentials::new(username.clone(), password.clone()));
        }
        Ok(EmailTransport {
            mailer: builder.build(),
            from: settings.from.clone(),
        })
    }

    /// Sends one message. `id` (the outbox id) becomes the Message-ID, so a receiving
    /// system can recognise a message delivered twice after a crash.
    pub(crate) async fn send(
        &self,
        id: &str,
        to: &str,
        subject: &str,
        body: &str,
    ) -> Result<(), String> {
        let to: Mailbox = to
            .parse()
            .map_err(|e| format!("the recipient is not an e-mail address ({e})"))?;
        let mail = lettre::Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .message_id(Some(format!("<{id}@{}>", self.from.email.domain())))
            .header(ContentType::TEXT_PLAIN)
            .body(body.to_owned())
            .map_err(|e| format!("the message cannot be built ({e})"))?;
        self.mailer
            .send(mail)
            .await
            .map(|_| ())
            .map_err(|e| super::error_chain(&e))
    }
}
