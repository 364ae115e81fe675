//! Tests of `register.rs` (form 07 as PDF).
use super::*;
use crate::slips::test_support::*;

/// The row as read in content-stream order: its cells one after the other.
fn row_text(i: usize, r: &RegisterRow) -> String {
    squash(&cells(i, r).join(" "))
}

#[test]
fn renders_the_heading_and_every_row_of_a_short_register() {
    let register = sample_register(5);
    let pdf = rendered("form07", || render_register(&register));
    assert_eq!(pages_of(&pdf, "f07"), 1);
    let (w, h) = page_size_of(&pdf, "f07");
    assert!(
        w > h && (w - 841.89).abs() < 1.0,
        "not landscape A4: {w} × {h}"
    );
    let text = raw_text(&pdf, "f07");
    let mut expected: Vec<String> = vec![
        "UBND TỈNH HƯNG YÊN".into(),
        "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH".into(),
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".into(),
        "Độc lập - Tự do - Hạnh phúc".into(),
        "SỔ THEO DÕI HỒ SƠ".into(),
        "Từ ngày 01/11/2026 đến ngày 30/11/2026".into(),
    ];
    expected.extend(HEADINGS.iter().map(|h| h.to_string()));
    expected.extend(
        register
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| row_text(i + 1, r)),
    );
    assert_all(&text, &expected);

    // Literal values of row 4 (no time limit, even: a phone number, returned) and row 3
    // (not yet returned, odd: no phone number, by post).
    let squashed = squash(&text);
    assert!(squashed.contains(
        "4 H15.50.05.13-261102-0004 Cấp Giấy chứng nhận đăng ký hộ kinh doanh Nguyễn Văn \
         Đức 4 Số 4 phố Bạch Đằng, phường Phố Hiến, 0912 000 004 Sở Tư pháp 02/11/2026 09:00 \
         Không quy định 06/11/2026 09:00 Trực tiếp"
    ));
    assert!(squashed.contains(
        "3 H15.50.05.13-261102-0003 Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ \
         quan có thẩm quyền của Việt Nam cấp hoặc chứng nhận Nguyễn Văn Đức 3 Số 3 phố Bạch \
         Đằng, phường Phố Hiến Sở Tư pháp 02/11/2026 08:40 07/11/2026 08:40 Qua dịch vụ bưu \
         chính"
    ));
    // A long-form dossier code is never cut (it would read "H15.50.05.13-26110 2-0004").
    for r in &register.rows {
        assert!(text.contains(&r.dossier_code), "{} cut", r.dossier_code);
    }
}

#[test]
fn two_hundred_fifty_rows_fill_several_numbered_pages() {
    let register = sample_register(250);
    let pdf = rendered("form07-250", || render_register(&register));
    let pages = pages_of(&pdf, "f07-250");
    assert!(pages >= 5, "{pages} page(s) for 250 rows");
    let text = raw_text(&pdf, "f07-250");
    let page_texts: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert_eq!(page_texts.len(), pages);
    for (i, page) in page_texts.iter().enumerate() {
        assert!(page.contains(&format!("Trang {}/{pages}", i + 1)));
        assert!(
            page.contains("Mã hồ sơ"),
            "headings missing on page {}",
            i + 1
        );
        if i > 0 {
            assert!(page.contains(
                "Sổ theo dõi hồ sơ - TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH - từ ngày \
                 01/11/2026 đến ngày 30/11/2026 (tiếp theo)"
            ));
        }
    }
    // Every row once, in order, none split across pages.
    let squashed_pages: Vec<String> = page_texts.iter().map(|p| squash(p)).collect();
    let mut page = 0;
    let mut from = 0;
    for (i, r) in register.rows.iter().enumerate() {
        let want = row_text(i + 1, r);
        loop {
            if let Some(at) = squashed_pages[page][from..].find(&want) {
                from += at + want.len();
                break;
            }
            page += 1;
            from = 0;
            assert!(page < pages, "row {} missing, split or out of order", i + 1);
        }
    }
    assert_eq!(page, pages - 1, "the last row is on the last page");
}

#[test]
fn empty_fields_and_an_empty_register() {
    let mut register = sample_register(1);
    let r = &mut register.rows[0];
    r.address.clear();
    r.phone.clear();
    r.returned_at = None;
    r.return_method.clear();
    r.note.clear();
    let text = squash(&raw_text(&render_register(&register).unwrap(), "f07-empty"));
    assert!(text.contains(
        "1 H15.50.05.13-261102-0001 Đăng ký khai sinh Nguyễn Văn Đức 1 Sở Tư pháp \
         02/11/2026 08:00 07/11/2026 08:00"
    ));

    register.rows.clear();
    let pdf = render_register(&register).unwrap();
    assert_eq!(pages_of(&pdf, "f07-none"), 1);
    let text = raw_text(&pdf, "f07-none");
    assert_all(
        &text,
        &["SỔ THEO DÕI HỒ SƠ".into(), "Ghi chú / Ký nhận".into()],
    );
}

#[test]
fn the_same_register_gives_the_same_bytes() {
    let register = sample_register(30);
    assert_eq!(render_register(&register), render_register(&register));
}
