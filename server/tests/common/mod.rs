//! Test harness: each test gets its own database and its own server on a free port.
//! The backend comes from `SKIFTET_TEST_DATABASE`: unset means SQLite in a temporary folder;
//! `postgres://user@host:port/db` means a fresh PostgreSQL database per test, created through
//! that server (the test script drops the leftovers, all named `skiftet_t_*`).
#![allow(dead_code)]
use app::ssr::Db;
use app::ssr::auth::hash_password;
use leptos::prelude::LeptosOptions;
use reqwest::{Client, Response, StatusCode};
use serde_json::{Value, json};
use server::{Config, database, sessions::AnyStore, web};
use sqlx::Row;
use std::net::SocketAddr;

pub const PASSWORD: &str = "rätt-lösenord-123";

pub struct TestApp {
    pub base: String,
    pub db: Db,
    pub database_url: String,
    _dir: Option<tempfile::TempDir>,
}

pub struct Options {
    pub trust_proxy: bool,
    pub session_idle_minutes: i64,
    /// Where the wasm, JS and CSS are (`<site_root>/pkg`).
    pub site_root: String,
}

impl Default for Options {
    fn default() -> Self {
        Options { trust_proxy: false, session_idle_minutes: 60, site_root: "target/site".into() }
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

pub async fn spawn_with(opts: Options) -> TestApp {
    let (database_url, dir) = fresh_database_url().await;
    let config = Config {
        database_url: database_url.clone(),
        listen: "127.0.0.1:0".parse().unwrap(),
        secure_cookies: false,
        session_idle_minutes: opts.session_idle_minutes,
        trust_proxy: opts.trust_proxy,
        max_connections: 5,
    };
    let db = database::connect_and_migrate(&database_url, 5).await.expect("migrate");
    let store = AnyStore::connect(&database_url).await.expect("session store");
    let listener = tokio::net::TcpListener::bind(config.listen).await.unwrap();
    let addr = listener.local_addr().unwrap();
    let options = LeptosOptions::builder()
        .output_name("skiftet")
        .site_root(opts.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .build();
    let app = web::router(&config, db.clone(), store, options);
    tokio::spawn(async move {
        axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await.unwrap();
    });
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
        .build()
        .unwrap()
}

impl TestApp {
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

    /// A new client logged in as `email`.
    pub async fn login(&self, email: &str) -> Client {
        let c = client();
        let (status, body) = self.call(&c, "login", &[("email", email), ("password", PASSWORD)]).await;
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
