use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::layout::PortalLayout;
use crate::serverfns::verify::public_keys;
use crate::services::PublicKeyView;

/// `/khoa-ky-so`: the public registry of the agencies' signing keys. Every signed result
/// names its key (the key id); `/verify` checks the signature with the key listed here,
/// and anyone can check a result offline with the same list (`/api/v1/keys`, JWKS).
#[component]
pub fn KeysPage() -> impl IntoView {
    let keys = Resource::new(|| (), |()| public_keys());
    let list = move || {
        Suspend::new(async move {
            match keys.await {
                Ok(keys) if keys.is_empty() => view! {
                    <p class="muted-inline">"Chưa có cơ quan nào ký số văn bản kết quả."</p>
                }
                .into_any(),
                Ok(keys) => view! { <KeyTable keys /> }.into_any(),
                Err(e) => view! {
                    <p class="error" role="alert">{crate::pages::error_text(&e)}</p>
                }
                .into_any(),
            }
        })
    };
    view! {
        <Title text="Khóa công khai ký số của các cơ quan" />
        <PortalLayout>
            <section class="form-card keys">
                <h1>"Khóa công khai ký số của các cơ quan"</h1>
                <p class="muted-inline">
                    "Mỗi văn bản kết quả do cơ quan ký điện tử ghi mã khóa đã dùng để ký. Trang "
                    <a href="/verify">"Xác thực văn bản kết quả"</a>
                    " kiểm tra chữ ký bằng đúng khóa công khai trong danh sách dưới đây. Văn bản ký vào hoặc sau thời điểm thu hồi khóa không còn hiệu lực. Danh sách máy đọc được (JWKS): "
                    <a href="/api/v1/keys"><code>"/api/v1/keys"</code></a>"."
                </p>
                <Suspense fallback=|| view! { <p class="muted-inline">"Đang tải…"</p> }>{list}</Suspense>
            </section>
        </PortalLayout>
    }
}

#[component]
fn KeyTable(keys: Vec<PublicKeyView>) -> impl IntoView {
    view! {
        <table class="queue" data-testid="key-registry">
            <thead>
                <tr>
                    <th>"Cơ quan"</th>
                    <th>"Mã khóa"</th>
                    <th>"Khóa công khai (Ed25519)"</th>
                    <th>"Hiệu lực từ"</th>
                    <th>"Tình trạng"</th>
                </tr>
            </thead>
            <tbody>
                {keys
                    .into_iter()
                    .map(|k| {
                        let status = match &k.revoked_at {
                            Some(at) => format!("Đã thu hồi từ {at}"),
                            None => "Đang sử dụng".to_owned(),
                        };
                        let id = k.key_id.clone();
                        view! {
                            <tr data-key-id=id>
                                <td>{k.agency_name}" ("{k.agency_code}")"</td>
                                <td><code class="hash">{k.key_id}</code></td>
                                <td><code class="hash">{k.x}</code></td>
                                <td>{k.valid_from}</td>
                                <td>{status}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        <p class="muted-inline">"Thời gian theo giờ Việt Nam (UTC+7)."</p>
    }
}
