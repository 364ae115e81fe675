use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::components::dossier_card::DossierDetail;
use crate::components::layout::PortalLayout;
use crate::serverfns::dossier::{my_dossier, my_dossiers};

/// `/ho-so-cua-toi`: the signed-in citizen's dossiers, newest first.
#[component]
pub fn MyDossiersPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| my_dossiers());
    view! {
        <Title text="Hồ sơ của tôi" />
        <PortalLayout>
            <h1>"Hồ sơ của tôi"</h1>
            <Suspense fallback=|| view! { <p>"Đang tải…"</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(None) => view! {
                            <p class="notice">"Vui lòng " <a href="/dang-nhap?next=/ho-so-cua-toi">"đăng nhập"</a> " để xem hồ sơ của bạn."</p>
                        }.into_any(),
                        Ok(Some(list)) if list.is_empty() => view! {
                            <p class="notice">"Bạn chưa nộp hồ sơ nào. " <a href="/">"Tìm thủ tục để nộp hồ sơ"</a></p>
                        }.into_any(),
                        Ok(Some(list)) => view! {
                            <ul class="dossier-list">
                                {list.into_iter().map(|d| {
                                    let number = d.code.clone().unwrap_or_else(|| d.submission_no.clone());
                                    view! {
                                        <li class="procedure-card">
                                            <a href=format!("/ho-so-cua-toi/{}", d.submission_no)><strong>{number}</strong></a>
                                            <p>{d.procedure}</p>
                                            <p class="procedure-meta" data-testid="dossier-origin">{d.origin.clone()}</p>
                                            <p class="procedure-meta">{d.status.label()} " · nộp " {d.submitted_at}</p>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => view! { <p class="error">{crate::pages::error_text(&e)}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </PortalLayout>
    }
}

/// `/ho-so-cua-toi/:number`: one of the citizen's dossiers (also the confirmation page
/// after submitting).
#[component]
pub fn MyDossierPage() -> impl IntoView {
    let params = use_params_map();
    let one = Resource::new(
        move || params.with(|p| p.get("number").unwrap_or_default()),
        my_dossier,
    );
    view! {
        <Title text="Hồ sơ" />
        <PortalLayout>
            <Suspense fallback=|| view! { <p>"Đang tải…"</p> }>
                {move || Suspend::new(async move {
                    match one.await {
                        Ok(Some(d)) => view! {
                            <Title text=format!("Hồ sơ {}", d.code.clone().unwrap_or_else(|| d.submission_no.clone())) />
                            <h1 class="form-title">"Hồ sơ của tôi"</h1>
                            {(d.status == motcua_core::dossier::DossierStatus::AwaitingReception).then(|| view! {
                                <div class="success" role="status">
                                    <p>"Hồ sơ đã được gửi thành công và đang chờ tiếp nhận."</p>
                                    <p class="next-steps">
                                        "Bộ phận Một cửa sẽ kiểm tra hồ sơ. Khi hồ sơ được tiếp nhận, bạn nhận được mã hồ sơ và ngày hẹn trả kết quả qua tin nhắn và thư điện tử; nếu cần bổ sung, bạn sẽ được thông báo một lần đầy đủ các nội dung."
                                    </p>
                                </div>
                            })}
                            <p class="procedure-meta" data-testid="dossier-origin">{d.origin.clone()}</p>
                            <DossierDetail dossier=d show_receipt=true owner=true />
                            <p><a href="/ho-so-cua-toi">"Tất cả hồ sơ của tôi"</a></p>
                        }.into_any(),
                        Ok(None) => {
                            crate::pages::not_found::answer_not_found();
                            view! { <p class="notice">"Không tìm thấy hồ sơ này trong tài khoản của bạn."</p> }.into_any()
                        }
                        Err(e) => view! { <p class="error">{crate::pages::error_text(&e)}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </PortalLayout>
    }
}
