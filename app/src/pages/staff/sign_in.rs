use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::serverfns::staff::StaffSignIn;

/// `/can-bo/dang-nhap`: staff sign in with their user name and password. A plain form
/// post without JavaScript (a refusal comes back as `?loi=`); after hydration the same
/// form posts in the background and keeps what was typed.
#[component]
pub fn StaffSignInPage() -> impl IntoView {
    let action = ServerAction::<StaffSignIn>::new();
    let (next, from_url) =
        use_query_map().with_untracked(|q| (q.get("next").unwrap_or_default(), q.get("loi")));
    // What was typed comes back from the server, never in the URL.
    let typed_values = crate::components::typed::typed_values();
    let refusal = move || match action.value().get() {
        Some(Ok(Err(e))) => Some(e.to_string()),
        Some(Err(e)) => Some(crate::pages::error_text(&e)),
        _ => from_url.clone(),
    };
    view! {
        <Title text="Đăng nhập cán bộ" />
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
            <section class="form-card narrow staff-sign-in">
                <h1>"Đăng nhập cán bộ"</h1>
                <p class="muted-inline">
                    "Dành cho cán bộ, công chức tiếp nhận và giải quyết thủ tục hành chính."
                </p>
                <Suspense fallback=|| ()>
                    {move || {
                        let next = next.clone();
                        let refusal = refusal.clone();
                        Suspend::new(async move {
                            let typed = crate::components::typed::typed(&typed_values.await, "username");
                            view! {
                                <ActionForm action attr:class="stack">
                                    <input type="hidden" name="next" value=next />
                                    <label class="field">
                                        <span>"Tên đăng nhập"</span>
                                        <input name="username" autocomplete="username" autocapitalize="none" spellcheck="false" required value=typed />
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
                <p class="muted-inline">
                    "Quên mật khẩu? Liên hệ quản trị đơn vị. Công dân vui lòng dùng "
                    <a href="/dang-nhap">"trang đăng nhập của Cổng dịch vụ công"</a> "."
                </p>
            </section>
        </main>
    }
}
