use leptos::prelude::*;
use motcua_core::procedure::{OnlineLevel, ProcedureSummary};
use motcua_core::search::SearchQuery;

/// The result of a catalogue search: a sentence saying what was found, then one card
/// per procedure.
#[component]
pub fn ProcedureList(
    /// The query the list answers (empty for the whole catalogue).
    query: SearchQuery,
    /// Whether filters narrowed the list (then it is a match count, not the catalogue).
    #[prop(optional)]
    filtered: bool,
    /// How many procedures match in all (the list may show fewer).
    total: usize,
    /// The procedures found, best first.
    procedures: Vec<ProcedureSummary>,
) -> impl IntoView {
    let summary = summary_sentence(&query, filtered, total);
    view! {
        <p class="result-count" aria-live="polite">{summary}</p>
        <ul class="procedure-list">
            {procedures.into_iter().map(|p| view! { <ProcedureCard procedure=p /> }).collect_view()}
        </ul>
    }
}

fn summary_sentence(query: &SearchQuery, filtered: bool, count: usize) -> String {
    // A query of punctuation only ("%%") searches for nothing, like an empty one.
    match (query.is_empty(), count) {
        (true, 0) if filtered => "Không có thủ tục nào theo bộ lọc đã chọn.".to_owned(),
        (true, n) if filtered => format!("Có {n} thủ tục theo bộ lọc đã chọn"),
        (true, n) => format!("Danh mục gồm {n} thủ tục hành chính"),
        (false, 0) => format!(
            "Không tìm thấy thủ tục nào phù hợp với «{query}». Hãy thử từ khóa ngắn hơn, có dấu hoặc không dấu."
        ),
        (false, n) => format!("Tìm thấy {n} thủ tục phù hợp với «{query}»"),
    }
}

#[component]
fn ProcedureCard(procedure: ProcedureSummary) -> impl IntoView {
    let ProcedureSummary {
        slug,
        code,
        name,
        field,
        level,
        agency,
        time_limit,
        online_level,
        fee,
    } = procedure;
    let online_class = match online_level {
        OnlineLevel::ToanTrinh => "badge badge-full",
        OnlineLevel::MotPhan => "badge badge-partial",
        OnlineLevel::None => "badge badge-offline",
    };
    view! {
        <li class="procedure-card" data-slug=slug.clone()>
            <h2 class="procedure-name">
                <a href=format!("/thu-tuc/{slug}")>{name}</a>
            </h2>
            <p class="procedure-meta">
                {field} " · " {level.label()} {code.map(|code| view! { " · Mã " {code} })}
            </p>
            <div class="badges">
                <span class="badge badge-time">"Thời hạn: " {time_limit.to_string()}</span>
                <span class=online_class>{online_level.label()}</span>
            </div>
            <dl class="procedure-facts">
                <dt>"Cơ quan thực hiện"</dt>
                <dd>{agency}</dd>
                <dt>"Phí, lệ phí"</dt>
                <dd>{fee}</dd>
            </dl>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::summary_sentence;
    use motcua_core::search::SearchQuery;

    fn sentence(query: &str, count: usize) -> String {
        summary_sentence(&SearchQuery::parse(query).unwrap(), false, count)
    }

    #[test]
    fn summary_names_the_query_and_the_count() {
        assert_eq!(sentence("", 16), "Danh mục gồm 16 thủ tục hành chính");
        assert_eq!(
            sentence(" khai sinh ", 2),
            "Tìm thấy 2 thủ tục phù hợp với «khai sinh»"
        );
        assert!(sentence("xyz", 0).starts_with("Không tìm thấy thủ tục nào"));
        assert_eq!(sentence(" %% ", 16), "Danh mục gồm 16 thủ tục hành chính");
    }
}
