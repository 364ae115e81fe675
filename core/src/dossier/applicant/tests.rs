use chrono::NaiveDate;

use super::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn message<T: std::fmt::Debug>(r: Result<T, ApplicantError>) -> String {
    r.unwrap_err().to_string()
}

// --- Personal ID (Circular 07/2016/TT-BCA, Circular 59/2021/TT-BCA) -----------------

#[test]
fn circular_07_2016_all_63_province_codes_accepted() {
    assert_eq!(PROVINCES.len(), 63);
    assert!(
        PROVINCES.windows(2).all(|w| w[0].0 < w[1].0),
        "sorted for binary search"
    );
    for (code, name) in PROVINCES {
        let id: PersonalId = format!("{code}090012345").parse().unwrap();
        assert_eq!((id.province_code(), id.province()), (code, name));
    }
    assert_eq!(province_name("001"), Some("Hà Nội"));
    assert_eq!(province_name("048"), Some("Đà Nẵng"));
    assert_eq!(province_name("096"), Some("Cà Mau"));
}

#[test]
fn circular_07_2016_codes_outside_the_table_refused() {
    for code in ["000", "003", "005", "047", "097", "099", "100", "999"] {
        let err = format!("{code}090012345")
            .parse::<PersonalId>()
            .unwrap_err();
        assert_eq!(err.problem, Problem::UnknownProvince(code.into()));
        assert_eq!(
            err.to_string(),
            format!("Số định danh cá nhân: 3 chữ số đầu «{code}» không phải mã tỉnh, thành phố nơi đăng ký khai sinh.")
        );
    }
}

#[test]
fn personal_id_must_be_exactly_twelve_digits() {
    for bad in [
        "00109001234",
        "0010900123456",
        "00109001234a",
        "001-090-012345",
        "００１090012345",
    ] {
        assert_eq!(
            message(bad.parse::<PersonalId>()),
            "Số định danh cá nhân: phải gồm đúng 12 chữ số.",
            "{bad}"
        );
    }
    assert_eq!(
        message("  ".parse::<PersonalId>()),
        "Số định danh cá nhân: chưa nhập."
    );
    // Spaces while typing are fine.
    let id: PersonalId = " 001 090 012345 ".parse().unwrap();
    assert_eq!(id.as_str(), "001090012345");
}

#[test]
fn circular_07_2016_century_and_sex_digit() {
    let cases = [
        ('0', Sex::Male, 1990),
        ('1', Sex::Female, 1990),
        ('2', Sex::Male, 2090),
        ('3', Sex::Female, 2090),
        ('4', Sex::Male, 2190),
        ('5', Sex::Female, 2190),
        ('6', Sex::Male, 2290),
        ('7', Sex::Female, 2290),
        ('8', Sex::Male, 2390),
        ('9', Sex::Female, 2390),
    ];
    for (digit, sex, year) in cases {
        let id: PersonalId = format!("001{digit}90012345").parse().unwrap();
        assert_eq!((id.sex(), id.birth_year()), (sex, year), "{digit}");
    }
    let id: PersonalId = "079300012345".parse().unwrap();
    assert_eq!(id.birth_year(), 2000);
}

#[test]
fn circular_07_2016_birth_year_must_match_date_of_birth() {
    let id: PersonalId = "001090012345".parse().unwrap(); // male, 1990
    assert!(id.birth_year_matches(day(1990, 1, 1)));
    assert!(id.birth_year_matches(day(1990, 12, 31)));
    assert!(!id.birth_year_matches(day(1991, 1, 1)));
    assert!(!id.birth_year_matches(day(2090, 6, 1)));
    assert_eq!(id.check_birth_date(day(1990, 6, 1)), Ok(()));
    // Right year digits, wrong century digit: a woman born in 2005 typed 0 instead of 3.
    let typo: PersonalId = "001005012345".parse().unwrap();
    assert_eq!(
        message(typo.check_birth_date(day(2005, 3, 9))),
        "Số định danh cá nhân: chữ số thứ 4–6 ứng với năm sinh 1905, không khớp với ngày sinh (năm 2005)."
    );
}

#[test]
fn personal_id_json_is_checked_on_the_way_in() {
    let id: PersonalId = serde_json::from_str(r#""001090012345""#).unwrap();
    assert_eq!(serde_json::to_string(&id).unwrap(), r#""001090012345""#);
    assert!(serde_json::from_str::<PersonalId>(r#""003090012345""#).is_err());
}

// --- Phone ---------------------------------------------------------------------------

#[test]
fn phone_numbers_normalise_to_national_form() {
    for typed in [
        "0912345678",
        "0912 345 678",
        "0912.345.678",
        "0912-345-678",
        "(091) 2345678",
        "+84912345678",
        "+84 912 345 678",
        "+84 (0) 912 345 678",
        "84912345678",
        " 84 912 345 678 ",
    ] {
        let p: PhoneNumber = typed.parse().unwrap();
        assert_eq!(p.as_str(), "0912345678", "{typed}");
    }
    for prefix in ['3', '5', '7', '8', '9'] {
        assert!(format!("0{prefix}12345678").parse::<PhoneNumber>().is_ok());
    }
}

#[test]
fn phone_numbers_refused_with_reason() {
    let cases = [
        ("", "Số điện thoại: chưa nhập."),
        (
            "0912 345 67a",
            "Số điện thoại: chỉ được gồm chữ số (có thể bắt đầu bằng +84).",
        ),
        (
            "0912+345678",
            "Số điện thoại: chỉ được gồm chữ số (có thể bắt đầu bằng +84).",
        ),
        (
            "091234567",
            "Số điện thoại: phải gồm 10 chữ số, ví dụ 0912 345 678.",
        ),
        (
            "09123456789",
            "Số điện thoại: phải gồm 10 chữ số, ví dụ 0912 345 678.",
        ),
        (
            "01234567890",
            "Số điện thoại: phải gồm 10 chữ số, ví dụ 0912 345 678.",
        ),
        (
            "+8491234567",
            "Số điện thoại: phải gồm 10 chữ số, ví dụ 0912 345 678.",
        ),
        (
            "0212345678",
            "Số điện thoại: không phải số di động Việt Nam (đầu số 03, 05, 07, 08 hoặc 09).",
        ),
        (
            "0612345678",
            "Số điện thoại: không phải số di động Việt Nam (đầu số 03, 05, 07, 08 hoặc 09).",
        ),
        (
            "1912345678",
            "Số điện thoại: không phải số di động Việt Nam (đầu số 03, 05, 07, 08 hoặc 09).",
        ),
        (
            "+33612345678",
            "Số điện thoại: không phải số di động Việt Nam (đầu số 03, 05, 07, 08 hoặc 09).",
        ),
    ];
    for (typed, expected) in cases {
        assert_eq!(message(typed.parse::<PhoneNumber>()), expected, "{typed:?}");
    }
}

#[test]
fn phone_masked_and_international() {
    let p: PhoneNumber = "+84 912 345 678".parse().unwrap();
    assert_eq!(p.masked(), "0912***678");
    assert_eq!(p.international(), "84912345678");
    assert_eq!(p.to_string(), "0912345678");
    assert_eq!(serde_json::to_string(&p).unwrap(), r#""0912345678""#);
}

// --- E-mail ----------------------------------------------------------------------------

#[test]
fn email_sane_addresses_accepted() {
    for (typed, stored) in [
        ("lan@example.com", "lan@example.com"),
        (
            " Lan.Nguyen+hs@Sub.Example.VN ",
            "Lan.Nguyen+hs@sub.example.vn",
        ),
        ("a@b.co", "a@b.co"),
    ] {
        assert_eq!(typed.parse::<Email>().unwrap().as_str(), stored);
    }
    let longest = format!("{}@example.vn", "a".repeat(254 - 11));
    assert_eq!(longest.len(), 254);
    assert!(longest.parse::<Email>().is_ok());
}

#[test]
fn email_refused_with_reason() {
    let format = "Email: không đúng định dạng, ví dụ ten@example.com.";
    for bad in [
        "lan",
        "@example.com",
        "lan@",
        "lan@example",
        "lan@@example.com",
        "lan@a@b.com",
        "lan@example..com",
        "lan@.example.com",
        "lan@example.com.",
        "lan nguyen@example.com",
        "lan@exa mple.com",
    ] {
        assert_eq!(message(bad.parse::<Email>()), format, "{bad}");
    }
    assert_eq!(message("".parse::<Email>()), "Email: chưa nhập.");
    let too_long = format!("{}@example.vn", "a".repeat(254 - 10));
    assert_eq!(
        message(too_long.parse::<Email>()),
        "Email: dài quá 254 ký tự."
    );
}

// --- Full name -------------------------------------------------------------------------

#[test]
fn full_names_accepted_and_normalised() {
    for (typed, stored) in [
        ("Nguyễn Thị Lan", "Nguyễn Thị Lan"),
        ("  Trần   Văn\tBình  ", "Trần Văn Bình"),
        ("H'Hen Niê", "H'Hen Niê"),
        ("Y-Moan Ênuôl", "Y-Moan Ênuôl"),
        ("Lê Thị D’Oanh", "Lê Thị D’Oanh"),
        ("Nguye\u{0302}\u{0303}n A", "Nguye\u{0302}\u{0303}n A"), // decomposed diacritics
        ("Ân", "Ân"),
    ] {
        assert_eq!(
            typed.parse::<FullName>().unwrap().as_str(),
            stored,
            "{typed}"
        );
    }
    assert!("Đ".repeat(100).parse::<FullName>().is_ok());
}

#[test]
fn full_names_refused_with_reason() {
    let cases = [
        ("", "Họ và tên: chưa nhập."),
        ("   ", "Họ và tên: chưa nhập."),
        ("A", "Họ và tên: phải có ít nhất 2 ký tự."),
        ("Nguyễn Văn 2", "Họ và tên: không được chứa ký tự «2»."),
        ("Lan@", "Họ và tên: không được chứa ký tự «@»."),
        ("Lan.", "Họ và tên: không được chứa ký tự «.»."),
        ("--", "Họ và tên: phải có chữ cái."),
    ];
    for (typed, expected) in cases {
        assert_eq!(message(typed.parse::<FullName>()), expected, "{typed:?}");
    }
    assert_eq!(
        message("Đ".repeat(101).parse::<FullName>()),
        "Họ và tên: dài quá 100 ký tự."
    );
}

// --- Date of birth ---------------------------------------------------------------------

#[test]
fn date_of_birth_range_is_1900_to_today() {
    let today = day(2026, 11, 22);
    assert_eq!(
        DateOfBirth::parse("2026-11-22", today).unwrap().date(),
        today
    );
    assert_eq!(
        DateOfBirth::parse("1900-01-01", today).unwrap().date(),
        day(1900, 1, 1)
    );
    assert_eq!(
        message(DateOfBirth::parse("2026-11-23", today)),
        "Ngày sinh: không được sau ngày hôm nay."
    );
    assert_eq!(
        message(DateOfBirth::parse("1899-12-31", today)),
        "Ngày sinh: không được trước năm 1900."
    );
}

#[test]
fn date_of_birth_must_be_a_real_yyyy_mm_dd_date() {
    let today = day(2026, 11, 22);
    let format = "Ngày sinh: không phải ngày hợp lệ (năm-tháng-ngày, ví dụ 1990-05-17).";
    for bad in [
        "17/05/1990",
        "1990-5-17",
        "1990-02-30",
        "2023-02-29",
        "1990-13-01",
        "199a-01-01",
        "+1990-01-0",
    ] {
        assert_eq!(message(DateOfBirth::parse(bad, today)), format, "{bad}");
    }
    assert_eq!(
        message(DateOfBirth::parse(" ", today)),
        "Ngày sinh: chưa nhập."
    );
    assert!(DateOfBirth::parse("2024-02-29", today).is_ok());
}

#[test]
fn date_of_birth_prints_dd_mm_yyyy_and_travels_as_iso() {
    let d = DateOfBirth::parse("1990-05-07", day(2026, 1, 1)).unwrap();
    assert_eq!(d.to_string(), "07/05/1990");
    assert_eq!(serde_json::to_string(&d).unwrap(), r#""1990-05-07""#);
    assert!(serde_json::from_str::<DateOfBirth>(r#""1899-12-31""#).is_err());
}

// --- Address ---------------------------------------------------------------------------

#[test]
fn address_non_empty_and_at_most_300_characters() {
    assert!("ấ".repeat(300).parse::<Address>().is_ok());
    assert_eq!(
        message("ấ".repeat(301).parse::<Address>()),
        "Địa chỉ: dài quá 300 ký tự."
    );
    assert_eq!(message("\n\t ".parse::<Address>()), "Địa chỉ: chưa nhập.");
    let a: Address = "Thôn 3,\r\n xã Ea Kao".parse().unwrap();
    assert_eq!(a.as_str(), "Thôn 3, xã Ea Kao");
}

// --- Password --------------------------------------------------------------------------

#[test]
fn password_policy_letters_digits_length() {
    for ok in ["abcdefg1", "12345678a", "mật khẩu 2026", "Ⅻ漢字漢字漢字1"] {
        assert!(ok.parse::<Password>().is_ok(), "{ok}");
    }
    let cases = [
        ("", "Mật khẩu: chưa nhập."),
        ("abc1234", "Mật khẩu: phải có ít nhất 8 ký tự."),
        (
            "abcdefgh",
            "Mật khẩu: phải có ít nhất một chữ cái và một chữ số.",
        ),
        (
            "12345678",
            "Mật khẩu: phải có ít nhất một chữ cái và một chữ số.",
        ),
        (
            "!@#$%^&*",
            "Mật khẩu: phải có ít nhất một chữ cái và một chữ số.",
        ),
    ];
    for (typed, expected) in cases {
        assert_eq!(message(typed.parse::<Password>()), expected, "{typed:?}");
    }
    let long = format!("a1{}", "x".repeat(127));
    assert_eq!(
        message(long.parse::<Password>()),
        "Mật khẩu: dài quá 128 ký tự."
    );
    assert!(format!("a1{}", "x".repeat(126)).parse::<Password>().is_ok());
}

#[test]
fn password_never_printed() {
    let p: Password = "bimat2026".parse().unwrap();
    assert!(!format!("{p:?}").contains("bimat"));
    let p: Password = serde_json::from_str(r#""bimat2026""#).unwrap();
    assert_eq!(p.as_str(), "bimat2026");
    assert!(serde_json::from_str::<Password>(r#""short""#).is_err());
}

#[test]
fn errors_carry_field_and_problem_as_json() {
    let err = "0212345678".parse::<PhoneNumber>().unwrap_err();
    let json = serde_json::to_string(&err).unwrap();
    assert_eq!(json, r#"{"field":"phone","problem":{"type":"not_mobile"}}"#);
    assert_eq!(serde_json::from_str::<ApplicantError>(&json).unwrap(), err);
}
