use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_query_map};
use motcua_core::workflow::StaffRole;

use crate::serverfns::staff::{get_staff_frame, StaffFrame, StaffSignOut};
use crate::services::QueueKind;

/// The frame of the current staff page, for pages that need the counts or the person.
#[derive(Clone, Copy)]
pub struct StaffFrameResource(pub Resource<Result<Option<StaffFrame>, ServerFnError>>);

/// The frame of every staff page (issue 5): the person (name, role, unit), unread
/// notices, sign-out, and the queue tabs with their counts. Nobody signed in: the
/// server sends the browser to `/can-bo/dang-nhap`, which comes back here.
#[component]
pub fn StaffLayout(children: Children) -> impl IntoView {
    let location = use_location();
    let next = location.pathname.with_untracked(|p| {
        let search = location.search.get_untracked();
        if search.is_empty() {
            p.clone()
        } else {
            format!("{p}?{search}")
        }
    });
    let frame = Resource::new(move || next.clone(), get_staff_frame);
    provide_context(StaffFrameResource(frame));
    let sign_out = ServerAction::<StaffSignOut>::new();
    let (hydrated, set_hydrated) = signal(false);
    Effect::new(move |_| set_hydrated.set(true));

    let query = use_query_map();
    let pathname = location.pathname;
    let current_kind = move || {
        (pathname.get() == "/can-bo").then(|| {
            query
                .with(|q| q.get("hang").and_then(|h| QueueKind::parse(&h)))
                .unwrap_or_default()
        })
    };

    // The tools: in the header on a wide screen, at the end of the tabs on a phone
    // (CSS shows one of the two).
    let tools = move |role: StaffRole, class: &'static str| {
        let page = move |href: &'static str| move || (pathname.get() == href).then_some("page");
        view! {
            {(role == StaffRole::OneStopOfficer).then(|| view! {
                <a class=class href="/can-bo/tiep-nhan" aria-current=page("/can-bo/tiep-nhan")>"Tiếp nhận trực tiếp"</a>
            })}
            {(!role.is_admin()).then(|| view! {
                <a class=class href="/can-bo/so-theo-doi" aria-current=page("/can-bo/so-theo-doi")>"Sổ theo dõi"</a>
            })}
            {role.is_admin().then(|| view! {
                <a class=class href="/can-bo/quan-tri" aria-current=page("/can-bo/quan-tri")>"Quản trị"</a>
            })}
        }
    };

    let person = move || {
        Suspend::new(async move {
            let Ok(Some(f)) = frame.await else {
                return ().into_any();
            };
            let unread = f.counts.unread_notices;
            view! {
                <nav class="staff-tools" aria-label="Công cụ">
                    {(!f.me.role.is_admin()).then(|| tools(f.me.role, "staff-tool"))}
                    <a class="staff-tool staff-bell" href="/can-bo/thong-bao" aria-current=move || (pathname.get() == "/can-bo/thong-bao").then_some("page")>
                        "Thông báo"
                        {(unread > 0).then(|| view! {
                            <span class="count hot" aria-label=format!("{unread} chưa đọc")>{unread}</span>
                        })}
                    </a>
                </nav>
                <span class="staff-who" title=format!("{} · {} · {}", f.me.full_name, f.me.role.label(), f.me.unit_name)>
                    <strong>{f.me.full_name.clone()}</strong>
                    <span>{f.me.role.label()} " · " {f.me.unit_name.clone()}</span>
                </span>
                <ActionForm action=sign_out>
                    <button type="submit" class="staff-sign-out">"Đăng xuất"</button>
                </ActionForm>
            }
            .into_any()
        })
    };

    let tabs = move || {
        Suspend::new(async move {
            let Ok(Some(f)) = frame.await else {
                return ().into_any();
            };
            let role = f.me.role;
            let queues = (!role.is_admin()).then(|| {
                f.counts
                    .counts
                    .iter()
                    .map(|&(kind, n)| {
                        let hot = n > 0 && matches!(kind, QueueKind::Overdue | QueueKind::DueToday);
                        let badge = if hot {
                            "count hot"
                        } else if n == 0 {
                            "count zero"
                        } else {
                            "count"
                        };
                        view! {
                            <a
                                class="staff-tab"
                                href=format!("/can-bo?hang={}", kind.as_str())
                                aria-current=move || (current_kind() == Some(kind)).then_some("page")
                            >
                                {kind.label()}
                                <span class=badge>{n}</span>
                            </a>
                        }
                    })
                    .collect_view()
            });
            view! {
                {queues}
                // Administrators have one page: their only tab, on every screen.
                {tools(role, if role.is_admin() { "staff-tab" } else { "staff-tab tool" })}
            }
            .into_any()
        })
    };

    view! {
        <header class="staff-header">
            <div class="staff-bar">
                <a class="brand" href="/can-bo">
                    <span class="emblem" aria-hidden="true">"★"</span>
                    <span class="brand-text">
                        <span class="brand-title">"Một cửa điện tử"</span>
                        <span class="brand-jurisdiction">"Khu vực cán bộ"</span>
                    </span>
                </a>
                <div class="staff-me">
                    <Suspense fallback=|| ()>{person}</Suspense>
                </div>
            </div>
            <nav class="staff-tabs" aria-label="Hàng đợi hồ sơ">
                <Suspense fallback=|| ()>{tabs}</Suspense>
            </nav>
        </header>
        <main class="staff-page" data-hydrated=move || hydrated.get().to_string()>
            {children()}
        </main>
    }
}

/// The outcome of a form post, carried back in the URL: `?thong_bao=` (done) or
/// `?loi=` (refused; nothing was changed).
#[component]
pub fn StaffMessages() -> impl IntoView {
    let query = use_query_map();
    let done = move || {
        query
            .with(|q| q.get("thong_bao"))
            .map(|m| view! { <p class="success" role="status">{m}</p> })
    };
    let refused = move || {
        query
            .with(|q| q.get("loi"))
            .map(|m| view! { <p class="error" role="alert">{m}</p> })
    };
    view! { {done} {refused} }
}
