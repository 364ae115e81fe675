//! What citizens expect from the search box, one test per behaviour.

use super::*;
use crate::procedure::{AdministrativeLevel, OnlineLevel};

/// An entry with neutral attributes; tests override what they are about.
fn entry(key: &str, name: &str) -> SearchEntry {
    SearchEntry {
        key: key.into(),
        name: name.into(),
        code: None,
        field: "Tư pháp".into(),
        agency_codes: vec![],
        level: AdministrativeLevel::Province,
        online_level: OnlineLevel::MotPhan,
        keywords: vec![],
    }
}

/// Keys of the hits, best first, and the total.
fn find_with(index: &SearchIndex, text: &str, filters: &SearchFilters) -> (usize, Vec<String>) {
    let query = SearchQuery::parse(text).unwrap();
    let results = index.search(&query, filters, usize::MAX);
    let keys = results
        .hits
        .iter()
        .map(|h| index.entries()[h.index].key.clone())
        .collect();
    (results.total, keys)
}

fn find(index: &SearchIndex, text: &str) -> Vec<String> {
    find_with(index, text, &SearchFilters::default()).1
}

fn catalogue() -> SearchIndex {
    SearchIndex::new(vec![
        entry("khai-sinh", "Đăng ký khai sinh"),
        entry("khai-tu", "Đăng ký khai tử"),
        entry("khai-sinh-nn", "Đăng ký khai sinh có yếu tố nước ngoài"),
        entry("ket-hon", "Đăng ký kết hôn"),
        entry("gplx-doi", "Cấp đổi giấy phép lái xe"),
        entry("gplx-lai", "Cấp lại giấy phép lái xe"),
    ])
}

#[test]
fn with_or_without_diacritics_the_same_procedure_is_found() {
    let index = catalogue();
    for text in [
        "dang ky khai sinh",
        "Đăng ký khai sinh",
        "ĐĂNG KÝ KHAI SINH",
    ] {
        assert_eq!(find(&index, text), ["khai-sinh", "khai-sinh-nn"], "{text}");
    }
}

#[test]
fn a_query_with_diacritics_prefers_words_written_the_same() {
    let index = SearchIndex::new(vec![
        entry("ma-tuy", "Cấp giấy phép nhập khẩu ma túy"),
        entry(
            "ma-so",
            "Cấp mã số đơn vị có quan hệ với ngân sách nhà nước",
        ),
    ]);
    // Without diacritics nothing tells them apart: the shorter name comes first.
    assert_eq!(find(&index, "ma"), ["ma-tuy", "ma-so"]);
    assert_eq!(find(&index, "mã"), ["ma-so", "ma-tuy"]);
    assert_eq!(find(&index, "cấp mã"), ["ma-so", "ma-tuy"]);
}

#[test]
fn every_query_word_must_match() {
    let index = catalogue();
    assert_eq!(find(&index, "khai sinh nuoc ngoai"), ["khai-sinh-nn"]);
    assert!(find(&index, "khai sinh ket hon").is_empty());
}

#[test]
fn a_repeated_word_still_has_to_match_and_counts_each_time() {
    let index = catalogue();
    assert_eq!(
        find(&index, "khai khai sinh"),
        ["khai-sinh", "khai-sinh-nn"]
    );
    assert!(find(&index, "ket ket xyz").is_empty());
    let score = |text: &str| {
        let query = SearchQuery::parse(text).unwrap();
        index.search(&query, &SearchFilters::default(), 1).hits[0].score
    };
    assert!(score("khai khai") > score("khai"));
}

#[test]
fn partial_words_match_as_prefixes() {
    let index = catalogue();
    assert_eq!(find(&index, "khai si"), ["khai-sinh", "khai-sinh-nn"]);
    assert_eq!(find(&index, "gi ph la"), ["gplx-doi", "gplx-lai"]);
    // A prefix is of a word, not inside one: "inh" is not "sinh".
    assert!(find(&index, "inh").is_empty());
}

#[test]
fn exact_words_rank_above_prefixes() {
    let index = SearchIndex::new(vec![
        entry("thue", "Khai thuế"),
        entry("thu-nhap", "Xác nhận thu nhập"),
    ]);
    // "thu" is the whole word in "thu nhập", only the start of "thuế" (shorter name).
    assert_eq!(find(&index, "thu"), ["thu-nhap", "thue"]);
}

#[test]
fn the_name_outweighs_code_and_field_which_outweigh_keywords() {
    let mut in_keywords = entry("tu-keywords", "Cấp bản sao trích lục");
    in_keywords.keywords = vec!["Chứng thực".into()];
    let mut in_field = entry("tu-field", "Cấp bản sao từ sổ gốc");
    in_field.field = "Chứng thực".into();
    let in_name = entry(
        "tu-name",
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
    );
    let index = SearchIndex::new(vec![in_keywords, in_field, in_name]);
    assert_eq!(
        find(&index, "chung thuc"),
        ["tu-name", "tu-field", "tu-keywords"]
    );
}

#[test]
fn word_order_is_free() {
    let index = catalogue();
    assert_eq!(
        find(&index, "sinh khai dang ky"),
        ["khai-sinh", "khai-sinh-nn"]
    );
}

#[test]
fn names_holding_the_words_in_order_rank_higher() {
    let index = SearchIndex::new(vec![
        entry("scattered", "Cấp giấy phép cho xe tập lái"),
        entry("in-order", "Đổi giấy phép lái xe do ngành Công an cấp"),
    ]);
    // The scattered name is shorter, yet the words in a row win.
    assert_eq!(find(&index, "giay phep lai xe"), ["in-order", "scattered"]);
    // Out of typed order counts as scattered: both lose the bonus, shorter first.
    assert_eq!(find(&index, "xe lai"), ["scattered", "in-order"]);
}

#[test]
fn names_starting_with_the_query_rank_highest() {
    let index = SearchIndex::new(vec![
        entry("inside", "Cấp giấy chứng nhận đăng ký kết hôn"),
        entry(
            "start",
            "Đăng ký kết hôn có yếu tố nước ngoài tại cơ quan đại diện",
        ),
    ]);
    assert_eq!(find(&index, "dang ky ket hon"), ["start", "inside"]);
}

#[test]
fn shorter_names_then_name_then_key_break_ties() {
    let index = SearchIndex::new(vec![
        entry("b", "Thủ tục khai sinh"),
        entry("a", "Thủ tục khai sinh"),
        entry("longer", "Thủ tục khai sinh lại"),
        entry("other", "Thủ tục khai sinh bổ"),
    ]);
    // Same score for all: length, then folded name ("bo" < "lai"), then key.
    assert_eq!(find(&index, "khai"), ["a", "b", "other", "longer"]);
}

#[test]
fn abbreviations_match_the_abbreviation_or_its_phrase() {
    let mut short = entry("short", "Đổi GPLX quân sự");
    short.keywords = vec!["GCN".into()];
    let index = SearchIndex::new(vec![
        short,
        entry("gplx", "Cấp đổi giấy phép lái xe"),
        entry("gcn", "Cấp giấy chứng nhận quyền sử dụng đất lần đầu"),
        entry("cccd", "Cấp thẻ căn cước công dân"),
        entry("lltp", "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam"),
        entry("hkd", "Đăng ký thành lập hộ kinh doanh"),
        entry("dn", "Đăng ký thành lập doanh nghiệp tư nhân"),
        entry("bhyt", "Cấp lại thẻ bảo hiểm y tế"),
        entry("gpxd", "Cấp giấy phép xây dựng nhà ở riêng lẻ"),
        entry("cmnd", "Xác nhận số chứng minh nhân dân"),
    ]);
    assert_eq!(find(&index, "doi GPLX"), ["short", "gplx"]);
    assert_eq!(find(&index, "gcn qsdđ"), ["gcn"]);
    assert_eq!(find(&index, "QSDD"), ["gcn"]);
    assert_eq!(find(&index, "cccd"), ["cccd"]);
    assert_eq!(find(&index, "LLTP"), ["lltp"]);
    assert_eq!(find(&index, "hkd"), ["hkd"]);
    assert_eq!(find(&index, "thanh lap DN"), ["dn"]);
    assert_eq!(find(&index, "bhyt"), ["bhyt"]);
    assert_eq!(find(&index, "gpxd"), ["gpxd"]);
    assert_eq!(find(&index, "CMND"), ["cmnd"]);
    // The phrase must be consecutive: "giấy" ... "xe" scattered is not GPLX.
    let scattered = SearchIndex::new(vec![entry("x", "Cấp giấy phép cho xe lái thử")]);
    assert!(find(&scattered, "gplx").is_empty());
    // An abbreviation in the name counts as in the name, above one in the keywords.
    assert_eq!(find(&index, "gcn"), ["gcn", "short"]);
}

#[test]
fn the_national_code_finds_its_procedure_first() {
    let mut target = entry("target", "Đăng ký khai sinh");
    target.code = Some("2.000815".into());
    let mut other = entry("other", "Cấp bản sao trích lục hộ tịch");
    other.code = Some("2.000816".into());
    let mut digits = entry("digits", "Thủ tục số 2000815");
    digits.code = Some("1.000001".into());
    let index = SearchIndex::new(vec![other, digits, target]);
    assert_eq!(find(&index, "2.000815"), ["target"]);
    assert_eq!(find(&index, "2000815"), ["target", "digits"]);
    // A partial code finds both codes it starts (equal scores: shorter name first).
    assert_eq!(find(&index, "2.00081"), ["target", "other"]);
}

#[test]
fn an_empty_query_lists_everything_by_name_then_key() {
    let index = SearchIndex::new(vec![
        entry("z", "Đăng ký kết hôn"),
        entry("y", "Cấp đổi giấy phép lái xe"),
        entry("b", "Đăng ký khai tử"),
        entry("a", "Đăng ký khai tử"),
    ]);
    assert_eq!(find(&index, ""), ["y", "z", "a", "b"]);
    assert_eq!(find(&index, " ;; "), ["y", "z", "a", "b"]);
}

#[test]
fn the_field_filter_ignores_case_and_diacritics() {
    let mut ho_tich = entry("ho-tich", "Đăng ký khai sinh");
    ho_tich.field = "Hộ tịch".into();
    let index = SearchIndex::new(vec![ho_tich, entry("tu-phap", "Đăng ký khai sinh lại")]);
    for field in ["Hộ tịch", "ho tich", "HO TICH"] {
        let filters = SearchFilters {
            field: Some(field.into()),
            ..SearchFilters::default()
        };
        assert_eq!(find_with(&index, "", &filters), (1, vec!["ho-tich".into()]));
        assert_eq!(find_with(&index, "khai", &filters).0, 1);
    }
}

#[test]
fn the_agency_filter_includes_units_below() {
    let at = |key: &str, codes: &[&str]| {
        let mut e = entry(key, key);
        e.agency_codes = codes.iter().map(|c| c.to_string()).collect();
        e
    };
    let index = SearchIndex::new(vec![
        at("province", &["H15"]),
        at("department", &["H15.50"]),
        at("commune", &["H15.50.05"]),
        at("both", &["H15.20", "H15.50.05"]),
        at("lookalike", &["H15.5", "H150.50"]),
    ]);
    let by_agency = |agency: &str| {
        let filters = SearchFilters {
            agency: Some(agency.into()),
            ..SearchFilters::default()
        };
        find_with(&index, "", &filters).1
    };
    assert_eq!(
        by_agency("H15"),
        ["both", "commune", "department", "lookalike", "province"]
    );
    assert_eq!(by_agency("H15.50"), ["both", "commune", "department"]);
    assert_eq!(by_agency("h15.50.05"), ["both", "commune"]);
    assert_eq!(by_agency("H15.20"), ["both"]);
    assert_eq!(by_agency("").len(), 5);
}

#[test]
fn level_and_online_level_filters_are_exact() {
    let mut commune = entry("commune", "Đăng ký khai sinh");
    commune.level = AdministrativeLevel::Commune;
    commune.online_level = OnlineLevel::ToanTrinh;
    let index = SearchIndex::new(vec![commune, entry("province", "Đăng ký khai sinh")]);
    let filters = |level, online_level| SearchFilters {
        level,
        online_level,
        ..SearchFilters::default()
    };
    let keys = |f: &SearchFilters| find_with(&index, "khai sinh", f).1;
    assert_eq!(
        keys(&filters(Some(AdministrativeLevel::Commune), None)),
        ["commune"]
    );
    assert_eq!(
        keys(&filters(Some(AdministrativeLevel::Province), None)),
        ["province"]
    );
    assert_eq!(
        keys(&filters(None, Some(OnlineLevel::ToanTrinh))),
        ["commune"]
    );
    assert!(keys(&filters(
        Some(AdministrativeLevel::Province),
        Some(OnlineLevel::ToanTrinh)
    ))
    .is_empty());
}

#[test]
fn the_limit_cuts_hits_but_total_counts_every_match() {
    let index = catalogue();
    let query = SearchQuery::parse("dang ky").unwrap();
    let all = index.search(&query, &SearchFilters::default(), usize::MAX);
    for limit in 0..=5 {
        let some = index.search(&query, &SearchFilters::default(), limit);
        assert_eq!(some.total, 4);
        assert_eq!(some.hits, all.hits[..limit.min(4)]);
    }
}

#[test]
fn decomposed_input_matches_like_precomposed() {
    // "Đăng ký khai sinh" typed with combining marks (NFD), as some keyboards send it.
    let index = catalogue();
    let nfd = "\u{0110}a\u{0306}ng ky\u{0301} khai sinh";
    assert_eq!(find(&index, nfd), ["khai-sinh", "khai-sinh-nn"]);
}

#[test]
fn an_empty_catalogue_finds_nothing() {
    let index = SearchIndex::new(vec![]);
    for text in ["", "khai sinh", "GPLX"] {
        assert_eq!(
            find_with(&index, text, &SearchFilters::default()),
            (0, vec![])
        );
    }
}
