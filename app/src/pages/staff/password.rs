use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::serverfns::staff::StaffChangePassword;
use crate::services::SecurityError;

/// `/can-bo/doi-mat-khau`: a staff member changes their password. After an
/// administrator issued a temporary password, sign-in comes here and nothing else opens
/// until it is changed. Works as a plain form post without JavaScript.
#[component]
pub fn StaffPasswordPage() -> impl IntoView {
    let action = ServerAction::<StaffChangePassword>::new();
    let (loi, from_url) = use_query_map().with_untracked(|q| {
        let fields: Vec<(String, String)> =
            ["current_password", "new_password", "confirm_password"]
                .iter()
                .filter_map(|f| q.get(&format!("e_{f}")).map(|m| ((*f).to_owned(), m)))
                .collect();
        (q.get("loi"), fields)
    });
    let refusal = move || match action.value().get() {
        Some(Ok(Err(e))) => Some((Some(e.clone()), e.to_string())),
        Some(Err(e)) => Some((None, crate::pages::error_text(&e))),
        _ => None,
    };
    let field = move |name: &'static str| {
        let from_url = from_url
            .iter()
            .find(|(f, _)| f == name)
            .map(|(_, m)| m.clone());
        move || {
            match refusal() {
                Some((Some(e), _)) => e.for_field(name),
                Some(_) => None,
                None => from_url.clone(),
            }
            .map(|m| view! { <span class="field-error" role="alert">{m}</span> })
        }
    };
    let general = move || match refusal() {
        Some((Some(SecurityError::Invalid(_)), _)) => None,
        Some((_, m)) => Some(m),
        None => loi.clone(),
    };
    view! {
        <Title text="Đổi mật khẩu" />
        <header class="staff-header">
            <div class="staff-bar">
                <a class="brand" href="/can-bo">
                    <span class="emblem" aria-hidden="true">"★"</span>
                    <span class="brand-text">
                        <span class="brand-title">"Một cửa điện tử"</span>
                        <span class="brand-jurisdiction">"Khu vực cán bộ"</span>
                    </span>
                </a>
            </div>
        </header>
        <main class="staff-page">
            <section class="form-card narrow">
                <h1>"Đổi mật khẩu"</h1>
                <p class="muted-inline">
                    "Nếu quản trị viên vừa cấp mật khẩu tạm cho bạn, hãy nhập mật khẩu tạm làm mật khẩu hiện tại. "
                    "Sau khi đổi, mọi phiên đăng nhập khác của tài khoản sẽ kết thúc."
                </p>
                <ActionForm action attr:class="stack">
                    <label class="field">
                        <span>"Mật khẩu hiện tại"</span>
                        <input name="current_password" type="password" autocomplete="current-password" required />
                        {field("current_password")}
                    </label>
                    <label class="field">
                        <span>"Mật khẩu mới"</span>
                        <input name="new_password" type="password" autocomplete="new-password" required minlength="8" />
                        <span class="hint">"Ít nhất 8 ký tự, có chữ cái và chữ số."</span>
                        {field("new_password")}
                    </label>
                    <label class="field">
                        <span>"Nhập lại mật khẩu mới"</span>
                        <input name="confirm_password" type="password" autocomplete="new-password" required />
                        {field("confirm_password")}
                    </label>
                    {move || general().map(|m| view! { <p class="error" role="alert">{m}</p> })}
                    <button type="submit" class="button primary" disabled=move || action.pending().get()>
                        "Đổi mật khẩu"
                    </button>
                </ActionForm>
            </section>
        </main>
    }
}
