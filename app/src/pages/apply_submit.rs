//! The browser side of submitting the application form: check it with `motcua-core`
//! (the server checks again with the same code), then post it in the background and
//! show the answer without losing anything typed.

use leptos::prelude::*;
use motcua_core::dossier::{FormErrors, FormSpec};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::services::{application_from_pairs, SubmitAnswer};

/// Handles the form's submit event.
pub fn submit(
    ev: leptos::ev::SubmitEvent,
    spec: StoredValue<FormSpec>,
    errors: RwSignal<FormErrors>,
    message: RwSignal<Option<String>>,
    pending: RwSignal<bool>,
) {
    ev.prevent_default();
    if pending.get_untracked() {
        return; // a double tap while the first is on its way
    }
    let Some(form) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
    else {
        return;
    };
    let Ok(data) = web_sys::FormData::new_with_form(&form) else {
        return;
    };
    let pairs = text_pairs(&data);
    let mut application =
        application_from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    for (name, _) in pairs.iter().filter(|(k, _)| k.starts_with("uploads.")) {
        *application
            .documents
            .entry(name["uploads.".len()..].to_owned())
            .or_default() += 1;
    }
    let today = motcua_core::deadline::vietnam_local(
        chrono::DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default(),
    )
    .date();
    if let Err(found) = spec.with_value(|s| application.validate(s, today)) {
        refuse(errors, message, found);
        return;
    }
    errors.set(FormErrors::default());
    message.set(None);
    pending.set(true);
    post(&form.action(), &data, errors, message, pending);
}

fn refuse(errors: RwSignal<FormErrors>, message: RwSignal<Option<String>>, found: FormErrors) {
    message.set(Some(format!(
        "Hồ sơ chưa hợp lệ ({} mục cần sửa): {}",
        found.len(),
        found
            .as_slice()
            .first()
            .map(|e| e.message.as_str())
            .unwrap_or_default()
    )));
    errors.set(found);
    if let Some(w) = web_sys::window() {
        w.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// The form's text fields (files are already uploaded; their inputs are empty).
fn text_pairs(data: &web_sys::FormData) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let Ok(Some(iter)) = js_sys::try_iter(data) else {
        return out;
    };
    for entry in iter.flatten() {
        let pair = js_sys::Array::from(&entry);
        if let (Some(k), Some(v)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
            out.push((k, v));
        }
    }
    out
}

fn post(
    url: &str,
    data: &web_sys::FormData,
    errors: RwSignal<FormErrors>,
    message: RwSignal<Option<String>>,
    pending: RwSignal<bool>,
) {
    let fail = move |m: &str| {
        pending.set(false);
        message.set(Some(m.to_owned()));
    };
    let Ok(xhr) = web_sys::XmlHttpRequest::new() else {
        return fail("Trình duyệt không gửi được biểu mẫu.");
    };
    if xhr.open("POST", url).is_err() {
        return fail("Trình duyệt không gửi được biểu mẫu.");
    }
    let _ = xhr.set_request_header("Accept", "application/json");
    let done = xhr.clone();
    let on_load = Closure::<dyn FnMut()>::new(move || {
        let text = done.response_text().ok().flatten().unwrap_or_default();
        match serde_json::from_str::<SubmitAnswer>(&text) {
            Ok(SubmitAnswer::Submitted { redirect, .. }) => {
                if let Some(w) = web_sys::window() {
                    let _ = w.location().set_href(&redirect);
                }
            }
            Ok(SubmitAnswer::Refused {
                message: m,
                errors: found,
            }) => {
                pending.set(false);
                refuse(errors, message, found);
                message.set(Some(m));
            }
            Err(_) => fail("Máy chủ chưa nhận được hồ sơ. Vui lòng thử lại."),
        }
    });
    xhr.set_onload(Some(on_load.as_ref().unchecked_ref()));
    on_load.forget();
    let on_error = Closure::<dyn FnMut()>::new(move || {
        fail("Mất kết nối khi gửi hồ sơ. Vui lòng kiểm tra mạng và bấm «Nộp hồ sơ» lại: hồ sơ sẽ không bị nộp trùng.")
    });
    xhr.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    if xhr.send_with_opt_form_data(Some(data)).is_err() {
        fail("Không gửi được hồ sơ.");
    }
}
