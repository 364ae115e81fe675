use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Link, Meta, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

use crate::pages::{home::HomePage, not_found::NotFound};

/// The HTML document around the application, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="vi">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The application: metadata and routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();

    view! {
        <Stylesheet id="leptos" href="/pkg/motcua.css" />
        <Link rel="icon" href="/favicon.ico" />
        <Meta name="theme-color" content="#a31d1d" />
        <Title formatter=|page: String| format!("{page} · Cổng dịch vụ công") />
        <Router>
            <Routes fallback=|| view! { <NotFound /> }>
                // Async: the whole page, search results included, is in the first HTML
                // response, so the search works without JavaScript.
                <Route path=path!("") view=HomePage ssr=SsrMode::Async />
            </Routes>
        </Router>
    }
}
