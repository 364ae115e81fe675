use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::dossier_card::DossierDetail;
use crate::components::layout::PortalLayout;
use crate::serverfns::dossier::{track_dossier, TrackDossier};

/// `/tra-cuu-ho-so`: track a dossier by its code (or submission number) and the
/// applicant's phone number, no account needed. The QR code on the receipt opens this
/// page with the code filled in (`?ma=…`); a GET with both values (`?ma=…&sdt=…`)
/// answers without JavaScript.
#[component]
pub fn TrackPage() -> impl IntoView {
    let query = use_query_map();
    let (code, phone) = query.with_untracked(|q| {
        (
            q.get("ma").unwrap_or_default(),
            q.get("sdt").unwrap_or_default(),
        )
    });
    let action = ServerAction::<TrackDossier>::new();
    let initial = Resource::new(
        move || (code.clone(), phone.clone()),
        |(c, p)| async move {
            if c.is_empty() || p.is_empty() {
                None
            } else {
                Some(track_dossier(c, p).await)
            }
        },
    );
    let code_value = query.with_untracked(|q| q.get("ma").unwrap_or_default());
    let phone_value = query.with_untracked(|q| q.get("sdt").unwrap_or_default());
    view! {
        <Title text="Tra cứu hồ sơ" />
        <PortalLayout>
            <section class="form-card narrow">
                <h1>"Tra cứu hồ sơ"</h1>
                <p class="muted-inline">"Nhập mã hồ sơ (trên Giấy tiếp nhận) hoặc số hồ sơ tạm, và số điện thoại đã khai khi nộp."</p>
                <form class="stack" method="get" action="/tra-cuu-ho-so" on:submit=move |ev| {
                    ev.prevent_default();
                    let form = leptos::form::FromFormData::from_event(&ev);
                    if let Ok(TrackDossier { number, phone }) = form.map(|f: TrackByQuery| TrackDossier { number: f.ma, phone: f.sdt }) {
                        action.dispatch(TrackDossier { number, phone });
                    }
                }>
                    <label class="field"><span>"Mã hồ sơ"</span><input name="ma" required value=code_value /></label>
                    <label class="field"><span>"Số điện thoại"</span><input name="sdt" type="tel" inputmode="tel" required value=phone_value /></label>
                    <button type="submit" class="button primary">"Tra cứu"</button>
                </form>
            </section>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let answer = match action.value().get() {
                        Some(a) => Some(a),
                        None => initial.await,
                    };
                    match answer {
                        None => ().into_any(),
                        Some(Ok(Ok(d))) => view! { <DossierDetail dossier=d /> }.into_any(),
                        Some(Ok(Err(e))) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                        Some(Err(e)) => view! { <p class="error" role="alert">{crate::pages::error_text(&e)}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </PortalLayout>
    }
}

/// The tracking form's fields as named in the URL.
#[derive(Debug, Clone, serde::Deserialize)]
struct TrackByQuery {
    ma: String,
    sdt: String,
}
