use super::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn agency(s: &str) -> AgencyCode {
    s.parse().unwrap()
}

#[test]
fn decision_20_2020_agency_codes_accepted() {
    for ok in [
        "H15",
        "A01",
        "Y99",
        "G01",
        "H15.50",
        "H15.50.05",
        "H15.50.05.13",
    ] {
        assert_eq!(agency(ok).as_str(), ok);
    }
    // 35 characters is the ceiling: H15 plus ten groups is 33, eleven is 36.
    let longest = format!("H15{}", ".01".repeat(10));
    assert_eq!(agency(&longest).depth(), 11);
    let too_long = format!("H15{}", ".01".repeat(11));
    assert!(too_long.parse::<AgencyCode>().is_err());
}

#[test]
fn decision_20_2020_agency_codes_refused() {
    for bad in [
        "",
        "H",
        "H1",
        "H1A",
        "H150",
        "h15",
        "Z15",
        "15H",
        "H15.",
        ".H15",
        "H15..50",
        "H15.5",
        "H15.500",
        "H15.5A",
        "H15 .50",
        " H15",
        "H15-50",
        "000.00.00.H15",
        "Đ15",
    ] {
        assert_eq!(
            bad.parse::<AgencyCode>(),
            Err(CodeError::InvalidAgency(bad.into())),
            "{bad:?}"
        );
    }
}

#[test]
fn spec_3_dossier_code_example() {
    let code = DossierCode::new(&agency("H15.50.05.13"), day(2026, 10, 8), 975).unwrap();
    assert_eq!(code.to_string(), "H15.50.05.13-261008-0975");
}

#[test]
fn spec_3_daily_counter_grows_past_four_digits() {
    let a = agency("H15.50.05.13");
    let at = |n| {
        DossierCode::new(&a, day(2026, 10, 8), n)
            .unwrap()
            .to_string()
    };
    assert_eq!(at(1), "H15.50.05.13-261008-0001");
    assert_eq!(at(9999), "H15.50.05.13-261008-9999");
    assert_eq!(at(10000), "H15.50.05.13-261008-10000");
    assert_eq!(at(123456), "H15.50.05.13-261008-123456");
}

#[test]
fn dossier_code_parse_display_round_trip() {
    for text in [
        "H15.50.05.13-261008-0975",
        "H15-000101-0001",
        "A01.02-991231-9999",
        "H15.50.05.13-261008-10000",
        "G01-240229-4294967295",
    ] {
        let code: DossierCode = text.parse().unwrap();
        assert_eq!(code.to_string(), text);
        let json = serde_json::to_string(&code).unwrap();
        assert_eq!(json, format!("\"{text}\""));
        assert_eq!(serde_json::from_str::<DossierCode>(&json).unwrap(), code);
    }
}

#[test]
fn dossier_code_has_one_spelling() {
    for bad in [
        "H15.50.05.13-261008-975",   // fewer than 4 digits
        "H15.50.05.13-261008-00975", // leading zero beyond 4 digits
        "H15.50.05.13-261008-0000",  // counters start at 1
        "H15.50.05.13-261308-0975",  // month 13
        "H15.50.05.13-230229-0975",  // 29 Feb in a common year
        "H15.50.05.13-2610080-0975",
        "H15.50.05.13-261008",
        "H15.50.05.13-261008-0975-1",
        "h15.50.05.13-261008-0975",
        "H15.50.05.13-261008-+975",
        "H15.50.05.13-261008-4294967296", // beyond u32
        "TN-261122-000123",
    ] {
        assert_eq!(
            bad.parse::<DossierCode>(),
            Err(CodeError::InvalidDossierCode(bad.into())),
            "{bad}"
        );
    }
    assert!(serde_json::from_str::<DossierCode>(r#""H15-261008-975""#).is_err());
}

#[test]
fn dossier_code_needs_a_date_it_can_print() {
    let a = agency("H15");
    assert_eq!(
        DossierCode::new(&a, day(1999, 12, 31), 1),
        Err(CodeError::DateOutOfRange(day(1999, 12, 31)))
    );
    assert!(DossierCode::new(&a, day(2100, 1, 1), 1).is_err());
    assert!(DossierCode::new(&a, day(2099, 12, 31), 1).is_ok());
    assert_eq!(
        DossierCode::new(&a, day(2026, 1, 1), 0),
        Err(CodeError::ZeroCounter)
    );
}

#[test]
fn submission_number_format_and_round_trip() {
    let n = SubmissionNumber::new(day(2026, 11, 22), 123).unwrap();
    assert_eq!(n.to_string(), "TN-261122-000123");
    assert_eq!((n.date(), n.sequence()), (day(2026, 11, 22), 123));
    let big = SubmissionNumber::new(day(2026, 11, 22), 1_000_000).unwrap();
    assert_eq!(big.to_string(), "TN-261122-1000000");
    for text in ["TN-261122-000123", "TN-261122-999999", "TN-261122-1000000"] {
        let n: SubmissionNumber = text.parse().unwrap();
        assert_eq!(n.to_string(), text);
        let json = serde_json::to_string(&n).unwrap();
        assert_eq!(serde_json::from_str::<SubmissionNumber>(&json).unwrap(), n);
    }
    for bad in [
        "TN-261122-123",
        "TN-261122-0000123",
        "TN-261122-000000",
        "tn-261122-000123",
        "TN-261322-000123",
        "TN261122000123",
        "H15-261122-0001",
    ] {
        assert_eq!(
            bad.parse::<SubmissionNumber>(),
            Err(CodeError::InvalidSubmissionNumber(bad.into())),
            "{bad}"
        );
    }
    assert!(SubmissionNumber::new(day(2026, 11, 22), 0).is_err());
}
