use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use motcua_core::workflow::StaffRole;

use crate::components::staff_layout::{StaffFrameResource, StaffLayout, StaffMessages};
use crate::pages::privacy::PrivacyNotice;
use crate::serverfns::staff::staff_intake;
use crate::services::{ApplicantPrefill, IntakePage};

/// `/can-bo/tiep-nhan`: the desk enters a dossier brought in person or by post. First a
/// GET form picks the procedure and looks the applicant up by phone or personal ID
/// (`?thu-tuc=&tim=`), which pre-fills the applicant from their citizen account; then
/// the dossier form (scans per document, several pages each) posts to
/// `/can-bo/tiep-nhan`, which receives the dossier and issues form 01.
#[component]
pub fn StaffIntakePage() -> impl IntoView {
    view! {
        <Title text="Tiếp nhận hồ sơ trực tiếp" />
        <StaffLayout>
            <IntakeBody />
        </StaffLayout>
    }
}

#[component]
fn IntakeBody() -> impl IntoView {
    let query = use_query_map();
    let (chosen, lookup) = query.with_untracked(|q| {
        (
            q.get("thu-tuc").unwrap_or_default(),
            q.get("tim").unwrap_or_default(),
        )
    });
    let page = Resource::new(
        {
            let lookup = lookup.clone();
            move || lookup.clone()
        },
        staff_intake,
    );
    let frame = expect_context::<StaffFrameResource>().0;
    view! {
        <h1>"Tiếp nhận hồ sơ trực tiếp, qua bưu chính"</h1>
        <StaffMessages />
        <Suspense fallback=|| view! { <p class="muted-inline">"Đang tải…"</p> }>
            {move || {
                let chosen = chosen.clone();
                let lookup = lookup.clone();
                Suspend::new(async move {
                    let role = frame.await.ok().flatten().map(|f| f.me.role);
                    if role.is_some_and(|r| r != StaffRole::OneStopOfficer) {
                        return view! {
                            <p class="notice">"Chỉ cán bộ Bộ phận Một cửa tiếp nhận hồ sơ trực tiếp."</p>
                        }.into_any();
                    }
                    match page.await {
                        Ok(Some(p)) => view! { <IntakeForms page=p chosen lookup /> }.into_any(),
                        Ok(None) => ().into_any(),
                        Err(e) => view! { <p class="error" role="alert">{crate::pages::error_text(&e)}</p> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn IntakeForms(page: IntakePage, chosen: String, lookup: String) -> impl IntoView {
    let procedure = page.procedures.iter().find(|p| p.slug == chosen).cloned();
    let found = page.prefill.clone();
    let refused = page.lookup_refused.clone();
    let not_found = (!lookup.trim().is_empty() && found.is_none()).then(|| match refused {
        Some(message) => view! { <p class="error" role="alert">{message}</p> }.into_any(),
        None => view! {
            <p class="unconfirmed" role="status">
                "Không tìm thấy tài khoản công dân có số điện thoại hoặc số định danh «" {lookup.clone()}
                "». Nhập thông tin người nộp theo giấy tờ."
            </p>
        }.into_any(),
    });
    let options = page
        .procedures
        .iter()
        .map(|p| {
            let selected = p.slug == chosen;
            view! { <option value=p.slug.clone() selected=selected>{p.name.clone()}</option> }
        })
        .collect_view();
    let prefill = found.unwrap_or(ApplicantPrefill {
        full_name: String::new(),
        personal_id: String::new(),
        date_of_birth: String::new(),
        address: String::new(),
        phone: String::new(),
        email: String::new(),
    });
    let input = |name: &'static str,
                 label: &'static str,
                 kind: &'static str,
                 value: String,
                 required: bool| {
        view! {
            <label class="field">
                <span>{label} {required.then_some(" *")}</span>
                <input name=name type=kind value=value required=required />
            </label>
        }
    };
    view! {
        <form class="form-card intake-pick" method="get" action="/can-bo/tiep-nhan">
            <h2>"1. Chọn thủ tục, tìm người nộp"</h2>
            <div class="intake-pick-grid">
                <label class="field">
                    <span>"Thủ tục hành chính"</span>
                    <select name="thu-tuc" required>
                        <option value="">"— Chọn thủ tục —"</option>
                        {options}
                    </select>
                </label>
                <label class="field">
                    <span>"Tìm theo SĐT/CCCD"</span>
                    <input name="tim" value=lookup.clone() inputmode="numeric" placeholder="Số điện thoại hoặc số định danh 12 số" />
                </label>
                <button type="submit" class="button secondary">"Tiếp tục"</button>
            </div>
            {not_found}
            {(page.prefill.is_some()).then(|| view! {
                <p class="success" role="status">"Đã điền sẵn thông tin người nộp từ tài khoản công dân. Đối chiếu với giấy tờ trước khi tiếp nhận."</p>
            })}
        </form>
        {match procedure {
            None => view! {
                <p class="notice">
                    {if page.procedures.is_empty() {
                        "Đơn vị chưa được giao tiếp nhận thủ tục nào."
                    } else {
                        "Chọn thủ tục để nhập hồ sơ và các thành phần hồ sơ."
                    }}
                </p>
            }.into_any(),
            Some(p) => view! {
                <form class="form-card intake-form" method="post" enctype="multipart/form-data" action="/can-bo/tiep-nhan">
                    <h2>"2. Nhập hồ sơ: " {p.name.clone()}</h2>
                    <input type="hidden" name="procedure" value=p.slug.clone() />
                    <fieldset class="channels">
                        <legend>"Hình thức nộp"</legend>
                        <label class="channel"><input type="radio" name="channel" value="in_person" checked /> "Trực tiếp tại Bộ phận Một cửa"</label>
                        <label class="channel"><input type="radio" name="channel" value="post" /> "Qua dịch vụ bưu chính"</label>
                    </fieldset>
                    <h3>"Người nộp hồ sơ"</h3>
                    <div class="field-grid">
                        {input("full_name", "Họ và tên", "text", prefill.full_name.clone(), true)}
                        {input("personal_id", "Số định danh cá nhân", "text", prefill.personal_id.clone(), true)}
                        {input("date_of_birth", "Ngày sinh", "date", prefill.date_of_birth.clone(), true)}
                        {input("phone", "Số điện thoại", "tel", prefill.phone.clone(), true)}
                        {input("email", "Thư điện tử", "email", prefill.email.clone(), false)}
                        {input("address", "Địa chỉ", "text", prefill.address.clone(), true)}
                    </div>
                    <h3>"Thành phần hồ sơ (bản quét, mỗi trang một ảnh theo thứ tự)"</h3>
                    {p.documents.iter().map(|(slot, label, required)| view! {
                        <div class="upload-slot">
                            <label class="slot-label">
                                <span>{label.clone()} {required.then_some(" *")}</span>
                                <input
                                    type="file"
                                    name=format!("doc.{slot}")
                                    multiple
                                    required=*required
                                    accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
                                />
                            </label>
                        </div>
                    }).collect_view()}
                    <label class="field">
                        <span>"Ghi chú (không bắt buộc)"</span>
                        <textarea name="note" rows="2" maxlength="1000"></textarea>
                    </label>
                    <PrivacyNotice at_desk=true />
                    <button type="submit" class="button primary">"Tiếp nhận và in Giấy tiếp nhận (mẫu 01)"</button>
                </form>
            }.into_any(),
        }}
    }
}
