//! The OpenAPI document of `/api/v1`, generated from the annotated handlers and the
//! types' schemas (`utoipa`), so it cannot drift from the code.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "motcua API",
        description = "Thủ tục hành chính, tra cứu, ngày hẹn trả dự kiến, nộp và tra cứu hồ sơ. \
                       Errors answer `{\"error\": \"…\", \"field\": \"…\"}` in Vietnamese."
    ),
    paths(
        super::api::version,
        super::api::search_procedures,
        super::api::procedure,
        super::api::preview,
        super::api::dossier_status,
        super::citizen::upload,
        super::citizen::submit_dossier,
        super::verify::by_code,
        super::verify::upload_json,
        super::verify::keys,
    ),
    modifiers(&SessionAuth),
    tags(
        (name = "catalogue", description = "Published procedures (SPEC §2)"),
        (name = "dossiers", description = "Online submission and tracking (SPEC §3)"),
        (name = "portal", description = "About the server"),
        (name = "verify", description = "Checking a signed electronic result (issue 5)"),
    )
)]
struct ApiDoc;

/// Sessions: the cookie set at sign-in, or the same token as a bearer token.
struct SessionAuth;

impl Modify for SessionAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme(
                "session",
                SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
            );
        }
    }
}

/// The document.
pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}
