use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::serverfns::account::{current_citizen, SignOut};
use crate::serverfns::portal::portal_info;

/// The frame of every public page: the portal header with the jurisdiction's name and
/// the account links, the page content, and the footer.
#[component]
pub fn PortalLayout(children: Children) -> impl IntoView {
    let info = OnceResource::new(portal_info());
    let jurisdiction =
        move || Suspend::new(async move { info.await.map(|i| i.jurisdiction).unwrap_or_default() });
    let me = OnceResource::new(current_citizen());
    let sign_out = ServerAction::<SignOut>::new();
    // Effects run only in the browser: `data-hydrated="true"` tells tests (and CSS) that
    // the page is interactive.
    let (hydrated, set_hydrated) = signal(false);
    Effect::new(move |_| set_hydrated.set(true));
    let account = move || {
        Suspend::new(async move {
            match me.await.ok().flatten() {
                Some(c) => view! {
                    <a href="/ho-so-cua-toi" title=c.full_name.clone()>"Hồ sơ của tôi"</a>
                    <a href="/tai-khoan">"Tài khoản"</a>
                    <ActionForm action=sign_out>
                        <button type="submit">"Đăng xuất"</button>
                    </ActionForm>
                }
                .into_any(),
                None => view! {
                    <a href="/tra-cuu-ho-so" class="wide-only">"Tra cứu hồ sơ"</a>
                    <a href="/dang-nhap">"Đăng nhập"</a>
                }
                .into_any(),
            }
        })
    };

    view! {
        <header class="portal-header">
            <div class="bar">
                <a class="brand" href="/">
                    <span class="emblem" aria-hidden="true">"★"</span>
                    <span class="brand-text">
                        <span class="brand-title">"Cổng dịch vụ công"</span>
                        <span class="brand-jurisdiction">
                            <Suspense fallback=|| "">{jurisdiction}</Suspense>
                        </span>
                    </span>
                </a>
                <nav class="account-links" aria-label="Tài khoản">
                    <Suspense fallback=|| ()>{account}</Suspense>
                </nav>
            </div>
        </header>
        <main class="page" data-hydrated=move || hydrated.get().to_string()>
            {children()}
        </main>
        <footer class="portal-footer">
            <p>"Bộ phận Một cửa · Trung tâm Phục vụ hành chính công"</p>
            <p>
                <a href="/tra-cuu-ho-so">"Tra cứu hồ sơ"</a>
                " · "
                <a href="/api/v1/openapi.json">"API cho tích hợp"</a>
                " · "
                <a href="/chinh-sach-bao-mat">"Bảo vệ dữ liệu cá nhân"</a>
            </p>
            <p class="muted">"Vận hành bằng motcua, phần mềm mã nguồn mở."</p>
        </footer>
    }
}
