use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::layout::PortalLayout;
use crate::serverfns::account::{
    my_sessions, ChangePassword, CloseAccount, EndOtherSessions, EndSession,
};
use crate::services::{SecurityError, SessionView};

/// The confirmation for a `?thong_bao=` code.
fn done_text(code: &str) -> Option<&'static str> {
    match code {
        "mat-khau" => Some("Đã đổi mật khẩu. Các phiên đăng nhập khác đã kết thúc."),
        "phien" => Some("Đã kết thúc phiên đăng nhập."),
        _ => None,
    }
}

/// The refusal of a server action, or the one a plain form post carried back.
fn refusal_of<T: Clone + Send + Sync + 'static>(
    value: Option<Result<Result<T, SecurityError>, ServerFnError>>,
) -> Option<(Option<SecurityError>, String)> {
    match value {
        Some(Ok(Err(e))) => Some((Some(e.clone()), e.to_string())),
        Some(Err(e)) => Some((None, crate::pages::error_text(&e))),
        _ => None,
    }
}

/// `/tai-khoan`: the citizen's account — change the password, see and end sessions,
/// download everything the system holds about them, close the account (Decree
/// 13/2023/NĐ-CP). Every form works as a plain post without JavaScript.
#[component]
pub fn AccountPage() -> impl IntoView {
    let sessions = Resource::new(|| (), |_| my_sessions());
    view! {
        <Title text="Tài khoản" />
        <PortalLayout>
            <h1>"Tài khoản của tôi"</h1>
            <Suspense fallback=|| view! { <p>"Đang tải…"</p> }>
                {move || Suspend::new(async move {
                    match sessions.await {
                        Ok(None) => view! {
                            <p class="notice">"Vui lòng " <a href="/dang-nhap?next=/tai-khoan">"đăng nhập"</a> " để quản lý tài khoản."</p>
                        }.into_any(),
                        Ok(Some(list)) => view! { <AccountSheet sessions=list /> }.into_any(),
                        Err(e) => view! { <p class="error" role="alert">{crate::pages::error_text(&e)}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </PortalLayout>
    }
}

#[component]
fn AccountSheet(sessions: Vec<SessionView>) -> impl IntoView {
    let query = use_query_map();
    let (done, loi, field_errors) = query.with_untracked(|q| {
        let fields: Vec<(String, String)> =
            ["current_password", "new_password", "confirm_password"]
                .iter()
                .filter_map(|f| q.get(&format!("e_{f}")).map(|m| ((*f).to_owned(), m)))
                .collect();
        (
            q.get("thong_bao").and_then(|c| done_text(&c)),
            q.get("loi"),
            fields,
        )
    });
    let change = ServerAction::<ChangePassword>::new();
    let end_one = ServerAction::<EndSession>::new();
    let end_others = ServerAction::<EndOtherSessions>::new();
    let close = ServerAction::<CloseAccount>::new();
    let change_refusal = move || refusal_of(change.value().get());
    let field = {
        let field_errors = field_errors.clone();
        move |name: &'static str| {
            let from_url = field_errors
                .iter()
                .find(|(f, _)| f == name)
                .map(|(_, m)| m.clone());
            move || {
                match change_refusal() {
                    Some((Some(e), _)) => e.for_field(name),
                    Some(_) => None,
                    None => from_url.clone(),
                }
                .map(|m| view! { <span class="field-error" role="alert">{m}</span> })
            }
        }
    };
    let change_general = move || match change_refusal() {
        Some((Some(SecurityError::Invalid(_)), _)) => None,
        Some((_, m)) => Some(m),
        None => None,
    };
    let other_refusal = move || {
        refusal_of(end_one.value().get())
            .or_else(|| refusal_of(end_others.value().get()))
            .or_else(|| refusal_of(close.value().get()))
            .map(|(_, m)| m)
    };
    let others = sessions.iter().filter(|s| !s.current).count();
    view! {
        {done.map(|m| view! { <p class="success" role="status">{m}</p> })}
        {loi.map(|m| view! { <p class="error" role="alert">{m}</p> })}
        {move || other_refusal().map(|m| view! { <p class="error" role="alert">{m}</p> })}

        <section class="form-card narrow" aria-labelledby="doi-mat-khau">
            <h2 id="doi-mat-khau">"Đổi mật khẩu"</h2>
            <p class="muted-inline">"Sau khi đổi, mọi phiên đăng nhập khác (trên máy khác) sẽ kết thúc."</p>
            <ActionForm action=change attr:class="stack">
                <label class="field">
                    <span>"Mật khẩu hiện tại"</span>
                    <input name="current_password" type="password" autocomplete="current-password" required />
                    {field("current_password")}
                </label>
                <label class="field">
                    <span>"Mật khẩu mới"</span>
                    <input name="new_password" type="password" autocomplete="new-password" required minlength="8" />
                    <span class="hint">"Ít nhất 8 ký tự, có chữ cái và chữ số."</span>
                    {field("new_password")}
                </label>
                <label class="field">
                    <span>"Nhập lại mật khẩu mới"</span>
                    <input name="confirm_password" type="password" autocomplete="new-password" required />
                    {field("confirm_password")}
                </label>
                {move || change_general().map(|m| view! { <p class="error" role="alert">{m}</p> })}
                <button type="submit" class="button primary">"Đổi mật khẩu"</button>
            </ActionForm>
        </section>

        <section class="panel" aria-labelledby="phien">
            <h2 id="phien">"Phiên đăng nhập"</h2>
            <table class="trail stacked sessions">
                <thead><tr>
                    <th scope="col">"Bắt đầu"</th>
                    <th scope="col">"Hết hạn"</th>
                    <th scope="col"><span class="visually-hidden">"Thao tác"</span></th>
                </tr></thead>
                <tbody>
                    {sessions.into_iter().map(|s| view! {
                        <tr>
                            <td data-label="Bắt đầu">{s.created.clone()} {s.current.then_some(" (phiên này)")}</td>
                            <td data-label="Hết hạn">{s.expires.clone()}</td>
                            <td>
                                <ActionForm action=end_one attr:class="inline-form">
                                    <input type="hidden" name="handle" value=s.handle.clone() />
                                    <button type="submit" class="button secondary small">
                                        {if s.current { "Đăng xuất" } else { "Kết thúc" }}
                                    </button>
                                </ActionForm>
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            {(others > 0).then(|| view! {
                <ActionForm action=end_others>
                    <button type="submit" class="button secondary">"Kết thúc mọi phiên khác"</button>
                </ActionForm>
            })}
        </section>

        <section class="panel" aria-labelledby="du-lieu">
            <h2 id="du-lieu">"Dữ liệu cá nhân của tôi"</h2>
            <p>
                "Tải về toàn bộ dữ liệu hệ thống lưu về bạn: thông tin tài khoản, hồ sơ đã nộp cùng quá trình xử lý, "
                "thông báo đã gửi, phiên đăng nhập, và các tệp bạn đã gửi (một tệp nén .zip)."
            </p>
            <a class="button secondary" href="/tai-khoan/du-lieu.zip" download="">"Tải dữ liệu của tôi"</a>
            <p class="muted-inline">"Xem " <a href="/chinh-sach-bao-mat">"Chính sách bảo vệ dữ liệu cá nhân"</a> "."</p>
        </section>

        <section class="form-card narrow danger" aria-labelledby="dong-tai-khoan">
            <h2 id="dong-tai-khoan">"Đóng tài khoản"</h2>
            <p>
                "Thông tin cá nhân của tài khoản (họ tên, số điện thoại, số định danh, ngày sinh, địa chỉ, thư điện tử) "
                "sẽ bị xóa và bạn không đăng nhập được nữa. Hồ sơ thủ tục hành chính đã nộp là hồ sơ công vụ, "
                "được lưu giữ theo thời hạn quy định và vẫn tra cứu được bằng mã hồ sơ."
            </p>
            <ActionForm action=close attr:class="stack">
                <label class="field">
                    <span>"Mật khẩu (để xác nhận)"</span>
                    <input name="password" type="password" autocomplete="current-password" required />
                </label>
                <button type="submit" class="button danger">"Đóng tài khoản"</button>
            </ActionForm>
        </section>
    }
}
