use leptos::prelude::*;
use motcua_core::procedure::ProcedureVersion;

use crate::services::AgencyView;

/// The published components of a procedure (Decree 63/2010 Art. 8(2), SPEC §2), one
/// section each, in the order citizens read them: how to apply (channels with time and
/// fee), what to bring, steps, who may apply, where, result, conditions, legal basis.
#[component]
pub fn ProcedureSections(
    /// The version shown.
    version: ProcedureVersion,
    /// The owning agency.
    owner: Option<AgencyView>,
    /// Where dossiers are filed.
    units: Vec<AgencyView>,
) -> impl IntoView {
    let v = version;
    // Values the catalogue has not yet confirmed against the official text are said so.
    let unconfirmed = (!v.unconfirmed.is_empty()).then(|| {
        let what = if v.unconfirmed.iter().any(|u| u.starts_with("Toàn bộ")) {
            "Thông tin của thủ tục này".to_owned()
        } else {
            format!("Thông tin về {}", v.unconfirmed.join(", ").to_lowercase())
        };
        view! {
            <p class="unconfirmed" role="note">
                {what}
                " đang được đối chiếu với văn bản gốc. Vui lòng liên hệ nơi tiếp nhận để được xác nhận."
            </p>
        }
    });
    view! {
        {unconfirmed}
        <Section title="Cách thức thực hiện, thời hạn và phí">
            <ul class="channel-list">
                {v
                    .channels
                    .iter()
                    .map(|t| {
                        let amount = t.fee_vnd.map(|n| format!(" ({})", format_vnd(n)));
                        view! {
                            <li>
                                <strong>{t.channel.label()}</strong>
                                <span>"Thời hạn giải quyết: " {t.time_limit.to_string()}</span>
                                <span>"Phí, lệ phí: " {t.fee.clone()} {amount}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </Section>
        <Section title="Thành phần hồ sơ">
            <ol class="document-list">
                {v
                    .documents
                    .iter()
                    .map(|d| {
                        let template = d
                            .template
                            .clone()
                            .map(|t| {
                                view! {
                                    <a class="template" href=t download>
                                        "Tải mẫu đơn"
                                    </a>
                                }
                            });
                        view! {
                            <li>
                                <span>{d.label.clone()}</span>
                                <span class="muted-inline">
                                    {format!(" — {:02} bản", d.copies)}
                                    {(!d.required && !d.label.contains("nếu có")).then_some(" (nếu có)")}
                                </span>
                                {template}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </Section>
        {(!v.steps.is_empty())
            .then(|| {
                view! {
                    <Section title="Trình tự thực hiện">
                        <ol>{v.steps.iter().map(|s| view! { <li>{s.clone()}</li> }).collect_view()}</ol>
                    </Section>
                }
            })}
        {(!v.subjects.is_empty())
            .then(|| {
                view! {
                    <Section title="Đối tượng thực hiện">
                        <ul>
                            {v.subjects.iter().map(|s| view! { <li>{s.clone()}</li> }).collect_view()}
                        </ul>
                    </Section>
                }
            })}
        <Section title="Cơ quan thực hiện">
            <p>{v.agency.clone()}</p>
            {owner.map(|o| view! { <p class="muted-inline">"Cơ quan chủ trì: " {o.name}</p> })}
            <ul class="unit-list">
                {units
                    .into_iter()
                    .map(|u| {
                        view! {
                            <li>
                                <strong>{u.name}</strong>
                                <span>{u.address}</span>
                                <span>"Điện thoại: " {u.phone}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </Section>
        <Section title="Kết quả thực hiện">
            <p>{v.result.clone()}</p>
        </Section>
        {(!v.conditions.is_empty())
            .then(|| {
                view! {
                    <Section title="Yêu cầu, điều kiện">
                        <ul>
                            {v.conditions.iter().map(|c| view! { <li>{c.clone()}</li> }).collect_view()}
                        </ul>
                    </Section>
                }
            })}
        <Section title="Căn cứ pháp lý">
            <ul>{v.legal_basis.iter().map(|b| view! { <li>{b.clone()}</li> }).collect_view()}</ul>
        </Section>
    }
}

#[component]
fn Section(title: &'static str, children: Children) -> impl IntoView {
    view! {
        <section class="procedure-section">
            <h2>{title}</h2>
            {children()}
        </section>
    }
}

/// 135000 → "135.000 đ" (Vietnamese thousands separator).
pub fn format_vnd(amount: u64) -> String {
    let digits = amount.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out + " đ"
}

#[cfg(test)]
mod tests {
    #[test]
    fn amounts_use_the_vietnamese_thousands_separator() {
        assert_eq!(super::format_vnd(0), "0 đ");
        assert_eq!(super::format_vnd(8_000), "8.000 đ");
        assert_eq!(super::format_vnd(135_000), "135.000 đ");
        assert_eq!(super::format_vnd(1_200_000), "1.200.000 đ");
    }
}
