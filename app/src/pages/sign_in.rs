use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::layout::PortalLayout;
use crate::serverfns::account::SignIn;

/// `/dang-nhap`: sign in with phone number and password. A plain form post without
/// JavaScript; after hydration the same form posts in the background and shows the
/// refusal without losing what was typed.
#[component]
pub fn SignInPage() -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    let next = use_query_map().with_untracked(|q| q.get("next").unwrap_or_default());
    // Without JavaScript the refusal comes back in the URL (`?loi=`).
    let from_url = use_query_map().with_untracked(|q| q.get("loi"));
    // What was typed comes back from the server, never in the URL.
    let typed_values = crate::components::typed::typed_values();
    let refusal = move || match action.value().get() {
        Some(Ok(Err(e))) => Some(e.to_string()),
        Some(Err(e)) => Some(crate::pages::error_text(&e)),
        _ => from_url.clone(),
    };
    view! {
        <Title text="Đăng nhập" />
        <PortalLayout>
            <section class="form-card narrow">
                <h1>"Đăng nhập"</h1>
                <p class="muted-inline">"Dùng số điện thoại di động và mật khẩu đã đăng ký."</p>
                <Suspense fallback=|| ()>
                    {move || {
                        let next = next.clone();
                        let refusal = refusal.clone();
                        Suspend::new(async move {
                            let typed_phone = crate::components::typed::typed(&typed_values.await, "phone");
                            view! {
                                <ActionForm action attr:class="stack">
                                    <input type="hidden" name="next" value=next />
                                    <label class="field">
                                        <span>"Số điện thoại"</span>
                                        <input name="phone" type="tel" inputmode="tel" autocomplete="tel" required value=typed_phone />
                                    </label>
                                    <label class="field">
                                        <span>"Mật khẩu"</span>
                                        <input name="password" type="password" autocomplete="current-password" required />
                                    </label>
                                    {move || refusal().map(|m| view! { <p class="error" role="alert">{m}</p> })}
                                    <button type="submit" class="button primary" disabled=move || action.pending().get()>
                                        "Đăng nhập"
                                    </button>
                                </ActionForm>
                            }
                        })
                    }}
                </Suspense>
                <p><a href="/quen-mat-khau">"Quên mật khẩu?"</a></p>
                <p>"Chưa có tài khoản? " <a href="/dang-ky">"Đăng ký"</a></p>
            </section>
        </PortalLayout>
    }
}
