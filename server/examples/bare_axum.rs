//! The yardstick for `make bench`'s server figures: a bare axum "hello" on the same machine, in
//! the same run, with the same runtime settings as Skiftet's server. Skiftet's pages are measured
//! as a ratio to this, since the machines are too noisy for absolute figures to compare.
//!
//! `cargo run --release -p server --example bare_axum -- 127.0.0.1:3299`
use axum::Router;
use axum::routing::get;

#[tokio::main]
async fn main() {
    let addr = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:3299".into());
    let listener = tokio::net::TcpListener::bind(&addr).await.expect("bind");
    let app = Router::new().route("/", get(|| async { "hello" }));
    axum::serve(listener, app).await.expect("serve");
}
