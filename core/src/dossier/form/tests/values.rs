//! Procedure-specific values, documents and delivery.

use super::*;

#[test]
fn text_values_trimmed_and_bounded() {
    let mut form = good_form();
    form.values
        .insert("ho_ten_tre".into(), format!("  {}  ", "a".repeat(20)));
    let ok = form.validate(&birth_spec(), today()).unwrap();
    assert_eq!(ok.values["ho_ten_tre"], FieldValue::Text("a".repeat(20)));
    form.values.insert("ho_ten_tre".into(), "ă".repeat(21));
    assert_eq!(
        errors_of(&form, &birth_spec()),
        [pair(
            "values.ho_ten_tre",
            "Họ và tên trẻ: dài quá 20 ký tự."
        )]
    );
}

#[test]
fn number_values_whole_and_within_bounds() {
    let spec = |min, max| FormSpec {
        fields: vec![field("n", "Số lượng", FieldKind::Number { min, max }, true)],
        documents: vec![],
        online_level: OnlineLevel::MotPhan,
    };
    let check = |spec: &FormSpec, raw: &str| {
        let mut form = good_form();
        form.delivery.kind = "at_desk".into();
        form.values = [("n".to_string(), raw.to_string())].into();
        form.validate(spec, today())
            .map(|ok| ok.values["n"].clone())
            .map_err(|e| e.for_field("values.n").unwrap().to_string())
    };
    let both = spec(Some(1), Some(10));
    assert_eq!(check(&both, "1"), Ok(FieldValue::Number(1)));
    assert_eq!(check(&both, " 10 "), Ok(FieldValue::Number(10)));
    assert_eq!(check(&both, "0"), Err("Số lượng: phải từ 1 đến 10.".into()));
    assert_eq!(
        check(&both, "11"),
        Err("Số lượng: phải từ 1 đến 10.".into())
    );
    for bad in ["1,5", "1.000", "2a", "-", "+3", "99999999999999999999"] {
        assert_eq!(
            check(&both, bad),
            Err("Số lượng: phải là số nguyên.".into()),
            "{bad}"
        );
    }
    let min_only = spec(Some(-5), None);
    assert_eq!(check(&min_only, "-5"), Ok(FieldValue::Number(-5)));
    assert_eq!(
        check(&min_only, "-6"),
        Err("Số lượng: không được nhỏ hơn -5.".into())
    );
    let max_only = spec(None, Some(3));
    assert_eq!(
        check(&max_only, "4"),
        Err("Số lượng: không được lớn hơn 3.".into())
    );
    assert_eq!(
        check(&spec(None, None), "-9223372036854775808"),
        Ok(FieldValue::Number(i64::MIN))
    );
}

#[test]
fn date_choice_and_address_values() {
    let mut form = good_form();
    form.values
        .insert("ngay_sinh_tre".into(), "2026-02-30".into());
    form.values.insert("gioi_tinh".into(), "nam".into());
    form.values.insert("noi_sinh".into(), "x".repeat(301));
    assert_eq!(
        errors_of(&form, &birth_spec()),
        [
            pair(
                "values.ngay_sinh_tre",
                "Ngày sinh của trẻ: không phải ngày hợp lệ (năm-tháng-ngày, ví dụ 1990-05-17)."
            ),
            pair("values.gioi_tinh", "Giới tính: lựa chọn không hợp lệ."),
            pair("values.noi_sinh", "Nơi sinh: dài quá 300 ký tự."),
        ]
    );
    form.values
        .insert("ngay_sinh_tre".into(), "2026-02-28".into());
    form.values.insert("gioi_tinh".into(), "Nữ".into());
    form.values
        .insert("noi_sinh".into(), " Bệnh viện  Phụ sản  Hà Nội ".into());
    let ok = form.validate(&birth_spec(), today()).unwrap();
    assert_eq!(
        ok.values["noi_sinh"],
        FieldValue::Address("Bệnh viện Phụ sản Hà Nội".parse().unwrap())
    );
}

#[test]
fn undeclared_values_and_documents_are_ignored() {
    let mut form = good_form();
    form.values.insert("truong_cu".into(), "gì đó".into());
    form.documents.insert("giay_cu".into(), 3);
    form.documents.insert("uy_quyen".into(), 0);
    let ok = form.validate(&birth_spec(), today()).unwrap();
    assert!(!ok.values.contains_key("truong_cu"));
    assert_eq!(ok.documents.len(), 2);
}

#[test]
fn spec_2_electronic_result_only_for_full_process_online() {
    let mut spec = birth_spec();
    spec.online_level = OnlineLevel::MotPhan;
    assert_eq!(
        errors_of(&good_form(), &spec),
        [pair(
            "delivery.kind",
            "Hình thức nhận kết quả: thủ tục này không trả kết quả điện tử (chỉ thủ tục trực tuyến toàn trình mới có)."
        )]
    );
    let mut form = good_form();
    form.delivery = DeliveryForm {
        kind: "by_post".into(),
        address: "Thôn 3, xã Ea Kao, Đắk Lắk".into(),
    };
    let ok = form.validate(&spec, today()).unwrap();
    assert_eq!(
        ok.delivery,
        Delivery::ByPost {
            address: "Thôn 3, xã Ea Kao, Đắk Lắk".parse().unwrap()
        }
    );
    form.delivery = DeliveryForm {
        kind: "at_desk".into(),
        address: "ignored".into(),
    };
    assert_eq!(
        form.validate(&spec, today()).unwrap().delivery,
        Delivery::AtDesk
    );
}

#[test]
fn delivery_must_be_chosen_among_the_three() {
    let mut form = good_form();
    form.delivery.kind = String::new();
    assert_eq!(
        errors_of(&form, &birth_spec()),
        [pair("delivery.kind", "Hình thức nhận kết quả: chưa chọn.")]
    );
    form.delivery.kind = "drone".into();
    assert_eq!(
        errors_of(&form, &birth_spec()),
        [pair(
            "delivery.kind",
            "Hình thức nhận kết quả: lựa chọn không hợp lệ."
        )]
    );
}

#[test]
fn spec_2_procedure_without_online_service_takes_no_online_dossier() {
    let mut spec = birth_spec();
    spec.online_level = OnlineLevel::None;
    let mut form = good_form();
    form.delivery.kind = "at_desk".into();
    assert_eq!(
        errors_of(&form, &spec),
        [pair(
            "procedure",
            "Thủ tục này chưa có dịch vụ trực tuyến: vui lòng nộp hồ sơ trực tiếp hoặc qua dịch vụ bưu chính."
        )]
    );
}
