use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use motcua_core::search::{SearchQuery, MAX_QUERY_CHARS};

use crate::components::{layout::PortalLayout, procedure_list::ProcedureList};
use crate::serverfns::procedure::search_procedures;

/// The portal's home page: a search box over the procedure catalogue and the list of
/// procedures with their time limits.
///
/// Without JavaScript the search is a plain GET form (`/?q=…`) answered by the server.
/// Once hydrated, the list follows what the citizen types, without reloading the page.
#[component]
pub fn HomePage() -> impl IntoView {
    let initial = use_query_map().with_untracked(|params| params.get("q").unwrap_or_default());
    let (query, set_query) = signal(initial);
    // The query is checked here first (same rule as the server, no round trip for a
    // refused query); the answer carries the query it is for.
    let results = Resource::new(
        move || query.get(),
        |text| async move {
            let parsed =
                SearchQuery::parse(&text).map_err(|e| ServerFnError::new(e.to_string()))?;
            let procedures = search_procedures(text).await?;
            Ok::<_, ServerFnError>((parsed, procedures))
        },
    );

    // Effects run only in the browser, so this turns true once the page is hydrated;
    // the end-to-end tests wait for it before typing.
    let (hydrated, set_hydrated) = signal(false);
    Effect::new(move |_| set_hydrated.set(true));

    view! {
        <Title text="Tra cứu thủ tục hành chính" />
        <PortalLayout>
            <section class="hero">
                <h1>"Tra cứu thủ tục hành chính"</h1>
                <p class="hero-lead">
                    "Tìm thủ tục, xem thời hạn giải quyết, phí, lệ phí và mức độ dịch vụ công trực tuyến."
                </p>
                <form
                    class="search"
                    method="get"
                    action="/"
                    role="search"
                    data-hydrated=move || hydrated.get().to_string()
                    on:submit=|ev| ev.prevent_default()
                >
                    <label for="q" class="visually-hidden">
                        "Tên thủ tục cần tìm"
                    </label>
                    <input
                        id="q"
                        name="q"
                        type="search"
                        placeholder="Ví dụ: đăng ký khai sinh"
                        autocomplete="off"
                        maxlength=MAX_QUERY_CHARS
                        enterkeyhint="search"
                        // The attribute carries the query in the server's HTML (no-JS
                        // search); the property keeps it in sync after hydration.
                        value=query.get_untracked()
                        prop:value=query
                        on:input=move |ev| set_query.set(event_target_value(&ev))
                    />
                    <button type="submit">"Tìm kiếm"</button>
                </form>
            </section>
            <section class="results" aria-label="Kết quả tra cứu">
                <Transition fallback=|| {
                    view! { <p class="result-count">"Đang tải danh mục thủ tục…"</p> }
                }>
                    {move || Suspend::new(async move {
                        match results.await {
                            Ok((q, procedures)) => {
                                view! { <ProcedureList query=q procedures /> }.into_any()
                            }
                            Err(error) => {
                                view! { <p class="error" role="alert">{error_text(&error)}</p> }
                                    .into_any()
                            }
                        }
                    })}
                </Transition>
            </section>
        </PortalLayout>
    }
}

/// The message of a failed server function, without the framework's prefix.
fn error_text(error: &ServerFnError) -> String {
    match error {
        ServerFnError::ServerError(message) => message.clone(),
        _ => "Không kết nối được tới máy chủ. Vui lòng kiểm tra mạng và thử lại.".to_owned(),
    }
}
