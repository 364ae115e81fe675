//! The documents citizens send, opened in the browser (issue 11): each file of a dossier
//! (PDF in the browser's own viewer, images shown) and a page per document slot listing
//! every file and page. For staff of a unit that may see the dossier, under
//! `/can-bo/ho-so/{id}/tai-lieu/…`, and for the dossier's own applicant, under
//! `/ho-so/{id}/tai-lieu/…`. Anyone else gets the same 404 as a dossier that does not
//! exist. Every file served is written to the audit log first; a file the malware
//! scanner has not cleared ("đang kiểm tra") or found infected is not served to anyone.

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};

use super::AppState;
use crate::dossier::documents::{self, StoredDocument, Viewer};
use crate::scan::status::ScanStatus;

/// The CSP of a file response: no script, no form, nothing loaded from elsewhere; the
/// browser's own PDF viewer and image display still work. Checked in Chromium 148
/// (SECURITY.md): the PDF viewer renders the same with or without it; the image
/// display needs `style-src 'unsafe-inline'` for the styles it puts on its own page
/// (inline style only: no script can run).
pub const FILE_CSP: &str = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; \
    object-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";

/// The CSP of a slot page: images of the same origin and the site's stylesheet, no
/// script.
pub const PAGE_CSP: &str = "default-src 'none'; img-src 'self'; style-src 'self'; \
    frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// `GET /can-bo/ho-so/{id}/tai-lieu/{slot}/{position}`.
pub async fn staff_file(
    State(state): State<AppState>,
    Path((id, slot, position)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Response {
    let Some(me) = super::staff::staff_of(&state, &headers).await else {
        return not_found();
    };
    file(&state, Viewer::Staff(&me), &id, &slot, &position).await
}

/// `GET /ho-so/{id}/tai-lieu/{slot}/{position}`.
pub async fn citizen_file(
    State(state): State<AppState>,
    Path((id, slot, position)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Response {
    let Some(who) = super::citizen::citizen(&state, &headers).await else {
        return not_found();
    };
    file(&state, Viewer::Citizen(&who), &id, &slot, &position).await
}

/// `GET /can-bo/ho-so/{id}/tai-lieu/{slot}`.
pub async fn staff_slot(
    State(state): State<AppState>,
    Path((id, slot)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let Some(me) = super::staff::staff_of(&state, &headers).await else {
        return not_found();
    };
    slot_page(&state, Viewer::Staff(&me), &id, &slot, "/can-bo/ho-so").await
}

/// `GET /ho-so/{id}/tai-lieu/{slot}`.
pub async fn citizen_slot(
    State(state): State<AppState>,
    Path((id, slot)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let Some(who) = super::citizen::citizen(&state, &headers).await else {
        return not_found();
    };
    slot_page(&state, Viewer::Citizen(&who), &id, &slot, "/ho-so").await
}

fn not_found() -> Response {
    let mut r = (StatusCode::NOT_FOUND, "Không tìm thấy tài liệu này.").into_response();
    private(r.headers_mut(), PAGE_CSP);
    r
}

fn failed(e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "serving a document failed");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        "Hệ thống đang gặp sự cố. Vui lòng thử lại sau.",
    )
        .into_response()
}

/// Why a file is not served although the person may see it.
fn withheld(doc: &StoredDocument) -> Option<Response> {
    let message = match doc.scan {
        ScanStatus::Pending => format!(
            "Tệp “{}” đang kiểm tra mã độc (đang kiểm tra) nên chưa mở được. Vui lòng thử lại sau ít phút.",
            doc.file_name
        ),
        ScanStatus::Infected => format!(
            "Tệp “{}” bị phát hiện có mã độc nên đã bị chặn, không mở được.",
            doc.file_name
        ),
        ScanStatus::Clean | ScanStatus::Unscanned => return None,
    };
    let mut r = (StatusCode::CONFLICT, message).into_response();
    private(r.headers_mut(), PAGE_CSP);
    if doc.scan == ScanStatus::Pending {
        r.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
    }
    Some(r)
}

/// Headers of every answer here: not cached, not sniffed, not framed by others, no
/// referrer leaves with the dossier's id in it.
fn private(h: &mut HeaderMap, csp: &'static str) {
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(csp),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("same-origin"),
    );
}

async fn file(
    state: &AppState,
    viewer: Viewer<'_>,
    id: &str,
    slot: &str,
    position: &str,
) -> Response {
    let Ok(position) = position.parse::<i64>() else {
        return not_found();
    };
    let (dossier, acting) = match documents::open_for(&state.pool, &viewer, id).await {
        Ok(Some(found)) => found,
        Ok(None) => return not_found(),
        Err(e) => return failed(e),
    };
    let doc = match documents::one(&state.pool, &dossier.id, slot, position).await {
        Ok(Some(doc)) => doc,
        Ok(None) => return not_found(),
        Err(e) => return failed(e),
    };
    if let Some(refusal) = withheld(&doc) {
        return refusal;
    }
    let bytes = {
        let store = state.files.clone();
        let sha = doc.sha256.clone();
        // A file's name is its hash: checking it means a file changed on disk is never
        // served as the citizen's document.
        tokio::task::spawn_blocking(move || {
            store
                .get(&sha)
                .map(|b| (crate::ids::sha256_hex(&b) == sha).then_some(b))
        })
        .await
    };
    let bytes = match bytes {
        Ok(Ok(Some(b))) => b,
        Ok(Ok(None)) => {
            return failed(format!(
                "stored file {} does not match its hash",
                doc.sha256
            ))
        }
        Ok(Err(e)) => return failed(e),
        Err(e) => return failed(e),
    };
    let now = state.clock.now().timestamp_millis();
    if let Err(e) = documents::audit_view(&state.pool, &acting, &dossier.id, &doc, now).await {
        return failed(e);
    }
    let mut r = bytes.into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(doc.content_type()),
    );
    if let Ok(v) = HeaderValue::from_str(&disposition(&doc.file_name, doc.extension())) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    private(h, FILE_CSP);
    r
}

/// `inline` with the name as uploaded: an ASCII fallback (diacritics folded, anything
/// else dropped) and the exact name in RFC 5987 `filename*`; the extension always that
/// of the checked format, whatever the upload was called.
pub fn disposition(file_name: &str, extension: &str) -> String {
    let stem = strip_extension(file_name);
    let ascii: String = motcua_core::text::fold(stem)
        .split(' ')
        .map(|w| {
            w.chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
        .chars()
        .take(80)
        .collect();
    let ascii = if ascii.is_empty() {
        "tai-lieu".to_owned()
    } else {
        ascii
    };
    let exact: String = format!("{stem}.{extension}")
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    format!("inline; filename=\"{ascii}.{extension}\"; filename*=UTF-8''{exact}")
}

fn strip_extension(name: &str) -> &str {
    let lower = name.to_ascii_lowercase();
    for ext in [".pdf", ".jpeg", ".jpg", ".png"] {
        if lower.ends_with(ext) && name.len() > ext.len() {
            return &name[..name.len() - ext.len()];
        }
    }
    name
}

async fn slot_page(
    state: &AppState,
    viewer: Viewer<'_>,
    id: &str,
    slot: &str,
    base: &str,
) -> Response {
    let (dossier, _) = match documents::open_for(&state.pool, &viewer, id).await {
        Ok(Some(found)) => found,
        Ok(None) => return not_found(),
        Err(e) => return failed(e),
    };
    let files = match documents::in_slot(&state.pool, &dossier.id, slot).await {
        Ok(f) if !f.is_empty() => f,
        Ok(_) => return not_found(),
        Err(e) => return failed(e),
    };
    let label = crate::dossier::views::document_label(Some(&dossier.version), slot);
    let number = dossier
        .code
        .clone()
        .unwrap_or_else(|| dossier.submission_no.clone());
    let back = format!("{base}/{}", dossier.id);
    let back = if matches!(viewer, Viewer::Citizen(_)) {
        format!("/ho-so-cua-toi/{}", dossier.submission_no)
    } else {
        back
    };
    let items: String = files
        .iter()
        .enumerate()
        .map(|(i, f)| item(&format!("{base}/{}/tai-lieu", dossier.id), slot, i + 1, f))
        .collect();
    let page = format!(
        "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{label} — hồ sơ {number}</title>\
         <link rel=\"stylesheet\" href=\"/pkg/motcua.css\"></head><body>\
         <main class=\"page document-slot\"><p><a href=\"{back}\">← Quay lại hồ sơ {number}</a></p>\
         <h1 class=\"form-title\">{label}</h1>\
         <p class=\"muted-inline\">{count} tệp. Tệp PDF mở bằng trình xem PDF của trình duyệt; \
         ảnh hiển thị ngay dưới đây.</p><ol class=\"document-pages\">{items}</ol></main></body></html>",
        label = escape(&label),
        number = escape(&number),
        back = escape(&back),
        count = files.len(),
    );
    let mut r = Html(page).into_response();
    private(r.headers_mut(), PAGE_CSP);
    r
}

fn item(base: &str, slot: &str, n: usize, f: &StoredDocument) -> String {
    let href = format!("{base}/{}/{}", segment(slot), f.position);
    let name = escape(&f.file_name);
    let size = motcua_core::dossier::format_size(f.size);
    match f.scan {
        ScanStatus::Pending => format!(
            "<li><strong>{name}</strong> ({size}) — <span class=\"file-checking\">đang kiểm tra \
             mã độc, chưa mở được</span></li>"
        ),
        ScanStatus::Infected => format!(
            "<li><strong>{name}</strong> ({size}) — <span class=\"file-blocked\">bị chặn: phát \
             hiện mã độc</span></li>"
        ),
        ScanStatus::Clean | ScanStatus::Unscanned if f.is_image() => format!(
            "<li><a href=\"{href}\" target=\"_blank\" rel=\"noopener\">{name}</a> ({size})\
             <br><img src=\"{href}\" alt=\"Trang {n}: {name}\" loading=\"lazy\"></li>"
        ),
        ScanStatus::Clean | ScanStatus::Unscanned => format!(
            "<li><a href=\"{href}\" target=\"_blank\" rel=\"noopener\">{name}</a> ({size}, PDF)</li>"
        ),
    }
}

fn segment(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_safe_in_both_forms() {
        assert_eq!(
            disposition("Giấy chứng sinh của bé Đạt.PDF", "pdf"),
            "inline; filename=\"giay-chung-sinh-cua-be-dat.pdf\"; \
             filename*=UTF-8''Gi%E1%BA%A5y%20ch%E1%BB%A9ng%20sinh%20c%E1%BB%A7a%20b%C3%A9%20%C4%90%E1%BA%A1t.pdf"
        );
        // Quotes, semicolons and line breaks cannot break out of the header; the
        // extension is the checked format's.
        let d = disposition("a\";b\r\nX-Evil: 1.html", "png");
        assert!(d.starts_with("inline; filename=\"a-b-x-evil-1-html.png\"; filename*=UTF-8''a%22%3Bb%0D%0AX-Evil%3A%201.html.png"), "{d}");
        assert!(HeaderValue::from_str(&d).is_ok());
        assert_eq!(
            disposition("???.jpg", "jpg"),
            "inline; filename=\"tai-lieu.jpg\"; filename*=UTF-8''%3F%3F%3F.jpg"
        );
    }
}
