//! Staging a citizen's file under the limits that protect the server's disk: the
//! dossier's total (checked before the file is written), and the citizen's quota of
//! staged bytes — files uploaded and not yet submitted, which the cleanup job only
//! removes after a day. A request refused part-way forgets what it staged.

use axum::extract::multipart::Field;
use axum::http::StatusCode;
use axum::response::Response;

use super::citizen::{internal, read_limited};
use super::form::FormRefusal;
use super::guard::refusal::human_size;
use super::AppState;
use crate::dossier::uploads::{self, StageError};

/// A citizen may keep this many full dossiers' worth of files staged at once.
pub const STAGED_QUOTA_DOSSIERS: u64 = 2;

/// The staging quota in bytes for these upload limits.
pub fn staged_quota(state: &AppState) -> u64 {
    state.limits.max_dossier_bytes * STAGED_QUOTA_DOSSIERS
}

/// What became of one file part.
#[derive(Debug)]
pub enum Staged {
    /// An empty file input: nothing chosen.
    Empty,
    /// Staged: its token and size.
    Token(String),
    /// The file itself is refused (format, size): the message for its field.
    Refused(String),
    /// A limit of the whole request: answer with this status and message, stop reading.
    Limit(StatusCode, String),
}

/// Whether `more` bytes fit in the citizen's quota: `Ok(None)` if they do, else the
/// refusal. `Err` is the answer when the database fails.
pub async fn over_quota(
    state: &AppState,
    citizen_id: &str,
    more: u64,
) -> Result<Option<Staged>, Response> {
    let quota = staged_quota(state);
    let used = uploads::staged_bytes(&state.pool, citizen_id)
        .await
        .map_err(internal)?;
    if used + more <= quota {
        return Ok(None);
    }
    Ok(Some(Staged::Limit(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!(
            "Các tệp đã tải lên nhưng chưa nộp của bạn đã vượt quá {} (đang có {}). \
             Vui lòng nộp hoặc chờ hồ sơ đang soạn hết hạn (sau 24 giờ) rồi tải lên lại.",
            human_size(quota),
            human_size(used)
        ),
    )))
}

/// Reads a file part and stages it for `citizen_id`, counting it into
/// `dossier_bytes`: past the dossier's total or the citizen's quota nothing is written.
pub async fn stage_counted(
    state: &AppState,
    field: &mut Field<'_>,
    citizen_id: &str,
    now: chrono::DateTime<chrono::Utc>,
    dossier_bytes: &mut u64,
) -> Result<Staged, Response> {
    let file_name = field.file_name().unwrap_or_default().to_owned();
    let bytes = match read_limited(field, &file_name, state.limits.max_file_bytes).await {
        Ok(Ok(b)) => b,
        Ok(Err(e)) => return Ok(Staged::Refused(e.to_string())),
        Err(e) => {
            let refusal = FormRefusal::from_multipart(&e);
            return Ok(Staged::Limit(refusal.status(), refusal.message()));
        }
    };
    if bytes.is_empty() && file_name.is_empty() {
        return Ok(Staged::Empty);
    }
    let size = bytes.len() as u64;
    let max = state.limits.max_dossier_bytes;
    if *dossier_bytes + size > max {
        return Ok(Staged::Limit(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "Tổng dung lượng các tệp của hồ sơ vượt quá {}: tệp «{}» không được lưu.",
                human_size(max),
                uploads::display_name(&file_name)
            ),
        ));
    }
    if let Some(refusal) = over_quota(state, citizen_id, size).await? {
        return Ok(refusal);
    }
    let staged = uploads::stage(
        &state.pool,
        &state.files,
        &state.limits,
        &file_name,
        &bytes,
        Some(citizen_id),
        now.timestamp_millis(),
    )
    .await;
    match staged {
        Ok(s) => {
            *dossier_bytes += size;
            Ok(Staged::Token(s.token))
        }
        Err(StageError::Refused(e)) => Ok(Staged::Refused(e.to_string())),
        Err(e) => Err(internal(e)),
    }
}

/// Sends `answer` after forgetting the uploads this request staged (a refused or failed
/// submission leaves nothing staged behind).
pub async fn give_up(state: &AppState, staged_here: &[String], answer: Response) -> Response {
    if let Err(error) = uploads::discard(&state.pool, staged_here).await {
        tracing::error!(%error, "discarding a refused request's uploads failed");
    }
    answer
}
