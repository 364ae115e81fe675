use leptos::prelude::*;

use crate::services::{StaffProfile, StaffSignInError};

/// Signs a staff member in with user name and password, then goes to `next` (a path of
/// the staff area) or the work queues. Works as a plain form post without JavaScript.
#[server(prefix = "/_fn", endpoint = "staff/sign_in")]
pub async fn staff_sign_in(
    username: String,
    password: String,
    #[server(default)] next: String,
) -> Result<Result<StaffProfile, StaffSignInError>, ServerFnError> {
    use super::session;
    let client = session::client().await;
    match session::desk()
        .sign_in(&username, &password, &client)
        .await
        .map_err(|e| session::unavailable(e, "staff sign-in"))?
    {
        Ok(new) => {
            session::set_cookie(&new);
            // A temporary password opens nothing but the page that replaces it.
            leptos_axum::redirect(if new.must_change_password {
                crate::pages::staff::CHANGE_PASSWORD_PATH
            } else {
                session::local_staff_path(&next)
            });
            Ok(Ok(new.profile))
        }
        Err(refusal) => {
            if crate::serverfns::account::session::plain_form_post().await {
                let mut pairs = vec![
                    ("loi".to_owned(), refusal.to_string()),
                    ("v_username".to_owned(), username.clone()),
                ];
                if !next.is_empty() {
                    pairs.push(("next".to_owned(), next.clone()));
                }
                crate::serverfns::account::session::refuse_to("/can-bo/dang-nhap", &pairs);
            }
            Ok(Err(refusal))
        }
    }
}
