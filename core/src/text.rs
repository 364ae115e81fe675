//! Vietnamese text folding, so that citizens typing on a phone without a Vietnamese
//! keyboard ("dang ky khai sinh") find what is published with diacritics
//! ("Đăng ký khai sinh").
//!
//! Folding is lower-casing, removing tone and vowel marks (both precomposed NFC letters
//! and combining marks of decomposed NFD input), mapping `đ` to `d`, and turning every
//! run of characters that are neither letters nor digits into a single space.

/// Each row: the folded ASCII letter, then every precomposed lower-case Vietnamese
/// letter that folds to it. Upper case is handled by lower-casing first.
const FOLD_TABLE: [(char, &str); 7] = [
    ('a', "àáảãạăằắẳẵặâầấẩẫậ"),
    ('e', "èéẻẽẹêềếểễệ"),
    ('i', "ìíỉĩị"),
    ('o', "òóỏõọôồốổỗộơờớởỡợ"),
    ('u', "ùúủũụưừứửữự"),
    ('y', "ỳýỷỹỵ"),
    ('d', "đ"),
];

/// Folds one lower-case character to its unaccented base letter, if it has one.
fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    FOLD_TABLE
        .iter()
        .find(|(_, variants)| variants.contains(c))
        .map_or(c, |(base, _)| *base)
}

/// True for Unicode combining diacritical marks (U+0300–U+036F), which decomposed
/// (NFD) Vietnamese input uses for tones and vowel marks.
pub(crate) fn is_combining_mark(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c)
}

/// Folds Vietnamese text for comparison: lower case, no diacritics, `đ` → `d`, and
/// words separated by single spaces (punctuation becomes a separator).
///
/// ```
/// use motcua_core::text::fold;
/// assert_eq!(fold("Cấp đổi GIẤY PHÉP lái xe"), "cap doi giay phep lai xe");
/// assert_eq!(fold("  Liên thông: khai sinh,  thường trú "), "lien thong khai sinh thuong tru");
/// // Decomposed input (a base letter followed by combining marks) folds the same way.
/// assert_eq!(fold("Ca\u{0302}\u{0301}p"), "cap");
/// ```
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        if is_combining_mark(c) {
            continue;
        }
        let c = fold_char(c);
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
        } else {
            pending_space = true;
        }
    }
    out
}

/// A URL-safe identifier made from a Vietnamese title: folded words joined by `-`.
///
/// ```
/// use motcua_core::text::slugify;
/// assert_eq!(slugify("Đăng ký khai sinh"), "dang-ky-khai-sinh");
/// assert_eq!(slugify("Cấp Phiếu lý lịch tư pháp (số 1)"), "cap-phieu-ly-lich-tu-phap-so-1");
/// ```
pub fn slugify(title: &str) -> String {
    fold(title).replace(' ', "-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_vietnamese_vowel_folds_to_its_base_in_both_cases() {
        for (base, variants) in FOLD_TABLE {
            for v in variants.chars() {
                assert_eq!(fold(&v.to_string()), base.to_string(), "{v}");
                let upper: String = v.to_uppercase().collect();
                assert_eq!(fold(&upper), base.to_string(), "{upper}");
            }
        }
    }

    #[test]
    fn capital_d_with_stroke_folds_to_d() {
        assert_eq!(fold("ĐỒNG Đ"), "dong d");
    }

    #[test]
    fn digits_and_codes_are_kept() {
        assert_eq!(fold("Thủ tục 2.000815"), "thu tuc 2 000815");
    }

    #[test]
    fn folding_is_idempotent() {
        let once = fold("Chứng thực bản sao từ bản chính giấy tờ, văn bản");
        assert_eq!(fold(&once), once);
    }
}
