//! Test harness: each test gets its own database, its own clock and its own server on a free port.
//! The backend comes from `SKIFTET_TEST_DATABASE`: unset means SQLite in a temporary folder;
//! `postgres://user@host:port/db` means a fresh PostgreSQL database per test, created through
//! that server (the test script drops the leftovers, all named `skiftet_t_*`).
#![allow(dead_code)]
use app::ssr::Db;
use app::ssr::auth::hash_password;
use reqwest::{Client, Response, StatusCode};
use serde_json::{Value, json};
use server::{Config, startup::Application};
use sqlx::Row;

pub const PASSWORD: &str = "rätt-lösenord-123";

pub struct TestApp {
    pub base: String,
    pub db: Db,
    pub database_url: String,
    _dir: Option<tempfile::TempDir>,
}

pub struct Options {
    pub trust_proxy: bool,
    /// As behind HTTPS in production: Secure `__Host-` cookie, HSTS.
    pub secure_cookies: bool,
    /// `SKIFTET_PUBLIC_URL`.
    pub public_url: Option<String>,
    pub session_idle_minutes: i64,
    /// Where the wasm, JS and CSS are (`<site_root>/pkg`).
    pub site_root: String,
    /// Serve `<site_root>/pkg` as a build with content-hashed names (`Config::hashed_files`).
    pub hashed_files: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            trust_proxy: false,
            secure_cookies: false,
            public_url: None,
            session_idle_minutes: 60,
            site_root: "target/site".into(),
            hashed_files: false,
        }
    }
}

async fn fresh_database_url() -> (String, Option<tempfile::TempDir>) {
    match std::env::var("SKIFTET_TEST_DATABASE").ok().filter(|v| v.starts_with("postgres")) {
        Some(admin_url) => {
            use sqlx::Connection;
            let name = format!("skiftet_t_{}", rand::random::<u64>());
            let mut conn = sqlx::PgConnection::connect(&admin_url).await.expect("connect to PostgreSQL");
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.expect("create database");
            let base = admin_url.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin_url);
            (format!("{base}/{name}"), None)
        }
        None => {
            let dir = tempfile::tempdir().expect("temp dir");
            (format!("sqlite://{}/skiftet.db", dir.path().display()), Some(dir))
        }
    }
}

pub async fn spawn() -> TestApp {
    spawn_with(Options::default()).await
}

/// The instant every test app's clock starts at: `SKIFTET_TEST_TODAY` (a date, read as 09:00
/// Stockholm time, or a time) when set — `make test` sweeps a past day, a DST eve and a day a year
/// ahead through it — else the real now.
pub fn suite_start() -> jiff::Timestamp {
    match std::env::var("SKIFTET_TEST_TODAY").ok().filter(|v| !v.trim().is_empty()) {
        Some(v) => app::ssr::Clock::parse_start(&v).expect("SKIFTET_TEST_TODAY"),
        None => jiff::Timestamp::now(),
    }
}

/// `SKIFTET_TEST_LOG=1` (or any `RUST_LOG`) prints the server's logs; cargo shows them for
/// failing tests only.
fn init_logs() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let wanted = std::env::var("SKIFTET_TEST_LOG").is_ok() || std::env::var("RUST_LOG").is_ok();
        if wanted {
            let filter = tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
            let _ = tracing_subscriber::fmt().with_env_filter(filter).with_test_writer().try_init();
        }
    });
}

pub async fn spawn_with(opts: Options) -> TestApp {
    let (database_url, dir) = fresh_database_url().await;
    spawn_on(database_url, dir, opts).await
}

impl TestApp {
    /// A second server instance on this app's database, as behind a load balancer.
    pub async fn spawn_beside(&self) -> TestApp {
        spawn_on(self.database_url.clone(), None, Options::default()).await
    }
}

async fn spawn_on(database_url: String, dir: Option<tempfile::TempDir>, opts: Options) -> TestApp {
    init_logs();
    let config = Config {
        database_url: database_url.clone(),
        listen: "127.0.0.1:0".parse().unwrap(),
        secure_cookies: opts.secure_cookies,
        session_idle_minutes: opts.session_idle_minutes,
        trust_proxy: opts.trust_proxy,
        public_url: opts.public_url.clone(),
        max_connections: 5,
        site_root: opts.site_root.clone(),
        hashed_files: opts.hashed_files,
        clock_start: Some(suite_start()),
    };
    let application = Application::build(&config, config.clock()).await.expect("build the application");
    let (db, addr) = (application.db.clone(), application.addr);
    tokio::spawn(application.serve(std::future::pending()));
    TestApp { base: format!("http://{addr}"), db, database_url, _dir: dir }
}

/// A browser-like client: keeps cookies, asks for HTML like a browser does (server functions
/// override that per call), and does not follow redirects (tests look at them).
pub fn client() -> Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(reqwest::header::ACCEPT, "text/html,application/xhtml+xml".parse().unwrap());
    Client::builder()
        .cookie_store(true)
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        // Longer than the server's own 30 s answer budget: a hung request fails the test with
        // its address instead of holding the suite until CI gives up.
        .timeout(std::time::Duration::from_secs(45))
        .build()
        .unwrap()
}

impl TestApp {
    /// The app's clock: what the server takes as now.
    pub fn clock(&self) -> &app::ssr::Clock {
        &self.db.clock
    }

    /// Today as the server sees it (Stockholm).
    pub fn today(&self) -> jiff::civil::Date {
        self.db.today()
    }

    /// The Monday `weeks` weeks after this week's Monday (1 = next week's Monday).
    pub fn monday_in(&self, weeks: i64) -> jiff::civil::Date {
        let this = app::domain::schedule::monday_of(self.today());
        this.checked_add(jiff::Span::new().days(7 * weeks)).unwrap()
    }

    pub async fn provider(&self, name: &str) -> i64 {
        let org = format!("55{:07}", rand::random::<u32>() % 10_000_000);
        let digits: Vec<u32> = org.chars().map(|c| c.to_digit(10).unwrap()).collect();
        let check = app::domain::parse::luhn_check_digit(&digits);
        sqlx::query("INSERT INTO providers (name, kind, org_number, active, search_text) VALUES ($1, 'private', $2, 1, $1) RETURNING id")
            .bind(name)
            .bind(format!("{}-{}{check}", &org[..6], &org[6..]))
            .fetch_one(&self.db.pool)
            .await
            .unwrap()
            .try_get("id")
            .unwrap()
    }

    pub async fn unit(&self, provider: i64, name: &str) -> i64 {
        sqlx::query(
            "INSERT INTO units (provider_id, name, kind, area, address, active, search_text)
             VALUES ($1, $2, 'home_care', 'Centrum', 'Storgatan 1', 1, $2) RETURNING id",
        )
        .bind(provider)
        .bind(name)
        .fetch_one(&self.db.pool)
        .await
        .unwrap()
        .try_get("id")
        .unwrap()
    }

    /// A person with [`PASSWORD`] and the given roles (`("care_worker", Some(unit))`).
    pub async fn person(&self, email: &str, roles: &[(&str, Option<i64>)]) -> i64 {
        let hash = hash_password(&app::domain::Password::parse(PASSWORD).unwrap()).await.unwrap();
        let id: i64 = sqlx::query(
            "INSERT INTO people (email, name, phone, employment_percent, password_hash, active, created_at, search_text)
             VALUES ($1, $2, '', 100, $3, 1, 0, $1) RETURNING id",
        )
        .bind(email)
        .bind(format!("Test {email}"))
        .bind(hash)
        .fetch_one(&self.db.pool)
        .await
        .unwrap()
        .try_get("id")
        .unwrap();
        for (role, unit) in roles {
            sqlx::query("INSERT INTO person_roles (person_id, role, unit_id) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(*role)
                .bind(*unit)
                .execute(&self.db.pool)
                .await
                .unwrap();
        }
        id
    }

    /// A shift type of `unit` ("D", "Dag", "07:00", "16:00"); an end before the start is next day.
    pub async fn shift_type(&self, unit: i64, code: &str, name: &str, start: &str, end: &str) -> i64 {
        sqlx::query(
            "INSERT INTO shift_types (unit_id, code, name, start_time, end_time, active) VALUES ($1, $2, $3, $4, $5, 1) RETURNING id",
        )
        .bind(unit)
        .bind(code)
        .bind(name)
        .bind(start)
        .bind(end)
        .fetch_one(&self.db.pool)
        .await
        .unwrap()
        .try_get("id")
        .unwrap()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Calls a form-encoded server function.
    pub async fn call(&self, c: &Client, endpoint: &str, form: &[(&str, &str)]) -> (StatusCode, Value) {
        let res = c
            .post(self.url(&format!("/api/{endpoint}")))
            .header("Accept", "application/json")
            .form(form)
            .send()
            .await
            .unwrap();
        decode(res).await
    }

    /// Calls a JSON-encoded server function.
    pub async fn call_json(&self, c: &Client, endpoint: &str, body: Value) -> (StatusCode, Value) {
        let res = c
            .post(self.url(&format!("/api/{endpoint}")))
            .header("Accept", "application/json")
            .json(&body)
            .send()
            .await
            .unwrap();
        decode(res).await
    }

    /// A new client logged in as `email` (with the test password).
    pub async fn login(&self, email: &str) -> Client {
        self.login_with(email, PASSWORD).await
    }

    /// The whole answer to a login from a new client, for looking at its headers.
    pub async fn login_response(&self, email: &str, password: &str) -> Response {
        client()
            .post(self.url("/api/login"))
            .header("Accept", "application/json")
            .form(&[("email", email), ("password", password)])
            .send()
            .await
            .unwrap()
    }

    /// A new client logged in as `email` with `password`; fails the test if the login does.
    pub async fn login_with(&self, email: &str, password: &str) -> Client {
        let c = client();
        let (status, body) = self.call(&c, "login", &[("email", email), ("password", password)]).await;
        assert_eq!(status, StatusCode::OK, "login as {email}: {body}");
        c
    }
}

async fn decode(res: Response) -> (StatusCode, Value) {
    let status = res.status();
    let text = res.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

pub fn invalid(field: &str, code: &str) -> Value {
    json!({ "Invalid": { "field": field, "code": code } })
}

/// `date` moved by `days` (negative: back).
pub fn plus(date: jiff::civil::Date, days: i64) -> jiff::civil::Date {
    date.checked_add(jiff::Span::new().days(days)).unwrap()
}

/// The error for a whole number outside `min..=max`, which names the limits.
pub fn out_of_range(field: &str, min: i64, max: i64) -> Value {
    json!({ "Invalid": { "field": field, "code": { "OutOfRange": { "min": min, "max": max } } } })
}

/// The receiving end of `GET /live`, read as a browser's `EventSource` would.
pub struct LiveStream {
    response: Response,
    buffer: String,
}

/// One server-sent event: its name (`message` unless named) and its data.
#[derive(Debug, Clone, PartialEq)]
pub struct Sse {
    pub name: String,
    pub data: String,
}

impl Sse {
    /// The data as JSON (a `LiveEvent`).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.data).unwrap_or(Value::Null)
    }
}

impl TestApp {
    /// Opens the live channel with `c`'s session; fails the test unless it answers 200.
    pub async fn live(&self, c: &Client) -> LiveStream {
        let response = c.get(self.url("/live")).header("Accept", "text/event-stream").send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "GET /live");
        let mut stream = LiveStream { response, buffer: String::new() };
        assert_eq!(stream.next().await.map(|e| e.name), Some("hello".to_string()));
        stream
    }
}

impl LiveStream {
    /// The next event, or `None` when the server closed the stream, read as a browser's
    /// `EventSource` reads it: keep-alive comments and events without data are never dispatched.
    /// Fails the test after 20 s of silence (a guard, not a timing assertion).
    pub async fn next(&mut self) -> Option<Sse> {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let (mut name, mut data) = ("message".to_string(), Vec::new());
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("event:") {
                        name = v.trim().to_string();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data.push(v.strip_prefix(' ').unwrap_or(v).to_string());
                    }
                }
                if data.is_empty() {
                    continue;
                }
                return Some(Sse { name, data: data.join("\n") });
            }
            let chunk = tokio::time::timeout(std::time::Duration::from_secs(20), self.response.chunk())
                .await
                .expect("no live event within 20 s")
                .ok()??;
            self.buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
    }
}
