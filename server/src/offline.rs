//! The service worker (`GET /sw.js`), written for the build this server serves: its name and the
//! list of every file under `<site_root>/pkg` (cargo-leptos empties that folder on each build, so
//! what is there is this build). Read at each request — a directory listing, microseconds — so
//! files deployed under a running server are a new build to the phones at once. The worker
//! itself is `service_worker.js`.
//!
//! Only a build with content-hashed names has one: a file the worker keeps must never change
//! its bytes under the same name.
use sha2::{Digest, Sha256};
use std::path::Path;

/// The script, or `None` when the build's files are not named by their content.
pub fn service_worker(site_root: &str, hashed_files: bool) -> Option<String> {
    if !hashed_files {
        return None;
    }
    let pkg = Path::new(site_root).join("pkg");
    let mut files: Vec<String> = std::fs::read_dir(&pkg)
        .ok()?
        .flatten()
        .filter(|e| e.path().is_file())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        // The build's code and styles; not the precompressed copies or TypeScript declarations.
        .filter(|name| [".wasm", ".js", ".css", ".json"].iter().any(|ext| name.ends_with(ext)))
        .map(|name| format!("/pkg/{name}"))
        .collect();
    files.sort();
    let build = hex::encode(&Sha256::digest(files.join("\n").as_bytes())[..8]);
    let assets = serde_json::to_string(&files).ok()?;
    Some(format!("const BUILD = \"{build}\";\nconst ASSETS = {assets};\n{}", include_str!("service_worker.js")))
}

/// `GET /sw.js`: the script, never kept by a cache (browsers look for a new build at every
/// visit), or 404 in a build without one.
pub fn answer(site_root: &str, hashed_files: bool) -> axum::response::Response {
    use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
    use axum::response::IntoResponse;
    match service_worker(site_root, hashed_files) {
        Some(script) => {
            ([(CONTENT_TYPE, "text/javascript; charset=utf-8"), (CACHE_CONTROL, "no-cache")], script).into_response()
        }
        None => axum::http::StatusCode::NOT_FOUND.into_response(),
    }
}
