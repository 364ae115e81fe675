//! "Quên mật khẩu" (issue 11): a code to the account's phone, then a new password.

use leptos::prelude::*;

use crate::services::{AccountError, CitizenProfile, CodeSent, ResetForm};

/// Sends a code when the phone has an account (and the personal ID is the account's,
/// if it recorded one); the answer is the same either way. The browser goes to the
/// second step of the page.
#[server(prefix = "/_fn", endpoint = "account/request_reset")]
pub async fn request_reset(
    phone: String,
    #[server(default)] personal_id: String,
) -> Result<Result<CodeSent, AccountError>, ServerFnError> {
    use super::session;
    let accounts = expect_context::<crate::services::SharedAccounts>();
    let client = session::client().await;
    let answer = accounts
        .request_reset(&phone, &personal_id, &client)
        .await
        .map_err(|e| session::unavailable(e, "password reset request"))?;
    match &answer {
        Ok(sent) => leptos_axum::redirect(&format!(
            "/quen-mat-khau?phien={}",
            sent.challenge
                .chars()
                .filter(char::is_ascii_hexdigit)
                .collect::<String>()
        )),
        Err(refusal) => {
            if session::plain_form_post().await {
                session::refuse_to("/quen-mat-khau", &session::refusal_pairs(refusal));
            }
        }
    }
    Ok(answer)
}

/// Sets the new password with the code; every session of the account ends, a new one
/// opens and the browser goes to "Hồ sơ của tôi".
#[server(prefix = "/_fn", endpoint = "account/reset_password")]
pub async fn reset_password(
    form: ResetForm,
) -> Result<Result<CitizenProfile, AccountError>, ServerFnError> {
    use super::session;
    let accounts = expect_context::<crate::services::SharedAccounts>();
    let client = session::client().await;
    match accounts
        .reset_password(&form, &client)
        .await
        .map_err(|e| session::unavailable(e, "password reset"))?
    {
        Ok(new) => {
            session::set_cookie(&new);
            leptos_axum::redirect("/ho-so-cua-toi");
            Ok(Ok(new.profile))
        }
        Err(refusal) => {
            if session::plain_form_post().await {
                let mut pairs = session::refusal_pairs(&refusal);
                pairs.push((
                    "phien".to_owned(),
                    form.challenge
                        .chars()
                        .filter(char::is_ascii_hexdigit)
                        .collect(),
                ));
                session::refuse_to("/quen-mat-khau", &pairs);
            }
            Ok(Err(refusal))
        }
    }
}
