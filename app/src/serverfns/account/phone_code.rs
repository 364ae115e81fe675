//! The code page's server functions (issue 11): a code sent to the phone completes a
//! registration, or the first sign-in of an account made before codes existed.

use leptos::prelude::*;

use crate::services::{AccountError, CitizenProfile, CodeSent};

/// The code page of a challenge.
pub fn code_page(challenge: &str) -> String {
    format!("/xac-minh-so-dien-thoai?phien={}", hex_only(challenge))
}

/// A challenge is hex; anything else is dropped, so it can go in a URL as it is.
fn hex_only(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_hexdigit)
        .take(64)
        .collect()
}

/// Checks the code; on success the account exists (or its phone is verified), a
/// session opens and the browser goes to "Hồ sơ của tôi".
#[server(prefix = "/_fn", endpoint = "account/confirm_phone")]
pub async fn confirm_phone(
    challenge: String,
    code: String,
) -> Result<Result<CitizenProfile, AccountError>, ServerFnError> {
    use super::session;
    let accounts = expect_context::<crate::services::SharedAccounts>();
    let client = session::client().await;
    match accounts
        .confirm_phone(&challenge, &code, &client)
        .await
        .map_err(|e| session::unavailable(e, "phone verification"))?
    {
        Ok(new) => {
            session::set_cookie(&new);
            leptos_axum::redirect("/ho-so-cua-toi");
            Ok(Ok(new.profile))
        }
        Err(refusal) => {
            if session::plain_form_post().await {
                let mut pairs = session::refusal_pairs(&refusal);
                pairs.push(("phien".to_owned(), hex_only(&challenge)));
                session::refuse_to("/xac-minh-so-dien-thoai", &pairs);
            }
            Ok(Err(refusal))
        }
    }
}

/// Sends a new code for the same purpose; the browser goes to the new code's page.
#[server(prefix = "/_fn", endpoint = "account/resend_code")]
pub async fn resend_code(
    challenge: String,
) -> Result<Result<CodeSent, AccountError>, ServerFnError> {
    use super::session;
    let accounts = expect_context::<crate::services::SharedAccounts>();
    let client = session::client().await;
    let answer = accounts
        .resend_code(&challenge, &client)
        .await
        .map_err(|e| session::unavailable(e, "code resend"))?;
    match &answer {
        Ok(sent) => leptos_axum::redirect(&code_page(&sent.challenge)),
        Err(refusal) => {
            if session::plain_form_post().await {
                let mut pairs = session::refusal_pairs(refusal);
                pairs.push(("phien".to_owned(), hex_only(&challenge)));
                session::refuse_to("/xac-minh-so-dien-thoai", &pairs);
            }
        }
    }
    Ok(answer)
}

/// Whether verification codes go to the server log (no SMS gateway configured): the
/// home page then says the site is for development only.
#[server(prefix = "/_fn", endpoint = "account/codes_in_log")]
pub async fn codes_in_log() -> Result<bool, ServerFnError> {
    let accounts = expect_context::<crate::services::SharedAccounts>();
    Ok(accounts.codes_in_log())
}
