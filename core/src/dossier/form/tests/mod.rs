//! Validation of whole applications; people and values in the submodules.

use chrono::NaiveDate;

use super::*;
use crate::dossier::{DocumentSlot, PersonForm};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn field(name: &str, label: &str, kind: FieldKind, required: bool) -> FieldSpec {
    FieldSpec {
        name: name.into(),
        label: label.into(),
        kind,
        required,
        help: None,
    }
}

/// A birth registration (đăng ký khai sinh), full-process online.
fn birth_spec() -> FormSpec {
    FormSpec {
        fields: vec![
            field(
                "ho_ten_tre",
                "Họ và tên trẻ",
                FieldKind::Text { max_len: 20 },
                true,
            ),
            field("ngay_sinh_tre", "Ngày sinh của trẻ", FieldKind::Date, true),
            field(
                "gioi_tinh",
                "Giới tính",
                FieldKind::Choice {
                    options: vec!["Nam".into(), "Nữ".into()],
                },
                true,
            ),
            field(
                "so_ban",
                "Số bản sao",
                FieldKind::Number {
                    min: Some(1),
                    max: Some(10),
                },
                false,
            ),
            field("noi_sinh", "Nơi sinh", FieldKind::Address, false),
        ],
        documents: vec![
            DocumentSlot {
                name: "to_khai".into(),
                label: "Tờ khai đăng ký khai sinh".into(),
                copies: 1,
                required: true,
                template: None,
            },
            DocumentSlot {
                name: "giay_chung_sinh".into(),
                label: "Giấy chứng sinh".into(),
                copies: 1,
                required: true,
                template: None,
            },
            DocumentSlot {
                name: "uy_quyen".into(),
                label: "Văn bản ủy quyền".into(),
                copies: 1,
                required: false,
                template: None,
            },
        ],
        online_level: OnlineLevel::ToanTrinh,
    }
}

fn lan() -> PersonForm {
    PersonForm {
        full_name: "Nguyễn Thị Lan".into(),
        personal_id: "001190012345".into(),
        date_of_birth: "1990-05-17".into(),
        phone: "0912 345 678".into(),
        email: "lan@example.vn".into(),
        address: "Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội".into(),
    }
}

fn binh() -> PersonForm {
    PersonForm {
        full_name: "Trần Văn Bình".into(),
        personal_id: "079085001234".into(),
        date_of_birth: "1985-01-02".into(),
        phone: "+84 987 654 321".into(),
        email: String::new(),
        address: "12 Lê Lợi, Quận 1, TP Hồ Chí Minh".into(),
    }
}

fn good_form() -> ApplicationForm {
    let values = [
        ("ho_ten_tre", "Nguyễn Minh An"),
        ("ngay_sinh_tre", "2026-11-01"),
        ("gioi_tinh", "Nam"),
        ("so_ban", "2"),
    ];
    ApplicationForm {
        applicant: lan(),
        for_someone_else: false,
        authorised_person: PersonForm::default(),
        values: values
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        documents: [
            ("to_khai".to_string(), 1),
            ("giay_chung_sinh".to_string(), 2),
        ]
        .into(),
        delivery: DeliveryForm {
            kind: "electronic".into(),
            address: String::new(),
        },
    }
}

fn errors_of(form: &ApplicationForm, spec: &FormSpec) -> Vec<(String, String)> {
    let errors = form.validate(spec, today()).unwrap_err();
    errors
        .as_slice()
        .iter()
        .map(|e| (e.field.clone(), e.message.clone()))
        .collect()
}

fn pair(field: &str, message: &str) -> (String, String) {
    (field.to_string(), message.to_string())
}

mod people;
mod values;

#[test]
fn spec_3_valid_online_application_is_parsed() {
    let ok = good_form().validate(&birth_spec(), today()).unwrap();
    assert_eq!(ok.applicant.full_name.as_str(), "Nguyễn Thị Lan");
    assert_eq!(ok.applicant.phone.as_ref().unwrap().as_str(), "0912345678");
    assert_eq!(
        ok.applicant.email.as_ref().unwrap().as_str(),
        "lan@example.vn"
    );
    assert_eq!(ok.authorised_person, None);
    assert_eq!(ok.contact(), &ok.applicant);
    assert_eq!(ok.values["so_ban"], FieldValue::Number(2));
    assert_eq!(ok.values["gioi_tinh"], FieldValue::Choice("Nam".into()));
    assert_eq!(
        ok.values["ngay_sinh_tre"],
        FieldValue::Date(NaiveDate::from_ymd_opt(2026, 11, 1).unwrap())
    );
    assert!(!ok.values.contains_key("noi_sinh"), "optional and empty");
    assert_eq!(
        ok.documents,
        [
            ("giay_chung_sinh".to_string(), 2),
            ("to_khai".to_string(), 1)
        ]
        .into()
    );
    assert_eq!(ok.delivery, Delivery::Electronic);
}

#[test]
fn all_errors_at_once_in_form_order() {
    let form = ApplicationForm {
        applicant: PersonForm {
            full_name: "".into(),
            personal_id: "12345".into(),
            date_of_birth: "2027-01-01".into(),
            phone: "0212345678".into(),
            email: "lan@".into(),
            address: " ".into(),
        },
        values: [("so_ban".to_string(), "11".to_string())].into(),
        documents: BTreeMap::new(),
        delivery: DeliveryForm {
            kind: "by_post".into(),
            address: "".into(),
        },
        ..good_form()
    };
    assert_eq!(
        errors_of(&form, &birth_spec()),
        [
            pair("applicant.full_name", "Họ và tên: chưa nhập."),
            pair(
                "applicant.personal_id",
                "Số định danh cá nhân: phải gồm đúng 12 chữ số."
            ),
            pair(
                "applicant.date_of_birth",
                "Ngày sinh: không được sau ngày hôm nay."
            ),
            pair(
                "applicant.phone",
                "Số điện thoại: không phải số di động Việt Nam (đầu số 03, 05, 07, 08 hoặc 09)."
            ),
            pair(
                "applicant.email",
                "Email: không đúng định dạng, ví dụ ten@example.com."
            ),
            pair("applicant.address", "Địa chỉ: chưa nhập."),
            pair("values.ho_ten_tre", "Họ và tên trẻ: chưa nhập."),
            pair("values.ngay_sinh_tre", "Ngày sinh của trẻ: chưa nhập."),
            pair("values.gioi_tinh", "Giới tính: chưa chọn."),
            pair("values.so_ban", "Số bản sao: phải từ 1 đến 10."),
            pair(
                "documents.to_khai",
                "Tờ khai đăng ký khai sinh: chưa đính kèm tệp."
            ),
            pair(
                "documents.giay_chung_sinh",
                "Giấy chứng sinh: chưa đính kèm tệp."
            ),
            pair("delivery.address", "Địa chỉ nhận kết quả: chưa nhập."),
        ]
    );
}

#[test]
fn for_field_gives_the_message_beside_each_input() {
    let mut form = good_form();
    form.applicant.personal_id = "001190".into();
    form.documents.remove("to_khai");
    let errors = form.validate(&birth_spec(), today()).unwrap_err();
    assert_eq!(errors.len(), 2);
    assert_eq!(
        errors.for_field("applicant.personal_id"),
        Some("Số định danh cá nhân: phải gồm đúng 12 chữ số.")
    );
    assert_eq!(
        errors.for_field("documents.to_khai"),
        Some("Tờ khai đăng ký khai sinh: chưa đính kèm tệp.")
    );
    assert_eq!(errors.for_field("applicant.full_name"), None);
    assert_eq!(
        errors.to_string(),
        "Số định danh cá nhân: phải gồm đúng 12 chữ số.\nTờ khai đăng ký khai sinh: chưa đính kèm tệp."
    );
}

#[test]
fn form_and_results_travel_as_json() {
    let form = good_form();
    let json = serde_json::to_string(&form).unwrap();
    let back: ApplicationForm = serde_json::from_str(&json).unwrap();
    assert_eq!(back, form);

    let ok = form.validate(&birth_spec(), today()).unwrap();
    let json = serde_json::to_value(&ok).unwrap();
    assert_eq!(json["applicant"]["personal_id"], "001190012345");
    assert_eq!(json["applicant"]["date_of_birth"], "1990-05-17");
    assert_eq!(
        json["values"]["so_ban"],
        serde_json::json!({"type": "number", "value": 2})
    );
    assert_eq!(json["delivery"], serde_json::json!({"type": "electronic"}));
    let back: ValidApplication = serde_json::from_value(json).unwrap();
    assert_eq!(back, ok);

    let mut bad = good_form();
    bad.applicant.full_name = String::new();
    let errors = bad.validate(&birth_spec(), today()).unwrap_err();
    let json = serde_json::to_string(&errors).unwrap();
    assert_eq!(
        json,
        r#"[{"field":"applicant.full_name","message":"Họ và tên: chưa nhập."}]"#
    );
    assert_eq!(serde_json::from_str::<FormErrors>(&json).unwrap(), errors);
}

#[test]
fn empty_json_body_reads_and_lists_every_missing_field() {
    let form: ApplicationForm = serde_json::from_str("{}").unwrap();
    let errors = form.validate(&birth_spec(), today()).unwrap_err();
    let fields: Vec<&str> = errors.as_slice().iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "applicant.full_name",
            "applicant.personal_id",
            "applicant.date_of_birth",
            "applicant.phone",
            "applicant.address",
            "values.ho_ten_tre",
            "values.ngay_sinh_tre",
            "values.gioi_tinh",
            "documents.to_khai",
            "documents.giay_chung_sinh",
            "delivery.kind",
        ]
    );
}
