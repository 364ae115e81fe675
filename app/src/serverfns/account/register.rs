use leptos::prelude::*;

use crate::services::{AccountError, CitizenProfile, RegisterForm};

/// Creates a citizen account and signs it in; on success the browser goes to
/// "Hồ sơ của tôi" (also without JavaScript: a plain form post gets a redirect).
#[server(prefix = "/_fn", endpoint = "account/register")]
pub async fn register(
    form: RegisterForm,
) -> Result<Result<CitizenProfile, AccountError>, ServerFnError> {
    use super::session;
    let accounts = expect_context::<crate::services::SharedAccounts>();
    let client = session::client().await;
    match accounts
        .register(&form, &client)
        .await
        .map_err(|e| session::unavailable(e, "registration"))?
    {
        Ok(new) => {
            session::set_cookie(&new);
            leptos_axum::redirect("/ho-so-cua-toi");
            Ok(Ok(new.profile))
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
