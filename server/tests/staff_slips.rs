//! Forms 01–07 as the staff print them, rendered from what a real dossier's life wrote to
//! the database (SQLite and PostgreSQL), read back with poppler's `pdftotext` and, for the
//! register's spreadsheet, with calamine, and checked field by field (issue 5).

mod common;

use std::io::Cursor;
use std::process::Command as Process;

use calamine::{Data, Reader, Xlsx};
use chrono::{NaiveDate, NaiveDateTime};
use common::staff_site::*;
use common::Backend;
use motcua_server::processing::forms::{self, Form};
use motcua_server::processing::{load, Command, ReturnMethod};

macro_rules! on_both_backends {
    ($($scenario:ident),* $(,)?) => {$(
        mod $scenario {
            #[test]
            fn sqlite() {
                super::block_on(super::$scenario(super::Backend::Sqlite));
            }

            #[test]
            fn postgres() {
                super::block_on(super::$scenario(super::Backend::Postgres));
            }
        }
    )*};
}

on_both_backends!(
    slips_and_register_read_back,
    result_signed_verified_returned_electronically
);

/// The text of a PDF, as laid out (`pdftotext -layout`), with runs of spaces collapsed
/// so that wrapped table cells can be searched.
fn text_of(pdf: &[u8]) -> String {
    let dir = common::temp_dir("slip");
    let path = dir.join("slip.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Process::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed by scripts/setup.sh --test");
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn has(text: &str, wanted: &[&str]) {
    for w in wanted {
        assert!(text.contains(w), "«{w}» missing in:\n{text}");
    }
}

fn local(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

async fn slips_and_register_read_back(backend: Backend) {
    let site = Site::start(backend, "slips").await;
    let desk = site.staff("anbinh.motcua").await;
    let head = site.staff("anbinh.lanhdaophong").await;
    let specialist = site.staff("anbinh.chuyenvien").await;
    let chair = site.staff("anbinh.chutich").await;

    // Mon 2 Nov 2026 09:00, residence registration, 7 working days → Wed 11 Nov 09:00.
    let id = site.paper(&desk, RESIDENCE, at("2026-11-02 09:00")).await;
    let code = load(&site.pool, &id).await.unwrap().unwrap().code.unwrap();
    let moves = vec![
        (
            &desk,
            Command::RequestSupplement {
                items: vec![
                    "Bản sao Giấy chứng nhận quyền sử dụng đất".into(),
                    "Văn bản đồng ý của chủ hộ".into(),
                ],
                reason: "Hồ sơ chưa đủ giấy tờ chứng minh chỗ ở hợp pháp".into(),
                override_reason: None,
            },
            "2026-11-02 10:00",
        ),
        (
            &desk,
            Command::AnswerSupplement {
                note: "Nộp tại quầy".into(),
                files: vec![site.scan("2026-11-03 08:00").await],
            },
            "2026-11-03 08:00",
        ),
        (
            &desk,
            Command::SendToProcessing {
                note: String::new(),
            },
            "2026-11-03 08:30",
        ),
        (
            &head,
            Command::Assign {
                to: specialist.id.clone(),
                note: "Xử lý ngay".into(),
            },
            "2026-11-03 09:00",
        ),
        (
            &specialist,
            Command::Forward {
                note: "Đủ điều kiện".into(),
            },
            "2026-11-09 10:00",
        ),
        (
            &chair,
            Command::Apologize {
                reason: "Phải xác minh nơi cư trú cũ".into(),
                new_due: local("2026-11-13 16:00"),
            },
            "2026-11-10 08:00",
        ),
        (
            &chair,
            Command::Decide {
                override_reason: None,
                note: String::new(),
            },
            "2026-11-12 15:00",
        ),
        (
            &desk,
            Command::Return(ReturnMethod::Post {
                tracking_no: "EB123456789VN".into(),
            }),
            "2026-11-13 09:00",
        ),
    ];
    for (who, command, when) in moves {
        let action = command.action();
        site.run(who, &id, command, at(when))
            .await
            .unwrap_or_else(|e| panic!("{action:?}: {e}"));
    }
    let render = |form| {
        let (pool, catalog, id) = (site.pool.clone(), site.catalog.clone(), id.clone());
        async move { forms::render(&pool, &catalog, &id, form).await.unwrap() }
    };

    // 02: items numbered, reason, contact of the ward, the guiding officer.
    let t = text_of(&render(Form::Supplement).await.expect("form 02"));
    has(
        &t,
        &[
            "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "UBND PHƯỜNG AN BÌNH",
            &code,
            "Trần Thị Bích",
            "1. Bản sao Giấy chứng nhận quyền sử dụng đất",
            "2. Văn bản đồng ý của chủ hộ",
            "Hồ sơ chưa đủ giấy tờ chứng minh chỗ ở hợp pháp",
            "Trịnh Thị Mai",
            "Đăng ký thường trú",
        ],
    );
    // 03 does not apply to a received dossier; 05 not to one that was not stopped.
    assert!(render(Form::Refusal).await.is_none());
    assert!(render(Form::Stop).await.is_none());

    // 04: the original and new appointments, the reason, the chair's signature.
    let t = text_of(&render(Form::Apology).await.expect("form 04"));
    has(
        &t,
        &[
            &code,
            "Trần Thị Bích",
            "Phải xác minh nơi cư trú cũ",
            // Wed 11 Nov 09:00 moved by the supplement's pause (Mon 10:00 → Tue 08:00:
            // 6 office hours) to Wed 11 Nov 17:00; the apology sets Fri 13 Nov 16:00.
            "17 giờ 00 phút, ngày 11/11/2026",
            "13/11/2026",
            "16 giờ 00",
            "CHỦ TỊCH",
            "Phan Văn Long",
        ],
    );
    let original = load(&site.pool, &id).await.unwrap().unwrap();
    assert_eq!(
        original.clock.unwrap().due(),
        Some(local("2026-11-13 16:00"))
    );

    // 06: one row per hand-over with its result.
    let t = text_of(&render(Form::Control).await.expect("form 06"));
    has(
        &t,
        &[
            "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
            &code,
            "Tiếp nhận hồ sơ",
            "Phân công xử lý",
            "Thẩm định hồ sơ, dự thảo kết quả",
            "Phê duyệt, ký kết quả",
            "Trả kết quả",
            "Đinh Thị Thu",
            "Trước hạn",
        ],
    );

    // 01 through the receipt renderer used by the staff route.
    let (_, receipt) = motcua_server::dossier::receipt::render_for(
        &site.pool,
        &site.catalog,
        "http://x",
        &id,
        None,
    )
    .await
    .unwrap()
    .unwrap();
    has(
        &text_of(&receipt),
        &[&code, "Trần Thị Bích", "001190012345", "09 giờ 00"],
    );

    // 07: the ward's register for November, both formats.
    let from = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let to = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let register = forms::register(&site.pool, &site.catalog, "H15.50", from, to)
        .await
        .unwrap();
    assert_eq!(register.rows.len(), 1);
    let pdf = motcua_server::slips::render_register(&register).unwrap();
    has(
        &text_of(&pdf),
        &[
            "SỔ THEO DÕI HỒ SƠ",
            &code,
            "Đăng ký thường trú",
            "Trần Thị Bích",
            "0912000111",
            "02/11/2026",
            "13/11/2026",
            "Qua dịch vụ bưu chính",
        ],
    );
    let xlsx = motcua_server::slips::render_register_xlsx(&register).unwrap();
    let mut book = Xlsx::new(Cursor::new(xlsx)).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let row = sheet
        .rows()
        .find(|r| r.iter().any(|c| matches!(c, Data::String(s) if s == &code)))
        .expect("the dossier's row");
    let texts: Vec<String> = row
        .iter()
        .filter_map(|c| match c {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    for wanted in [
        "Đăng ký thường trú",
        "Trần Thị Bích",
        "UBND phường An Bình",
        "Qua dịch vụ bưu chính",
    ] {
        assert!(
            texts.iter().any(|t| t.contains(wanted)),
            "{wanted} not in {texts:?}"
        );
    }
    let dates: Vec<NaiveDateTime> = row
        .iter()
        .filter_map(|c| match c {
            Data::DateTime(t) => t.as_datetime(),
            _ => None,
        })
        .collect();
    assert_eq!(
        dates,
        [
            local("2026-11-02 09:00"),
            local("2026-11-13 16:00"),
            local("2026-11-13 09:00")
        ],
        "received, appointment (after form 04), returned"
    );
    // Another unit's register does not list the ward's dossier.
    let other = forms::register(&site.pool, &site.catalog, "H15.51", from, to)
        .await
        .unwrap();
    assert!(other.rows.is_empty());
}

/// Issue 5 "Results and return": the head signs the result at the last step; the stamped
/// file verifies, a modified copy does not; electronic return needs the signed result.
async fn result_signed_verified_returned_electronically(backend: Backend) {
    use motcua_app::services::VerifyAnswer;
    use motcua_server::processing::{result, ActError};

    let site = Site::start(backend, "result").await;
    let desk = site.staff("anbinh.motcua").await;
    let head = site.staff("anbinh.lanhdaophong").await;
    let specialist = site.staff("anbinh.chuyenvien").await;
    let chair = site.staff("anbinh.chutich").await;
    let id = site.paper(&desk, RESIDENCE, at("2026-11-02 09:00")).await;
    let other = site.paper(&desk, RESIDENCE, at("2026-11-02 09:05")).await;
    for d in [&id, &other] {
        for (who, command) in [
            (
                &desk,
                Command::SendToProcessing {
                    note: String::new(),
                },
            ),
            (
                &head,
                Command::Assign {
                    to: specialist.id.clone(),
                    note: String::new(),
                },
            ),
            (
                &specialist,
                Command::Forward {
                    note: String::new(),
                },
            ),
        ] {
            site.run(who, d, command, at("2026-11-03 09:00"))
                .await
                .unwrap();
        }
    }
    // A real PDF to sign: the dossier's own control slip.
    let pdf = forms::render(&site.pool, &site.catalog, &id, Form::Control)
        .await
        .unwrap()
        .unwrap();
    let results = motcua_server::signing::result_store(&site.files_dir());
    // Development keys: generated into the data directory on first use.
    let keys =
        motcua_server::signing::KeySettings::from_lookup(|_| None, &site.files_dir()).unwrap();
    let refused = result::sign(
        &site.pool,
        &results,
        &keys,
        "http://x",
        &specialist,
        &id,
        None,
        "kq.pdf",
        &pdf,
        at("2026-11-04 09:00"),
    )
    .await
    .unwrap_err();
    assert!(matches!(refused, ActError::Invalid(_)), "{refused:?}");
    let record = result::sign(
        &site.pool,
        &results,
        &keys,
        "http://x",
        &chair,
        &id,
        None,
        "quyet-dinh.pdf",
        &pdf,
        at("2026-11-04 09:00"),
    )
    .await
    .unwrap();
    let (_, stamped) = result::file(&site.pool, &results, &id)
        .await
        .unwrap()
        .unwrap();
    match motcua_server::signing::verify_file(&site.pool, &stamped)
        .await
        .unwrap()
    {
        VerifyAnswer::Valid { result } => assert_eq!(result.code, record.code),
        other => panic!("{other:?}"),
    }
    let mut modified = stamped.clone();
    let middle = modified.len() / 2;
    modified[middle] ^= 1;
    assert!(!matches!(
        motcua_server::signing::verify_file(&site.pool, &modified)
            .await
            .unwrap(),
        VerifyAnswer::Valid { .. }
    ));
    let text = text_of(&stamped);
    has(&text, &["Mã xác thực", &record.code]);
    // Decide both; only the signed one can be returned electronically.
    for d in [&id, &other] {
        site.run(
            &chair,
            d,
            Command::Decide {
                override_reason: None,
                note: String::new(),
            },
            at("2026-11-05 09:00"),
        )
        .await
        .unwrap();
    }
    let no_result = site
        .run(
            &desk,
            &other,
            Command::Return(ReturnMethod::Electronic),
            at("2026-11-05 10:00"),
        )
        .await
        .unwrap_err();
    assert_eq!(
        no_result.to_string(),
        "Trả kết quả trực tuyến: chưa có văn bản kết quả đã ký số"
    );
    site.run(
        &desk,
        &id,
        Command::Return(ReturnMethod::Electronic),
        at("2026-11-05 10:00"),
    )
    .await
    .unwrap();
    let d = load(&site.pool, &id).await.unwrap().unwrap();
    assert_eq!(
        (d.state.status.code(), d.return_method.as_deref()),
        (10, Some("electronic"))
    );
    assert_eq!(d.timeliness.as_deref(), Some("early"));
}
