use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::staff_dossier::{status_class, urgency_class};
use crate::components::staff_layout::{StaffFrameResource, StaffLayout, StaffMessages};
use crate::serverfns::staff::{queue_query, sort_param, staff_queue};
use crate::services::{QueueKind, QueueRow, QueueSort};

/// `/can-bo?hang=&q=&thu-tuc=&sap-xep=`: one work queue of the signed-in staff member,
/// searchable by code, submission number, applicant (diacritics optional) or phone,
/// filtered by procedure and sorted. A table on wide screens, cards on a phone; the
/// colour of a line says how urgent it is. The search is a GET form (no JavaScript
/// needed).
#[component]
pub fn StaffQueuePage() -> impl IntoView {
    view! {
        <Title text="Hồ sơ cần xử lý" />
        <StaffLayout>
            <QueueBody />
        </StaffLayout>
    }
}

#[component]
fn QueueBody() -> impl IntoView {
    let query = use_query_map();
    let current = Memo::new(move |_| {
        query.with(|m| {
            let get = |k: &str| m.get(k).unwrap_or_default();
            queue_query(&get("hang"), &get("q"), &get("thu-tuc"), &get("sap-xep"))
        })
    });
    let rows = Resource::new(move || current.get(), staff_queue);
    let frame = expect_context::<StaffFrameResource>().0;

    // The whole form waits for the frame (its procedure choices), so that nothing
    // reactive sits inside the <select>.
    let filter = move || {
        let q = current.get();
        Suspend::new(async move {
            let procedures = frame
                .await
                .ok()
                .flatten()
                .map(|f| f.counts.procedures)
                .unwrap_or_default();
            let chosen = q.procedure.clone().unwrap_or_default();
            let sorts = [
                (QueueSort::Due, "Hạn gần nhất trước"),
                (QueueSort::Oldest, "Nộp sớm nhất trước"),
                (QueueSort::Newest, "Nộp gần đây nhất trước"),
            ];
            view! {
                <form class="queue-filter" method="get" action="/can-bo" role="search">
                    <input type="hidden" name="hang" value=q.kind.as_str() />
                    <label class="filter grow">
                        <span>"Tìm hồ sơ"</span>
                        <input
                            type="search"
                            name="q"
                            value=q.q.clone()
                            placeholder="Mã hồ sơ, số hồ sơ tạm, tên hoặc SĐT người nộp"
                            autocomplete="off"
                            maxlength="100"
                        />
                    </label>
                    <label class="filter">
                        <span>"Thủ tục"</span>
                        <select name="thu-tuc">
                            <option value="">"Tất cả thủ tục"</option>
                            {procedures
                                .into_iter()
                                .map(|(slug, name)| {
                                    let selected = slug == chosen;
                                    view! { <option value=slug selected=selected>{name}</option> }
                                })
                                .collect_view()}
                        </select>
                    </label>
                    <label class="filter">
                        <span>"Sắp xếp"</span>
                        <select name="sap-xep">
                            {sorts
                                .into_iter()
                                .map(|(s, label)| {
                                    view! {
                                        <option value=sort_param(s) selected=s == q.sort>
                                            {label}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </label>
                    <button type="submit" class="button primary">"Lọc"</button>
                </form>
            }
        })
    };

    view! {
        <div class="queue-head">
            <h1>{move || current.get().kind.label()}</h1>
            <p class="muted-inline">{move || queue_hint(current.get().kind)}</p>
        </div>
        <StaffMessages />
        <Suspense fallback=|| ()>{filter}</Suspense>
        <Suspense fallback=|| view! { <p class="muted-inline">"Đang tải…"</p> }>
            {move || Suspend::new(async move {
                let admin = matches!(frame.await, Ok(Some(f)) if f.me.role.is_admin());
                if admin {
                    return view! {
                        <p class="notice">
                            "Tài khoản quản trị không xử lý hồ sơ. "
                            <a href="/can-bo/quan-tri">"Đi tới trang Quản trị"</a>
                        </p>
                    }.into_any();
                }
                match rows.await {
                    Ok(Some(list)) => view! { <QueueTable rows=list /> }.into_any(),
                    Ok(None) => ().into_any(),
                    Err(e) => view! { <p class="error" role="alert">{crate::pages::error_text(&e)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn queue_hint(kind: QueueKind) -> &'static str {
    match kind {
        QueueKind::Inbox => {
            "Hồ sơ nộp trực tuyến chờ Bộ phận Một cửa kiểm tra, tiếp nhận; cũ nhất trước."
        }
        QueueKind::Mine => "Hồ sơ được giao cho bạn hoặc đang chờ vai trò của bạn tại đơn vị.",
        QueueKind::Unit => "Mọi hồ sơ đang giải quyết mà đơn vị tiếp nhận, xử lý hoặc phối hợp.",
        QueueKind::DueToday => "Hồ sơ đến hạn trả kết quả hoặc hạn bước hôm nay.",
        QueueKind::DueSoon => "Hồ sơ còn không quá 02 ngày làm việc.",
        QueueKind::Overdue => "Hồ sơ đã quá ngày hẹn trả kết quả hoặc quá hạn bước xử lý.",
        QueueKind::Paused => {
            "Hồ sơ đang tạm dừng tính thời gian: chờ bổ sung hoặc chờ thực hiện nghĩa vụ tài chính."
        }
        QueueKind::Done => "Hồ sơ đã có kết quả, đã trả, bị từ chối, dừng hoặc rút.",
    }
}

/// The lines of a queue: one table, shown as cards on a narrow screen.
#[component]
fn QueueTable(rows: Vec<QueueRow>) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="notice">"Không có hồ sơ nào trong hàng này."</p> }.into_any();
    }
    let count = rows.len();
    view! {
        <p class="result-count">{count} " hồ sơ"</p>
        <table class="queue">
            <thead>
                <tr>
                    <th scope="col">"Mã hồ sơ"</th>
                    <th scope="col">"Thủ tục · Người nộp"</th>
                    <th scope="col">"Trạng thái"</th>
                    <th scope="col">"Ngày hẹn trả"</th>
                    <th scope="col">"Thời gian"</th>
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|r| {
                    let where_now = [
                        r.step.clone(),
                        r.holder.clone().map(|h| format!("Người xử lý: {h}")),
                        r.at_agency.clone().map(|a| format!("Liên thông: {a}")),
                    ]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>();
                    view! {
                        <tr class=format!("queue-row {}", urgency_class(r.urgency))>
                            <td class="cell-ref" data-label="Mã hồ sơ">
                                <a href=format!("/can-bo/ho-so/{}", r.id) class="ref">{r.reference.clone()}</a>
                                <span class="sub">{r.channel.clone()} " · nộp " {r.submitted_at.clone()}</span>
                            </td>
                            <td class="cell-who" data-label="Thủ tục">
                                <span class="procedure">{r.procedure.clone()}</span>
                                <span class="sub"><strong>{r.applicant.clone()}</strong> " · " {r.phone.clone()}</span>
                            </td>
                            <td class="cell-status" data-label="Trạng thái">
                                <span class=status_class(r.status)>{r.status.label()}</span>
                                {where_now.into_iter().map(|w| view! { <span class="sub">{w}</span> }).collect_view()}
                            </td>
                            <td class="cell-due" data-label="Ngày hẹn trả">
                                {match r.due.clone() {
                                    Some(d) => view! { <span>{d}</span> }.into_any(),
                                    None => view! { <span class="none">"—"</span> }.into_any(),
                                }}
                                {r.step_due.clone().map(|s| view! { <span class="sub">"Hạn bước: " {s}</span> })}
                            </td>
                            <td class="cell-time" data-label="Thời gian">
                                <span class="time-note">{r.time_note.clone()}</span>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
