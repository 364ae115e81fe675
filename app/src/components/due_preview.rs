use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use chrono::DateTime;
use leptos::prelude::*;
use motcua_core::deadline::{UnitCalendar, UnitSchedule};
use motcua_core::procedure::{Channel, ChannelTerms};

use crate::services::AgencyView;

/// "Nếu nộp ngay bây giờ, ngày hẹn trả dự kiến: …", computed by `motcua-core` from the
/// procedure's limit for the chosen channel and the chosen unit's calendar (sent with
/// the page as data). The same component renders on the server and in the browser; the
/// first render of both uses the server's clock (`server_now_ms`), so hydration finds
/// the text it expects; then the browser's clock takes over, once a minute.
///
/// Without JavaScript, the unit and channel choices are a GET form answered by the
/// server (`?don_vi=…&kenh=…`).
#[component]
pub fn DuePreview(
    /// Units where the dossier can be filed.
    units: Vec<AgencyView>,
    /// Channels with their limits.
    channels: Vec<ChannelTerms>,
    /// The server's clock when the page was read (Unix ms, UTC).
    server_now_ms: i64,
    /// The unit chosen at first render.
    initial_unit: String,
    /// The channel chosen at first render.
    initial_channel: Channel,
    /// When the preview sits above an application form: that form's id. The unit
    /// choice then belongs to the form (`name="unit"`, HTML `form` attribute) instead of
    /// the preview's own GET form, so the citizen picks the unit once.
    #[prop(optional, into)]
    form_id: Option<String>,
) -> impl IntoView {
    let in_form = form_id.is_some();
    let (unit, set_unit) = signal(initial_unit);
    let (channel, set_channel) = signal(initial_channel);
    let (now_ms, set_now_ms) = signal(server_now_ms);
    let (hydrated, set_hydrated) = signal(false);
    Effect::new(move |_| {
        set_hydrated.set(true);
        start_browser_clock(set_now_ms);
    });

    let units = StoredValue::new(units);
    let channels = StoredValue::new(channels);
    let chosen_unit = move || {
        units.with_value(|list| {
            let code = unit.get();
            list.iter()
                .find(|u| u.code == code)
                .or(list.first())
                .cloned()
        })
    };
    let text = move || {
        let Some(u) = chosen_unit() else {
            return "Chưa có đơn vị tiếp nhận hồ sơ của thủ tục này.".to_owned();
        };
        let Some(terms) = channels.with_value(|list| {
            list.iter()
                .find(|t| t.channel == channel.get())
                .or(list.first())
                .cloned()
        }) else {
            return "Thủ tục chưa công bố cách thức thực hiện.".to_owned();
        };
        let Some(now) = DateTime::from_timestamp_millis(now_ms.get()) else {
            return String::new();
        };
        match schedule_for(&u.calendar) {
            Some(schedule) => schedule.preview_text(now, &terms.time_limit),
            None => "Không tính được ngày hẹn trả: lịch làm việc của đơn vị không hợp lệ.".into(),
        }
    };
    let hours = move || {
        chosen_unit()
            .map(|u| {
                format!(
                    "Tính theo lịch làm việc của {}: {}.",
                    u.name,
                    describe_hours(&u.calendar)
                )
            })
            .unwrap_or_default()
    };

    view! {
        <section class="due-preview" aria-labelledby="due-preview-title">
            <h2 id="due-preview-title" class="visually-hidden">
                "Ngày hẹn trả kết quả dự kiến"
            </h2>
            <p class="due-text" data-testid="due-preview" aria-live="polite">
                {text}
            </p>
            <p class="due-note">
                {hours}
                " Thời gian được tính từ khi hồ sơ được tiếp nhận; đây là ngày dự kiến."
            </p>
            <form
                class="due-choices"
                method="get"
                data-hydrated=move || hydrated.get().to_string()
                data-in-form=in_form.to_string()
            >
                {move || {
                    units
                        .with_value(|list| list.len() > 1)
                        .then(|| {
                            view! {
                                <label class="field">
                                    <span>"Nơi nộp hồ sơ"</span>
                                    <select
                                        name=if in_form { "unit" } else { "don_vi" }
                                        form=form_id.clone()
                                        on:change=move |ev| set_unit.set(event_target_value(&ev))
                                    >
                                        {units
                                            .get_value()
                                            .into_iter()
                                            .map(|u| {
                                                let selected = u.code == unit.get_untracked();
                                                view! {
                                                    <option value=u.code.clone() selected=selected>
                                                        {u.name}
                                                    </option>
                                                }
                                            })
                                            .collect_view()}
                                    </select>
                                </label>
                            }
                        })
                }}
                <fieldset class="channels" hidden=move || channels.with_value(|l| l.len() < 2)>
                    <legend>"Cách thức nộp"</legend>
                    {channels
                        .get_value()
                        .into_iter()
                        .map(|t| {
                            let value = t.channel.as_str();
                            let checked = t.channel == channel.get_untracked();
                            view! {
                                <label class="channel">
                                    <input
                                        type="radio"
                                        name="kenh"
                                        value=value
                                        checked=checked
                                        on:change=move |_| set_channel.set(t.channel)
                                    />
                                    <span>{t.channel.label()}</span>
                                </label>
                            }
                        })
                        .collect_view()}
                </fieldset>
                <button type="submit" class="button secondary no-js-only" hidden=in_form>
                    "Tính lại ngày hẹn"
                </button>
            </form>
        </section>
    }
}

/// Building a calendar takes a few milliseconds (in the browser too): each unit's is
/// built once per process (or page) and shared.
fn schedule_for(calendar: &UnitCalendar) -> Option<Arc<UnitSchedule>> {
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<UnitSchedule>>>> = OnceLock::new();
    let key = serde_json::to_string(calendar).ok()?;
    let cache = CACHE.get_or_init(Default::default);
    if let Some(found) = cache.lock().ok()?.get(&key) {
        return Some(found.clone());
    }
    let built = Arc::new(calendar.build().ok()?);
    cache.lock().ok()?.insert(key, built.clone());
    Some(built)
}

/// "thứ Hai đến thứ Sáu, 07:00-11:30,13:30-17:00" in words citizens read.
fn describe_hours(calendar: &UnitCalendar) -> String {
    let saturday = calendar.week.contains("sat");
    let days = if saturday {
        "thứ Hai đến sáng thứ Bảy"
    } else {
        "thứ Hai đến thứ Sáu"
    };
    let hours = calendar
        .office_hours
        .split(';')
        .next()
        .unwrap_or_default()
        .replace(',', " và ")
        .replace('-', "–");
    format!("{days}, {hours}")
}

/// Moves the preview to the browser's clock now and every 30 seconds (so the minute
/// shown is never more than half a minute late).
#[cfg(feature = "hydrate")]
fn start_browser_clock(set_now_ms: WriteSignal<i64>) {
    let tick = move || set_now_ms.set(js_sys::Date::now() as i64);
    tick();
    let _ = set_interval_with_handle(tick, std::time::Duration::from_secs(30));
}

#[cfg(not(feature = "hydrate"))]
fn start_browser_clock(_: WriteSignal<i64>) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn office_hours_are_described_in_words() {
        let mut c = UnitCalendar::national("H15.50");
        assert_eq!(
            describe_hours(&c),
            "thứ Hai đến thứ Sáu, 07:00–11:30 và 13:30–17:00"
        );
        c.week = "mon,tue,wed,thu,fri,sat".into();
        assert!(describe_hours(&c).starts_with("thứ Hai đến sáng thứ Bảy"));
    }
}
