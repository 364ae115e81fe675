use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Link, Meta, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

use crate::pages::{
    account::AccountPage,
    apply::ApplyPage,
    forgot_password::ForgotPasswordPage,
    home::HomePage,
    keys::KeysPage,
    my_dossiers::{MyDossierPage, MyDossiersPage},
    not_found::NotFound,
    privacy::PrivacyPage,
    procedure::ProcedurePage,
    register::RegisterPage,
    sign_in::SignInPage,
    staff::{
        admin::StaffAdminPage, dossier::StaffDossierPage, intake::StaffIntakePage,
        notices::StaffNoticesPage, password::StaffPasswordPage, queues::StaffQueuePage,
        register::StaffRegisterPage, sign_in::StaffSignInPage,
    },
    track::TrackPage,
    verify::VerifyPage,
    verify_phone::VerifyPhonePage,
};

/// The HTML document around the application, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    send_content_security_policy();
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

/// Sends this render's Content-Security-Policy, with the nonce Leptos puts on every
/// inline script of the page (the server integration provides one per request). The
/// shell renders before anything is streamed, so the header is still open here.
#[cfg(feature = "ssr")]
fn send_content_security_policy() {
    let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    let policy = crate::content_security_policy(Some(&*nonce));
    if let Ok(value) = http::HeaderValue::from_str(&policy) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
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
                <Route path=path!("/dang-nhap") view=SignInPage ssr=SsrMode::Async />
                <Route path=path!("/dang-ky") view=RegisterPage ssr=SsrMode::Async />
                <Route path=path!("/xac-minh-so-dien-thoai") view=VerifyPhonePage />
                <Route path=path!("/quen-mat-khau") view=ForgotPasswordPage />
                <Route path=path!("/ho-so-cua-toi") view=MyDossiersPage ssr=SsrMode::Async />
                <Route path=path!("/ho-so-cua-toi/:number") view=MyDossierPage ssr=SsrMode::Async />
                <Route path=path!("/tra-cuu-ho-so") view=TrackPage ssr=SsrMode::Async />
                <Route path=path!("/tai-khoan") view=AccountPage ssr=SsrMode::Async />
                <Route path=path!("/chinh-sach-bao-mat") view=PrivacyPage />
                // The staff area (issue 5). Async: a page is sent whole, or a redirect
                // to the staff sign-in when nobody is signed in.
                <Route path=path!("/can-bo/dang-nhap") view=StaffSignInPage ssr=SsrMode::Async />
                <Route path=path!("/can-bo/doi-mat-khau") view=StaffPasswordPage />
                <Route path=path!("/can-bo") view=StaffQueuePage ssr=SsrMode::Async />
                <Route path=path!("/can-bo/ho-so/:id") view=StaffDossierPage ssr=SsrMode::Async />
                <Route path=path!("/can-bo/tiep-nhan") view=StaffIntakePage ssr=SsrMode::Async />
                <Route path=path!("/can-bo/quan-tri") view=StaffAdminPage ssr=SsrMode::Async />
                <Route path=path!("/can-bo/thong-bao") view=StaffNoticesPage ssr=SsrMode::Async />
                <Route path=path!("/can-bo/so-theo-doi") view=StaffRegisterPage ssr=SsrMode::Async />
                <Route path=path!("/verify") view=VerifyPage ssr=SsrMode::Async />
                <Route path=path!("/khoa-ky-so") view=KeysPage ssr=SsrMode::Async />
            </Routes>
        </Router>
    }
}
