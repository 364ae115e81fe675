//! Properties of the ranked search against a plain reference: the integer-numbered index
//! must find exactly the entries a direct, string-by-string reading of the rules finds.

use proptest::prelude::*;

use super::*;
use crate::procedure::{AdministrativeLevel, OnlineLevel};
use crate::text::fold;

const NAMES: &[(&str, Option<&str>, &str, &[&str])] = &[
    (
        "Đăng ký khai sinh",
        Some("1.001193"),
        "Hộ tịch",
        &["Giấy khai sinh"],
    ),
    (
        "Đăng ký khai tử",
        Some("1.000656"),
        "Hộ tịch",
        &["Trích lục khai tử"],
    ),
    (
        "Cấp đổi giấy phép lái xe",
        Some("1.002804"),
        "Đường bộ",
        &[],
    ),
    (
        "Cấp lại giấy phép lái xe",
        None,
        "Đường bộ",
        &["Giấy phép lái xe"],
    ),
    (
        "Cấp giấy chứng nhận quyền sử dụng đất lần đầu",
        Some("1.004227"),
        "Đất đai",
        &[],
    ),
    (
        "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
        Some("2.000488"),
        "Lý lịch tư pháp",
        &["Phiếu LLTP số 1", "Phiếu LLTP số 2"],
    ),
    (
        "Đăng ký thành lập hộ kinh doanh",
        Some("2.000720"),
        "Thành lập và hoạt động của hộ kinh doanh",
        &["Giấy chứng nhận đăng ký hộ kinh doanh"],
    ),
    (
        "Cấp giấy phép xây dựng nhà ở riêng lẻ",
        Some("1.009794"),
        "Xây dựng",
        &[],
    ),
    (
        "Cấp mã số đơn vị có quan hệ với ngân sách",
        None,
        "Tài chính",
        &["Mã số ĐVQHNS"],
    ),
    ("Cấp giấy phép nhập khẩu ma túy", None, "Y tế", &[]),
    (
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
        Some("2.000815"),
        "Chứng thực",
        &[],
    ),
    (
        "Cấp lại thẻ bảo hiểm y tế",
        None,
        "Bảo hiểm y tế",
        &["Thẻ BHYT"],
    ),
    (
        "Đăng ký thường trú",
        Some("1.004194"),
        "Đăng ký, quản lý cư trú",
        &[],
    ),
];

fn index() -> SearchIndex {
    let entries = NAMES
        .iter()
        .enumerate()
        .map(|(i, (name, code, field, keywords))| SearchEntry {
            key: format!("k{i:02}"),
            name: name.to_string(),
            code: code.map(str::to_owned),
            field: field.to_string(),
            agency_codes: vec![format!("H15.{}", 10 + i % 3)],
            level: [AdministrativeLevel::Province, AdministrativeLevel::Commune][i % 2],
            online_level: OnlineLevel::MotPhan,
            keywords: keywords.iter().map(|k| k.to_string()).collect(),
        })
        .collect();
    SearchIndex::new(entries)
}

/// The rules read literally: every query word starts a folded word of some part of the
/// entry (the code also written without separators), or is an abbreviation whose phrase
/// occurs in a part, words in a row.
fn reference_matches(entry: &SearchEntry, query: &SearchQuery) -> bool {
    let fold_words = |t: &str| -> Vec<String> { fold(t).split(' ').map(str::to_owned).collect() };
    let mut parts = vec![fold_words(&entry.name), fold_words(&entry.field)];
    if let Some(code) = &entry.code {
        parts.push(fold_words(code));
        parts.push(vec![fold(code).replace(' ', "")]);
    }
    parts.extend(entry.keywords.iter().map(|k| fold_words(k)));
    let table: Vec<(String, Vec<String>)> = synonyms::folded().collect();
    query.words().iter().all(|q| {
        let phrase = table.iter().find(|(a, _)| a == q).map(|(_, p)| p);
        parts.iter().any(|part| {
            part.iter().any(|w| w.starts_with(q.as_str()))
                || phrase.is_some_and(|p| part.windows(p.len()).any(|w| w == p.as_slice()))
        })
    })
}

/// Query words: whole words of the catalogue (as written or folded), their prefixes,
/// abbreviations, code pieces and words found nowhere.
fn word() -> impl Strategy<Value = String> {
    let mut pool: Vec<String> = NAMES
        .iter()
        .flat_map(|(name, _, field, keywords)| {
            let mut texts = vec![name.to_string(), field.to_string()];
            texts.extend(keywords.iter().map(|k| k.to_string()));
            texts
        })
        .flat_map(|t| t.split([' ', ',']).map(str::to_owned).collect::<Vec<_>>())
        .filter(|w| !w.is_empty())
        .collect();
    pool.extend(
        [
            "GPLX", "gcn", "QSDĐ", "lltp", "HKD", "dn", "BHYT", "gpxd", "cccd", "2", "000815",
            "2000815", "1.00", "xyz", "kh", "c",
        ]
        .map(str::to_owned),
    );
    (proptest::sample::select(pool), 0usize..4, any::<bool>()).prop_map(|(w, cut, folded)| {
        let w = if folded { fold(&w) } else { w };
        let keep = w.chars().count().saturating_sub(cut).max(1);
        w.chars().take(keep).collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// The index finds exactly what the literal rules find, and ranks them best first.
    #[test]
    fn the_index_finds_what_the_rules_say(words in proptest::collection::vec(word(), 0..4)) {
        thread_local!(static INDEX: SearchIndex = index());
        let query = SearchQuery::parse(&words.join(" ")).unwrap();
        INDEX.with(|index| {
            let results = index.search(&query, &SearchFilters::default(), usize::MAX);
            let mut found: Vec<usize> = results.hits.iter().map(|h| h.index).collect();
            prop_assert_eq!(results.total, found.len());
            prop_assert!(results.hits.windows(2).all(|w| w[0].score >= w[1].score));
            found.sort_unstable();
            let expected: Vec<usize> = (0..index.len())
                .filter(|&i| reference_matches(&index.entries()[i], &query))
                .collect();
            prop_assert_eq!(found, expected);
            Ok(())
        })?;
    }

    /// The limit keeps the first hits of the full ranking, whatever the filters.
    #[test]
    fn a_limit_is_a_prefix_of_the_full_ranking(
        words in proptest::collection::vec(word(), 0..3),
        limit in 0usize..8,
        level in proptest::option::of(prop_oneof![Just(AdministrativeLevel::Province), Just(AdministrativeLevel::Commune)]),
        agency in proptest::option::of(prop_oneof![Just("H15"), Just("H15.11"), Just("H16")]),
    ) {
        let index = index();
        let query = SearchQuery::parse(&words.join(" ")).unwrap();
        let filters = SearchFilters { level, agency: agency.map(str::to_owned), ..SearchFilters::default() };
        let all = index.search(&query, &filters, usize::MAX);
        let some = index.search(&query, &filters, limit);
        prop_assert_eq!(some.total, all.total);
        prop_assert_eq!(&some.hits[..], &all.hits[..limit.min(all.hits.len())]);
        for hit in &all.hits {
            let entry = &index.entries()[hit.index];
            prop_assert!(level.is_none_or(|l| l == entry.level));
            prop_assert!(agency.is_none_or(|a| entry.agency_codes[0].starts_with(a)));
        }
    }
}
