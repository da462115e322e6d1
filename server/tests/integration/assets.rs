//! The files a phone must download before it can act: served compressed at the best level when a
//! release build has made `.br`/`.gz` files, and answered with 304 when the phone's copy is current;
//! in a build with content-hashed names, kept by the browser for a year.

use crate::helpers::*;
use reqwest::StatusCode;
use reqwest::header::{ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, IF_MODIFIED_SINCE, LAST_MODIFIED};

#[tokio::test]
async fn the_wasm_is_sent_precompressed_and_revalidated_not_downloaded_again() {
    let site = tempfile::tempdir().unwrap();
    let pkg = site.path().join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    let wasm: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(pkg.join("skiftet.wasm"), &wasm).unwrap();
    server::assets::precompress(&pkg);
    let app = spawn_with(Options { site_root: site.path().display().to_string(), ..Default::default() }).await;
    let url = app.url("/pkg/skiftet.wasm");
    let http = reqwest::Client::new();

    let br = http.get(&url).header(ACCEPT_ENCODING, "gzip, br").send().await.unwrap();
    assert_eq!(br.status(), StatusCode::OK);
    assert_eq!(br.headers()[CONTENT_ENCODING], "br");
    assert_eq!(br.headers()[CACHE_CONTROL], "no-cache");
    let last_modified = br.headers()[LAST_MODIFIED].clone();
    let body = br.bytes().await.unwrap();
    assert!(body.len() < wasm.len() / 10, "{} bytes", body.len());

    let gz = http.get(&url).header(ACCEPT_ENCODING, "gzip").send().await.unwrap();
    assert_eq!(gz.headers()[CONTENT_ENCODING], "gzip");

    // A return visit: the phone's copy is current, nothing but headers comes back.
    let again = http.get(&url).header(IF_MODIFIED_SINCE, last_modified).send().await.unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert!(again.bytes().await.unwrap().is_empty());

    // Without compression support the file itself.
    let plain = http.get(&url).send().await.unwrap();
    assert!(plain.headers().get(CONTENT_ENCODING).is_none());
    assert_eq!(plain.bytes().await.unwrap().as_ref(), wasm.as_slice());
}

#[tokio::test]
async fn hashed_files_are_kept_a_year_but_a_missing_one_is_asked_for_again() {
    let site = tempfile::tempdir().unwrap();
    let pkg = site.path().join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(pkg.join("skiftet.Xy3k9Qa1B2c3D4e5F6g7hw.wasm"), b"\0asm").unwrap();
    let app =
        spawn_with(Options { site_root: site.path().display().to_string(), hashed_files: true, ..Default::default() })
            .await;
    let http = reqwest::Client::new();

    let file = http.get(app.url("/pkg/skiftet.Xy3k9Qa1B2c3D4e5F6g7hw.wasm")).send().await.unwrap();
    assert_eq!(file.status(), StatusCode::OK);
    assert_eq!(file.headers()[CACHE_CONTROL], "public, max-age=31536000, immutable");

    // A name from a build this server does not have (yet): never remembered as missing.
    let missing = http.get(app.url("/pkg/skiftet.AAAAAAAAAAAAAAAAAAAAAA.wasm")).send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(missing.headers()[CACHE_CONTROL], "no-cache");
}
