use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::layout::PortalLayout;
use crate::serverfns::account::{ConfirmPhone, ResendCode};

/// `/xac-minh-so-dien-thoai?phien=…`: the 6-digit code sent by SMS completes a
/// registration, or the first sign-in of an account made before codes existed. A plain
/// form post without JavaScript; after hydration the refusal shows in place.
#[component]
pub fn VerifyPhonePage() -> impl IntoView {
    let confirm = ServerAction::<ConfirmPhone>::new();
    let resend = ServerAction::<ResendCode>::new();
    let query = use_query_map();
    // Reactive: "Gửi lại mã" moves to the new code's page without remounting this one.
    let challenge = move || query.with(|q| q.get("phien").unwrap_or_default());
    // Without JavaScript the refusal comes back in the URL (`?loi=`).
    let from_url = query.with_untracked(|q| q.get("loi"));
    let refusal = move || match (confirm.value().get(), resend.value().get()) {
        (_, Some(Ok(Err(e)))) | (Some(Ok(Err(e))), _) => Some(e.to_string()),
        (_, Some(Err(e))) | (Some(Err(e)), _) => Some(crate::pages::error_text(&e)),
        _ => from_url.clone(),
    };
    view! {
        <Title text="Xác minh số điện thoại" />
        <PortalLayout>
            <section class="form-card narrow">
                <h1>"Xác minh số điện thoại"</h1>
                <p class="muted-inline">
                    "Chúng tôi đã gửi một mã gồm 6 chữ số tới số điện thoại của bạn. Mã có hiệu lực trong 5 phút; mỗi mã được nhập sai tối đa 3 lần."
                </p>
                <ActionForm action=confirm attr:class="stack">
                    <input type="hidden" name="challenge" value=challenge />
                    <label class="field">
                        <span>"Mã xác minh"</span>
                        <input name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]{6,7}" maxlength="7" required />
                    </label>
                    {move || refusal().map(|m| view! { <p class="error" role="alert">{m}</p> })}
                    <button type="submit" class="button primary" disabled=move || confirm.pending().get()>
                        "Xác minh"
                    </button>
                </ActionForm>
                <ActionForm action=resend attr:class="stack">
                    <input type="hidden" name="challenge" value=challenge />
                    <button type="submit" class="button" disabled=move || resend.pending().get()>
                        "Gửi lại mã"
                    </button>
                </ActionForm>
                <p class="muted-inline">"Không bao giờ đưa mã này cho người khác, kể cả người tự xưng là cán bộ."</p>
            </section>
        </PortalLayout>
    }
}
