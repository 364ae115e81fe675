use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::dossier_card::DossierDetail;
use crate::components::layout::PortalLayout;
use crate::serverfns::dossier::{track_remembered, TrackDossier};

/// `/tra-cuu-ho-so`: track a dossier by its code (or submission number) and the
/// applicant's phone number, no account needed. The QR code on the receipt opens this
/// page with the code filled in (`?ma=…`). The phone never goes in a URL: the form is a
/// POST — in the background with JavaScript, else to `track_form`, which sends the
/// browser back here to read the answer once.
#[component]
pub fn TrackPage() -> impl IntoView {
    let query = use_query_map();
    let code_value = query.with_untracked(|q| q.get("ma").unwrap_or_default());
    let action = ServerAction::<TrackDossier>::new();
    let initial = Resource::new(
        || (),
        |_| async move {
            match track_remembered().await {
                Ok(Some((_, answer))) => Some(Ok(answer)),
                Ok(None) => None,
                Err(e) => Some(Err(e)),
            }
        },
    );
    view! {
        <Title text="Tra cứu hồ sơ" />
        <PortalLayout>
            <section class="form-card narrow">
                <h1>"Tra cứu hồ sơ"</h1>
                <p class="muted-inline">"Nhập mã hồ sơ (trên Giấy tiếp nhận) hoặc số hồ sơ tạm, và số điện thoại đã khai khi nộp."</p>
                <form class="stack" method="post" action="/_fn/dossier/track_form" on:submit=move |ev| {
                    ev.prevent_default();
                    let form = leptos::form::FromFormData::from_event(&ev);
                    if let Ok(TrackByForm { ma, sdt }) = form {
                        action.dispatch(TrackDossier { number: ma, phone: sdt });
                    }
                }>
                    <label class="field"><span>"Mã hồ sơ"</span><input name="ma" required value=code_value /></label>
                    <label class="field"><span>"Số điện thoại"</span><input name="sdt" type="tel" inputmode="tel" autocomplete="tel" required /></label>
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

/// The tracking form's fields.
#[derive(Debug, Clone, serde::Deserialize)]
struct TrackByForm {
    ma: String,
    sdt: String,
}
