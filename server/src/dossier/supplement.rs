//! Supplements (bổ sung hồ sơ, SPEC §3, §4.6.5) outside the staff screens: the desk's
//! request from the command line (`motcua dossier request-supplement`) and the
//! citizen's online answer from the dossier page. Both go through
//! [`crate::processing::act`]: the clock pauses on the request and, on the answer,
//! resumes (policy `pause`: the appointment moves by the paused working time) or
//! restarts (policy `restart`).

use chrono::{DateTime, Utc};
use sqlx::AnyPool;

use super::notices;
use super::uploads::{self, StagedFile};
use crate::catalog::SqlCatalog;
use crate::processing::{act, ActError, Acting, Command, Env};

/// The officer asks for `items` on dossier `number` (submission number, code or id).
#[allow(clippy::too_many_arguments)]
pub async fn request(
    pool: &AnyPool,
    catalog: &SqlCatalog,
    ctx: &notices::Context,
    number: &str,
    items: &[String],
    reason: &str,
    officer: &str,
    override_reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), ActError> {
    let env = Env {
        pool,
        catalog,
        notices: ctx,
    };
    let command = Command::RequestSupplement {
        items: items.to_vec(),
        reason: reason.to_owned(),
        override_reason: override_reason.map(str::to_owned),
    };
    act(
        env,
        &Acting::desk_operator(officer),
        number,
        None,
        command,
        now,
    )
    .await?;
    Ok(())
}

/// The citizen answers the open request on their dossier `id` with staged files.
#[allow(clippy::too_many_arguments)]
pub async fn answer(
    pool: &AnyPool,
    catalog: &SqlCatalog,
    ctx: &notices::Context,
    citizen_id: &str,
    citizen_name: &str,
    id: &str,
    tokens: &[String],
    note: &str,
    now: DateTime<Utc>,
) -> Result<(), ActError> {
    let mut files: Vec<StagedFile> = Vec::new();
    for token in tokens {
        match uploads::find(pool, token)
            .await
            .map_err(ActError::internal)?
        {
            Some(f) if f.citizen_id.as_deref() == Some(citizen_id) => files.push(f),
            _ => {
                return Err(ActError::Invalid(
                    "Một tệp đã tải lên không còn trên máy chủ: vui lòng chọn lại tệp.".into(),
                ))
            }
        }
    }
    if files.is_empty() {
        return Err(ActError::Invalid(
            "Tài liệu bổ sung: chưa đính kèm tệp.".into(),
        ));
    }
    let env = Env {
        pool,
        catalog,
        notices: ctx,
    };
    let acting = Acting {
        id: citizen_id.to_owned(),
        name: citizen_name.to_owned(),
        role: None,
        unit: None,
    };
    let command = Command::AnswerSupplement {
        note: note.to_owned(),
        files,
    };
    act(env, &acting, id, None, command, now).await?;
    Ok(())
}
