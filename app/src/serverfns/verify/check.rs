use leptos::prelude::*;

use crate::services::VerifyAnswer;

/// Checks a signed result's verification code as typed (case, dashes, `O`/`0` and
/// `I`/`L`/`1` do not matter). Public: no account needed.
#[server(prefix = "/_fn", endpoint = "verify/check")]
pub async fn check_code(code: String) -> Result<VerifyAnswer, ServerFnError> {
    use crate::serverfns::account::session;
    let verifier = expect_context::<crate::services::SharedVerifier>();
    verifier
        .by_code(code.trim())
        .await
        .map_err(|e| session::unavailable(e, "verification"))
}
