//! Tests of signing and verification on a real database: a fresh SQLite file with the
//! demo catalogue (and, for the key race, also PostgreSQL when `MOTCUA_TEST_POSTGRES_URL`
//! is set, as `make unit` and `scripts/with-postgres.sh` do).

use std::path::PathBuf;

use chrono::TimeZone;
use lopdf::Document;
use motcua_app::services::VerifyAnswer;

use super::*;
use crate::catalog::seed;
use crate::config::Settings;
use crate::database;
use crate::ids::new_id;
use crate::slips::pdf::{bold, regular, Align, Doc, Font};

/// A seeded database with one received dossier.
struct Fixture {
    pool: AnyPool,
    keks: Keyring,
    dir: PathBuf,
    store: FileStore,
    agency: String,
    dossier_id: String,
    dossier_code: String,
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

async fn fixture_with(database_url: Option<String>) -> Fixture {
    let dir = std::env::temp_dir().join(format!("motcua-signing-{}", new_id()));
    let data_dir = dir.display().to_string();
    let settings = Settings::from_sources(|key| match key {
        "MOTCUA_DATA_DIR" => Some(data_dir.clone()),
        "DATABASE_URL" => database_url.clone(),
        _ => None,
    })
    .unwrap();
    let pool = database::open(&settings).await.unwrap();
    seed::seed_demo(&pool, false, 1_790_000_000_000)
        .await
        .unwrap();
    let agency: String = sqlx::query(
        "SELECT code FROM agencies WHERE receives_dossiers = 1 ORDER BY sort_order, code",
    )
    .fetch_one(&pool)
    .await
    .unwrap()
    .get(0);
    let dossier_id = new_id();
    let dossier_code = format!("{agency}-261122-0001");
    insert_dossier(&pool, &dossier_id, &dossier_code, &agency).await;
    Fixture {
        keks: settings.keys.keks().unwrap(),
        pool,
        store: result_store(&dir),
        dir,
        agency,
        dossier_id,
        dossier_code,
    }
}

async fn fixture() -> Fixture {
    fixture_with(None).await
}

/// A received dossier of the first procedure, as the desk would have left it.
pub(crate) async fn insert_dossier(pool: &AnyPool, id: &str, code: &str, unit: &str) {
    sqlx::query(
        "INSERT INTO dossiers (id, submission_no, code, idempotency_key, procedure_slug, \
         procedure_version, receiving_unit, channel, status, citizen_id, applicant_name, \
         applicant_phone, application, calendar_version, submitted_at_ms, received_at_ms, \
         due_at_ms, row_version) \
         SELECT $1, $2, $3, $4, procedure_slug, version, $5, 'in_person', 9, NULL, \
         'Nguyễn Văn Bình', '0987654321', '{}', 'test', $6, $6, NULL, 1 \
         FROM procedure_versions ORDER BY procedure_slug, version LIMIT 1",
    )
    .bind(id)
    .bind(format!("TN-{}", &id[..12]))
    .bind(code)
    .bind(new_id())
    .bind(unit)
    .bind(1_790_000_000_000_i64)
    .execute(pool)
    .await
    .unwrap();
}

/// A two-page PDF as the slips' toolkit writes it (classic cross-reference table).
fn decision_pdf() -> Vec<u8> {
    let mut doc = Doc::new(20.0, 15.0, 20.0, 30.0).unwrap();
    let body = Font::new(13.0, 1.3);
    doc.paragraph(
        &[bold("QUYẾT ĐỊNH cấp Giấy chứng nhận đăng ký hộ kinh doanh")],
        body,
        0.0,
        Align::Center,
    );
    doc.paragraph(
        &[regular("Điều 1. Cấp cho ông Nguyễn Văn Bình …")],
        body,
        0.0,
        Align::Left,
    );
    doc.new_page();
    doc.paragraph(&[regular("Điều 2. Hiệu lực.")], body, 0.0, Align::Left);
    doc.finish("Quyết định").unwrap()
}

/// The same document saved by lopdf with object streams and a cross-reference stream.
fn compressed_pdf() -> Vec<u8> {
    let mut doc = Document::load_mem(&decision_pdf()).unwrap();
    let mut out = Vec::new();
    doc.save_with_options(
        &mut out,
        lopdf::SaveOptions::builder()
            .use_object_streams(true)
            .use_xref_streams(true)
            .build(),
    )
    .unwrap();
    out
}

fn signer() -> Signer {
    Signer {
        // Decomposed input (combining marks) signs and prints as precomposed.
        name: "Le\u{302} Thi\u{323}  Thu\nHa\u{300}".into(),
        id: "can-bo-07".into(),
    }
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 7, 5, 0).unwrap()
}

fn actor() -> Acting {
    keys::system_actor()
}

async fn sign(f: &Fixture, pdf: &[u8]) -> Result<SignedResult, SignError> {
    let signer = signer();
    sign_result(
        &f.pool,
        &f.store,
        &f.keks,
        &SignRequest {
            agency_code: &f.agency,
            dossier_id: &f.dossier_id,
            signer: &signer,
            file_name: "C:\\Văn bản\\quyet-dinh.pdf",
            pdf,
            public_url: "https://dichvucong.example.vn/",
        },
        &actor(),
        now(),
    )
    .await
}

fn valid(answer: VerifyAnswer) -> motcua_app::services::SignedResultView {
    match answer {
        VerifyAnswer::Valid { result } => *result,
        other => panic!("not valid: {other:?}"),
    }
}

#[tokio::test]
async fn a_signed_result_verifies_by_code_and_by_file() {
    let f = fixture().await;
    let original = decision_pdf();
    let signed = sign(&f, &original).await.unwrap();
    let r = &signed.record;

    assert!(VerificationCode::parse(&r.code).is_some_and(|c| c.as_str() == r.code));
    assert_eq!(r.dossier_code, f.dossier_code);
    assert_eq!(r.file_name, "quyet-dinh.pdf");
    assert_eq!(r.signer_name, "Lê Thị Thu Hà");
    assert_eq!(r.original_sha256, sha256_hex(&original));
    assert_eq!(r.sha256, sha256_hex(&signed.pdf));
    assert_eq!(r.size_bytes as usize, signed.pdf.len());
    assert_eq!(r.signed_at_ms, now().timestamp_millis());
    // The original is kept byte for byte; the stamp is one more page.
    assert!(signed.pdf.starts_with(&original));
    assert_eq!(signed.original_pages, 2);
    let stamped = Document::load_mem(&signed.pdf).unwrap();
    assert_eq!(stamped.get_pages().len(), 3);
    assert_eq!(
        stamp::code_in(&signed.pdf).as_deref(),
        Some(r.code.as_str())
    );
    // Stored by content hash in the results store.
    assert_eq!(f.store.get(&r.sha256).unwrap(), signed.pdf);

    let by_code = valid(verify_code(&f.pool, &r.code).await.unwrap());
    assert_eq!(by_code.code, r.code);
    assert_eq!(by_code.dossier_code, f.dossier_code);
    assert_eq!(by_code.signer, "Lê Thị Thu Hà");
    assert_eq!(by_code.signed_at, "22/11/2026 14:05");
    assert_eq!(by_code.file_name, "quyet-dinh.pdf");
    assert_eq!(by_code.sha256, r.sha256);
    assert!(!by_code.agency_name.is_empty());
    // Typed sloppily: lower case, no dashes, O for 0 and l for 1.
    let typed = r
        .code
        .replace('-', " ")
        .to_lowercase()
        .replace('0', "o")
        .replace('1', "l");
    assert_eq!(
        valid(verify_code(&f.pool, &typed).await.unwrap()).code,
        r.code
    );
    assert_eq!(
        valid(verify_file(&f.pool, &signed.pdf).await.unwrap()),
        by_code
    );
    // The unstamped original is not the signed file.
    assert_eq!(
        verify_file(&f.pool, &original).await.unwrap(),
        VerifyAnswer::Unknown
    );
}

#[tokio::test]
async fn one_changed_byte_makes_the_file_not_match() {
    let f = fixture().await;
    let signed = sign(&f, &decision_pdf()).await.unwrap();
    let code = signed.record.code.clone();
    for at in [100, signed.pdf.len() / 2, signed.pdf.len() - 3] {
        let mut changed = signed.pdf.clone();
        changed[at] ^= 0x01;
        assert_eq!(
            verify_file(&f.pool, &changed).await.unwrap(),
            VerifyAnswer::Modified { code: code.clone() },
            "byte {at}"
        );
    }
    // A copy cut short, or with bytes appended, does not match either.
    let mut longer = signed.pdf.clone();
    longer.extend_from_slice(b"\n% appended\n");
    assert!(matches!(
        verify_file(&f.pool, &longer).await.unwrap(),
        VerifyAnswer::Modified { .. }
    ));
    // Without the code in it, an unknown file is just unknown.
    assert_eq!(
        verify_file(&f.pool, b"%PDF-1.7 something else")
            .await
            .unwrap(),
        VerifyAnswer::Unknown
    );
}

#[tokio::test]
async fn a_forged_record_does_not_verify() {
    let f = fixture().await;
    let signed = sign(&f, &decision_pdf()).await.unwrap();
    let code = signed.record.code.clone();
    let invalid = VerifyAnswer::InvalidSignature { code: code.clone() };
    let forge = |sql: &'static str| {
        let pool = f.pool.clone();
        let code = code.clone();
        async move {
            sqlx::query(sql).bind(&code).execute(&pool).await.unwrap();
        }
    };

    // Any signed field changed: the signer's name, …
    forge("UPDATE result_signatures SET signer_name = 'Kẻ Giả Mạo' WHERE verification_code = $1")
        .await;
    assert_eq!(verify_code(&f.pool, &code).await.unwrap(), invalid);
    assert_eq!(verify_file(&f.pool, &signed.pdf).await.unwrap(), invalid);
    forge(
        "UPDATE result_signatures SET signer_name = 'Lê Thị Thu Hà' WHERE verification_code = $1",
    )
    .await;
    assert!(matches!(
        verify_code(&f.pool, &code).await.unwrap(),
        VerifyAnswer::Valid { .. }
    ));
    // … the time, …
    forge("UPDATE result_signatures SET signed_at_ms = signed_at_ms + 60000 WHERE verification_code = $1")
        .await;
    assert_eq!(verify_code(&f.pool, &code).await.unwrap(), invalid);
    forge("UPDATE result_signatures SET signed_at_ms = signed_at_ms - 60000 WHERE verification_code = $1")
        .await;

    // … the hash pointed at another file (which is then found, and refused), …
    let other = decision_pdf()
        .into_iter()
        .chain(*b"\n%x\n")
        .collect::<Vec<u8>>();
    sqlx::query("UPDATE result_signatures SET sha256 = $1 WHERE verification_code = $2")
        .bind(sha256_hex(&other))
        .bind(&code)
        .execute(&f.pool)
        .await
        .unwrap();
    assert_eq!(verify_file(&f.pool, &other).await.unwrap(), invalid);
    sqlx::query("UPDATE result_signatures SET sha256 = $1 WHERE verification_code = $2")
        .bind(&signed.record.sha256)
        .bind(&code)
        .execute(&f.pool)
        .await
        .unwrap();

    // … or a signature from another key, or garbage.
    let mut forged = signed.record.clone();
    forged.signer_name = "Kẻ Giả Mạo".into();
    let stranger = ed25519_dalek::SigningKey::from_bytes(&[7; 32]);
    use base64::Engine;
    use ed25519_dalek::Signer as _;
    let b64 = base64::engine::general_purpose::STANDARD;
    let by_stranger = b64.encode(stranger.sign(&forged.statement()).to_bytes());
    sqlx::query(
        "UPDATE result_signatures SET signer_name = $1, signature = $2 WHERE verification_code = $3",
    )
    .bind(&forged.signer_name)
    .bind(&by_stranger)
    .bind(&code)
    .execute(&f.pool)
    .await
    .unwrap();
    assert_eq!(verify_code(&f.pool, &code).await.unwrap(), invalid);
    forge("UPDATE result_signatures SET signature = 'not base64!' WHERE verification_code = $1")
        .await;
    assert_eq!(verify_code(&f.pool, &code).await.unwrap(), invalid);
    // … or the row's own public key replaced by the forger's, with the forger's
    // signature: the registry's key decides, so still refused.
    let stranger_public = b64.encode(stranger.verifying_key().as_bytes());
    sqlx::query(
        "UPDATE result_signatures SET signer_name = $1, signature = $2, public_key = $3 \
         WHERE verification_code = $4",
    )
    .bind(&forged.signer_name)
    .bind(&by_stranger)
    .bind(&stranger_public)
    .bind(&code)
    .execute(&f.pool)
    .await
    .unwrap();
    assert_eq!(verify_code(&f.pool, &code).await.unwrap(), invalid);
    let key = keys::RegisteredKey::by_id(&f.pool, signed.record.key_id.as_deref().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert!(!verify::record_is_valid(&signed.record, &key, Some("00")));
    assert!(verify::record_is_valid(&signed.record, &key, None));
}

#[tokio::test]
async fn unknown_and_malformed_codes() {
    let f = fixture().await;
    assert_eq!(
        verify_code(&f.pool, "0000-0000-0000").await.unwrap(),
        VerifyAnswer::Unknown
    );
    for typed in ["", "abc", "0000-0000-000U", "'; DROP TABLE x; --"] {
        assert_eq!(
            verify_code(&f.pool, typed).await.unwrap(),
            VerifyAnswer::Malformed,
            "{typed:?}"
        );
    }
}

#[tokio::test]
async fn bad_requests_are_refused_in_vietnamese() {
    let f = fixture().await;
    let png = b"\x89PNG\r\n\x1a\n rest of an image";
    let err = sign(&f, png).await.unwrap_err();
    assert!(matches!(err, SignError::NotPdf(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "Tệp «quyet-dinh.pdf» không phải PDF: chỉ ký được văn bản kết quả dạng PDF."
    );
    let err = sign(&f, b"%PDF-1.7 but nothing else").await.unwrap_err();
    assert!(matches!(err, SignError::Unreadable(_)), "{err:?}");
    assert!(err.to_string().contains("bị hỏng"));

    // Password-protected.
    let mut doc = Document::load_mem(&decision_pdf()).unwrap();
    let id = lopdf::Object::string_literal(&b"0123456789abcdef"[..]);
    doc.trailer.set("ID", vec![id.clone(), id]);
    let state = lopdf::EncryptionState::try_from(lopdf::EncryptionVersion::V2 {
        document: &doc,
        owner_password: "chu",
        user_password: "khach",
        key_length: 128,
        permissions: lopdf::Permissions::all(),
    })
    .unwrap();
    doc.encrypt(&state).unwrap();
    let mut locked = Vec::new();
    doc.save_to(&mut locked).unwrap();
    let err = sign(&f, &locked).await.unwrap_err();
    assert!(matches!(err, SignError::Encrypted(_)), "{err:?}");
    assert!(err.to_string().contains("mật khẩu"));

    let big = vec![b'%'; MAX_ORIGINAL_BYTES as usize + 1];
    assert!(matches!(
        sign(&f, &big).await.unwrap_err(),
        SignError::TooLarge { .. }
    ));

    let pdf = decision_pdf();
    let nobody = Signer {
        name: " \n ".into(),
        id: "x".into(),
    };
    let mut request = SignRequest {
        agency_code: &f.agency,
        dossier_id: "no-such-dossier",
        signer: &signer(),
        file_name: "a.pdf",
        pdf: &pdf,
        public_url: "http://x",
    };
    let s = signer();
    request.signer = &s;
    assert!(matches!(
        sign_result(&f.pool, &f.store, &f.keks, &request, &actor(), now()).await,
        Err(SignError::UnknownDossier(_))
    ));
    request.dossier_id = &f.dossier_id;
    request.agency_code = "Z99";
    assert!(matches!(
        sign_result(&f.pool, &f.store, &f.keks, &request, &actor(), now()).await,
        Err(SignError::UnknownAgency(_))
    ));
    request.agency_code = &f.agency;
    request.signer = &nobody;
    assert!(matches!(
        sign_result(&f.pool, &f.store, &f.keks, &request, &actor(), now()).await,
        Err(SignError::NoSigner)
    ));
    // Nothing was stored by the refusals.
    assert!(f.store.list().unwrap().is_empty());
    let rows: i64 = sqlx::query("SELECT COUNT(*) FROM result_signatures")
        .fetch_one(&f.pool)
        .await
        .unwrap()
        .get(0);
    assert_eq!(rows, 0);
}

#[tokio::test]
async fn files_with_cross_reference_streams_are_stamped_too() {
    let f = fixture().await;
    let original = compressed_pdf();
    assert!(
        !original.windows(5).any(|w| w == b"\nxref"),
        "no xref table"
    );
    assert!(original.windows(5).any(|w| w == b"/XRef"), "an xref stream");
    let signed = sign(&f, &original).await.unwrap();
    assert!(signed.pdf.starts_with(&original));
    let stamped = Document::load_mem(&signed.pdf).unwrap();
    assert!(stamped.xref_recovery.is_none());
    assert_eq!(stamped.get_pages().len(), 3);
    assert!(matches!(
        verify_file(&f.pool, &signed.pdf).await.unwrap(),
        VerifyAnswer::Valid { .. }
    ));
    // A stamped file can be stamped again (a corrected result, signed anew).
    let again = sign(&f, &signed.pdf).await.unwrap();
    assert_eq!(Document::load_mem(&again.pdf).unwrap().get_pages().len(), 4);
    assert_ne!(again.record.code, signed.record.code);
    assert_eq!(stamp::code_in(&again.pdf), Some(again.record.code.clone()));
}

/// Two tasks creating the same agency's key at once end with one key, used by both.
async fn race_for_keys(database_url: Option<String>) {
    let f = fixture_with(database_url).await;
    let agencies: Vec<String> = sqlx::query("SELECT code FROM agencies ORDER BY code")
        .fetch_all(&f.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert!(agencies.len() >= 2);
    for agency in &agencies {
        let (a, b) = tokio::join!(
            tokio::spawn({
                let pool = f.pool.clone();
                let agency = agency.clone();
                let keks = f.keks.clone();
                async move {
                    keys::agency_key(&pool, &keks, &agency, &actor(), 1)
                        .await
                        .unwrap()
                }
            }),
            tokio::spawn({
                let pool = f.pool.clone();
                let agency = agency.clone();
                let keks = f.keks.clone();
                async move {
                    keys::agency_key(&pool, &keks, &agency, &actor(), 2)
                        .await
                        .unwrap()
                }
            }),
        );
        let (a, b) = (a.unwrap(), b.unwrap());
        assert_eq!(a.public_base64(), b.public_base64(), "{agency}");
        let stored: Vec<String> =
            sqlx::query("SELECT public_key FROM agency_keys WHERE agency_code = $1")
                .bind(agency)
                .fetch_all(&f.pool)
                .await
                .unwrap()
                .iter()
                .map(|r| r.get(0))
                .collect();
        assert_eq!(stored, vec![a.public_base64()]);
        // Later calls keep using it.
        let later = keys::agency_key(&f.pool, &f.keks, agency, &actor(), 3)
            .await
            .unwrap();
        assert_eq!(later.public_base64(), a.public_base64());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn racing_instances_create_one_key_sqlite() {
    race_for_keys(None).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn racing_instances_create_one_key_postgres() {
    let Ok(base) = std::env::var("MOTCUA_TEST_POSTGRES_URL") else {
        eprintln!("MOTCUA_TEST_POSTGRES_URL not set: PostgreSQL part skipped");
        return;
    };
    sqlx::any::install_default_drivers();
    let name = format!("motcua_signing_{}", &new_id()[..12]);
    let admin = AnyPool::connect(&base).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&admin)
        .await
        .unwrap();
    admin.close().await;
    let (server, _) = base.rsplit_once('/').unwrap();
    race_for_keys(Some(format!("{server}/{name}"))).await;
}

#[test]
fn the_stamp_page_reads_in_vietnamese() {
    let pdf = stamp::render(&StampData {
        agency_name: "UBND phường An Bình",
        agency_code: "H15.50.05",
        dossier_code: "H15.50.05-261122-0001",
        signer: "Lê Thị Thu Hà",
        signed_at: now(),
        file_name: "quyet-dinh.pdf",
        original_pages: 2,
        original_size: 12_345,
        original_sha256: &sha256_hex(b"x"),
        code: "7K3M-Q9TX-2HR0",
        public_url: "https://dichvucong.example.vn",
    })
    .unwrap();
    let doc = Document::load_mem(&pdf).unwrap();
    assert_eq!(doc.get_pages().len(), 1);
    // The glyphs of every Vietnamese letter used are in the subset font's ToUnicode map;
    // the full text is read back by pdftotext in the integration test.
    assert!(pdf.len() < 60_000, "{} bytes", pdf.len());
}
