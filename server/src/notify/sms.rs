//! SMS through an HTTP gateway: `POST {MOTCUA_SMS_URL}` with the JSON
//! `{"to": "0912345678", "text": "…"}`, `Authorization: Bearer {MOTCUA_SMS_TOKEN}` when a
//! token is set and `Idempotency-Key: {outbox id}`. Any 2xx answer means sent. The text
//! keeps its diacritics: Vietnamese gateways take Unicode (UCS-2) messages.

use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::header::{HeaderValue, AUTHORIZATION, CONTENT_TYPE};
use hyper::{Request, Uri};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

/// The longest the gateway may take to answer one message.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// A configured SMS gateway.
pub(crate) struct SmsGateway {
    client: Client<HttpsConnector<HttpConnector>, Full<Bytes>>,
    uri: Uri,
    authorization: Option<HeaderValue>,
}

impl SmsGateway {
    /// Prepares the client (HTTP/1.1, rustls with Mozilla's roots for https://).
    pub(crate) fn new(url: &str, token: Option<&str>) -> Result<Self, String> {
        let uri: Uri = url
            .parse()
            .map_err(|_| format!("MOTCUA_SMS_URL: «{url}» is not a URL"))?;
        let authorization = token
            .map(|token| {
                let mut value = HeaderValue::from_str(&format!("Bearer {token}"))
                    .map_err(|_| "MOTCUA_SMS_TOKEN: not a valid header value".to_owned())?;
                value.set_sensitive(true);
                Ok::<_, String>(value)
            })
            .transpose()?;
        let connector = hyper_rustls::HttpsConnectorBuilder::new()
            .with_webpki_roots()
            .https_or_http()
            .enable_http1()
            .build();
        let client = Client::builder(TokioExecutor::new()).build(connector);
        Ok(SmsGateway {
            client,
            uri,
            authorization,
        })
    }

    /// Sends one text; `Ok` when the gateway answered 2xx.
    pub(crate) async fn send(&self, id: &str, to: &str, text: &str) -> Result<(), String> {
        let payload = serde_json::json!({ "to": to, "text": text });
        let mut request = Request::post(self.uri.clone())
            .header(CONTENT_TYPE, "application/json; charset=utf-8")
            .header("Idempotency-Key", id);
        if let Some(authorization) = &self.authorization {
            request = request.header(AUTHORIZATION, authorization.clone());
        }
        let request = request
            .body(Full::new(Bytes::from(payload.to_string())))
            .map_err(|e| format!("the request cannot be built ({e})"))?;
        let exchange = async {
            let response = self
                .client
                .request(request)
                .await
                .map_err(|e| format!("SMS gateway unreachable: {}", super::error_chain(&e)))?;
            let status = response.status();
            // Read the answer to the end so the connection can be reused; its content is
            // not logged (a gateway may echo the text back).
            let _ = response.into_body().collect().await;
            if status.is_success() {
                Ok(())
            } else {
                Err(format!("SMS gateway answered HTTP {status}"))
            }
        };
        tokio::time::timeout(REQUEST_TIMEOUT, exchange)
            .await
            .unwrap_or_else(|_| {
                Err(format!(
                    "SMS gateway did not answer within {} s",
                    REQUEST_TIMEOUT.as_secs()
                ))
            })
    }
}

/// How verification codes leave the server: through the gateway at once (a code is
/// useless after 5 minutes, so it never waits in the outbox behind the retry backoff,
/// and it is never stored in clear), or, when no gateway is configured (`make run`),
/// into the server log, marked as development only. Production refuses to start without
/// a gateway ([`crate::accounts::otp::require_gateway`]).
pub struct CodeSms {
    /// `None`: codes are written to the log.
    gateway: Option<SmsGateway>,
}

/// The text of the log line that carries a code when no gateway is configured.
pub const DEVELOPMENT_MARK: &str = "CHỈ DÙNG KHI PHÁT TRIỂN / development only";

impl CodeSms {
    /// The gateway of `settings`, or the development log when there is none.
    pub fn from_settings(settings: &super::NotifySettings) -> Result<Self, String> {
        let gateway = settings
            .sms_gateway_url
            .as_deref()
            .map(|url| SmsGateway::new(url, settings.sms_token.as_deref()))
            .transpose()?;
        Ok(CodeSms { gateway })
    }

    /// Codes written to the log (tests of the development mode).
    pub fn development_log() -> Self {
        CodeSms { gateway: None }
    }

    /// Whether codes go to the log instead of phones.
    pub fn is_development(&self) -> bool {
        self.gateway.is_none()
    }

    /// Sends `text` (which holds `code`) to `to` now; `Err` when the gateway failed, for
    /// the citizen to see. `id` travels as the idempotency key.
    pub async fn send_now(&self, id: &str, to: &str, code: &str, text: &str) -> Result<(), String> {
        match &self.gateway {
            Some(gateway) => gateway.send(id, to, text).await,
            None => {
                tracing::warn!(
                    to = %super::mask_recipient(to),
                    code,
                    "{DEVELOPMENT_MARK}: no SMS gateway (MOTCUA_SMS_URL), the verification \
                     code is written here instead of sent"
                );
                Ok(())
            }
        }
    }
}
