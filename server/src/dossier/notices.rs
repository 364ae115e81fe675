//! The notifications a dossier's events send (SPEC §3: at least on submission and
//! reception), written to the outbox in the same transaction as the change, so that a
//! committed change always has its message and a rolled-back one never does. The texts
//! are the templates of [`crate::notify::templates`].

use sqlx::{Any, Transaction};

use crate::notify::enqueue;
use crate::notify::templates::{self, Common, Notification};

/// What every message names: the portal and where to track.
#[derive(Debug, Clone)]
pub struct Context {
    /// The portal's name (the jurisdiction).
    pub portal: String,
    /// The portal's public address.
    pub public_url: String,
}

impl Context {
    /// The tracking page of a dossier.
    pub fn tracking_url(&self, number: &str) -> String {
        format!(
            "{}/tra-cuu-ho-so?ma={number}",
            self.public_url.trim_end_matches('/')
        )
    }
}

/// Who receives a dossier's messages.
#[derive(Debug, Clone, Copy)]
pub struct Recipient<'a> {
    /// The dossier.
    pub dossier_id: &'a str,
    /// Applicant's name.
    pub name: &'a str,
    /// Phone (SMS), if any.
    pub phone: &'a str,
    /// E-mail, if given.
    pub email: Option<&'a str>,
}

/// Writes `note` to the outbox for the applicant (SMS, and e-mail when given).
pub async fn send(
    tx: &mut Transaction<'_, Any>,
    to: Recipient<'_>,
    note: &Notification,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    if !to.phone.is_empty() {
        enqueue(tx, &note.sms_message(to.phone, Some(to.dossier_id)), now_ms).await?;
    }
    if let Some(email) = to.email.filter(|e| !e.is_empty()) {
        enqueue(tx, &note.email_message(email, Some(to.dossier_id)), now_ms).await?;
    }
    Ok(())
}

/// The online dossier is in the system, awaiting reception.
#[allow(clippy::too_many_arguments)]
pub async fn submitted(
    tx: &mut Transaction<'_, Any>,
    ctx: &Context,
    to: Recipient<'_>,
    procedure: &str,
    submission_no: &str,
    unit: &str,
    submitted_at: &str,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    let url = ctx.tracking_url(submission_no);
    let common = Common {
        portal: &ctx.portal,
        applicant_name: to.name,
        procedure_name: procedure,
        tracking_url: &url,
    };
    let note = templates::submitted(
        &common,
        &templates::Submitted {
            submission_no,
            receiving_unit: unit,
            submitted_at,
        },
    );
    send(tx, to, &note, now_ms).await
}

/// The dossier was received: its code and appointment.
#[allow(clippy::too_many_arguments)]
pub async fn received(
    tx: &mut Transaction<'_, Any>,
    ctx: &Context,
    to: Recipient<'_>,
    procedure: &str,
    code: &str,
    unit: &str,
    received_at: &str,
    appointment: Option<&str>,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    let url = ctx.tracking_url(code);
    let common = Common {
        portal: &ctx.portal,
        applicant_name: to.name,
        procedure_name: procedure,
        tracking_url: &url,
    };
    let note = templates::received(
        &common,
        &templates::Received {
            code,
            receiving_unit: unit,
            received_at,
            appointment: appointment.unwrap_or("không quy định thời hạn"),
            result_location: unit,
        },
    );
    send(tx, to, &note, now_ms).await
}
