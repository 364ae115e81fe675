//! motcua's user interface: Leptos components rendered on the server (`ssr`) and
//! hydrated in the browser (`hydrate`), plus the server functions they call.
//!
//! Layout:
//! - [`shell`] and [`App`]: the HTML document and the routes;
//! - `pages/`: one module per page; `components/`: pieces shared by pages;
//! - `serverfns/<domain>/<verb>.rs`: server functions, thin wrappers over the services;
//! - `services/`: the traits the server implements (server only) and their data types (database access lives
//!   in the `motcua-server` crate, never in components).

// Leptos views are deeply nested types; the apply form needs more than the default 128.
#![recursion_limit = "512"]

mod app;
pub mod components;
pub mod pages;
pub mod serverfns;
pub mod services;

pub use app::{shell, App};

/// The name of the citizen session cookie (`__Host-` prefixed over HTTPS: see
/// [`Transport::cookie_name`]).
pub const SESSION_COOKIE: &str = "motcua_session";

/// How the portal is reached, from `MOTCUA_PUBLIC_URL`; the server provides it as
/// context. Over HTTPS, cookies are `Secure` and named with the `__Host-` prefix, which a
/// browser accepts only from this very host over HTTPS, with `Path=/` and no `Domain`:
/// another host of the province cannot set or overwrite them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Transport {
    /// The public URL starts with `https://`.
    pub https: bool,
}

impl Transport {
    /// The cookie's name as sent: `base`, or `__Host-{base}` over HTTPS.
    pub fn cookie_name(self, base: &str) -> String {
        if self.https {
            format!("__Host-{base}")
        } else {
            base.to_owned()
        }
    }

    /// The attributes every cookie gets besides its own (`; Secure` over HTTPS).
    pub fn cookie_secure(self) -> &'static str {
        if self.https {
            "; Secure"
        } else {
            ""
        }
    }
}

/// The caller's address as the server determined it (the peer, or `X-Forwarded-For`
/// from a trusted proxy), stored in each request for rate limits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientAddress(pub String);

/// The Content-Security-Policy of every response. Pages pass the nonce Leptos put on
/// this render's inline scripts (the hydration bootstrap and the serialized resources);
/// anything else passes `None` and may run no inline script. `'wasm-unsafe-eval'` lets
/// the page compile its WebAssembly; nothing is loaded from another origin, and no
/// other site may frame the portal.
pub fn content_security_policy(nonce: Option<&str>) -> String {
    let scripts = match nonce {
        Some(n) => format!("'self' 'nonce-{n}' 'wasm-unsafe-eval'"),
        None => "'self' 'wasm-unsafe-eval'".to_owned(),
    };
    format!(
        "default-src 'self'; script-src {scripts}; style-src 'self'; img-src 'self' data:; \
         font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// Entry point of the WebAssembly bundle: hydrates the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
}
