use leptos::prelude::*;
use motcua_core::dossier::{format_size, DossierStatus};

use crate::services::{DossierFile, DossierView};

/// A dossier's file as a link that opens it (PDF in the browser's viewer, images shown)
/// under `base` (`/ho-so/{id}` for its applicant, `/can-bo/ho-so/{id}` for staff), or,
/// while the malware scanner has not cleared it, its name with "đang kiểm tra".
#[component]
pub fn FileLink(file: DossierFile, base: String) -> impl IntoView {
    let size = format_size(file.size);
    match file.check.note() {
        None => view! {
            <a href=file.href(&base) rel="external" target="_blank">{file.file_name.clone()}</a>
            " (" {size} ")"
        }
        .into_any(),
        Some(note) => view! {
            {file.file_name.clone()} " (" {size} ") — "
            <em class="file-checking" data-testid="file-checking">{note}</em>
        }
        .into_any(),
    }
}

/// A dossier with its status, appointment, time left, supplement items, timeline and
/// files: what "Hồ sơ của tôi" and the tracking page show.
#[component]
pub fn DossierDetail(
    /// The dossier.
    dossier: DossierView,
    /// Whether to offer the receipt PDF (only its owner, signed in, can download it).
    #[prop(optional)]
    show_receipt: bool,
    /// Whether the owner is looking: an open supplement request then comes with the form
    /// to answer it, right under the items.
    #[prop(optional)]
    owner: bool,
) -> impl IntoView {
    let d = dossier;
    let status_class = match d.status {
        DossierStatus::Refused | DossierStatus::Withdrawn | DossierStatus::Stopped => {
            "status status-end"
        }
        DossierStatus::SupplementRequested | DossierStatus::AwaitingPayment => "status status-wait",
        DossierStatus::Decided | DossierStatus::Returned => "status status-done",
        _ => "status",
    };
    let number = d.code.clone().unwrap_or_else(|| d.submission_no.clone());
    let receipt = (show_receipt && d.has_receipt).then(|| {
        view! {
            <a class="button secondary" href=format!("/ho-so/{}/phieu-tiep-nhan.pdf", d.id) download>
                "Tải Giấy tiếp nhận hồ sơ (PDF)"
            </a>
        }
    });
    let result = d.result_code.clone().filter(|_| show_receipt).map(|code| {
        view! {
            <div class="result-download">
                <a class="button primary" href=format!("/ho-so/{}/ket-qua.pdf", d.id) download data-testid="result-download">
                    "Tải kết quả giải quyết (bản điện tử đã ký số)"
                </a>
                <p class="muted-inline">
                    "Mã xác thực: " <strong data-testid="result-code">{code.clone()}</strong>
                    " · kiểm tra tại " <a href=format!("/verify?ma={code}")>"trang xác thực"</a>
                </p>
            </div>
        }
    });
    view! {
        <article class="dossier" data-testid="dossier">
            <header>
                <p class="dossier-number">
                    {if d.code.is_some() { "Mã hồ sơ: " } else { "Số hồ sơ tạm: " }}
                    <strong data-testid="dossier-number">{number}</strong>
                </p>
                <h2>{d.procedure.clone()}</h2>
                <span class=status_class data-testid="dossier-status">{d.status.label()}</span>
            </header>
            <dl class="procedure-facts">
                <dt>"Người nộp"</dt><dd>{d.applicant.clone()} " · " {d.phone_masked.clone()}</dd>
                <dt>"Nơi tiếp nhận"</dt><dd>{d.unit.clone()}</dd>
                <dt>"Ngày nộp"</dt><dd>{d.submitted_at.clone()}</dd>
                <dt>"Ngày hẹn trả kết quả"</dt>
                <dd data-testid="appointment">{d.appointment.clone().unwrap_or_else(|| "Sau khi hồ sơ được tiếp nhận".into())}</dd>
                {d.time_left.clone().map(|t| view! { <dt>"Thời gian còn lại"</dt><dd>{t}</dd> })}
            </dl>
            {(!d.supplement_items.is_empty()).then(|| view! {
                <section class="supplement" role="note">
                    <h3>"Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"</h3>
                    <ol>{d.supplement_items.iter().map(|i| view! { <li>{i.clone()}</li> }).collect_view()}</ol>
                    {d.supplement_reason.clone().map(|r| view! { <p class="muted-inline">{r}</p> })}
                    {(!owner).then(|| view! {
                        <p class="muted-inline">
                            "Đăng nhập tài khoản đã nộp hồ sơ để bổ sung trực tuyến, hoặc nộp trực tiếp tại nơi tiếp nhận."
                        </p>
                    })}
                </section>
            })}
            {(owner && d.status == DossierStatus::SupplementRequested).then(|| view! {
                <SupplementAnswer dossier_id=d.id.clone() number=d.submission_no.clone() />
            })}
            {result}
            {receipt}
            <h3>"Quá trình xử lý"</h3>
            <ol class="timeline">
                {d.timeline.iter().map(|e| view! {
                    <li>
                        <time>{e.at.clone()}</time>
                        <strong>{e.title.clone()}</strong>
                        {(!e.details.is_empty()).then(|| view! { <ul>{e.details.iter().map(|x| view! { <li>{x.clone()}</li> }).collect_view()}</ul> })}
                    </li>
                }).collect_view()}
            </ol>
            <h3>"Tệp đã nộp"</h3>
            <ul class="file-list" data-testid="my-files">
                {d.files.iter().map(|f| {
                    // Only the signed-in applicant can open the files (the tracking page
                    // by code and phone shows their names only).
                    let name = if owner {
                        view! { <FileLink file=f.clone() base=format!("/ho-so/{}", d.id) /> }.into_any()
                    } else {
                        view! { {f.file_name.clone()} " (" {format_size(f.size)} ")" }.into_any()
                    };
                    view! { <li><span>{f.document.clone()}</span> ": " {name}</li> }
                }).collect_view()}
            </ul>
        </article>
    }
}

/// The citizen's answer to a supplement request: the missing items as files (several),
/// and a note. A plain multipart form (works without JavaScript); with JavaScript the
/// files upload as soon as they are chosen, with progress.
#[component]
pub fn SupplementAnswer(
    /// The dossier's id.
    dossier_id: String,
    /// Its number, to come back to the page.
    number: String,
) -> impl IntoView {
    use crate::components::upload_slot::UploadSlot;
    let document = motcua_core::dossier::DocumentSlot {
        name: "bo_sung".into(),
        label: "Tài liệu bổ sung theo Phiếu yêu cầu".into(),
        copies: 1,
        required: true,
        template: None,
    };
    let error = RwSignal::new(None::<String>);
    // In the browser an answer without a file is stopped here, with the server's wording.
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let has_file = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|form| {
                    form.query_selector("input[name='uploads.bo_sung']")
                        .ok()
                        .flatten()
                })
                .is_some();
            if !has_file {
                ev.prevent_default();
                error.set(Some("Tài liệu bổ sung: chưa đính kèm tệp.".to_owned()));
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    view! {
        <form
            class="form-card supplement-answer"
            method="post"
            enctype="multipart/form-data"
            action=format!("/ho-so/{dossier_id}/bo-sung")
            on:submit=on_submit
            on:change=move |_| error.set(None)
        >
            <h3>"Bổ sung hồ sơ trực tuyến"</h3>
            <input type="hidden" name="number" value=number />
            <UploadSlot document limits=Default::default() error=error />
            <label class="field">
                <span>"Ghi chú cho cán bộ (không bắt buộc)"</span>
                <textarea name="note" rows="3" maxlength="1000"></textarea>
            </label>
            <button type="submit" class="button primary wide" data-testid="supplement-submit">
                "Gửi hồ sơ bổ sung"
            </button>
        </form>
    }
}
