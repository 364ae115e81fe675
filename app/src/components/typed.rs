//! What a form refused without JavaScript held, shown again on the page the browser is
//! sent back to (see `serverfns::account::typed_values`). The pages that use it render
//! with `SsrMode::Async`, so the values are in the first HTML, JavaScript or not.

use leptos::prelude::*;

/// The typed values, read once on the server while the page renders.
pub fn typed_values() -> Resource<Vec<(String, String)>> {
    Resource::new(
        || (),
        |_| async {
            crate::serverfns::account::typed_values()
                .await
                .unwrap_or_default()
        },
    )
}

/// The value typed into `field`, or empty.
pub fn typed(values: &[(String, String)], field: &str) -> String {
    let key = format!("v_{field}");
    values
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}
