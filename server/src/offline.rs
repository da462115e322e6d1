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

/// `GET /sw.js`: the script, never kept without asking (`no-cache`: browsers look for a new build
/// at every visit). It carries an `ETag` of its own bytes, so that look costs a phone a `304`
/// of a few hundred bytes instead of the whole list of the build's files (tens of KiB, on a
/// cellular connection, at every visit) until there really is a new build. 404 in a build without
/// a worker.
pub fn answer(site_root: &str, hashed_files: bool, asked: &axum::http::HeaderMap) -> axum::response::Response {
    use axum::http::StatusCode;
    use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
    use axum::response::IntoResponse;
    use headers::HeaderMapExt;
    let Some(script) = service_worker(site_root, hashed_files) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let tag = format!("\"{}\"", hex::encode(&Sha256::digest(script.as_bytes())[..12]));
    let Ok(etag) = tag.parse::<headers::ETag>() else { return StatusCode::INTERNAL_SERVER_ERROR.into_response() };
    let unchanged = asked.typed_get::<headers::IfNoneMatch>().is_some_and(|known| !known.precondition_passes(&etag));
    let mut answer = if unchanged {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        ([(CONTENT_TYPE, "text/javascript; charset=utf-8")], script).into_response()
    };
    answer.headers_mut().insert(CACHE_CONTROL, axum::http::HeaderValue::from_static("no-cache"));
    answer.headers_mut().typed_insert(etag);
    answer
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{HeaderMap, HeaderValue, StatusCode, header};

    fn ask(site: &Path, known: Option<&HeaderValue>) -> axum::response::Response {
        let mut headers = HeaderMap::new();
        if let Some(tag) = known {
            headers.insert(header::IF_NONE_MATCH, tag.clone());
        }
        answer(site.to_str().unwrap(), true, &headers)
    }

    /// A phone that has the script gets a 304 until the build changes, then the new script.
    #[test]
    fn the_worker_is_sent_again_only_when_the_build_changed() {
        let site = tempfile::tempdir().unwrap();
        std::fs::create_dir(site.path().join("pkg")).unwrap();
        std::fs::write(site.path().join("pkg/skiftet.1a2b.wasm"), b"wasm").unwrap();

        let first = ask(site.path(), None);
        assert_eq!(first.status(), StatusCode::OK);
        assert_eq!(first.headers()[header::CACHE_CONTROL], "no-cache");
        let tag = first.headers()[header::ETAG].clone();

        let again = ask(site.path(), Some(&tag));
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
        assert_eq!(again.headers()[header::ETAG], tag);
        let weak = HeaderValue::from_str(&format!("W/{}, \"other\"", tag.to_str().unwrap())).unwrap();
        assert_eq!(ask(site.path(), Some(&weak)).status(), StatusCode::NOT_MODIFIED, "a weak match in a list");
        let stranger = HeaderValue::from_static("\"0123\"");
        assert_eq!(ask(site.path(), Some(&stranger)).status(), StatusCode::OK);

        std::fs::write(site.path().join("pkg/skiftet.3c4d.wasm"), b"new build").unwrap();
        let new_build = ask(site.path(), Some(&tag));
        assert_eq!(new_build.status(), StatusCode::OK, "a new build is never answered 304");
        assert_ne!(new_build.headers()[header::ETAG], tag);

        assert_eq!(answer(site.path().to_str().unwrap(), false, &HeaderMap::new()).status(), StatusCode::NOT_FOUND);
    }
}
