use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::staff_layout::StaffLayout;
use crate::serverfns::staff::staff_register_defaults;

/// `/can-bo/so-theo-doi`: the dossier register (Sổ theo dõi hồ sơ, form 07) of the
/// person's unit for a period, as a spreadsheet or a PDF. A GET form whose two buttons
/// go to `/can-bo/so-theo-doi.xlsx` and `.pdf` with `?tu=yyyy-mm-dd&den=yyyy-mm-dd`.
#[component]
pub fn StaffRegisterPage() -> impl IntoView {
    view! {
        <Title text="Sổ theo dõi hồ sơ" />
        <StaffLayout>
            <RegisterBody />
        </StaffLayout>
    }
}

#[component]
fn RegisterBody() -> impl IntoView {
    let defaults = Resource::new(|| (), |_| staff_register_defaults());
    view! {
        <h1>"Sổ theo dõi hồ sơ"</h1>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match defaults.await {
                    Ok(Some(d)) => view! {
                        <form class="form-card register-form" method="get" action="/can-bo/so-theo-doi.xlsx">
                            <p>"Đơn vị: " <strong>{d.unit}</strong></p>
                            <p class="muted-inline">
                                "Sổ theo dõi hồ sơ (mẫu 07): mã hồ sơ, thủ tục, người nộp, cơ quan xử lý, ngày nhận, ngày hẹn trả, ngày trả và hình thức trả của các hồ sơ tiếp nhận trong kỳ."
                            </p>
                            <div class="period">
                                <label class="field">
                                    <span>"Từ ngày"</span>
                                    <input type="date" name="tu" value=d.from required />
                                </label>
                                <label class="field">
                                    <span>"Đến ngày"</span>
                                    <input type="date" name="den" value=d.to required />
                                </label>
                            </div>
                            <div class="actions">
                                <button type="submit" class="button primary">"Tải sổ (Excel)"</button>
                                <button type="submit" class="button secondary" formaction="/can-bo/so-theo-doi.pdf">"Tải sổ (PDF)"</button>
                            </div>
                        </form>
                    }.into_any(),
                    Ok(None) => ().into_any(),
                    Err(e) => view! { <p class="error" role="alert">{crate::pages::error_text(&e)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}
