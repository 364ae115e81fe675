use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use motcua_core::dossier::format_size;

use crate::components::layout::PortalLayout;
use crate::serverfns::verify::check_code;
use crate::services::{SignedResultView, UploadRefusal, VerifyAnswer};

/// `/verify`: is this result document genuine? Anyone can type the verification code
/// printed on the document's last page ("Trang xác thực điện tử"), or upload the PDF they
/// received. Both forms work without JavaScript: the code is a GET (`?ma=…`, also what the
/// stamp's QR code opens), the file a multipart POST to the server, which redirects back
/// here with `?ma=…` on a match or `?loi=…` (a fixed key, never free text) otherwise.
#[component]
pub fn VerifyPage() -> impl IntoView {
    let query = use_query_map();
    let (code, refusal, file_code) = query.with_untracked(|q| {
        (
            q.get("ma").unwrap_or_default(),
            q.get("loi").and_then(|k| UploadRefusal::from_key(&k)),
            q.get("ma-tep"),
        )
    });
    let typed = code.clone();
    let answer = Resource::new(
        move || code.clone(),
        |c| async move {
            if c.trim().is_empty() {
                None
            } else {
                Some(check_code(c).await)
            }
        },
    );
    // A code carried by a modified file is shown only if it is well formed.
    let refusal_text = refusal.map(|r| {
        let code = file_code.filter(|c| {
            c.len() == 14 && c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-')
        });
        r.message(code.as_deref())
    });
    let outcome = move || {
        Suspend::new(async move {
            match answer.await {
                None => ().into_any(),
                Some(Ok(VerifyAnswer::Valid { result })) => {
                    view! { <ValidResult result=*result /> }.into_any()
                }
                // Genuine but no longer the one to use: the warning first, then the
                // details, so that the holder recognises the document.
                Some(Ok(
                    answer @ (VerifyAnswer::Superseded { .. } | VerifyAnswer::Revoked { .. }),
                )) => {
                    let warning = answer.refusal().unwrap_or_default();
                    let (testid, title) = match &answer {
                        VerifyAnswer::Superseded { .. } => {
                            ("verify-superseded", "Văn bản đã được thay thế")
                        }
                        _ => ("verify-revoked", "Văn bản không còn hiệu lực"),
                    };
                    let result = answer.genuine().cloned();
                    view! {
                        <article class="verify-result verify-warning" data-testid=testid>
                            <h2><span class="verify-mark" aria-hidden="true">"!"</span>" "{title}</h2>
                            <p class="error verify-refused" role="alert" data-testid="verify-refusal">{warning}</p>
                            <p>"Chữ ký của cơ quan trên văn bản này là thật; thông tin văn bản:"</p>
                            {result.map(|r| view! { <ResultFacts result=r /> })}
                        </article>
                    }
                    .into_any()
                }
                Some(Ok(other)) => view! {
                    <p class="error verify-refused" role="alert" data-testid="verify-refusal">
                        {other.refusal().unwrap_or_default()}
                    </p>
                }
                .into_any(),
                Some(Err(e)) => view! {
                    <p class="error" role="alert">{crate::pages::error_text(&e)}</p>
                }
                .into_any(),
            }
        })
    };
    view! {
        <Title text="Xác thực văn bản kết quả" />
        <PortalLayout>
            <section class="form-card narrow verify">
                <h1>"Xác thực văn bản kết quả"</h1>
                // The answer comes first, so that a phone shows it without scrolling.
                {refusal_text.map(|m| view! { <p class="error verify-refused" role="alert" data-testid="verify-refusal">{m}</p> })}
                <Suspense fallback=|| view! { <p class="muted-inline">"Đang kiểm tra…"</p> }>{outcome}</Suspense>
                <p class="muted-inline">
                    "Kiểm tra văn bản kết quả giải quyết thủ tục hành chính do cơ quan ký điện tử: nhập mã xác thực in ở trang cuối (“Trang xác thực điện tử”), hoặc tải lên tệp PDF đã nhận."
                </p>
                <form class="stack" method="get" action="/verify">
                    <label class="field">
                        <span>"Mã xác thực"</span>
                        <input name="ma" required value=typed autocomplete="off" autocapitalize="characters"
                            spellcheck="false" placeholder="XXXX-XXXX-XXXX" maxlength="40" />
                    </label>
                    <button type="submit" class="button primary">"Kiểm tra mã"</button>
                </form>
                <form class="stack verify-file" method="post" action="/verify" enctype="multipart/form-data">
                    <label class="field">
                        <span>"Hoặc tải lên tệp PDF"</span>
                        <input type="file" name="tep" required accept=".pdf,application/pdf" />
                    </label>
                    <button type="submit" class="button secondary">"Kiểm tra tệp"</button>
                </form>
                <p class="muted-inline">
                    "Chữ ký được kiểm tra bằng khóa công khai của cơ quan trong "
                    <a href="/khoa-ky-so">"danh sách khóa ký số"</a>"."
                </p>
            </section>
        </PortalLayout>
    }
}

/// The details of a valid signature, to compare with the document in hand.
#[component]
fn ValidResult(result: SignedResultView) -> impl IntoView {
    let code = result.code.clone();
    let r = result;
    view! {
        <article class="verify-result" data-testid="verify-valid">
            <h2><span class="verify-mark" aria-hidden="true">"✓"</span>" Chữ ký hợp lệ"</h2>
            <p>
                "Mã xác thực "<strong>{code}</strong>" là của văn bản dưới đây, do cơ quan ký điện tử; chữ ký đã được kiểm tra."
            </p>
            <ResultFacts result=r />
            <p class="muted-inline">
                "Đối chiếu các thông tin trên với văn bản bạn đang giữ. Để chắc chắn tệp PDF của bạn đúng là bản đã ký, không bị sửa đổi, hãy tải tệp lên ở ô “Hoặc tải lên tệp PDF” bên dưới."
            </p>
        </article>
    }
}

/// What the signature covers, to compare with the document in hand.
#[component]
fn ResultFacts(result: SignedResultView) -> impl IntoView {
    let r = result;
    view! {
        <dl class="procedure-facts">
            <dt>"Mã xác thực"</dt><dd>{r.code}</dd>
            <dt>"Cơ quan ký"</dt><dd>{r.agency_name}</dd>
            <dt>"Mã hồ sơ"</dt><dd>{r.dossier_code}</dd>
            <dt>"Người ký"</dt><dd>{r.signer}</dd>
            <dt>"Thời điểm ký"</dt><dd>{r.signed_at}" (giờ Việt Nam)"</dd>
            <dt>"Tên tệp"</dt><dd>{r.file_name}</dd>
            <dt>"Kích thước"</dt><dd>{format_size(r.size)}</dd>
            <dt>"SHA-256"</dt><dd><code class="hash">{r.sha256}</code></dd>
            <dt>"Mã khóa ký"</dt><dd><a href="/khoa-ky-so"><code class="hash">{r.key_id}</code></a></dd>
        </dl>
    }
}
