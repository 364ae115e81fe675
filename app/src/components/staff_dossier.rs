use leptos::prelude::*;
use motcua_core::dossier::DossierStatus;

use crate::services::{ActionField, ActionView, Urgency};

/// The CSS class of a status badge (same colours as the citizens' pages).
pub fn status_class(status: DossierStatus) -> &'static str {
    match status {
        DossierStatus::Refused | DossierStatus::Withdrawn | DossierStatus::Stopped => {
            "status status-end"
        }
        DossierStatus::SupplementRequested | DossierStatus::AwaitingPayment => "status status-wait",
        DossierStatus::Decided | DossierStatus::Returned => "status status-done",
        _ => "status",
    }
}

/// The CSS class of a queue line's urgency: red, orange, yellow, grey.
pub fn urgency_class(urgency: Urgency) -> &'static str {
    match urgency {
        Urgency::Overdue => "urgency-overdue",
        Urgency::DueToday => "urgency-today",
        Urgency::DueSoon => "urgency-soon",
        Urgency::Paused => "urgency-paused",
        Urgency::Normal => "urgency-normal",
        Urgency::Done => "urgency-done",
    }
}

/// One input of an action form, named as the server reads it.
fn field_view(field: ActionField) -> AnyView {
    match field {
        ActionField::Items { label } => view! {
            <label class="field">
                <span>{label}</span>
                <textarea name="items" rows="4" required></textarea>
            </label>
        }
        .into_any(),
        ActionField::Text {
            name,
            label,
            required,
        } => view! {
            <label class="field">
                <span>{label}</span>
                <input name=name required=required maxlength="300" />
            </label>
        }
        .into_any(),
        ActionField::LongText {
            name,
            label,
            required,
        } => view! {
            <label class="field">
                <span>{label}</span>
                <textarea name=name rows="3" required=required maxlength="2000"></textarea>
            </label>
        }
        .into_any(),
        ActionField::Choice {
            name,
            label,
            options,
        } => {
            let empty = options.is_empty();
            view! {
                <label class="field">
                    <span>{label}</span>
                    <select name=name required>
                        {empty.then(|| view! { <option value="">"(Không có lựa chọn)"</option> })}
                        {options
                            .into_iter()
                            .map(|(value, text)| view! { <option value=value>{text}</option> })
                            .collect_view()}
                    </select>
                </label>
            }
            .into_any()
        }
        ActionField::DateTime { label, min } => view! {
            <label class="field">
                <span>{label}</span>
                <input type="datetime-local" name="new_due" min=min required />
                <span class="hint">"Giờ Việt Nam; phải sau ngày hẹn hiện tại. Chỉ được hẹn lại một lần."</span>
            </label>
        }
        .into_any(),
        ActionField::Files { label } => view! {
            <label class="field">
                <span>{label}</span>
                <input
                    type="file"
                    name="files"
                    multiple
                    required
                    accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
                />
            </label>
        }
        .into_any(),
    }
}

/// The form of one action: a plain `multipart/form-data` post to
/// `/can-bo/ho-so/{id}/thao-tac` with `action`, `row_version` and the action's fields
/// (works without JavaScript; the server redirects back with the outcome). An action
/// that asks nothing is one button; the others open their form first.
#[component]
pub fn ActionCard(
    /// The dossier's id.
    dossier_id: String,
    /// The version the officer saw.
    row_version: i64,
    /// The action.
    action: ActionView,
) -> impl IntoView {
    let target = format!("/can-bo/ho-so/{dossier_id}/thao-tac");
    let button = if action.danger {
        "button danger"
    } else {
        "button primary"
    };
    let hidden = view! {
        <input type="hidden" name="action" value=action.action.clone() />
        <input type="hidden" name="row_version" value=row_version.to_string() />
    };
    if action.fields.is_empty() {
        return view! {
            <form class="action-form single" method="post" enctype="multipart/form-data" action=target>
                {hidden}
                <button type="submit" class=format!("{button} wide") data-action=action.action.clone()>
                    {action.label.clone()}
                </button>
            </form>
        }
        .into_any();
    }
    let class = if action.danger {
        "action-card danger"
    } else {
        "action-card"
    };
    view! {
        <details class=class data-action=action.action.clone()>
            <summary>{action.label.clone()}</summary>
            <form class="action-form stack" method="post" enctype="multipart/form-data" action=target>
                {hidden}
                {action.fields.into_iter().map(field_view).collect_view()}
                <button type="submit" class=button>"Xác nhận: " {action.label.clone()}</button>
            </form>
        </details>
    }
    .into_any()
}
