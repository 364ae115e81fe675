use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use motcua_core::procedure::{Channel, OnlineLevel, ProcedureVersion};

use crate::components::due_preview::DuePreview;
use crate::components::layout::PortalLayout;
use crate::components::procedure_sections::ProcedureSections;
use crate::serverfns::procedure::{get_procedure, ProcedureView};

/// `/thu-tuc/:slug`: every published component of a procedure (the "8 công khai"), laid
/// out for a phone, with the live due-date preview and the way to apply online.
#[component]
pub fn ProcedurePage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || params.with(|p| p.get("slug").unwrap_or_default()),
        get_procedure,
    );
    let chosen_unit = move || query.with_untracked(|q| q.get("don_vi"));
    let chosen_channel =
        move || query.with_untracked(|q| q.get("kenh").and_then(|k| k.parse::<Channel>().ok()));

    view! {
        <PortalLayout>
            <Suspense fallback=|| view! { <p class="result-count">"Đang tải thủ tục…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(Some(view)) => {
                            view! {
                                <ProcedureBody
                                    view
                                    chosen_unit=chosen_unit()
                                    chosen_channel=chosen_channel()
                                />
                            }
                                .into_any()
                        }
                        Ok(None) => view! { <MissingProcedure /> }.into_any(),
                        Err(error) => {
                            view! {
                                <p class="error" role="alert">
                                    {crate::pages::error_text(&error)}
                                </p>
                            }
                                .into_any()
                        }
                    }
                })}
            </Suspense>
        </PortalLayout>
    }
}

#[component]
fn ProcedureBody(
    view: ProcedureView,
    chosen_unit: Option<String>,
    chosen_channel: Option<Channel>,
) -> impl IntoView {
    let ProcedureView { page, now_ms } = view;
    let v: ProcedureVersion = page.version;
    let online = v.accepts_online();
    // The preview starts on the online channel when there is one: the page is where a
    // citizen decides to apply online.
    let initial_channel = chosen_channel
        .filter(|c| v.terms(*c).is_some())
        .or_else(|| online.then_some(Channel::Online))
        .or_else(|| v.channels.first().map(|t| t.channel))
        .unwrap_or(Channel::InPerson);
    let initial_unit = chosen_unit
        .filter(|c| page.units.iter().any(|u| &u.code == c))
        .or_else(|| page.units.first().map(|u| u.code.clone()))
        .unwrap_or_default();
    let badge = match v.online_level {
        OnlineLevel::ToanTrinh => "badge badge-full",
        OnlineLevel::MotPhan => "badge badge-partial",
        OnlineLevel::None => "badge badge-offline",
    };
    let apply_href = format!("/thu-tuc/{}/nop-ho-so", v.slug);
    let title = v.name.clone();
    let (slug, name, field, code, number) = (
        v.slug.clone(),
        v.name.clone(),
        v.field.clone(),
        v.code.clone(),
        v.version,
    );
    let (level, online_label, limit) = (
        v.level.label(),
        v.online_level.label(),
        v.time_limit.to_string(),
    );
    let channels = v.channels.clone();

    view! {
        <Title text=title />
        <nav class="breadcrumb" aria-label="Đường dẫn">
            <a href="/">"Thủ tục hành chính"</a>
            " › "
            <span>{field.clone()}</span>
        </nav>
        <article class="procedure" data-slug=slug>
            <header class="procedure-head">
                <h1>{name}</h1>
                <p class="procedure-meta">
                    {field} " · " {level} {code.map(|c| view! { " · Mã " {c} })}
                    " · Phiên bản " {number}
                </p>
                <div class="badges">
                    <span class=badge data-testid="online-level">
                        {online_label}
                    </span>
                    <span class="badge badge-time">"Thời hạn: " {limit}</span>
                </div>
            </header>
            <DuePreview
                units=page.units.clone()
                channels
                server_now_ms=now_ms
                initial_unit
                initial_channel
            />
            {online
                .then(|| {
                    view! {
                        <a class="button primary apply" href=apply_href>
                            "Nộp hồ sơ trực tuyến"
                        </a>
                    }
                })}
            <ProcedureSections version=v owner=page.owner units=page.units />
        </article>
    }
}

#[component]
fn MissingProcedure() -> impl IntoView {
    crate::pages::not_found::answer_not_found();
    view! {
        <Title text="Không tìm thấy thủ tục" />
        <section class="notice">
            <h1>"Không tìm thấy thủ tục"</h1>
            <p>"Thủ tục này không có trong danh mục hoặc đã được bãi bỏ."</p>
            <p>
                <a href="/">"Tra cứu thủ tục khác"</a>
            </p>
        </section>
    }
}
