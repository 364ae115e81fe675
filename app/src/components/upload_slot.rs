use leptos::prelude::*;
use motcua_core::dossier::DocumentSlot;
use motcua_core::dossier::{format_size, DocumentFormat, UploadLimits};
use serde::Deserialize;

/// One file of a slot, as the page tracks it.
#[derive(Debug, Clone, PartialEq)]
struct SlotFile {
    /// Local id (position in the slot's history).
    key: usize,
    name: String,
    size: u64,
    /// 0–100 while sending.
    progress: u32,
    /// The staged upload's token once the server kept it.
    token: Option<String>,
    /// Why it was refused, in Vietnamese.
    error: Option<String>,
}

/// What `POST /api/v1/uploads` answers.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
struct UploadAnswer {
    token: Option<String>,
    error: Option<String>,
}

/// One upload slot per required document (several files each). Without JavaScript it is
/// a plain multiple file input posted with the form. In the browser, each chosen file
/// is checked by content (`motcua-core`: PDF, JPEG or PNG; size limits) and sent at once
/// with its own progress bar; the form then carries only the upload tokens.
#[component]
pub fn UploadSlot(
    /// The document.
    document: DocumentSlot,
    /// Size limits.
    limits: UploadLimits,
    /// The server's message for this slot after a refused submission.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let slot = document;
    let files = RwSignal::new(Vec::<SlotFile>::new());
    let input_name = format!("documents.{}", slot.name);
    let token_name = format!("uploads.{}", slot.name);
    let input_id = format!("doc-{}", slot.name);
    let label = slot.label.clone();
    let on_change = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        start_uploads(&ev, files, limits);
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, limits);
    };
    let remove = move |key: usize| files.update(|list| list.retain(|f| f.key != key));

    view! {
        <div class="upload-slot" class:invalid=move || error.get().is_some()>
            <label for=input_id.clone() class="slot-label">
                {label}
                {(!slot.required && !slot.label.contains("nếu có")).then_some(" (nếu có)")}
                <small class="hint">{format!("{:02} bản · PDF, JPEG hoặc PNG, tối đa {} mỗi tệp", slot.copies, format_size(limits.max_file_bytes))}</small>
            </label>
            <input
                id=input_id
                type="file"
                name=input_name
                multiple
                accept=DocumentFormat::ACCEPT
                on:change=on_change
            />
            <ul class="slot-files">
                <For each=move || files.get() key=|f| (f.key, f.progress, f.token.clone(), f.error.clone()) let:file>
                    {
                        let key = file.key;
                        view! {
                            <li class="slot-file" class:failed=file.error.is_some()>
                                <span class="file-name">{file.name.clone()}</span>
                                <span class="file-size">{format_size(file.size)}</span>
                                <button type="button" class="link" on:click=move |_| remove(key)>"Xóa"</button>
                                {match (&file.token, &file.error) {
                                    (_, Some(e)) => view! { <span class="field-error" role="alert">{e.clone()}</span> }.into_any(),
                                    (Some(t), None) => view! {
                                        <input type="hidden" name=token_name.clone() value=t.clone() />
                                        <span class="file-ok">"Đã tải lên"</span>
                                    }.into_any(),
                                    (None, None) => view! {
                                        <progress max="100" value=file.progress aria-label="Tiến độ tải lên"></progress>
                                    }.into_any(),
                                }}
                            </li>
                        }
                    }
                </For>
            </ul>
            {move || error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
        </div>
    }
}

/// Checks each chosen file in the browser, then sends it with progress; the input is
/// cleared so that the form does not send the bytes a second time.
#[cfg(feature = "hydrate")]
fn start_uploads(ev: &leptos::ev::Event, files: RwSignal<Vec<SlotFile>>, limits: UploadLimits) {
    use wasm_bindgen::JsCast;
    let Some(input) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return;
    };
    let Some(list) = input.files() else { return };
    for i in 0..list.length() {
        let Some(file) = list.get(i) else { continue };
        let key = files.with_untracked(|l| l.iter().map(|f| f.key + 1).max().unwrap_or(0));
        let entry = SlotFile {
            key,
            name: file.name(),
            size: file.size() as u64,
            progress: 0,
            token: None,
            error: None,
        };
        files.update(|l| l.push(entry));
        let set = move |f: &dyn Fn(&mut SlotFile)| {
            files.update(|l| {
                if let Some(x) = l.iter_mut().find(|x| x.key == key) {
                    f(x)
                }
            })
        };
        // The size is known before reading: refuse too-large files without sending them.
        let already: u64 =
            files.with_untracked(|l| l.iter().filter(|f| f.token.is_some()).map(|f| f.size).sum());
        let name = file.name();
        let size = file.size() as u64;
        let head = file.slice_with_f64_and_f64(0.0, 16.0);
        let Ok(head) = head else { continue };
        leptos::task::spawn_local(async move {
            let bytes = match wasm_bindgen_futures::JsFuture::from(head.array_buffer()).await {
                Ok(buf) => js_sys::Uint8Array::new(&buf).to_vec(),
                Err(_) => Vec::new(),
            };
            if let Err(e) = limits.check_file(&name, &bytes, size, already) {
                set(&|x| x.error = Some(e.to_string()));
                return;
            }
            send(file, key, files);
        });
    }
    input.set_value("");
}

/// `POST /api/v1/uploads` with an XMLHttpRequest (fetch has no upload progress).
#[cfg(feature = "hydrate")]
fn send(file: web_sys::File, key: usize, files: RwSignal<Vec<SlotFile>>) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let set = move |f: Box<dyn Fn(&mut SlotFile)>| {
        files.update(|l| {
            if let Some(x) = l.iter_mut().find(|x| x.key == key) {
                f(x)
            }
        })
    };
    let fail = move |m: &str| {
        let m = m.to_owned();
        set(Box::new(move |x| x.error = Some(m.clone())))
    };
    let (Ok(xhr), Ok(data)) = (web_sys::XmlHttpRequest::new(), web_sys::FormData::new()) else {
        return fail("Trình duyệt không hỗ trợ tải tệp lên.");
    };
    if data
        .append_with_blob_and_filename("file", &file, &file.name())
        .is_err()
        || xhr.open("POST", "/api/v1/uploads").is_err()
    {
        return fail("Không gửi được tệp.");
    }
    let _ = xhr.set_request_header("Accept", "application/json");
    if let Ok(upload) = xhr.upload() {
        let on_progress =
            Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
                if e.length_computable() && e.total() > 0.0 {
                    let p = (e.loaded() / e.total() * 100.0) as u32;
                    set(Box::new(move |x| x.progress = p.min(99)));
                }
            });
        upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
        on_progress.forget();
    }
    let done_xhr = xhr.clone();
    let on_done = Closure::<dyn FnMut()>::new(move || {
        let text = done_xhr.response_text().ok().flatten().unwrap_or_default();
        match serde_json::from_str::<UploadAnswer>(&text) {
            Ok(UploadAnswer { token: Some(t), .. }) => set(Box::new(move |x| {
                x.progress = 100;
                x.token = Some(t.clone());
            })),
            Ok(UploadAnswer { error: Some(e), .. }) => fail(&e),
            _ => fail("Máy chủ không nhận tệp. Vui lòng thử lại."),
        }
    });
    xhr.set_onload(Some(on_done.as_ref().unchecked_ref()));
    on_done.forget();
    let on_error =
        Closure::<dyn FnMut()>::new(move || fail("Mất kết nối khi tải tệp. Vui lòng thử lại."));
    xhr.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    if xhr.send_with_opt_form_data(Some(&data)).is_err() {
        fail("Không gửi được tệp.");
    }
}
