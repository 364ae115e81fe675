//! Public verification of signed results: `GET /api/v1/verify/{code}` (JSON) and the
//! upload form of the `/verify` page, `POST /verify` (multipart, file part `tep`), which
//! works without JavaScript: it redirects to `/verify?ma=CODE` when the file is a signed
//! result whose signature checks, else to `/verify?loi=KEY` (a fixed key the page turns
//! into a Vietnamese message). With `Accept: application/json`, and at
//! `POST /api/v1/verify`, it answers JSON instead.
//!
//! `GET /api/v1/keys`: the public registry of the agencies' signing keys as a JWKS
//! (RFC 7517/8037), with each key's agency, valid-from and revoked-at.

use axum::extract::{Multipart, Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Json;
use motcua_app::services::{UploadRefusal, VerifyAnswer};
use motcua_core::dossier::DocumentFormat;
use serde_json::json;

use super::{ApiError, AppState};
use crate::signing::{self, MAX_SIGNED_BYTES};

/// `GET /api/v1/verify/{code}`: the signed result with this verification code, its
/// signature checked against the key registry. 200 with `status` `valid`, `superseded`
/// or `revoked` (and the result), or `invalid_signature`; 404 for an unknown code; 400
/// for text that is not a code.
#[utoipa::path(get, path = "/api/v1/verify/{code}", tag = "verify",
    params(("code" = String, Path, description = "Mã xác thực, e.g. 7K3M-Q9TX-2HR0 (case, dashes, O/0, I/L/1 do not matter)")),
    responses((status = 200, description = "Checked against the key registry: `valid`, `superseded` (a later result of the dossier replaces it), `revoked` (signed at or after its key's revocation) with the result, or `invalid_signature`", body = VerifyAnswer),
              (status = 400, description = "Not a verification code"),
              (status = 404, description = "No signed result has this code")))]
pub async fn by_code(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<VerifyAnswer>, ApiError> {
    let answer = signing::verify_code(&state.pool, &code)
        .await
        .map_err(|e| ApiError::Internal(Box::new(e)))?;
    match answer {
        VerifyAnswer::Malformed => Err(ApiError::BadRequest {
            field: "code",
            message: answer.refusal().unwrap_or_default(),
        }),
        VerifyAnswer::Unknown => Err(ApiError::NotFound(
            "Không có văn bản đã ký nào mang mã xác thực này.".into(),
        )),
        answer => Ok(Json(answer)),
    }
}

/// `POST /api/v1/verify`: the upload check, always answered in JSON.
#[utoipa::path(post, path = "/api/v1/verify", tag = "verify",
    request_body(content_type = "multipart/form-data", description = "One part named `tep`: the PDF to check"),
    responses((status = 200, description = "Checked: `valid`, `invalid_signature`, `modified` or `unknown`", body = VerifyAnswer),
              (status = 400, description = "No file"),
              (status = 413, description = "Larger than any signed result"),
              (status = 422, description = "Not a PDF")))]
pub async fn upload_json(state: State<AppState>, multipart: Multipart) -> Response {
    check_upload(state, true, multipart).await
}

/// `POST /verify`: the page's upload form (redirects), or JSON when asked for.
pub async fn upload(state: State<AppState>, headers: HeaderMap, multipart: Multipart) -> Response {
    let json_answer = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"));
    check_upload(state, json_answer, multipart).await
}

async fn check_upload(
    State(state): State<AppState>,
    json_answer: bool,
    mut multipart: Multipart,
) -> Response {
    let refuse = |refusal: UploadRefusal, status: StatusCode| {
        if json_answer {
            let body = json!({ "error": refusal.message(None), "field": "tep" });
            (status, Json(body)).into_response()
        } else {
            Redirect::to(&format!("/verify?loi={}", refusal.key())).into_response()
        }
    };
    let mut parts = super::form::Parts::default();
    let bytes = loop {
        let mut field = match parts.next(&mut multipart).await {
            Ok(Some(f)) => f,
            Ok(None) => return refuse(UploadRefusal::NoFile, StatusCode::BAD_REQUEST),
            Err(r) if r.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return refuse(UploadRefusal::TooLarge, StatusCode::PAYLOAD_TOO_LARGE)
            }
            Err(_) => return refuse(UploadRefusal::NoFile, StatusCode::BAD_REQUEST),
        };
        if field.name() != Some("tep") {
            continue;
        }
        let mut bytes = Vec::new();
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    bytes.extend_from_slice(&chunk);
                    if bytes.len() as u64 > MAX_SIGNED_BYTES {
                        return refuse(UploadRefusal::TooLarge, StatusCode::PAYLOAD_TOO_LARGE);
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    tracing::info!(error = %e.body_text(), "verification upload interrupted");
                    return refuse(UploadRefusal::NoFile, StatusCode::BAD_REQUEST);
                }
            }
        }
        break bytes;
    };
    if bytes.is_empty() {
        return refuse(UploadRefusal::NoFile, StatusCode::BAD_REQUEST);
    }
    if DocumentFormat::sniff(&bytes) != Some(DocumentFormat::Pdf) {
        return refuse(UploadRefusal::NotPdf, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let answer = match signing::verify_file(&state.pool, &bytes).await {
        Ok(answer) => answer,
        Err(e) => return ApiError::Internal(Box::new(e)).into_response(),
    };
    if json_answer {
        return Json(answer).into_response();
    }
    let target = match &answer {
        // The page shows the status (valid, superseded, revoked) for the code.
        VerifyAnswer::Valid { result }
        | VerifyAnswer::Superseded { result, .. }
        | VerifyAnswer::Revoked { result, .. } => format!("/verify?ma={}", result.code),
        VerifyAnswer::Modified { code } => format!(
            "/verify?loi={}&ma-tep={code}",
            UploadRefusal::Modified.key()
        ),
        VerifyAnswer::InvalidSignature { .. } => {
            format!("/verify?loi={}", UploadRefusal::InvalidSignature.key())
        }
        VerifyAnswer::Unknown | VerifyAnswer::Malformed => {
            format!("/verify?loi={}", UploadRefusal::NoMatch.key())
        }
    };
    Redirect::to(&target).into_response()
}

/// One key of the JWKS: an Ed25519 public key (RFC 8037 `OKP`) with the registry's
/// members.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Jwk {
    /// Always `OKP`.
    pub kty: &'static str,
    /// Always `Ed25519`.
    pub crv: &'static str,
    /// The public key, base64url without padding.
    pub x: String,
    /// The key id (RFC 7638 thumbprint), as signed results name it (`key_id`).
    pub kid: String,
    /// Always `EdDSA`.
    pub alg: &'static str,
    /// Always `sig`.
    #[serde(rename = "use")]
    pub use_: &'static str,
    /// The agency's code.
    pub agency: String,
    /// The agency's name.
    pub agency_name: String,
    /// Signs results from (RFC 3339, UTC).
    pub valid_from: String,
    /// Revoked at (RFC 3339, UTC): results signed at or after it are not in force.
    pub revoked_at: Option<String>,
}

/// The JWKS document.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Jwks {
    /// Every key ever used, revoked ones included (they verify what they signed before).
    pub keys: Vec<Jwk>,
}

fn rfc3339(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
        .unwrap_or_default()
}

/// `GET /api/v1/keys`: the public key registry as a JWKS.
#[utoipa::path(get, path = "/api/v1/keys", tag = "verify",
    responses((status = 200, description = "Every agency's signing keys (JWKS, RFC 7517/8037), revoked ones included", body = Jwks)))]
pub async fn keys(State(state): State<AppState>) -> Result<Response, ApiError> {
    let keys = signing::keys::RegisteredKey::all(&state.pool)
        .await
        .map_err(|e| ApiError::Internal(Box::new(e)))?;
    let jwks = Jwks {
        keys: keys
            .iter()
            .map(|k| {
                let view = signing::service::public_view(k);
                Jwk {
                    kty: "OKP",
                    crv: "Ed25519",
                    x: view.x,
                    kid: view.key_id,
                    alg: "EdDSA",
                    use_: "sig",
                    agency: view.agency_code,
                    agency_name: view.agency_name,
                    valid_from: rfc3339(k.valid_from_ms),
                    revoked_at: k.revoked_at_ms.map(rfc3339),
                }
            })
            .collect(),
    };
    Ok((
        [(header::CONTENT_TYPE, "application/jwk-set+json")],
        Json(jwks),
    )
        .into_response())
}
