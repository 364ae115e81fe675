use leptos::prelude::*;

use crate::services::{AccountError, CitizenProfile};

/// Signs a citizen in with phone number and password, then goes to `next` (a path on
/// this site) or "Hồ sơ của tôi".
#[server(prefix = "/_fn", endpoint = "account/sign_in")]
pub async fn sign_in(
    phone: String,
    password: String,
    #[server(default)] next: String,
) -> Result<Result<CitizenProfile, AccountError>, ServerFnError> {
    use super::session;
    let accounts = expect_context::<crate::services::SharedAccounts>();
    let client = session::client().await;
    match accounts
        .sign_in(&phone, &password, &client)
        .await
        .map_err(|e| session::unavailable(e, "sign-in"))?
    {
        Ok(new) => {
            session::set_cookie(&new);
            // Only local paths: never an open redirect to another site.
            let local = session::is_local_path(&next);
            leptos_axum::redirect(if local { &next } else { "/ho-so-cua-toi" });
            Ok(Ok(new.profile))
        }
        Err(AccountError::VerifyPhone { challenge }) => {
            // An account made before codes existed: the code page finishes the sign-in.
            leptos_axum::redirect(&super::phone_code::code_page(&challenge));
            Ok(Err(AccountError::VerifyPhone { challenge }))
        }
        Err(refusal) => {
            if session::plain_form_post().await {
                let mut pairs = session::refusal_pairs(&refusal);
                pairs.push(("v_phone".to_owned(), phone.clone()));
                if !next.is_empty() {
                    pairs.push(("next".to_owned(), next.clone()));
                }
                session::refuse_to("/dang-nhap", &pairs);
            }
            Ok(Err(refusal))
        }
    }
}
