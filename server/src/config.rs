//! Configuration from the environment (and command-line flags in `main.rs`).
use std::net::SocketAddr;

#[derive(Debug, Clone)]
pub struct Config {
    /// `sqlite://data/skiftet.db` (default) or `postgres://…`.
    pub database_url: String,
    pub listen: SocketAddr,
    /// Send the session cookie only over HTTPS, as `__Host-skiftet_session`, and send HSTS. On
    /// when `SKIFTET_SECURE_COOKIES` is, or when `SKIFTET_PUBLIC_URL` is an https address.
    pub secure_cookies: bool,
    /// Sign a person out after this long without a request.
    pub session_idle_minutes: i64,
    /// The address people use (`SKIFTET_PUBLIC_URL`, e.g. `https://skiftet.kommun.se`): a write's
    /// `Origin` must be this one, whatever `Host` the load balancer passes on.
    pub public_url: Option<String>,
    /// Trust `X-Forwarded-For` for the client address (behind a load balancer only).
    pub trust_proxy: bool,
    pub max_connections: u32,
    /// Where the compiled wasm, CSS and `public/` files are (`LEPTOS_SITE_ROOT`).
    pub site_root: String,
    /// Whether the wasm, JS, CSS and chunks under `<site_root>/pkg` are named by their content
    /// (cargo-leptos' `hash-files`, which writes `hash.txt` beside the server binary): then they
    /// are served to be kept a year. Read from the build, never set by hand.
    pub hashed_files: bool,
    /// Start the server's clock at this instant instead of the real time (`SKIFTET_CLOCK_START`;
    /// for demos and tests of another day — never in production).
    pub clock_start: Option<jiff::Timestamp>,
}

impl Config {
    pub fn from_env() -> Result<Config, String> {
        let get = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        let flag = |k: &str| matches!(get(k).as_deref(), Some("1" | "true" | "yes" | "on"));
        let listen = get("SKIFTET_LISTEN")
            .or_else(|| get("LEPTOS_SITE_ADDR"))
            .unwrap_or_else(|| "127.0.0.1:3000".into())
            .parse()
            .map_err(|e| format!("SKIFTET_LISTEN: {e}"))?;
        let session_idle_minutes = match get("SKIFTET_SESSION_IDLE_MINUTES") {
            Some(v) => v.parse().map_err(|e| format!("SKIFTET_SESSION_IDLE_MINUTES: {e}"))?,
            None => 12 * 60,
        };
        let clock_start = match get("SKIFTET_CLOCK_START") {
            Some(v) => Some(app::ssr::Clock::parse_start(&v).map_err(|e| format!("SKIFTET_CLOCK_START: {e}"))?),
            None => None,
        };
        let public_url = get("SKIFTET_PUBLIC_URL").map(|url| url.trim_end_matches('/').to_string());
        Ok(Config {
            database_url: get("DATABASE_URL").unwrap_or_else(|| "sqlite://data/skiftet.db".into()),
            listen,
            secure_cookies: flag("SKIFTET_SECURE_COOKIES")
                || public_url.as_deref().is_some_and(|url| url.to_ascii_lowercase().starts_with("https://")),
            session_idle_minutes,
            public_url,
            trust_proxy: flag("SKIFTET_TRUST_PROXY"),
            max_connections: get("SKIFTET_DB_CONNECTIONS").and_then(|v| v.parse().ok()).unwrap_or(16),
            site_root: get("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".into()),
            hashed_files: hashed_build(),
            clock_start,
        })
    }

    /// The server's clock: the system clock, or one started at `clock_start`.
    pub fn clock(&self) -> app::ssr::Clock {
        match self.clock_start {
            Some(start) => app::ssr::Clock::starting_at(start),
            None => app::ssr::Clock::system(),
        }
    }
}

/// `SKIFTET_POOL_AUTO_PUBLISH_HOURS` (1–72): places of pool requests starting within this many
/// hours are allocated and offered by the server itself, every minute, without waiting for a
/// coordinator to run and publish (a night shift reported sick at 18:00 cannot wait for the
/// morning). Unset: coordinators publish everything (the default).
pub fn pool_auto_publish_hours() -> Result<Option<i64>, String> {
    match std::env::var("SKIFTET_POOL_AUTO_PUBLISH_HOURS").ok().filter(|v| !v.trim().is_empty()) {
        None => Ok(None),
        Some(v) => match v.trim().parse::<i64>() {
            Ok(h) if (1..=72).contains(&h) => Ok(Some(h)),
            _ => Err(format!("SKIFTET_POOL_AUTO_PUBLISH_HOURS: {v:?} is not a number of hours from 1 to 72")),
        },
    }
}

/// Whether cargo-leptos named this build's files by their content: it then writes their hashes to
/// `hash.txt` beside the server binary, where Leptos reads them. A binary built by plain cargo
/// (the tests) has none and serves the plain names.
fn hashed_build() -> bool {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt")))
        .is_some_and(|file| file.exists())
}
