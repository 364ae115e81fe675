use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::layout::PortalLayout;

/// Makes the server's answer a 404 (pages that render "not found" for an unknown
/// procedure or dossier call it too); does nothing in the browser.
pub fn answer_not_found() {
    #[cfg(feature = "ssr")]
    {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(http::StatusCode::NOT_FOUND);
        }
    }
}

/// Shown for any unknown address, with HTTP status 404.
#[component]
pub fn NotFound() -> impl IntoView {
    answer_not_found();
    view! {
        <Title text="Không tìm thấy trang" />
        <PortalLayout>
            <section class="notice">
                <h1>"Không tìm thấy trang"</h1>
                <p>"Địa chỉ này không có trên cổng. " <a href="/">"Về trang chủ"</a></p>
            </section>
        </PortalLayout>
    }
}
