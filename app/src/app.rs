use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Link, Meta, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

use crate::pages::{
    apply::ApplyPage,
    forgot_password::ForgotPasswordPage,
    home::HomePage,
    my_dossiers::{MyDossierPage, MyDossiersPage},
    not_found::NotFound,
    procedure::ProcedurePage,
    register::RegisterPage,
    sign_in::SignInPage,
    staff::{
        admin::StaffAdminPage, dossier::StaffDossierPage, intake::StaffIntakePage,
        notices::StaffNoticesPage, queues::StaffQueuePage, register::StaffRegisterPage,
        sign_in::StaffSignInPage,
    },
    track::TrackPage,
    verify::VerifyPage,
    verify_phone::VerifyPhonePage,
};

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
                <Route path=path!("/thu-tuc/:slug") view=ProcedurePage ssr=SsrMode::Async />
                <Route path=path!("/thu-tuc/:slug/nop-ho-so") view=ApplyPage ssr=SsrMode::Async />
                <Route path=path!("/dang-nhap") view=SignInPage />
                <Route path=path!("/dang-ky") view=RegisterPage />
                <Route path=path!("/xac-minh-so-dien-thoai") view=VerifyPhonePage />
                <Route path=path!("/quen-mat-khau") view=ForgotPasswordPage />
                <Route path=path!("/ho-so-cua-toi") view=MyDossiersPage ssr=SsrMode::Async />
                <Route path=path!("/ho-so-cua-toi/:number") view=MyDossierPage ssr=SsrMode::Async />
                <Route path=path!("/tra-cuu-ho-so") view=TrackPage ssr=SsrMode::Async />
                // The staff area (issue 5). Async: a page is sent whole, or a redirect
                // to the staff sign-in when nobody is signed in.
                <Route path=path!("/can-bo/dang-nhap") view=StaffSignInPage />
                <Route path=path!("/can-bo") view=StaffQueuePage ssr=SsrMode::Async />
                <Route path=path!("/can-bo/ho-so/:id") view=StaffDossierPage ssr=SsrMode::Async />
                <Route path=path!("/can-bo/tiep-nhan") view=StaffIntakePage ssr=SsrMode::Async />
                <Route path=path!("/can-bo/quan-tri") view=StaffAdminPage ssr=SsrMode::Async />
                <Route path=path!("/can-bo/thong-bao") view=StaffNoticesPage ssr=SsrMode::Async />
                <Route path=path!("/can-bo/so-theo-doi") view=StaffRegisterPage ssr=SsrMode::Async />
                <Route path=path!("/verify") view=VerifyPage ssr=SsrMode::Async />
            </Routes>
        </Router>
    }
}
