use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::dossier_card::FileLink;
use crate::components::staff_dossier::{status_class, urgency_class, ActionCard};
use crate::components::staff_layout::{StaffFrameResource, StaffLayout, StaffMessages};
use crate::serverfns::staff::get_staff_dossier;
use crate::services::StaffDossier;

/// `/can-bo/ho-so/:id`: one dossier as an officer sees it — header with the
/// appointment, time left and flags; the route with the current step; one form per
/// action allowed now; applicant, answers and files; slips; the hand-over trail
/// (form 06), the history and the audit log. `?thong_bao=` / `?loi=` carry the outcome
/// of the last action.
#[component]
pub fn StaffDossierPage() -> impl IntoView {
    view! {
        <Title text="Hồ sơ" />
        <StaffLayout>
            <DossierBody />
        </StaffLayout>
    }
}

#[component]
fn DossierBody() -> impl IntoView {
    let params = use_params_map();
    let one = Resource::new(
        move || params.with(|p| p.get("id").unwrap_or_default()),
        get_staff_dossier,
    );
    let frame = expect_context::<StaffFrameResource>().0;
    // Coming back from an action that handed the dossier out of the unit (a co-ordinating
    // agency's "Trả về cơ quan chủ trì"): the outcome is shown, not "not found".
    let just_done = use_query_map().with_untracked(|q| q.get("thong_bao").is_some());
    view! {
        <Suspense fallback=|| view! { <p class="muted-inline">"Đang tải…"</p> }>
            {move || Suspend::new(async move {
                // Nobody signed in: the frame already answers with a redirect.
                let signed_in = matches!(frame.await, Ok(Some(_)));
                match one.await {
                    Ok(Some(d)) => view! { <DossierSheet d=d /> }.into_any(),
                    Ok(None) if !signed_in => ().into_any(),
                    Ok(None) if just_done => view! {
                        <StaffMessages />
                        <section class="notice">
                            <h1>"Hồ sơ đã chuyển khỏi đơn vị của bạn"</h1>
                            <p>"Thao tác đã được ghi nhận. Đơn vị của bạn không còn tiếp nhận, xử lý hoặc phối hợp giải quyết hồ sơ này."</p>
                            <p><a href="/can-bo">"Về danh sách hồ sơ"</a></p>
                        </section>
                    }.into_any(),
                    Ok(None) => {
                        crate::pages::not_found::answer_not_found();
                        view! {
                            <section class="notice">
                                <h1>"Không tìm thấy hồ sơ"</h1>
                                <p>"Hồ sơ không tồn tại hoặc không thuộc đơn vị của bạn (đơn vị tiếp nhận, xử lý hoặc phối hợp)."</p>
                                <p><a href="/can-bo">"Về danh sách hồ sơ"</a></p>
                            </section>
                        }.into_any()
                    }
                    Err(e) => view! { <p class="error" role="alert">{crate::pages::error_text(&e)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn facts(list: Vec<(&'static str, Option<String>)>) -> impl IntoView {
    view! {
        <dl class="facts">
            {list
                .into_iter()
                .filter_map(|(k, v)| v.map(|v| (k, v)))
                .map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> })
                .collect_view()}
        </dl>
    }
}

#[component]
fn DossierSheet(d: StaffDossier) -> impl IntoView {
    let r = d.row.clone();
    let mut flags = Vec::new();
    if d.apology {
        flags.push((
            "flag",
            "Đã lập Phiếu xin lỗi và hẹn lại ngày trả (mẫu 04)".to_owned(),
        ));
    }
    if d.supplements >= 2 {
        flags.push((
            "flag warn",
            format!(
                "Đã yêu cầu bổ sung {} lần (lần sau tính là trễ hạn)",
                d.supplements
            ),
        ));
    } else if d.supplements == 1 {
        flags.push(("flag", "Đã yêu cầu bổ sung một lần".to_owned()));
    }
    if d.flagged {
        flags.push((
            "flag warn",
            "Có thao tác vượt quy định (đã nêu lý do)".to_owned(),
        ));
    }
    let (main_actions, other_actions): (Vec<_>, Vec<_>) =
        d.actions.iter().cloned().partition(|a| !a.danger);
    let id = d.row.id.clone();
    let version = d.row_version;
    let action_list = move |list: Vec<crate::services::ActionView>| {
        let id = id.clone();
        list.into_iter()
            .map(move |a| view! { <ActionCard dossier_id=id.clone() row_version=version action=a /> })
            .collect_view()
    };
    let no_actions = d.actions.is_empty();
    let has_other = !other_actions.is_empty();

    view! {
        <Title text=format!("Hồ sơ {}", r.reference) />
        <p class="breadcrumb"><a href="/can-bo">"Hồ sơ cần xử lý"</a> " › " {r.reference.clone()}</p>
        <StaffMessages />
        <section class=format!("dossier-head {}", urgency_class(r.urgency))>
            <div class="head-line">
                <div>
                    <p class="dossier-number">
                        {if d.row.received_at.is_some() { "Mã hồ sơ" } else { "Số hồ sơ tạm" }}
                        <strong data-testid="dossier-reference">{r.reference.clone()}</strong>
                    </p>
                    <h1>{r.procedure.clone()}</h1>
                </div>
                <span class=status_class(r.status) data-testid="dossier-status">{r.status.label()}</span>
            </div>
            <div class="head-key">
                <div>
                    <span class="key-label">"Ngày hẹn trả kết quả"</span>
                    <span class="key-value">{r.due.clone().unwrap_or_else(|| "Chưa có (chưa tiếp nhận)".into())}</span>
                </div>
                <div>
                    <span class="key-label">"Thời gian"</span>
                    <span class="key-value time-note">{r.time_note.clone()}</span>
                </div>
                {r.step_due.clone().map(|s| view! {
                    <div>
                        <span class="key-label">"Hạn bước hiện tại"</span>
                        <span class="key-value">{s}</span>
                    </div>
                })}
            </div>
            {(!flags.is_empty()).then(|| view! {
                <p class="flags">
                    {flags.into_iter().map(|(c, t)| view! { <span class=c>{t}</span> }).collect_view()}
                </p>
            })}
            {facts(vec![
                ("Người nộp", Some(format!("{} · {}", r.applicant, r.phone))),
                ("Kênh nộp", Some(r.channel.clone())),
                ("Số hồ sơ tạm", d.row.received_at.as_ref().map(|_| d.submission_no.clone())),
                ("Nơi tiếp nhận", Some(d.receiving_unit.clone())),
                ("Cơ quan xử lý", d.processing_unit.clone()),
                ("Thời hạn giải quyết", Some(d.time_limit.clone())),
                ("Ngày nộp", Some(r.submitted_at.clone())),
                ("Ngày tiếp nhận", r.received_at.clone()),
                ("Bước hiện tại", r.step.clone()),
                ("Người đang xử lý", r.holder.clone()),
                ("Cơ quan phối hợp (liên thông)", r.at_agency.clone()),
            ])}
        </section>

        <div class="dossier-grid">
            <aside class="dossier-side">
                <section class="panel actions-panel" aria-labelledby="actions-title">
                    <h2 id="actions-title">"Thao tác"</h2>
                    {no_actions.then(|| view! {
                        <p class="muted-inline">"Bạn không có thao tác nào với hồ sơ ở trạng thái này."</p>
                    })}
                    <div class="action-list">{action_list.clone()(main_actions)}</div>
                    {has_other.then(|| view! {
                        <h3 class="other-actions">"Thao tác khác"</h3>
                        <div class="action-list">{action_list(other_actions)}</div>
                    })}
                </section>
                {(d.result.is_some() || d.can_sign_result).then(|| view! {
                    <ResultPanel
                        dossier_id=d.row.id.clone()
                        row_version=d.row_version
                        result=d.result.clone()
                        can_sign=d.can_sign_result
                    />
                })}
                {(!d.slips.is_empty()).then(|| view! {
                    <section class="panel" aria-labelledby="slips-title">
                        <h2 id="slips-title">"Phiếu, biểu mẫu"</h2>
                        <ul class="slip-list">
                            {d.slips.iter().map(|s| view! {
                                <li><a href=s.url.clone() rel="external" target="_blank">{s.label.clone()}</a></li>
                            }).collect_view()}
                        </ul>
                    </section>
                })}
            </aside>
            <div class="dossier-main">
                <ol class="route" aria-label="Quy trình xử lý">
                    {d.route.iter().map(|s| {
                        let class = if s.current { "current" } else if s.done { "done" } else { "" };
                        view! {
                            <li class=class aria-current=s.current.then_some("step")>
                                <span class="route-name">{s.name.clone()}</span>
                                <span class="route-role">{s.role.clone()}{s.budget.clone().map(|b| format!(" · {b}"))}</span>
                            </li>
                        }
                    }).collect_view()}
                </ol>
                <section class="panel">
                    <h2>"Người nộp hồ sơ"</h2>
                    <dl class="facts">
                        {d.applicant.iter().map(|(k, v)| view! { <dt>{k.clone()}</dt><dd>{v.clone()}</dd> }).collect_view()}
                    </dl>
                    {(!d.answers.is_empty()).then(|| view! {
                        <h3>"Thông tin kê khai"</h3>
                        <dl class="facts">
                            {d.answers.iter().map(|(k, v)| view! { <dt>{k.clone()}</dt><dd>{v.clone()}</dd> }).collect_view()}
                        </dl>
                    })}
                </section>
                <section class="panel">
                    <h2>"Thành phần hồ sơ"</h2>
                    {if d.files.is_empty() {
                        view! { <p class="muted-inline">"Chưa có tệp nào."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="file-list" data-testid="staff-files">
                                {by_document(&d.files).into_iter().map(|(doc, files)| {
                                    let base = format!("/can-bo/ho-so/{}", d.row.id);
                                    let slot_page = files[0].slot_href(&base);
                                    view! {
                                        <li>
                                            <a class="doc" href=slot_page rel="external" target="_blank">{doc}</a>
                                            {files.iter().map(|f| view! {
                                                <span class="file"><FileLink file=f.clone() base=base.clone() /></span>
                                            }).collect_view()}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </section>
                <section class="panel">
                    <h2>"Phiếu kiểm soát quá trình giải quyết hồ sơ"</h2>
                    {if d.trail.is_empty() {
                        view! { <p class="muted-inline">"Chưa có lần bàn giao nào."</p> }.into_any()
                    } else {
                        view! {
                            <div class="table-scroll">
                                <table class="trail stacked">
                                    <thead><tr>
                                        <th scope="col">"Thời gian"</th>
                                        <th scope="col">"Bước"</th>
                                        <th scope="col">"Bên giao"</th>
                                        <th scope="col">"Bên nhận"</th>
                                        <th scope="col">"Hạn bước"</th>
                                        <th scope="col">"Kết quả"</th>
                                        <th scope="col">"Ghi chú"</th>
                                    </tr></thead>
                                    <tbody>
                                        {d.trail.iter().map(|t| view! {
                                            <tr>
                                                <td class="nowrap" data-label="Thời gian">{t.at.clone()}</td>
                                                <td data-label="Bước">{t.step.clone()}</td>
                                                <td data-label="Bên giao">{t.from.clone()}</td>
                                                <td data-label="Bên nhận">{t.to.clone()}</td>
                                                <td class="nowrap" data-label="Hạn bước">{t.due.clone().unwrap_or_default()}</td>
                                                <td class=result_class(&t.result) data-label="Kết quả">{t.result.clone()}</td>
                                                <td data-label="Ghi chú">{t.note.clone()}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any()
                    }}
                </section>
                <section class="panel">
                    <h2>"Quá trình xử lý"</h2>
                    <ol class="timeline">
                        {d.timeline.iter().rev().map(|e| view! {
                            <li>
                                <time>{e.at.clone()}</time>
                                <strong>{e.title.clone()}</strong>
                                {(!e.details.is_empty()).then(|| view! {
                                    <ul>{e.details.iter().map(|x| view! { <li>{x.clone()}</li> }).collect_view()}</ul>
                                })}
                            </li>
                        }).collect_view()}
                    </ol>
                </section>
                <details class="panel audit">
                    <summary><h2>"Nhật ký thao tác"</h2> <span class="muted-inline">{d.audit.len()} " mục"</span></summary>
                    <div class="table-scroll">
                        <table class="trail stacked">
                            <thead><tr>
                                <th scope="col">"Thời điểm"</th>
                                <th scope="col">"Người thực hiện"</th>
                                <th scope="col">"Thao tác"</th>
                                <th scope="col">"Trước"</th>
                                <th scope="col">"Sau"</th>
                            </tr></thead>
                            <tbody>
                                {d.audit.iter().map(|a| view! {
                                    <tr>
                                        <td class="nowrap" data-label="Thời điểm">{a.at.clone()}</td>
                                        <td data-label="Người thực hiện">{a.who.clone()}</td>
                                        <td data-label="Thao tác">{a.action.clone()}</td>
                                        <td data-label="Trước">{a.before.clone()}</td>
                                        <td data-label="Sau">{a.after.clone()}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                </details>
            </div>
        </div>
    }
}

/// Files grouped by their document, in order (several pages of one document together).
fn by_document(
    files: &[crate::services::DossierFile],
) -> Vec<(String, Vec<crate::services::DossierFile>)> {
    let mut out: Vec<(String, Vec<crate::services::DossierFile>)> = Vec::new();
    for f in files {
        match out.last_mut() {
            Some((doc, list)) if *doc == f.document => list.push(f.clone()),
            _ => out.push((f.document.clone(), vec![f.clone()])),
        }
    }
    out
}

fn result_class(result: &str) -> &'static str {
    match result {
        "Quá hạn" => "result late",
        "Đúng hạn" => "result on-time",
        "Trước hạn" => "result early",
        _ => "result",
    }
}

/// The signed result: its verification code and download, and — for the head of the
/// processing agency at the last step — the upload that stamps and signs it (a plain
/// multipart post to `/can-bo/ho-so/{id}/ket-qua`).
#[component]
fn ResultPanel(
    dossier_id: String,
    row_version: i64,
    result: Option<crate::services::ResultView>,
    can_sign: bool,
) -> impl IntoView {
    let target = format!("/can-bo/ho-so/{dossier_id}/ket-qua");
    // A second upload signs a new version (with its own code) that replaces the one the
    // applicant gets: the form says so once a result exists.
    let (file_label, button_label) = if result.is_some() {
        (
            "Văn bản kết quả thay thế (PDF)",
            "Tải lên bản thay thế và ký số",
        )
    } else {
        ("Văn bản kết quả (PDF)", "Tải lên và ký số")
    };
    view! {
        <section class="panel result-panel" aria-labelledby="result-title">
            <h2 id="result-title">"Kết quả giải quyết"</h2>
            {result.map(|r| view! {
                <dl class="result-facts">
                    <dt>"Văn bản"</dt>
                    <dd><a href=r.url.clone() rel="external" target="_blank">{r.file_name.clone()}</a></dd>
                    <dt>"Mã xác thực"</dt>
                    <dd><code data-testid="verification-code">{r.verification_code.clone()}</code></dd>
                    <dt>"Người ký"</dt>
                    <dd>{r.signer.clone()}" · "{r.signed_at.clone()}</dd>
                </dl>
                <p class="muted-inline">"Kiểm tra tại " <a href=format!("/verify?ma={}", r.verification_code)>"/verify"</a></p>
            })}
            {can_sign.then(|| view! {
                <form class="stack sign-form" method="post" enctype="multipart/form-data" action=target>
                    <input type="hidden" name="row_version" value=row_version.to_string() />
                    <label class="field">
                        <span>{file_label}</span>
                        <input type="file" name="tep" accept="application/pdf,.pdf" required />
                    </label>
                    <button type="submit" class="button primary" data-action="sign_result">
                        {button_label}
                    </button>
                    <p class="hint">"Máy chủ đóng dấu mã xác thực, ký số bằng khóa của cơ quan và lưu bản đã ký."</p>
                </form>
            })}
        </section>
    }
}
