//! The personal identification number (số định danh cá nhân), which is also the number
//! of the chip ID card (căn cước, căn cước công dân): 12 digits whose first six say
//! where the birth was registered, the sex, the century and the year of birth.
//!
//! Sources: Circular 07/2016/TT-BCA Art. 7 and Annex I (province codes) and Annex III
//! (century and sex codes); the same structure is restated by Circular 59/2021/TT-BCA
//! and by the Law on Identification 2023 Art. 12.

use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{ApplicantError, ApplicantField, Problem};

/// Codes of the province or centrally-run city where the birth was registered, with
/// its name, as listed in Annex I of Circular 07/2016/TT-BCA (63 units). Sorted by code.
///
/// The 2025 merger into 34 provinces renumbers no existing ID, so these stay the valid
/// prefixes. **\[D\]** Citizens whose birth was registered abroad carry a country code
/// instead (Annex II); those are not accepted yet — add them here when needed.
///
/// ```
/// use motcua_core::dossier::PROVINCES;
/// assert_eq!(PROVINCES.len(), 63);
/// assert_eq!(PROVINCES[0], ("001", "Hà Nội"));
/// assert_eq!(PROVINCES[62], ("096", "Cà Mau"));
/// ```
pub const PROVINCES: [(&str, &str); 63] = [
    ("001", "Hà Nội"),
    ("002", "Hà Giang"),
    ("004", "Cao Bằng"),
    ("006", "Bắc Kạn"),
    ("008", "Tuyên Quang"),
    ("010", "Lào Cai"),
    ("011", "Điện Biên"),
    ("012", "Lai Châu"),
    ("014", "Sơn La"),
    ("015", "Yên Bái"),
    ("017", "Hòa Bình"),
    ("019", "Thái Nguyên"),
    ("020", "Lạng Sơn"),
    ("022", "Quảng Ninh"),
    ("024", "Bắc Giang"),
    ("025", "Phú Thọ"),
    ("026", "Vĩnh Phúc"),
    ("027", "Bắc Ninh"),
    ("030", "Hải Dương"),
    ("031", "Hải Phòng"),
    ("033", "Hưng Yên"),
    ("034", "Thái Bình"),
    ("035", "Hà Nam"),
    ("036", "Nam Định"),
    ("037", "Ninh Bình"),
    ("038", "Thanh Hóa"),
    ("040", "Nghệ An"),
    ("042", "Hà Tĩnh"),
    ("044", "Quảng Bình"),
    ("045", "Quảng Trị"),
    ("046", "Thừa Thiên Huế"),
    ("048", "Đà Nẵng"),
    ("049", "Quảng Nam"),
    ("051", "Quảng Ngãi"),
    ("052", "Bình Định"),
    ("054", "Phú Yên"),
    ("056", "Khánh Hòa"),
    ("058", "Ninh Thuận"),
    ("060", "Bình Thuận"),
    ("062", "Kon Tum"),
    ("064", "Gia Lai"),
    ("066", "Đắk Lắk"),
    ("067", "Đắk Nông"),
    ("068", "Lâm Đồng"),
    ("070", "Bình Phước"),
    ("072", "Tây Ninh"),
    ("074", "Bình Dương"),
    ("075", "Đồng Nai"),
    ("077", "Bà Rịa - Vũng Tàu"),
    ("079", "Hồ Chí Minh"),
    ("080", "Long An"),
    ("082", "Tiền Giang"),
    ("083", "Bến Tre"),
    ("084", "Trà Vinh"),
    ("086", "Vĩnh Long"),
    ("087", "Đồng Tháp"),
    ("089", "An Giang"),
    ("091", "Kiên Giang"),
    ("092", "Cần Thơ"),
    ("093", "Hậu Giang"),
    ("094", "Sóc Trăng"),
    ("095", "Bạc Liêu"),
    ("096", "Cà Mau"),
];

/// The province of a three-digit birth-registration code.
///
/// ```
/// use motcua_core::dossier::province_name;
/// assert_eq!(province_name("079"), Some("Hồ Chí Minh"));
/// assert_eq!(province_name("003"), None);
/// ```
pub fn province_name(code: &str) -> Option<&'static str> {
    PROVINCES
        .binary_search_by(|(c, _)| (*c).cmp(code))
        .ok()
        .map(|i| PROVINCES[i].1)
}

/// Sex as encoded in the 4th digit of a personal ID (even: male, odd: female).
///
/// ```
/// assert_eq!(motcua_core::dossier::Sex::Female.label(), "Nữ");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    /// Nam.
    Male,
    /// Nữ.
    Female,
}

impl Sex {
    /// The Vietnamese label.
    ///
    /// ```
    /// assert_eq!(motcua_core::dossier::Sex::Male.label(), "Nam");
    /// ```
    pub fn label(self) -> &'static str {
        match self {
            Sex::Male => "Nam",
            Sex::Female => "Nữ",
        }
    }
}

/// A personal identification number: 12 digits, the first three a known province code.
///
/// Spaces between digits are tolerated when typing ("001 090 012345") and removed.
///
/// ```
/// use motcua_core::dossier::{PersonalId, Sex};
/// let id: PersonalId = "001090012345".parse().unwrap();
/// assert_eq!((id.province(), id.sex(), id.birth_year()), ("Hà Nội", Sex::Male, 1990));
/// let err = "12345".parse::<PersonalId>().unwrap_err();
/// assert_eq!(err.to_string(), "Số định danh cá nhân: phải gồm đúng 12 chữ số.");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonalId(String);

impl PersonalId {
    /// The 12 digits.
    ///
    /// ```
    /// let id: motcua_core::dossier::PersonalId = "079 3 05 001234".parse().unwrap();
    /// assert_eq!(id.as_str(), "079305001234");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The province code where the birth was registered (digits 1–3).
    ///
    /// ```
    /// let id: motcua_core::dossier::PersonalId = "079305001234".parse().unwrap();
    /// assert_eq!(id.province_code(), "079");
    /// ```
    pub fn province_code(&self) -> &str {
        &self.0[..3]
    }

    /// The name of that province.
    ///
    /// ```
    /// let id: motcua_core::dossier::PersonalId = "096190001234".parse().unwrap();
    /// assert_eq!(id.province(), "Cà Mau");
    /// ```
    pub fn province(&self) -> &'static str {
        province_name(self.province_code()).unwrap_or_default()
    }

    fn digit(&self, i: usize) -> i32 {
        i32::from(self.0.as_bytes()[i] - b'0')
    }

    /// The sex (digit 4: even male, odd female).
    ///
    /// ```
    /// use motcua_core::dossier::{PersonalId, Sex};
    /// assert_eq!("001305001234".parse::<PersonalId>().unwrap().sex(), Sex::Female);
    /// ```
    pub fn sex(&self) -> Sex {
        if self.digit(3) % 2 == 0 {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    /// The year of birth: digit 4 gives the century (0–1: 1900s, 2–3: 2000s, 4–5:
    /// 2100s, …, 8–9: 2300s), digits 5–6 the last two digits of the year.
    ///
    /// ```
    /// use motcua_core::dossier::PersonalId;
    /// assert_eq!("001305001234".parse::<PersonalId>().unwrap().birth_year(), 2005);
    /// assert_eq!("001199001234".parse::<PersonalId>().unwrap().birth_year(), 1999);
    /// ```
    pub fn birth_year(&self) -> i32 {
        1900 + 100 * (self.digit(3) / 2) + 10 * self.digit(4) + self.digit(5)
    }

    /// Whether the century and year digits agree with a date of birth.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// let id: motcua_core::dossier::PersonalId = "001090012345".parse().unwrap();
    /// assert!(id.birth_year_matches(NaiveDate::from_ymd_opt(1990, 5, 17).unwrap()));
    /// assert!(!id.birth_year_matches(NaiveDate::from_ymd_opt(2090, 5, 17).unwrap()));
    /// ```
    pub fn birth_year_matches(&self, date_of_birth: NaiveDate) -> bool {
        self.birth_year() == date_of_birth.year()
    }

    /// [`birth_year_matches`](Self::birth_year_matches) as a check with the message
    /// shown next to the ID field.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// let id: motcua_core::dossier::PersonalId = "001290012345".parse().unwrap();
    /// let err = id.check_birth_date(NaiveDate::from_ymd_opt(1990, 5, 17).unwrap()).unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "Số định danh cá nhân: chữ số thứ 4–6 ứng với năm sinh 2090, không khớp với ngày sinh (năm 1990)."
    /// );
    /// ```
    pub fn check_birth_date(&self, date_of_birth: NaiveDate) -> Result<(), ApplicantError> {
        if self.birth_year_matches(date_of_birth) {
            Ok(())
        } else {
            Err(ApplicantError::new(
                ApplicantField::PersonalId,
                Problem::BirthYearMismatch {
                    id_year: self.birth_year(),
                    birth_year: date_of_birth.year(),
                },
            ))
        }
    }
}

impl FromStr for PersonalId {
    type Err = ApplicantError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let fail = |problem| Err(ApplicantError::new(ApplicantField::PersonalId, problem));
        let digits: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.is_empty() {
            return fail(Problem::Missing);
        }
        if digits.len() != 12 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return fail(Problem::NotTwelveDigits);
        }
        if province_name(&digits[..3]).is_none() {
            return fail(Problem::UnknownProvince(digits[..3].to_owned()));
        }
        Ok(PersonalId(digits))
    }
}

text_newtype!(PersonalId);
