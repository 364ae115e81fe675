use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::staff_layout::{StaffLayout, StaffMessages};
use crate::serverfns::staff::staff_admin;
use crate::services::{AccountRow, AdminPage};

/// `/can-bo/quan-tri`: administration. A system administrator sees every unit and
/// account and may create units; an agency administrator manages their own unit's
/// accounts. Every change is a multipart form post (`/can-bo/quan-tri/…`), audited.
#[component]
pub fn StaffAdminPage() -> impl IntoView {
    view! {
        <Title text="Quản trị" />
        <StaffLayout>
            <AdminBody />
        </StaffLayout>
    }
}

#[component]
fn AdminBody() -> impl IntoView {
    let page = Resource::new(|| (), |_| staff_admin());
    view! {
        <h1>"Quản trị đơn vị và tài khoản"</h1>
        <StaffMessages />
        <Suspense fallback=|| view! { <p class="muted-inline">"Đang tải…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(Some(p)) => view! { <AdminSheet p=p /> }.into_any(),
                    Ok(None) => view! {
                        <p class="notice">"Trang này dành cho quản trị đơn vị và quản trị hệ thống."</p>
                    }.into_any(),
                    Err(e) => view! { <p class="error" role="alert">{crate::pages::error_text(&e)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn role_options(
    roles: &[motcua_core::workflow::StaffRole],
    current: Option<motcua_core::workflow::StaffRole>,
) -> impl IntoView {
    roles
        .iter()
        .map(|r| {
            view! {
                <option value=r.as_str() selected=Some(*r) == current>
                    {r.label()}
                </option>
            }
        })
        .collect_view()
}

#[component]
fn AdminSheet(p: AdminPage) -> impl IntoView {
    let unit_name = {
        let units = p.units.clone();
        move |code: &str| {
            units
                .iter()
                .find(|u| u.code == code)
                .map_or_else(|| code.to_owned(), |u| u.name.clone())
        }
    };
    let roles = p.roles.clone();
    let account_row = move |a: AccountRow| {
        view! {
            <tr class=if a.active { "" } else { "inactive" }>
                <td data-label="Tên đăng nhập"><code>{a.username.clone()}</code></td>
                <td data-label="Họ và tên">{a.full_name.clone()}</td>
                <td data-label="Đơn vị">{unit_name(&a.unit_code)}</td>
                <td data-label="Vai trò, trạng thái">
                    {if a.manageable {
                        // The current role stays choosable even when this person may not
                        // give it (saving the active flag must not demote anyone).
                        let mut choices = roles.clone();
                        if !choices.contains(&a.role) {
                            choices.push(a.role);
                        }
                        view! {
                            <form
                                class="inline-form"
                                method="post"
                                enctype="multipart/form-data"
                                action=format!("/can-bo/quan-tri/tai-khoan/{}", a.id)
                            >
                                <select name="role" aria-label=format!("Vai trò của {}", a.full_name)>
                                    {role_options(&choices, Some(a.role))}
                                </select>
                                <label class="check-inline">
                                    <input type="checkbox" name="active" value="1" checked=a.active />
                                    "Đang hoạt động"
                                </label>
                                <button type="submit" class="button secondary small">"Lưu"</button>
                            </form>
                            <form
                                class="inline-form"
                                method="post"
                                enctype="multipart/form-data"
                                action=format!("/can-bo/quan-tri/tai-khoan/{}/mat-khau-tam", a.id)
                            >
                                <button type="submit" class="button secondary small">"Cấp mật khẩu tạm"</button>
                            </form>
                        }.into_any()
                    } else {
                        view! {
                            <span>{a.role.label()} {if a.active { "" } else { " · ngừng hoạt động" }}</span>
                        }.into_any()
                    }}
                </td>
            </tr>
        }
    };
    let system = p.can_create_units;
    let parents = p.units.clone();
    let units_for_accounts = p.units.clone();
    view! {
        <div class="admin-panels">
        <section class="panel">
            <h2>"Đơn vị"</h2>
            <div class="table-scroll">
                <table class="trail stacked">
                    <thead><tr>
                        <th scope="col">"Mã"</th>
                        <th scope="col">"Tên đơn vị"</th>
                        <th scope="col">"Đơn vị cấp trên"</th>
                        <th scope="col">"Bộ phận Một cửa"</th>
                        <th scope="col">"Tài khoản"</th>
                        <th scope="col">"Quản trị đơn vị cấp người ký"</th>
                    </tr></thead>
                    <tbody>
                        {p.units.iter().map(|u| view! {
                            <tr>
                                <td data-label="Mã"><code>{u.code.clone()}</code></td>
                                <td data-label="Tên đơn vị">{u.name.clone()}</td>
                                <td data-label="Đơn vị cấp trên">{match u.parent.clone() {
                                    Some(p) => view! { <code>{p}</code> }.into_any(),
                                    None => "—".into_any(),
                                }}</td>
                                <td data-label="Bộ phận Một cửa">{if u.receives { "Có" } else { "Không" }}</td>
                                <td data-label="Tài khoản">{u.accounts}</td>
                                <td data-label="Quản trị đơn vị cấp người ký">{if system {
                                    view! {
                                        <form
                                            class="inline-form"
                                            method="post"
                                            enctype="multipart/form-data"
                                            action=format!("/can-bo/quan-tri/don-vi/{}/nguoi-ky", u.code)
                                        >
                                            <label class="check-inline">
                                                <input type="checkbox" name="allowed" value="1" checked=u.admin_appoints_signers />
                                                "Cho phép"
                                            </label>
                                            <button type="submit" class="button secondary small">"Lưu"</button>
                                        </form>
                                    }.into_any()
                                } else if u.admin_appoints_signers { "Được phép".into_any() } else { "Không".into_any() }}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>

        <section class="panel">
            <h2>"Tài khoản cán bộ"</h2>
            <table class="queue accounts">
                <thead><tr>
                    <th scope="col">"Tên đăng nhập"</th>
                    <th scope="col">"Họ và tên"</th>
                    <th scope="col">"Đơn vị"</th>
                    <th scope="col">"Vai trò, trạng thái"</th>
                </tr></thead>
                <tbody>{p.accounts.into_iter().map(account_row).collect_view()}</tbody>
            </table>
        </section>
        </div>

        <div class="admin-forms">
            <form class="form-card" method="post" enctype="multipart/form-data" action="/can-bo/quan-tri/tai-khoan">
                <h2>"Tạo tài khoản"</h2>
                <label class="field"><span>"Tên đăng nhập"</span>
                    <input name="username" required minlength="3" maxlength="32" pattern="[a-z0-9._\\-]+" autocapitalize="none" spellcheck="false" />
                    <span class="hint">"Chữ thường không dấu, chữ số, dấu chấm, gạch dưới, gạch ngang."</span>
                </label>
                <label class="field"><span>"Họ và tên"</span><input name="full_name" required /></label>
                <label class="field"><span>"Đơn vị"</span>
                    <select name="unit_code" required>
                        {units_for_accounts.iter().map(|u| view! { <option value=u.code.clone()>{u.name.clone()} " (" {u.code.clone()} ")"</option> }).collect_view()}
                    </select>
                </label>
                <label class="field"><span>"Vai trò"</span>
                    <select name="role" required>{role_options(&p.roles, None)}</select>
                </label>
                <label class="field"><span>"Thư điện tử (nhận cảnh báo)"</span><input name="email" type="email" /></label>
                <label class="field"><span>"Mật khẩu ban đầu"</span>
                    <input name="password" type="password" autocomplete="new-password" required minlength="8" />
                    <span class="hint">"Ít nhất 8 ký tự, có chữ cái và chữ số."</span>
                </label>
                <button type="submit" class="button primary">"Tạo tài khoản"</button>
            </form>
            {p.can_create_units.then(|| view! {
                <form class="form-card" method="post" enctype="multipart/form-data" action="/can-bo/quan-tri/don-vi">
                    <h2>"Tạo đơn vị"</h2>
                    <label class="field"><span>"Mã định danh điện tử"</span>
                        <input name="code" required placeholder="Ví dụ: H15.52" />
                        <span class="hint">"Theo Quyết định 20/2020/QĐ-TTg."</span>
                    </label>
                    <label class="field"><span>"Tên đơn vị"</span><input name="name" required /></label>
                    <label class="field"><span>"Đơn vị cấp trên"</span>
                        <select name="parent">
                            <option value="">"(Không có)"</option>
                            {parents.iter().map(|u| view! { <option value=u.code.clone()>{u.name.clone()} " (" {u.code.clone()} ")"</option> }).collect_view()}
                        </select>
                    </label>
                    <label class="check"><input type="checkbox" name="receives" value="1" /> "Có Bộ phận Một cửa (tiếp nhận hồ sơ)"</label>
                    <label class="field"><span>"Địa chỉ"</span><input name="address" /></label>
                    <label class="field"><span>"Điện thoại"</span><input name="phone" type="tel" /></label>
                    <label class="field"><span>"Thư điện tử"</span><input name="email" type="email" /></label>
                    <button type="submit" class="button primary">"Tạo đơn vị"</button>
                </form>
            })}
        </div>
    }
}
