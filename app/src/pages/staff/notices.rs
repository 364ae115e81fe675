use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::staff_layout::StaffLayout;
use crate::serverfns::staff::staff_notices;

/// `/can-bo/thong-bao`: the signed-in staff member's notices (assignments, deadline
/// warnings), newest first; opening the page marks them read.
#[component]
pub fn StaffNoticesPage() -> impl IntoView {
    view! {
        <Title text="Thông báo" />
        <StaffLayout>
            <NoticesBody />
        </StaffLayout>
    }
}

#[component]
fn NoticesBody() -> impl IntoView {
    let list = Resource::new(|| (), |_| staff_notices());
    view! {
        <h1>"Thông báo"</h1>
        <Suspense fallback=|| view! { <p class="muted-inline">"Đang tải…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(Some(list)) if list.is_empty() => view! {
                        <p class="notice">"Chưa có thông báo nào."</p>
                    }.into_any(),
                    Ok(Some(list)) => view! {
                        <ul class="notice-list">
                            {list.into_iter().map(|n| view! {
                                <li class=if n.unread { "unread" } else { "" }>
                                    <time>{n.at}</time>
                                    {n.unread.then(|| view! { <span class="new">"Mới"</span> })}
                                    <p>{n.text}</p>
                                    {n.dossier_id.map(|id| view! {
                                        <a href=format!("/can-bo/ho-so/{id}")>"Xem hồ sơ"</a>
                                    })}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Ok(None) => ().into_any(),
                    Err(e) => view! { <p class="error" role="alert">{crate::pages::error_text(&e)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}
