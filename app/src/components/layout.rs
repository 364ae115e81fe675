use leptos::prelude::*;

use crate::serverfns::portal::portal_info;

/// The frame of every public page: the portal header with the jurisdiction's name, the
/// page content, and the footer.
#[component]
pub fn PortalLayout(children: Children) -> impl IntoView {
    let info = OnceResource::new(portal_info());
    let jurisdiction =
        move || Suspend::new(async move { info.await.map(|i| i.jurisdiction).unwrap_or_default() });

    view! {
        <header class="portal-header">
            <a class="brand" href="/">
                <span class="emblem" aria-hidden="true">"★"</span>
                <span class="brand-text">
                    <span class="brand-title">"Cổng dịch vụ công"</span>
                    <span class="brand-jurisdiction">
                        <Suspense fallback=|| "">{jurisdiction}</Suspense>
                    </span>
                </span>
            </a>
        </header>
        <main class="page">{children()}</main>
        <footer class="portal-footer">
            <p>"Bộ phận Một cửa · Trung tâm Phục vụ hành chính công"</p>
            <p class="muted">"Vận hành bằng motcua, phần mềm mã nguồn mở."</p>
        </footer>
    }
}
