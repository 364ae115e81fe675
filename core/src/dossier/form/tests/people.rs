//! The applicant and the authorised person.

use super::*;

#[test]
fn personal_id_century_must_agree_with_date_of_birth() {
    let mut form = good_form();
    form.applicant.personal_id = "001390012345".into(); // woman born in 2090
    assert_eq!(
        errors_of(&form, &birth_spec()),
        [pair(
            "applicant.personal_id",
            "Số định danh cá nhân: chữ số thứ 4–6 ứng với năm sinh 2090, không khớp với ngày sinh (năm 1990)."
        )]
    );
    // An unreadable date of birth is reported once, on its own field.
    form.applicant.date_of_birth = "17/05/1990".into();
    assert_eq!(
        errors_of(&form, &birth_spec()),
        [pair(
            "applicant.date_of_birth",
            "Ngày sinh: không phải ngày hợp lệ (năm-tháng-ngày, ví dụ 1990-05-17)."
        )]
    );
}

#[test]
fn filing_for_someone_else_records_the_authorised_person() {
    let mut form = good_form();
    form.for_someone_else = true;
    form.applicant.phone = String::new(); // optional when represented
    form.authorised_person = binh();
    let ok = form.validate(&birth_spec(), today()).unwrap();
    assert_eq!(ok.applicant.phone, None);
    let authorised = ok.authorised_person.as_ref().unwrap();
    assert_eq!(authorised.full_name.as_str(), "Trần Văn Bình");
    assert_eq!(authorised.email, None);
    assert_eq!(ok.contact().phone.as_ref().unwrap().as_str(), "0987654321");
}

#[test]
fn authorised_person_errors_are_named_as_such() {
    let mut form = good_form();
    form.for_someone_else = true;
    form.authorised_person = PersonForm {
        phone: String::new(),
        ..binh()
    };
    form.authorised_person.date_of_birth = "1900-00-01".into();
    assert_eq!(
        errors_of(&form, &birth_spec()),
        [
            pair(
                "authorised_person.date_of_birth",
                "Ngày sinh người được ủy quyền: không phải ngày hợp lệ (năm-tháng-ngày, ví dụ 1990-05-17)."
            ),
            pair("authorised_person.phone", "Số điện thoại người được ủy quyền: chưa nhập."),
        ]
    );
}

#[test]
fn authorised_person_cannot_be_the_applicant() {
    let mut form = good_form();
    form.for_someone_else = true;
    form.authorised_person = lan();
    assert_eq!(
        errors_of(&form, &birth_spec()),
        [pair(
            "authorised_person.personal_id",
            "Số định danh cá nhân người được ủy quyền: trùng với người có yêu cầu; nếu tự nộp hồ sơ cho mình, hãy bỏ chọn «Nộp thay người khác»."
        )]
    );
}

#[test]
fn authorised_person_ignored_when_filing_for_oneself() {
    let mut form = good_form();
    form.authorised_person = PersonForm {
        personal_id: "junk".into(),
        ..PersonForm::default()
    };
    let ok = form.validate(&birth_spec(), today()).unwrap();
    assert_eq!(ok.authorised_person, None);
}

#[test]
fn applicant_phone_required_when_filing_for_oneself() {
    let mut form = good_form();
    form.applicant.phone = " ".into();
    form.applicant.email = String::new();
    assert_eq!(
        errors_of(&form, &birth_spec()),
        [pair("applicant.phone", "Số điện thoại: chưa nhập.")]
    );
}
