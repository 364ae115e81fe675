//! Abbreviations citizens type for phrases that official procedure names spell out.
//!
//! Names in the national database (Cổng Dịch vụ công quốc gia) never use these
//! abbreviations, yet people search with them because that is how the papers are called
//! at the counter and online. A query word equal to an abbreviation (after folding, so
//! `QSDĐ`, `qsdđ` and `QSDD` are the same) matches either the abbreviation itself or the
//! whole phrase, its words consecutive and in order. The reverse (a typed phrase finding
//! an abbreviation in a name) is not needed: names spell phrases out.

use crate::text::fold;

/// Each row: the abbreviation as citizens type it, then the phrase as written in names.
///
/// Invariants (checked by the tests below): every abbreviation folds to one word, every
/// phrase to at least two words, folded abbreviations are unique, and no abbreviation is
/// a prefix of its phrase's first word (so matching "the word" and "the phrase" at the
/// same position can never both succeed, which keeps the in-order check greedy).
const ABBREVIATIONS: &[(&str, &str)] = &[
    // Driving licence: renewals and exchanges are among the most searched procedures.
    ("GPLX", "giấy phép lái xe"),
    // Chip-based citizen identity card (since 2016), on the card itself.
    ("CCCD", "căn cước công dân"),
    // Older identity card, still named in many procedures about changing papers.
    ("CMND", "chứng minh nhân dân"),
    // "Certificate", the head word of hundreds of procedure names.
    ("GCN", "giấy chứng nhận"),
    // Land-use right: `QSDĐ` and the no-đ spelling `QSDD` fold to the same word, so one
    // row covers both.
    ("QSDĐ", "quyền sử dụng đất"),
    // Judicial record certificate (Phiếu lý lịch tư pháp).
    ("LLTP", "lý lịch tư pháp"),
    // Household business, registered at commune level.
    ("HKD", "hộ kinh doanh"),
    // Enterprise, in every business-registration procedure.
    ("DN", "doanh nghiệp"),
    // Health insurance card and its reimbursements.
    ("BHYT", "bảo hiểm y tế"),
    // Social insurance, its sibling procedures.
    ("BHXH", "bảo hiểm xã hội"),
    // Building permit (for a house: "giấy phép xây dựng nhà ở riêng lẻ").
    ("GPXD", "giấy phép xây dựng"),
    // Business licence for conditional trades.
    ("GPKD", "giấy phép kinh doanh"),
    // Business registration; `ĐKKD` folds to `dkkd`.
    ("ĐKKD", "đăng ký kinh doanh"),
    // Cooperative.
    ("HTX", "hợp tác xã"),
    // People's Committee, the agency named in many procedures.
    ("UBND", "ủy ban nhân dân"),
    // Food safety certificates for shops and kitchens.
    ("ATTP", "an toàn thực phẩm"),
    // Tax identification number.
    ("MST", "mã số thuế"),
];

/// The table folded: `(abbreviation, phrase words)`, both as [`fold`] writes them.
///
/// Folded at index construction, once, so that queries compare folded words only.
pub(crate) fn folded() -> impl Iterator<Item = (String, Vec<String>)> {
    ABBREVIATIONS.iter().map(|(abbreviation, phrase)| {
        let words = fold(phrase).split(' ').map(str::to_owned).collect();
        (fold(abbreviation), words)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_abbreviation_is_one_word_and_every_phrase_several() {
        for (abbreviation, phrase) in folded() {
            assert!(!abbreviation.is_empty() && !abbreviation.contains(' '));
            assert!(phrase.len() >= 2, "{abbreviation}: {phrase:?}");
        }
    }

    #[test]
    fn folded_abbreviations_are_unique() {
        let mut keys: Vec<String> = folded().map(|(a, _)| a).collect();
        let n = keys.len();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), n);
    }

    #[test]
    fn no_abbreviation_is_a_prefix_of_its_phrase() {
        for (abbreviation, phrase) in folded() {
            assert!(!phrase[0].starts_with(&abbreviation), "{abbreviation}");
        }
    }

    #[test]
    fn the_land_use_right_is_found_with_or_without_the_d_stroke() {
        let table: Vec<_> = folded().collect();
        let find = |a: &str| table.iter().find(|(k, _)| *k == fold(a)).map(|(_, p)| p);
        assert_eq!(find("QSDĐ"), find("QSDD"));
        assert_eq!(find("qsdd").unwrap().join(" "), "quyen su dung dat");
    }
}
