use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use motcua_core::procedure::{AdministrativeLevel, OnlineLevel};
use motcua_core::search::MAX_QUERY_CHARS;

use crate::components::{layout::PortalLayout, procedure_list::ProcedureList};
use crate::pages::error_text;
use crate::serverfns::account::codes_in_log;
use crate::serverfns::procedure::{search_filters, search_procedures, SearchForm};

/// Says plainly that the site is for development when verification codes go to the
/// server log instead of phones (no SMS gateway configured, e.g. `make run`).
#[component]
fn DevelopmentBanner() -> impl IntoView {
    let in_log = OnceResource::new(codes_in_log());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                in_log.await.unwrap_or(false).then(|| view! {
                    <p class="error dev-banner" role="status" data-testid="dev-banner">
                        "CHỈ DÙNG KHI PHÁT TRIỂN: máy chủ chưa cấu hình cổng gửi tin nhắn SMS "
                        "(MOTCUA_SMS_URL). Mã xác minh được ghi vào nhật ký máy chủ, không gửi tới "
                        "điện thoại. Không dùng trang này cho người dân thật."
                    </p>
                })
            })}
        </Suspense>
    }
}

/// The portal's home page: a search box with filters over the procedure catalogue and
/// the ranked list of procedures.
///
/// Without JavaScript the search is a plain GET form (`/?q=…&linh_vuc=…`) answered by
/// the server. Once hydrated, the list follows what the citizen types and picks, without
/// reloading the page.
#[component]
pub fn HomePage() -> impl IntoView {
    let initial = use_query_map().with_untracked(|params| {
        let get = |k: &str| params.get(k).unwrap_or_default();
        SearchForm {
            q: get("q"),
            field: get("linh_vuc"),
            agency: get("co_quan"),
            level: get("cap"),
            online_level: get("muc_do"),
        }
    });
    let form = RwSignal::new(initial);
    // The form is checked here first (same rules as the server, no round trip for a
    // refused query); the answer carries the query it is for.
    let results = Resource::new(
        move || form.get(),
        |form| async move {
            let (query, _) = form.parse().map_err(ServerFnError::new)?;
            let page = search_procedures(form).await?;
            Ok::<_, ServerFnError>((query, page))
        },
    );
    let options = OnceResource::new(search_filters());

    // Effects run only in the browser, so this turns true once the page is hydrated;
    // the end-to-end tests wait for it before typing.
    let (hydrated, set_hydrated) = signal(false);
    Effect::new(move |_| set_hydrated.set(true));

    let select = move |name: &'static str,
                       label: &'static str,
                       choices: Vec<(String, String)>,
                       get: fn(&SearchForm) -> &String,
                       set: fn(&mut SearchForm, String)| {
        let current = form.with_untracked(|f| get(f).clone());
        view! {
            <label class="filter">
                <span>{label}</span>
                <select
                    name=name
                    on:change=move |ev| form.update(|f| set(f, event_target_value(&ev)))
                >
                    <option value="">"Tất cả"</option>
                    {choices
                        .into_iter()
                        .map(|(value, text)| {
                            let selected = value == current;
                            view! {
                                <option value=value selected=selected>
                                    {text}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
        }
    };

    view! {
        <Title text="Tra cứu thủ tục hành chính" />
        <PortalLayout>
            <DevelopmentBanner />
            <section class="hero">
                <h1>"Tra cứu thủ tục hành chính"</h1>
                <p class="hero-lead">
                    "Tìm thủ tục, xem thời hạn giải quyết, phí, lệ phí và ngày hẹn trả kết quả dự kiến."
                </p>
                <form
                    class="search-form"
                    method="get"
                    action="/"
                    role="search"
                    data-hydrated=move || hydrated.get().to_string()
                    on:submit=|ev| ev.prevent_default()
                >
                    <div class="search">
                        <label for="q" class="visually-hidden">
                            "Tên thủ tục cần tìm"
                        </label>
                        <input
                            id="q"
                            name="q"
                            type="search"
                            placeholder="Ví dụ: khai sinh, GPLX"
                            autocomplete="off"
                            maxlength=MAX_QUERY_CHARS
                            enterkeyhint="search"
                            // The attribute carries the query in the server's HTML (no-JS
                            // search); the property keeps it in sync after hydration.
                            value=form.with_untracked(|f| f.q.clone())
                            prop:value=move || form.with(|f| f.q.clone())
                            on:input=move |ev| form.update(|f| f.q = event_target_value(&ev))
                        />
                        <button type="submit">"Tìm kiếm"</button>
                    </div>
                    <details class="filters">
                        <summary>"Lọc theo lĩnh vực, cơ quan, mức độ"</summary>
                        <Suspense fallback=|| ()>
                            {move || Suspend::new(async move {
                                let o = options.await.unwrap_or_default();
                                let fields = o.fields.iter().map(|f| (f.clone(), f.clone())).collect();
                                let levels = [AdministrativeLevel::Province, AdministrativeLevel::Commune]
                                    .map(|l| (l.as_str().to_owned(), l.label().to_owned()))
                                    .to_vec();
                                let online = [OnlineLevel::ToanTrinh, OnlineLevel::MotPhan, OnlineLevel::None]
                                    .map(|l| (l.as_str().to_owned(), l.label().to_owned()))
                                    .to_vec();
                                view! {
                                    <div class="filter-grid">
                                        {select("linh_vuc", "Lĩnh vực", fields, |f| &f.field, |f, v| f.field = v)}
                                        {select("co_quan", "Cơ quan", o.agencies, |f| &f.agency, |f, v| f.agency = v)}
                                        {select("cap", "Cấp thực hiện", levels, |f| &f.level, |f, v| f.level = v)}
                                        {select("muc_do", "Mức độ trực tuyến", online, |f| &f.online_level, |f, v| f.online_level = v)}
                                    </div>
                                }
                            })}
                        </Suspense>
                    </details>
                </form>
            </section>
            <section class="results" aria-label="Kết quả tra cứu">
                <Transition fallback=|| {
                    view! { <p class="result-count">"Đang tải danh mục thủ tục…"</p> }
                }>
                    {move || Suspend::new(async move {
                        match results.await {
                            Ok((query, page)) => {
                                let filtered = form.with_untracked(|f| {
                                    !(f.field.is_empty() && f.agency.is_empty() && f.level.is_empty() && f.online_level.is_empty())
                                });
                                view! {
                                    <ProcedureList query filtered total=page.total procedures=page.procedures />
                                }
                                    .into_any()
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
