//! The notifications a dossier's events send (SPEC §3: at least on submission and
//! reception), written to the outbox in the same transaction as the change, so that a
//! committed change always has its message and a rolled-back one never does.

use sqlx::{Any, Transaction};

use crate::ids::new_id;

async fn enqueue(
    tx: &mut Transaction<'_, Any>,
    channel: &str,
    recipient: &str,
    subject: &str,
    body: &str,
    dossier_id: &str,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO outbox (id, channel, recipient, subject, body, dossier_id, created_at_ms, \
         attempts, next_attempt_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $7)",
    )
    .bind(new_id())
    .bind(channel)
    .bind(recipient)
    .bind(subject)
    .bind(body)
    .bind(dossier_id)
    .bind(now_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// An SMS to the applicant's phone and, when given, an e-mail.
#[allow(clippy::too_many_arguments)]
async fn both(
    tx: &mut Transaction<'_, Any>,
    dossier_id: &str,
    phone: &str,
    email: Option<&str>,
    subject: &str,
    body: &str,
    sms: &str,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    enqueue(tx, "sms", phone, subject, sms, dossier_id, now_ms).await?;
    if let Some(email) = email.filter(|e| !e.is_empty()) {
        enqueue(tx, "email", email, subject, body, dossier_id, now_ms).await?;
    }
    Ok(())
}

/// "Hồ sơ đã được gửi": the online dossier is in the system, awaiting reception.
#[allow(clippy::too_many_arguments)]
pub async fn submitted(
    tx: &mut Transaction<'_, Any>,
    dossier_id: &str,
    phone: &str,
    email: Option<&str>,
    procedure: &str,
    submission_no: &str,
    unit: &str,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    let subject = format!("Đã nhận hồ sơ trực tuyến số {submission_no}");
    let body = format!(
        "Hệ thống đã nhận hồ sơ trực tuyến của Ông/Bà.\n\n\
         Thủ tục: {procedure}\nSố hồ sơ tạm: {submission_no}\nNơi tiếp nhận: {unit}\n\n\
         Hồ sơ đang chờ cán bộ Bộ phận Một cửa kiểm tra và tiếp nhận. Khi hồ sơ được tiếp \
         nhận, Ông/Bà sẽ nhận được mã hồ sơ và ngày hẹn trả kết quả.\n\
         Tra cứu: mục «Tra cứu hồ sơ» với số hồ sơ và số điện thoại đã khai."
    );
    let sms =
        format!("Đã nhận hồ sơ trực tuyến {submission_no} ({procedure}), đang chờ tiếp nhận.");
    both(tx, dossier_id, phone, email, &subject, &body, &sms, now_ms).await
}

/// "Hồ sơ đã được tiếp nhận": code and appointment.
#[allow(clippy::too_many_arguments)]
pub async fn received(
    tx: &mut Transaction<'_, Any>,
    dossier_id: &str,
    phone: &str,
    email: Option<&str>,
    procedure: &str,
    code: &str,
    appointment: Option<&str>,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    let when = appointment.unwrap_or("không quy định thời hạn");
    let subject = format!("Hồ sơ {code} đã được tiếp nhận");
    let body = format!(
        "Hồ sơ của Ông/Bà đã được tiếp nhận.\n\nThủ tục: {procedure}\nMã hồ sơ: {code}\n\
         Ngày hẹn trả kết quả: {when}\n\nTra cứu tiến độ bằng mã hồ sơ và số điện thoại."
    );
    let sms = format!("Hồ sơ {code} đã được tiếp nhận. Hẹn trả kết quả: {when}.");
    both(tx, dossier_id, phone, email, &subject, &body, &sms, now_ms).await
}
