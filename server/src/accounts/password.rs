//! Password hashing with argon2id (RFC 9106; OWASP's minimum parameters: 19 MiB, 2
//! passes, 1 lane). Hashing is deliberately slow (tens of milliseconds), so it runs on
//! the blocking thread pool, never on the async workers.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, SaltString};
use argon2::{Algorithm, Argon2, Params, PasswordVerifier, Version};
use tokio::sync::Semaphore;

/// How long a request waits for a hashing slot before it is answered "busy".
pub const QUEUE_WAIT: Duration = Duration::from_secs(5);

/// Concurrent hashes allowed: twice the cores. Each takes 19 MiB and a core for tens of
/// milliseconds, so anonymous sign-ins can neither exhaust memory nor starve the
/// blocking pool; the rest wait their turn (at most [`QUEUE_WAIT`]).
pub fn slots() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get()) * 2
}

fn gate() -> &'static Semaphore {
    static GATE: OnceLock<Semaphore> = OnceLock::new();
    GATE.get_or_init(|| Semaphore::new(slots()))
}

/// No hashing slot became free within [`QUEUE_WAIT`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("Hệ thống đang bận. Vui lòng thử lại sau ít phút.")]
pub struct Busy;

/// Runs `work` (a hash or a check) on the blocking pool once a slot is free; logs how
/// long it waited and how long the work took.
async fn bounded<T: Send + 'static>(
    what: &'static str,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Busy> {
    let asked = Instant::now();
    let _permit = tokio::time::timeout(QUEUE_WAIT, gate().acquire())
        .await
        .map_err(|_| Busy)?
        .map_err(|_| Busy)?;
    let started = Instant::now();
    let out = tokio::task::spawn_blocking(work).await.map_err(|_| Busy)?;
    tracing::debug!(
        what,
        waited_ms = (started - asked).as_millis() as u64,
        hash_ms = started.elapsed().as_millis() as u64,
        "password hash"
    );
    Ok(out)
}

/// [`verify`] under the concurrency bound.
pub async fn verify_bounded(password: String, stored: String) -> Result<bool, Busy> {
    bounded("verify", move || verify(&password, &stored)).await
}

/// [`hash`] under the concurrency bound.
pub async fn hash_bounded(
    password: String,
) -> Result<Result<String, argon2::password_hash::Error>, Busy> {
    bounded("hash", move || hash(&password)).await
}

fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// The PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`) of `password` with a fresh salt.
pub fn hash(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(hasher()
        .hash_password(password.as_bytes(), &salt)?
        .to_string())
}

/// Whether `password` matches the stored PHC string. A malformed stored value is "no".
pub fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|parsed| {
            hasher()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash of a password nobody has, verified against when the phone number is unknown,
/// so that "no such account" takes as long as "wrong password" (no account probing by
/// timing).
pub fn decoy() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash("decoy-password-never-used-1").expect("hashing works"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 60 checks at once: never more than [`slots`] run together, and each waits its
    /// turn. Prints the numbers for SECURITY-accounts.md (`--nocapture`).
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sixty_concurrent_checks_share_the_slots() {
        let stored = hash("matkhau2026").unwrap();
        let running = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let peak = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let started = Instant::now();
        let mut tasks = Vec::new();
        for _ in 0..60 {
            let (stored, running, peak) = (stored.clone(), running.clone(), peak.clone());
            tasks.push(tokio::spawn(async move {
                let asked = Instant::now();
                let ok = bounded("test", move || {
                    use std::sync::atomic::Ordering::SeqCst;
                    let now = running.fetch_add(1, SeqCst) + 1;
                    peak.fetch_max(now, SeqCst);
                    let t = Instant::now();
                    let ok = verify("saimatkhau1", &stored);
                    running.fetch_sub(1, SeqCst);
                    (ok, t.elapsed())
                })
                .await;
                (ok, asked.elapsed())
            }));
        }
        let mut hash_times = Vec::new();
        let mut latencies = Vec::new();
        let mut busy = 0;
        for t in tasks {
            let (out, latency) = t.await.unwrap();
            // On a loaded machine the last in the queue may wait longer than QUEUE_WAIT:
            // they are answered "busy", which is the point of the bound.
            let Ok((ok, took)) = out else {
                busy += 1;
                continue;
            };
            assert!(!ok);
            hash_times.push(took.as_millis());
            latencies.push(latency.as_millis());
        }
        hash_times.sort();
        latencies.sort();
        let peak = peak.load(std::sync::atomic::Ordering::SeqCst);
        assert!(
            peak <= slots(),
            "{peak} hashes ran at once, slots {}",
            slots()
        );
        assert!(hash_times.len() >= slots(), "{busy} of 60 busy");
        let mid = hash_times.len() / 2;
        println!(
            "60 concurrent checks, {} slots: {} done, {busy} busy after {} s; one hash \
             median {} ms (max {} ms); latency incl. queue median {} ms, max {} ms; \
             all answered in {} ms",
            slots(),
            hash_times.len(),
            QUEUE_WAIT.as_secs(),
            hash_times[mid],
            hash_times[hash_times.len() - 1],
            latencies[mid],
            latencies[latencies.len() - 1],
            started.elapsed().as_millis()
        );
    }

    #[test]
    fn argon2id_hashes_verify_and_salts_differ() {
        let a = hash("matkhau2026").unwrap();
        let b = hash("matkhau2026").unwrap();
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{a}");
        assert_ne!(a, b, "each hash has its own salt");
        assert!(verify("matkhau2026", &a));
        assert!(!verify("matkhau2027", &a));
        assert!(!verify("matkhau2026", "not a hash"));
    }
}
