use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::layout::PortalLayout;
use crate::pages::privacy::PrivacyNotice;
use crate::serverfns::account::Register;
use crate::services::AccountError;

/// `/dang-ky`: create a citizen account. The values are checked by the same rules in
/// the browser and on the server; each refused field shows its own message and keeps
/// what was typed.
#[component]
pub fn RegisterPage() -> impl IntoView {
    let action = ServerAction::<Register>::new();
    let refusal = move || match action.value().get() {
        Some(Ok(Err(e))) => Some(e),
        _ => None,
    };
    // Without JavaScript the refusal comes back in the URL: `loi` (general) and
    // `e_{field}` (per field); what was typed comes back through `typed_values`.
    let query = use_query_map();
    let from_url = query.with_untracked(|q| q.get("loi"));
    let general = move || match action.value().get() {
        None => from_url.clone(),
        Some(Ok(Err(AccountError::Invalid(_)))) | Some(Ok(Ok(_))) => None,
        Some(Ok(Err(e))) => Some(e.to_string()),
        Some(Err(e)) => Some(crate::pages::error_text(&e)),
    };
    let input = move |name: &'static str,
                      label: &'static str,
                      kind: &'static str,
                      auto: &'static str,
                      required: bool,
                      hint: Option<&'static str>,
                      typed: String| {
        let from_url = query.with_untracked(|q| q.get(&format!("e_{name}")));
        let error = Signal::derive(move || match action.value().get() {
            None => from_url.clone(),
            Some(_) => refusal().and_then(|e| e.for_field(name)),
        });
        view! {
            <label class="field" class:invalid=move || error.get().is_some()>
                <span>{label} {(!required).then_some(" (không bắt buộc)")}</span>
                <input name=format!("form[{name}]") type=kind autocomplete=auto required=required value=typed />
                {hint.map(|h| view! { <small class="hint">{h}</small> })}
                {move || error.get().map(|m| view! { <small class="field-error" role="alert">{m}</small> })}
            </label>
        }
    };
    // What was typed comes back from the server (never in the URL: it is personal data).
    let typed_values = crate::components::typed::typed_values();
    view! {
        <Title text="Đăng ký tài khoản" />
        <PortalLayout>
            <section class="form-card narrow">
                <h1>"Đăng ký tài khoản"</h1>
                <p class="muted-inline">
                    "Thông tin tài khoản được dùng để điền sẵn vào các mẫu đơn khi nộp hồ sơ trực tuyến. Sau khi bấm Đăng ký, bạn nhập mã xác minh được gửi tới số điện thoại để hoàn tất."
                </p>
                <Suspense fallback=|| ()>
                    {move || {
                        let general = general.clone();
                        Suspend::new(async move {
                            let values = typed_values.await;
                            let t = move |name: &str| crate::components::typed::typed(&values, name);
                            view! {
                                <ActionForm action attr:class="stack">
                                    {input("phone", "Số điện thoại di động", "tel", "tel", true, Some("Dùng để đăng nhập và nhận tin nhắn về hồ sơ."), t("phone"))}
                                    {input("password", "Mật khẩu", "password", "new-password", true, Some("Ít nhất 8 ký tự, có chữ cái và chữ số."), String::new())}
                                    {input("full_name", "Họ và tên", "text", "name", true, None, t("full_name"))}
                                    {input("personal_id", "Số định danh cá nhân (12 số)", "text", "off", false, None, t("personal_id"))}
                                    {input("date_of_birth", "Ngày sinh", "date", "bday", false, None, t("date_of_birth"))}
                                    {input("address", "Địa chỉ", "text", "street-address", true, None, t("address"))}
                                    {input("email", "Thư điện tử", "email", "email", false, None, t("email"))}
                                    {move || general().map(|m| view! { <p class="error pre-line" role="alert">{m}</p> })}
                                    <PrivacyNotice />
                                    <button type="submit" class="button primary" disabled=move || action.pending().get()>
                                        "Đăng ký"
                                    </button>
                                </ActionForm>
                            }
                        })
                    }}
                </Suspense>
                <p>"Đã có tài khoản? " <a href="/dang-nhap">"Đăng nhập"</a></p>
            </section>
        </PortalLayout>
    }
}
