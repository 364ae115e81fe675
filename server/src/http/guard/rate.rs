//! Rate limits and concurrency caps for what anonymous or signed-in clients can make
//! the server do at a cost: check an uploaded PDF's signature (`/verify`) and store a
//! dossier. Counters live in this process's memory (fixed windows per key): behind a
//! load balancer each instance counts for itself, so the effective limit is the number
//! of instances times the one below — documented in `SECURITY.md`. Each refusal is a
//! 429 with `Retry-After` and a Vietnamese message; nothing is read or written first.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::refusal::{self, Audience};

/// Verification uploads per client address per window.
pub const VERIFY_PER_CLIENT: u32 = 30;
/// The window of [`VERIFY_PER_CLIENT`].
pub const VERIFY_WINDOW: Duration = Duration::from_secs(10 * 60);
/// Verification uploads checked at the same time, all clients together.
pub const VERIFY_CONCURRENT: usize = 4;
/// The largest verification request: a signed result plus the form around it.
pub const VERIFY_MAX_BODY: u64 = crate::signing::MAX_SIGNED_BYTES + 64 * 1024;

/// Dossier submissions (and supplement answers) per account per window: a citizen, or a
/// service agent filing for several families, stays far below it.
pub const SUBMIT_PER_ACCOUNT: u32 = 30;
/// Dossier submissions per client address per window (one office or household NAT
/// serves several citizens).
pub const SUBMIT_PER_CLIENT: u32 = 120;
/// The window of the submission limits.
pub const SUBMIT_WINDOW: Duration = Duration::from_secs(60 * 60);
/// Submissions being stored at the same time (each may stage up to a dossier of files).
pub const SUBMIT_CONCURRENT: usize = 16;

/// Busy: every slot of a concurrency cap is taken.
pub const BUSY: &str = "Hệ thống đang xử lý nhiều yêu cầu cùng lúc. Vui lòng thử lại sau ít giây.";

/// A fixed-window counter per key.
#[derive(Debug)]
pub struct RateLimit {
    max: u32,
    window: Duration,
    hits: Mutex<HashMap<String, (Instant, u32)>>,
}

impl RateLimit {
    /// At most `max` per `window` per key.
    pub fn new(max: u32, window: Duration) -> RateLimit {
        RateLimit {
            max,
            window,
            hits: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one for `key`: `Ok`, or `Err(seconds until the window ends)`.
    pub fn hit(&self, key: &str) -> Result<(), u64> {
        let now = Instant::now();
        let mut hits = self.hits.lock().unwrap_or_else(|e| e.into_inner());
        if hits.len() > 50_000 {
            // Forget finished windows so that many addresses cannot grow the map forever.
            hits.retain(|_, (start, _)| now.duration_since(*start) < self.window);
        }
        let entry = hits.entry(key.to_owned()).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        if entry.1 >= self.max {
            let left = self.window.saturating_sub(now.duration_since(entry.0));
            return Err(left.as_secs() + 1);
        }
        entry.1 += 1;
        Ok(())
    }
}

/// The limits handlers share (one set per server process).
#[derive(Debug)]
pub struct Guards {
    /// `/verify` uploads per client.
    pub verify_per_client: RateLimit,
    /// `/verify` uploads in progress.
    pub verify_slots: Arc<Semaphore>,
    /// Submissions per account.
    pub submit_per_account: RateLimit,
    /// Submissions per client address.
    pub submit_per_client: RateLimit,
    /// Submissions in progress.
    pub submit_slots: Arc<Semaphore>,
}

impl Default for Guards {
    fn default() -> Self {
        Guards {
            verify_per_client: RateLimit::new(VERIFY_PER_CLIENT, VERIFY_WINDOW),
            verify_slots: Arc::new(Semaphore::new(VERIFY_CONCURRENT)),
            submit_per_account: RateLimit::new(SUBMIT_PER_ACCOUNT, SUBMIT_WINDOW),
            submit_per_client: RateLimit::new(SUBMIT_PER_CLIENT, SUBMIT_WINDOW),
            submit_slots: Arc::new(Semaphore::new(SUBMIT_CONCURRENT)),
        }
    }
}

/// A slot to store a submission in, or (when the account or client is over its rate,
/// or every slot is taken) the answer to give.
pub fn submission_refused(
    guards: &Guards,
    account: &str,
    client: &str,
    audience: Audience,
) -> Result<OwnedSemaphorePermit, Box<Response>> {
    let message = |s: u64| {
        format!(
            "Bạn đã nộp quá nhiều hồ sơ trong thời gian ngắn. Vui lòng thử lại sau {} phút.",
            s.div_ceil(60)
        )
    };
    guards
        .submit_per_account
        .hit(account)
        .map_err(|s| Box::new(refusal::too_many(audience, &message(s), s)))?;
    guards
        .submit_per_client
        .hit(client)
        .map_err(|s| Box::new(refusal::too_many(audience, &message(s), s)))?;
    guards
        .submit_slots
        .clone()
        .try_acquire_owned()
        .map_err(|_| Box::new(refusal::too_many(audience, BUSY, 5)))
}

/// The middleware in front of the `/verify` uploads: the body's declared size, the
/// client's rate and a free slot, in that order, before a byte of the file is read.
pub async fn verify_gate(
    State(guards): State<Arc<Guards>>,
    request: Request,
    next: Next,
) -> Response {
    let audience = Audience::of(request.uri(), request.headers());
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > VERIFY_MAX_BODY) {
        return refusal::answer(
            audience,
            StatusCode::PAYLOAD_TOO_LARGE,
            &format!(
                "Tệp quá lớn: văn bản kết quả đã ký không vượt quá {}.",
                refusal::human_size(crate::signing::MAX_SIGNED_BYTES)
            ),
        );
    }
    let client = super::client::of(request.extensions());
    if let Err(s) = guards.verify_per_client.hit(&client) {
        return refusal::too_many(
            audience,
            &format!(
                "Bạn đã kiểm tra quá nhiều tệp trong thời gian ngắn. Vui lòng thử lại sau {} phút.",
                s.div_ceil(60)
            ),
            s,
        );
    }
    let Ok(_slot) = guards.verify_slots.clone().try_acquire_owned() else {
        return refusal::too_many(audience, BUSY, 5);
    };
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_counts_per_key_and_then_refuses() {
        let limit = RateLimit::new(2, Duration::from_secs(60));
        assert!(limit.hit("a").is_ok());
        assert!(limit.hit("a").is_ok());
        let wait = limit.hit("a").unwrap_err();
        assert!((1..=61).contains(&wait), "{wait}");
        assert!(limit.hit("b").is_ok());
    }
}
