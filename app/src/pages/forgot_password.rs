use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::layout::PortalLayout;
use crate::serverfns::account::{RequestReset, ResetPassword};

/// `/quen-mat-khau`: step 1 asks for the phone (and the personal ID, if the account
/// recorded one) and sends a code; step 2 (`?phien=…`) takes the code and the new
/// password. Every session of the account ends; the citizen is signed in again.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let query = use_query_map();
    // Reactive: step 1 moves to step 2 (`?phien=`) without remounting the page.
    let step = move || {
        query.with(|q| {
            (
                q.get("phien").unwrap_or_default(),
                q.get("loi"),
                q.get("e_password"),
                q.get("e_phone"),
            )
        })
    };
    view! {
        <Title text="Quên mật khẩu" />
        <PortalLayout>
            <section class="form-card narrow">
                <h1>"Quên mật khẩu"</h1>
                {move || {
                    let (challenge, from_url, password_error, phone_error) = step();
                    if challenge.is_empty() {
                        view! { <AskCode from_url=from_url phone_error=phone_error /> }.into_any()
                    } else {
                        view! { <NewPassword challenge=challenge from_url=from_url password_error=password_error /> }.into_any()
                    }
                }}
            </section>
        </PortalLayout>
    }
}

#[component]
fn AskCode(from_url: Option<String>, phone_error: Option<String>) -> impl IntoView {
    let action = ServerAction::<RequestReset>::new();
    let refusal = move || match action.value().get() {
        Some(Ok(Err(e))) => Some(e.for_field("phone").unwrap_or_else(|| e.to_string())),
        Some(Err(e)) => Some(crate::pages::error_text(&e)),
        _ => phone_error.clone().or_else(|| from_url.clone()),
    };
    view! {
        <p class="muted-inline">
            "Nhập số điện thoại đã đăng ký. Nếu tài khoản có lưu số định danh cá nhân, hãy nhập cả số này. Mã xác minh sẽ được gửi tới số điện thoại của tài khoản."
        </p>
        <ActionForm action attr:class="stack">
            <label class="field">
                <span>"Số điện thoại"</span>
                <input name="phone" type="tel" inputmode="tel" autocomplete="tel" required />
            </label>
            <label class="field">
                <span>"Số định danh cá nhân (12 số)"</span>
                <input name="personal_id" type="text" inputmode="numeric" autocomplete="off" />
            </label>
            {move || refusal().map(|m| view! { <p class="error" role="alert">{m}</p> })}
            <button type="submit" class="button primary" disabled=move || action.pending().get()>
                "Gửi mã xác minh"
            </button>
        </ActionForm>
        <p><a href="/dang-nhap">"Quay lại đăng nhập"</a></p>
    }
}

#[component]
fn NewPassword(
    challenge: String,
    from_url: Option<String>,
    password_error: Option<String>,
) -> impl IntoView {
    let action = ServerAction::<ResetPassword>::new();
    let refusal = move || match action.value().get() {
        Some(Ok(Err(e))) => Some(e.for_field("password").unwrap_or_else(|| e.to_string())),
        Some(Err(e)) => Some(crate::pages::error_text(&e)),
        _ => password_error.clone().or_else(|| from_url.clone()),
    };
    view! {
        <p class="muted-inline">
            "Nếu số điện thoại có tài khoản, một mã gồm 6 chữ số đã được gửi tới số đó (hiệu lực 5 phút). Nhập mã và mật khẩu mới; mọi phiên đăng nhập khác của tài khoản sẽ kết thúc."
        </p>
        <ActionForm action attr:class="stack">
            <input type="hidden" name="form[challenge]" value=challenge />
            <label class="field">
                <span>"Mã xác minh"</span>
                <input name="form[code]" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="7" required />
            </label>
            <label class="field">
                <span>"Mật khẩu mới"</span>
                <input name="form[password]" type="password" autocomplete="new-password" required />
                <small class="hint">"Ít nhất 8 ký tự, có chữ cái và chữ số."</small>
            </label>
            {move || refusal().map(|m| view! { <p class="error" role="alert">{m}</p> })}
            <button type="submit" class="button primary" disabled=move || action.pending().get()>
                "Đặt lại mật khẩu"
            </button>
        </ActionForm>
        <p><a href="/quen-mat-khau">"Gửi lại mã"</a></p>
    }
}
