use leptos::prelude::*;

use crate::services::{AccountError, CodeSent, RegisterForm};

/// Checks a registration and sends a code to its phone; the browser goes to the code
/// page (also without JavaScript: a plain form post gets a redirect), where the code
/// creates the account and signs it in.
#[server(prefix = "/_fn", endpoint = "account/register")]
pub async fn register(form: RegisterForm) -> Result<Result<CodeSent, AccountError>, ServerFnError> {
    use super::session;
    let accounts = expect_context::<crate::services::SharedAccounts>();
    let client = session::client().await;
    match accounts
        .register(&form, &client)
        .await
        .map_err(|e| session::unavailable(e, "registration"))?
    {
        Ok(sent) => {
            leptos_axum::redirect(&super::phone_code::code_page(&sent.challenge));
            Ok(Ok(sent))
        }
        Err(refusal) => {
            if session::plain_form_post().await {
                let mut pairs = session::refusal_pairs(&refusal);
                for (name, value) in [
                    ("phone", &form.phone),
                    ("full_name", &form.full_name),
                    ("personal_id", &form.personal_id),
                    ("date_of_birth", &form.date_of_birth),
                    ("address", &form.address),
                    ("email", &form.email),
                ] {
                    pairs.push((format!("v_{name}"), value.clone()));
                }
                session::refuse_to("/dang-ky", &pairs);
            }
            Ok(Err(refusal))
        }
    }
}
