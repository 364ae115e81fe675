use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use motcua_core::dossier::{FieldKind, FieldSpec, FormErrors, PersonForm};
use motcua_core::procedure::{Channel, OnlineLevel};

use crate::components::due_preview::DuePreview;
use crate::components::layout::PortalLayout;
use crate::components::upload_slot::UploadSlot;
use crate::pages::privacy::PrivacyNotice;
use crate::serverfns::dossier::prepare_application;
use crate::services::{ApplicationPage, CitizenProfile};

/// `/thu-tuc/:slug/nop-ho-so`: the online submission form. It is a plain multipart form
/// posted to `/nop-ho-so/:slug`, so it works without JavaScript (files go with the
/// form). Once hydrated, files upload as soon as they are chosen (one progress bar
/// each), the whole form is checked by `motcua-core` before sending, and the server's
/// answer is shown in place, keeping everything typed.
#[component]
pub fn ApplyPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.with(|p| p.get("slug").unwrap_or_default()),
        prepare_application,
    );
    view! {
        <PortalLayout>
            <Suspense fallback=|| view! { <p class="result-count">"Đang tải biểu mẫu…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(Some(page)) if page.citizen.is_some() => {
                            view! { <ApplicationForm page /> }.into_any()
                        }
                        Ok(Some(page)) => view! { <SignInFirst slug=page.procedure.version.slug /> }.into_any(),
                        Ok(None) => {
                            crate::pages::not_found::answer_not_found();
                            view! {
                                <section class="notice">
                                    <h1>"Không nộp trực tuyến được"</h1>
                                    <p>"Thủ tục này không có trong danh mục hoặc chưa có dịch vụ công trực tuyến."</p>
                                    <p><a href="/">"Tra cứu thủ tục khác"</a></p>
                                </section>
                            }
                                .into_any()
                        }
                        Err(e) => view! { <p class="error" role="alert">{crate::pages::error_text(&e)}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </PortalLayout>
    }
}

/// The `name` of the input an event comes from (empty when there is none).
fn event_target_name(ev: &leptos::ev::Event) -> String {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        ev.target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.get_attribute("name"))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = ev;
        String::new()
    }
}

#[component]
fn SignInFirst(slug: String) -> impl IntoView {
    let next = format!("/dang-nhap?next=/thu-tuc/{slug}/nop-ho-so");
    view! {
        <Title text="Đăng nhập để nộp hồ sơ" />
        <section class="notice">
            <h1>"Đăng nhập để nộp hồ sơ trực tuyến"</h1>
            <p>"Hồ sơ trực tuyến được gắn với tài khoản của bạn để theo dõi và nhận thông báo."</p>
            <p class="actions">
                <a class="button primary" href=next>"Đăng nhập"</a>
                <a class="button secondary" href="/dang-ky">"Đăng ký tài khoản"</a>
            </p>
        </section>
    }
}

#[component]
fn ApplicationForm(page: ApplicationPage) -> impl IntoView {
    let ApplicationPage {
        procedure,
        citizen,
        idempotency_key,
        limits,
        now_ms,
    } = page;
    let citizen = citizen.expect("checked by the caller");
    let v = procedure.version;
    let errors = RwSignal::new(FormErrors::default());
    let message = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let error_for = move |name: String| {
        Signal::derive(move || errors.with(|e| e.for_field(&name).map(str::to_owned)))
    };
    let action = format!("/nop-ho-so/{}", v.slug);
    let full_process = v.online_level == OnlineLevel::ToanTrinh;
    let spec = StoredValue::new(v.form_spec());
    // Editing a field removes its message from the last check: what is left on screen
    // is what still needs fixing.
    let clear_error = move |ev: leptos::ev::Event| {
        let name = event_target_name(&ev);
        if errors.with_untracked(|e| e.for_field(&name).is_some()) {
            errors.update(|e| {
                *e = FormErrors::from(
                    e.as_slice()
                        .iter()
                        .filter(|x| x.field != name)
                        .cloned()
                        .collect::<Vec<_>>(),
                )
            });
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        crate::pages::apply_submit::submit(ev, spec, errors, message, pending);
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, spec);
    };
    let (first_unit, units) = (
        procedure
            .units
            .first()
            .map(|u| u.code.clone())
            .unwrap_or_default(),
        procedure.units.clone(),
    );

    view! {
        <Title text=format!("Nộp hồ sơ: {}", v.name) />
        <div class="apply-page">
        <nav class="breadcrumb" aria-label="Đường dẫn">
            <a href=format!("/thu-tuc/{}", v.slug)>{v.name.clone()}</a>
            " › Nộp hồ sơ trực tuyến"
        </nav>
        <h1 class="form-title">"Nộp hồ sơ trực tuyến"</h1>
        <p class="form-procedure">{v.name.clone()}</p>
        <DuePreview
            units=units.clone()
            channels=v.channels.iter().filter(|c| c.channel == Channel::Online).cloned().collect()
            server_now_ms=now_ms
            initial_unit=first_unit.clone()
            initial_channel=Channel::Online
            form_id="application"
        />
        <form
            id="application"
            class="application stack"
            method="post"
            enctype="multipart/form-data"
            action=action
            on:submit=on_submit
            on:input=clear_error
            on:change=clear_error
            novalidate
        >
            // A single unit has no choice on screen: the form still says which.
            {(units.len() == 1).then(|| view! { <input type="hidden" name="unit" value=first_unit.clone() /> })}
            <input type="hidden" name="idempotency_key" value=idempotency_key />
            {move || message.get().map(|m| view! { <p class="error" role="alert" data-testid="form-error">{m}</p> })}
            <PersonBlock prefix="applicant" title="Người có yêu cầu giải quyết" profile=Some(citizen.clone()) error_for />
            <details class="form-card">
                <summary>"Nộp thay cho người khác (người được ủy quyền)"</summary>
                <label class="check">
                    <input type="checkbox" name="for_someone_else" />
                    <span>"Tôi nộp hồ sơ thay cho người có yêu cầu ở trên"</span>
                </label>
                <PersonBlock prefix="authorised_person" title="Người được ủy quyền nộp hồ sơ" profile=None error_for />
            </details>
            {(!v.fields.is_empty()).then(|| view! {
                <fieldset class="form-card">
                    <legend>"Thông tin đề nghị"</legend>
                    {v.fields.iter().cloned().map(|f| view! { <SpecField field=f error_for /> }).collect_view()}
                </fieldset>
            })}
            <fieldset class="form-card">
                <legend>"Thành phần hồ sơ"</legend>
                {v.documents.iter().cloned().map(|slot| {
                    let err = error_for(format!("documents.{}", slot.name));
                    view! { <UploadSlot document=slot limits error=err /> }
                }).collect_view()}
            </fieldset>
            <fieldset class="form-card">
                <legend>"Hình thức nhận kết quả"</legend>
                <label class="check"><input type="radio" name="delivery.kind" value="at_desk" checked /><span>"Nhận trực tiếp tại nơi nộp hồ sơ"</span></label>
                <label class="check"><input type="radio" name="delivery.kind" value="by_post" /><span>"Nhận qua dịch vụ bưu chính công ích"</span></label>
                {full_process.then(|| view! {
                    <label class="check"><input type="radio" name="delivery.kind" value="electronic" /><span>"Nhận kết quả điện tử (bản có chữ ký số)"</span></label>
                })}
                <TextInput name="delivery.address".into() label="Địa chỉ nhận kết quả (khi nhận qua bưu chính)".into() value=citizen.address.clone() kind="text" error_for />
                {move || error_for("delivery.kind".into()).get().map(|m| view! { <small class="field-error">{m}</small> })}
            </fieldset>
            <PrivacyNotice />
            <button type="submit" class="button primary wide" data-testid="submit" disabled=move || pending.get()>
                {move || if pending.get() { "Đang gửi hồ sơ…" } else { "Nộp hồ sơ" }}
            </button>
        </form>
        </div>
    }
}

#[component]
fn PersonBlock(
    prefix: &'static str,
    title: &'static str,
    profile: Option<CitizenProfile>,
    error_for: impl Fn(String) -> Signal<Option<String>> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let p = profile
        .map(|c| PersonForm {
            full_name: c.full_name,
            personal_id: c.personal_id.unwrap_or_default(),
            date_of_birth: c.date_of_birth.unwrap_or_default(),
            phone: c.phone,
            email: c.email.unwrap_or_default(),
            address: c.address,
        })
        .unwrap_or_default();
    let input = move |key: &str, label: &str, value: String, kind: &'static str| {
        view! { <TextInput name=format!("{prefix}.{key}") label=label.to_owned() value kind error_for /> }
    };
    view! {
        <fieldset class="form-card">
            <legend>{title}</legend>
            {input("full_name", "Họ và tên", p.full_name, "text")}
            {input("personal_id", "Số định danh cá nhân (12 số)", p.personal_id, "text")}
            {input("date_of_birth", "Ngày sinh", p.date_of_birth, "date")}
            {input("phone", "Số điện thoại", p.phone, "tel")}
            {input("email", "Thư điện tử (không bắt buộc)", p.email, "email")}
            {input("address", "Địa chỉ", p.address, "text")}
        </fieldset>
    }
}

#[component]
fn TextInput(
    name: String,
    label: String,
    value: String,
    kind: &'static str,
    error_for: impl Fn(String) -> Signal<Option<String>> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let error = error_for(name.clone());
    view! {
        <label class="field" class:invalid=move || error.get().is_some()>
            <span>{label}</span>
            <input name=name type=kind value=value />
            {move || error.get().map(|m| view! { <small class="field-error" role="alert">{m}</small> })}
        </label>
    }
}

#[component]
fn SpecField(
    field: FieldSpec,
    error_for: impl Fn(String) -> Signal<Option<String>> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let name = format!("values.{}", field.name);
    let error = error_for(name.clone());
    let label = if field.required {
        field.label.clone()
    } else {
        format!("{} (không bắt buộc)", field.label)
    };
    let control = match field.kind {
        FieldKind::Choice { options } => view! {
            <select name=name>
                <option value="">"— Chọn —"</option>
                {options.into_iter().map(|o| { let text = o.clone(); view! { <option value=o>{text}</option> } }).collect_view()}
            </select>
        }.into_any(),
        FieldKind::Number { min, max } => view! { <input name=name type="number" inputmode="numeric" min=min max=max /> }.into_any(),
        FieldKind::Date => view! { <input name=name type="date" /> }.into_any(),
        FieldKind::Text { max_len } => view! { <input name=name type="text" maxlength=max_len /> }.into_any(),
        FieldKind::Address => view! { <input name=name type="text" autocomplete="street-address" /> }.into_any(),
    };
    view! {
        <label class="field" class:invalid=move || error.get().is_some()>
            <span>{label}</span>
            {control}
            {field.help.map(|h| view! { <small class="hint">{h}</small> })}
            {move || error.get().map(|m| view! { <small class="field-error" role="alert">{m}</small> })}
        </label>
    }
}
