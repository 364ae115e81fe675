//! A deterministic catalogue of realistic Vietnamese procedures, and a fixed list of
//! realistic queries, shared by `benches/search.rs` and `examples/search_p95.rs`.
//!
//! Names combine real parts of published procedure names: a verb ("Cấp đổi"), an object
//! ("giấy phép lái xe") and sometimes a qualifier ("cho công dân Việt Nam"), with the
//! object's field, agencies in a province tree (H15, H15.xx, H15.xx.yy) and national
//! codes like "1.00xxxx". A fixed-seed xorshift picks the combinations, so every run
//! measures the same catalogue. It lives in a subdirectory so that cargo does not take it
//! for a bench target of its own, and is included with `#[path]`, outside the library.

use std::collections::HashSet;

use motcua_core::procedure::{AdministrativeLevel, OnlineLevel};
use motcua_core::search::{SearchEntry, SearchFilters};
use motcua_core::text::slugify;

/// xorshift64* (Vigna): deterministic, tiny, good enough for picking parts.
pub struct XorShift(pub u64);

impl XorShift {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// An index below `n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Verbs of papers that are issued (giấy phép, giấy chứng nhận, thẻ, chứng chỉ).
#[rustfmt::skip]
const ISSUE: &[&str] = &[
    "Cấp", "Cấp đổi", "Cấp lại", "Gia hạn", "Thu hồi", "Điều chỉnh", "Cấp bản sao",
];
/// Verbs of registrations (hộ tịch, cư trú, kinh doanh, đất đai).
#[rustfmt::skip]
const REGISTER: &[&str] = &[
    "Đăng ký", "Đăng ký lại", "Đăng ký thay đổi", "Xác nhận", "Xóa đăng ký",
];
/// Verbs of files that are examined (chứng thực, trợ cấp, thẩm định).
#[rustfmt::skip]
const EXAMINE: &[&str] = &[
    "Chứng thực", "Xác nhận", "Thẩm định", "Giải quyết", "Phê duyệt", "Tiếp nhận",
];

/// Fields (lĩnh vực): index into this list, with the department (sở) code handling it.
#[rustfmt::skip]
const FIELDS: &[&str] = &[
    "Hộ tịch", "Chứng thực", "Nuôi con nuôi", "Lý lịch tư pháp", "Quốc tịch", "Đường bộ",
    "Đăng kiểm", "Xây dựng", "Nhà ở", "Đất đai", "Môi trường", "Tài nguyên nước",
    "Thành lập và hoạt động doanh nghiệp", "Thành lập và hoạt động của hộ kinh doanh",
    "Kinh tế hợp tác", "Thuế", "Bảo hiểm y tế", "Bảo hiểm xã hội", "Lao động", "Việc làm",
    "Người có công", "Bảo trợ xã hội", "Giáo dục và Đào tạo", "Dược phẩm",
    "Khám bệnh, chữa bệnh", "An toàn thực phẩm", "Văn hóa", "Du lịch", "Xuất bản",
    "Xuất nhập cảnh", "Cư trú", "Căn cước", "Thú y", "Điện lực", "Phòng cháy và chữa cháy",
    "Lưu thông hàng hóa trong nước",
];

/// Objects: (text, verbs, field index, result name for the keywords).
#[rustfmt::skip]
const OBJECTS: &[(&str, &[&str], usize, &str)] = &[
    ("giấy phép lái xe", ISSUE, 5, "Giấy phép lái xe"),
    ("giấy phép lái xe quốc tế", ISSUE, 5, "Giấy phép lái xe quốc tế"),
    ("giấy chứng nhận kiểm định xe cơ giới", ISSUE, 6, "Tem kiểm định"),
    ("hộ chiếu phổ thông", ISSUE, 29, "Hộ chiếu"),
    ("thẻ căn cước công dân", ISSUE, 31, "Thẻ căn cước"),
    ("giấy phép xây dựng nhà ở riêng lẻ", ISSUE, 7, "Giấy phép xây dựng"),
    ("giấy phép xây dựng công trình", ISSUE, 7, "Giấy phép xây dựng"),
    ("giấy chứng nhận quyền sử dụng đất", ISSUE, 9, "Giấy chứng nhận"),
    ("giấy chứng nhận quyền sở hữu nhà ở", ISSUE, 8, "Giấy chứng nhận"),
    ("Phiếu lý lịch tư pháp", ISSUE, 3, "Phiếu lý lịch tư pháp số 1"),
    ("giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm", ISSUE, 25, "Giấy chứng nhận ATTP"),
    ("giấy phép bán lẻ rượu", ISSUE, 35, "Giấy phép"),
    ("giấy phép kinh doanh dịch vụ lữ hành nội địa", ISSUE, 27, "Giấy phép kinh doanh"),
    ("thẻ hướng dẫn viên du lịch", ISSUE, 27, "Thẻ hướng dẫn viên"),
    ("chứng chỉ hành nghề dược", ISSUE, 23, "Chứng chỉ hành nghề"),
    ("giấy phép hành nghề khám bệnh, chữa bệnh", ISSUE, 24, "Giấy phép hành nghề"),
    ("giấy phép lao động cho người lao động nước ngoài", ISSUE, 18, "Giấy phép lao động"),
    ("thẻ bảo hiểm y tế", ISSUE, 16, "Thẻ BHYT"),
    ("sổ bảo hiểm xã hội", ISSUE, 17, "Sổ BHXH"),
    ("giấy phép khai thác nước dưới đất", ISSUE, 11, "Giấy phép"),
    ("giấy phép môi trường", ISSUE, 10, "Giấy phép môi trường"),
    ("giấy phép xuất bản bản tin", ISSUE, 28, "Giấy phép xuất bản"),
    ("giấy phép tổ chức biểu diễn nghệ thuật", ISSUE, 26, "Giấy phép"),
    ("giấy chứng nhận kiểm dịch động vật", ISSUE, 32, "Giấy chứng nhận kiểm dịch"),
    ("giấy phép hoạt động điện lực", ISSUE, 33, "Giấy phép hoạt động điện lực"),
    ("giấy chứng nhận thẩm duyệt thiết kế về phòng cháy và chữa cháy", ISSUE, 34, "Giấy chứng nhận"),
    ("giấy chứng nhận đăng ký doanh nghiệp", ISSUE, 12, "Giấy chứng nhận đăng ký doanh nghiệp"),
    ("giấy chứng nhận đăng ký hộ kinh doanh", ISSUE, 13, "Giấy chứng nhận đăng ký hộ kinh doanh"),
    ("giấy chứng nhận đăng ký hợp tác xã", ISSUE, 14, "Giấy chứng nhận"),
    ("bằng tốt nghiệp trung học phổ thông", ISSUE, 22, "Bằng tốt nghiệp"),
    ("khai sinh", REGISTER, 0, "Giấy khai sinh"),
    ("khai tử", REGISTER, 0, "Trích lục khai tử"),
    ("kết hôn", REGISTER, 0, "Giấy chứng nhận kết hôn"),
    ("nhận cha, mẹ, con", REGISTER, 0, "Trích lục"),
    ("giám hộ", REGISTER, 0, "Trích lục đăng ký giám hộ"),
    ("nuôi con nuôi trong nước", REGISTER, 2, "Giấy chứng nhận nuôi con nuôi"),
    ("thường trú", REGISTER, 30, "Thông báo kết quả"),
    ("tạm trú", REGISTER, 30, "Thông báo kết quả"),
    ("thành lập doanh nghiệp tư nhân", REGISTER, 12, "Giấy chứng nhận đăng ký doanh nghiệp"),
    ("thành lập công ty trách nhiệm hữu hạn một thành viên", REGISTER, 12, "Giấy chứng nhận đăng ký doanh nghiệp"),
    ("thành lập hộ kinh doanh", REGISTER, 13, "Giấy chứng nhận đăng ký hộ kinh doanh"),
    ("thành lập hợp tác xã", REGISTER, 14, "Giấy chứng nhận đăng ký hợp tác xã"),
    ("biến động đất đai", REGISTER, 9, "Giấy chứng nhận"),
    ("thế chấp quyền sử dụng đất", REGISTER, 9, "Đơn đăng ký"),
    ("mã số thuế cá nhân", REGISTER, 15, "Thông báo mã số thuế"),
    ("tham gia bảo hiểm xã hội tự nguyện", REGISTER, 17, "Sổ BHXH"),
    ("nội quy lao động", REGISTER, 18, "Thông báo"),
    ("xe máy chuyên dùng", REGISTER, 5, "Giấy chứng nhận đăng ký"),
    ("bản sao từ bản chính giấy tờ, văn bản", EXAMINE, 1, "Bản sao"),
    ("chữ ký trong giấy tờ, văn bản", EXAMINE, 1, "Giấy tờ được chứng thực"),
    ("hợp đồng chuyển nhượng quyền sử dụng đất", EXAMINE, 1, "Hợp đồng"),
    ("hồ sơ hưởng trợ cấp thất nghiệp", EXAMINE, 19, "Quyết định hưởng trợ cấp"),
    ("hồ sơ hưởng chế độ ưu đãi người có công với cách mạng", EXAMINE, 20, "Quyết định"),
    ("trợ cấp xã hội hằng tháng", EXAMINE, 21, "Quyết định trợ cấp"),
    ("hỗ trợ chi phí mai táng", EXAMINE, 21, "Quyết định hỗ trợ"),
    ("tình trạng hôn nhân", EXAMINE, 0, "Giấy xác nhận tình trạng hôn nhân"),
    ("báo cáo đánh giá tác động môi trường", EXAMINE, 10, "Quyết định phê duyệt"),
    ("hồ sơ công nhận trường đạt chuẩn quốc gia", EXAMINE, 22, "Quyết định công nhận"),
    ("hồ sơ chuyển trường đối với học sinh trung học cơ sở", EXAMINE, 22, "Giấy giới thiệu"),
    ("hồ sơ xin nhập quốc tịch Việt Nam", EXAMINE, 4, "Quyết định"),
    ("hồ sơ xin thôi quốc tịch Việt Nam", EXAMINE, 4, "Quyết định"),
    ("phương án chữa cháy của cơ sở", EXAMINE, 34, "Văn bản phê duyệt"),
];

/// Qualifiers; the empty one is listed several times so that plain names are common.
#[rustfmt::skip]
const QUALIFIERS: &[&str] = &[
    "", "", "", "", "", "cho công dân Việt Nam", "đối với doanh nghiệp", "ở trong nước",
    "tại cấp xã", "cho người nước ngoài", "có yếu tố nước ngoài", "trực tuyến",
    "đối với hộ gia đình, cá nhân", "tại cơ quan đại diện",
    "cho người Việt Nam định cư ở nước ngoài", "trong trường hợp bị mất, hư hỏng",
    "do hết thời hạn sử dụng", "do thay đổi thông tin", "theo thủ tục rút gọn",
    "đối với tổ chức",
];

/// Fields whose procedures are mostly handled by communes (UBND cấp xã).
const COMMUNE_FIELDS: &[usize] = &[0, 1, 2, 20, 21, 30];

/// `n` distinct procedures (distinct names and keys), always the same for the same `n`.
pub fn catalogue(n: usize) -> Vec<SearchEntry> {
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    let mut names = HashSet::new();
    let mut entries = Vec::with_capacity(n);
    while entries.len() < n {
        let (object, verbs, field, result) = *rng.pick(OBJECTS);
        let verb = rng.pick(verbs);
        let qualifier = rng.pick(QUALIFIERS);
        let name = if qualifier.is_empty() {
            format!("{verb} {object}")
        } else {
            format!("{verb} {object} {qualifier}")
        };
        if !names.insert(name.clone()) {
            continue;
        }
        let i = entries.len();
        let commune = COMMUNE_FIELDS.contains(&field) || rng.below(5) == 0;
        // The department (sở) in charge of the field, and for commune-level procedures
        // a few communes below department 50 (UBND xã, phường).
        let department = format!("H15.{:02}", 10 + field);
        let agency_codes = if commune {
            let district = 50 + rng.below(5);
            (0..1 + rng.below(3))
                .map(|_| format!("H15.{district}.{:02}", 1 + rng.below(40)))
                .collect()
        } else if rng.below(10) == 0 {
            vec!["H15".to_owned(), department]
        } else {
            vec![department]
        };
        entries.push(SearchEntry {
            key: slugify(&name),
            code: (rng.below(8) != 0).then(|| format!("{}.00{:04}", 1 + i % 2, 1000 + i * 3)),
            name,
            field: FIELDS[field].to_owned(),
            agency_codes,
            level: if commune {
                AdministrativeLevel::Commune
            } else {
                AdministrativeLevel::Province
            },
            online_level: *rng.pick(&[
                OnlineLevel::ToanTrinh,
                OnlineLevel::MotPhan,
                OnlineLevel::None,
            ]),
            keywords: vec![result.to_owned()],
        });
    }
    entries
}

/// One benchmark query: the text as typed, its filters and what kind of query it is.
pub struct BenchQuery {
    pub kind: &'static str,
    pub text: String,
    pub filters: SearchFilters,
}

/// What citizens type, with diacritics; each is also run folded (a phone without a
/// Vietnamese keyboard).
#[rustfmt::skip]
const TYPED: &[&str] = &[
    "Đăng ký khai sinh", "cấp đổi giấy phép lái xe", "giấy phép lái xe quốc tế", "hộ chiếu",
    "cấp lại hộ chiếu phổ thông", "căn cước công dân", "thẻ căn cước",
    "giấy phép xây dựng nhà ở", "quyền sử dụng đất", "lý lịch tư pháp",
    "phiếu lý lịch tư pháp", "thành lập doanh nghiệp", "hộ kinh doanh", "kết hôn",
    "đăng ký kết hôn có yếu tố nước ngoài", "khai tử", "thường trú", "tạm trú",
    "bảo hiểm y tế", "trợ cấp thất nghiệp", "chứng thực bản sao", "chứng thực chữ ký",
    "tình trạng hôn nhân", "an toàn thực phẩm", "phòng cháy chữa cháy",
    "giấy phép lao động người nước ngoài", "hành nghề dược", "bán lẻ rượu", "lữ hành",
    "mã số thuế", "hợp tác xã", "nhập quốc tịch", "mai táng", "người có công",
    "chuyển trường", "bằng tốt nghiệp", "kiểm định xe", "khai thác nước dưới đất",
    "giấy phép môi trường", "biểu diễn nghệ thuật", "thế chấp", "biến động đất đai",
    "nuôi con nuôi", "giám hộ", "nhận cha mẹ con", "cấp", "đăng ký", "giấy",
    "thu hồi giấy phép", "gia hạn", "cho người nước ngoài", "xác nhận", "cấp lại thẻ",
    "điện lực", "sổ bảo hiểm xã hội", "xe máy chuyên dùng", "hướng dẫn viên du lịch",
    "giấy chứng nhận đăng ký doanh nghiệp", "trợ cấp xã hội hằng tháng", "mã số",
];

/// Abbreviations and queries mixing them with words.
#[rustfmt::skip]
const ABBREVIATED: &[&str] = &[
    "GPLX", "cap doi gplx", "gplx quốc tế", "CCCD", "cấp lại cccd", "GCN QSDĐ", "gcn qsdd",
    "LLTP", "phieu lltp", "HKD", "dang ky hkd", "thanh lap DN", "BHYT", "the bhyt", "GPXD",
    "gpxd nha o", "CMND", "MST ca nhan", "HTX", "gcn dkkd", "BHXH tu nguyen",
];

/// Words being typed: the last (or every) word cut short.
#[rustfmt::skip]
const PARTIAL: &[&str] = &[
    "khai si", "giay phe lai", "dang ky th", "ho chi", "cap doi gi", "chung th",
    "giấy phép xây", "quyền sử dụ", "ly lich tu", "bao hiem y", "tro cap th", "th ca cong",
    "c", "d", "gi ph", "kh",
];

/// Words found nowhere, or combinations that exist nowhere.
#[rustfmt::skip]
const NOTHING: &[&str] = &[
    "visa du học", "xyz", "đăng ký khai sinh cho mèo", "giấy phép lái máy bay",
    "qwerty 123",
];

/// The fixed query list (at least 200) for a catalogue made by [`catalogue`].
pub fn queries(entries: &[SearchEntry]) -> Vec<BenchQuery> {
    let plain = |kind, text: &str| BenchQuery {
        kind,
        text: text.to_owned(),
        filters: SearchFilters::default(),
    };
    let mut out = Vec::new();
    for text in TYPED {
        out.push(plain("diacritics", text));
        out.push(plain("folded", &motcua_core::text::fold(text)));
    }
    out.extend(ABBREVIATED.iter().map(|t| plain("abbreviation", t)));
    out.extend(PARTIAL.iter().map(|t| plain("partial", t)));
    out.extend(NOTHING.iter().map(|t| plain("no match", t)));
    // National codes of real entries, with and without the dot, and a partial code.
    for e in entries
        .iter()
        .step_by(197)
        .filter(|e| e.code.is_some())
        .take(6)
    {
        let code = e.code.clone().unwrap_or_default();
        out.push(plain("code", &code.replace('.', "")));
        out.push(plain("code", &code));
    }
    out.push(plain("code", "1.00"));
    // Filters, as the catalogue page's selects send them, with and without a query.
    let filter_sets = [
        SearchFilters {
            field: Some("Ho tich".into()),
            ..SearchFilters::default()
        },
        SearchFilters {
            field: Some("Đường bộ".into()),
            ..SearchFilters::default()
        },
        SearchFilters {
            agency: Some("H15.50".into()),
            ..SearchFilters::default()
        },
        SearchFilters {
            agency: Some("H15".into()),
            level: Some(AdministrativeLevel::Province),
            ..SearchFilters::default()
        },
        SearchFilters {
            online_level: Some(OnlineLevel::ToanTrinh),
            ..SearchFilters::default()
        },
        SearchFilters {
            level: Some(AdministrativeLevel::Commune),
            online_level: Some(OnlineLevel::MotPhan),
            ..SearchFilters::default()
        },
    ];
    for (i, text) in TYPED.iter().step_by(3).enumerate() {
        out.push(BenchQuery {
            kind: "filtered",
            text: text.to_string(),
            filters: filter_sets[i % filter_sets.len()].clone(),
        });
    }
    out.push(plain("empty", ""));
    for filters in filter_sets {
        out.push(BenchQuery {
            kind: "empty",
            text: String::new(),
            filters,
        });
    }
    assert!(out.len() >= 200, "only {} queries", out.len());
    out
}
