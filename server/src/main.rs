#![recursion_limit = "256"]
//! `server` — runs Skiftet. See README.md for the environment variables.
use clap::{Parser, Subcommand};
use server::{Config, demo, startup::Application};
use std::net::SocketAddr;
use tower_sessions::session_store::ExpiredDeletion;
use tracing_subscriber::EnvFilter;

/// mimalloc instead of glibc's malloc: rendering a page allocates a great deal, and glibc's
/// allocator took about a fifth of the server's CPU under load (`make bench`, perf).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser, Debug)]
#[command(name = "skiftet", about = "Skiftet: staffing for municipal elder care")]
struct Args {
    /// Load the demo municipality if the database is empty.
    #[arg(long)]
    demo: bool,
    /// Multiply the demo's size (for load tests).
    #[arg(long, default_value_t = 1)]
    scale: usize,
    /// Only load the demo (if the database is empty) and exit.
    #[arg(long)]
    load_demo_only: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Allocate the pool offline: read an instance (docs/allocation.md) and write the result as
    /// JSON. Needs no database.
    Allocate {
        /// The instance file; `-` or nothing reads standard input.
        input: Option<std::path::PathBuf>,
        /// Indent the JSON for reading.
        #[arg(long)]
        pretty: bool,
    },
    /// Write a random but realistic instance of the given size (deterministic for a seed).
    GenerateInstance {
        #[arg(long, default_value_t = 50)]
        workers: usize,
        #[arg(long, default_value_t = 200)]
        slots: usize,
        #[arg(long, default_value_t = 14)]
        days: u32,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The first day (a date, Stockholm time); tomorrow when absent.
        #[arg(long)]
        first_day: Option<jiff::civil::Date>,
    },
}

/// The offline subcommands: pure computations on JSON, no database or configuration.
fn run_command(command: Command) -> Result<(), String> {
    use app::domain::allocation::{self, generate};
    use std::io::{Read, Write};
    let out = match command {
        Command::Allocate { input, pretty } => {
            let mut text = String::new();
            match input.as_deref().filter(|path| path.as_os_str() != "-") {
                Some(path) => std::fs::read_to_string(path).map(|t| text = t),
                None => std::io::stdin().read_to_string(&mut text).map(|_| ()),
            }
            .map_err(|e| format!("reading the instance failed: {e}"))?;
            let instance: allocation::Instance = serde_json::from_str(&text)
                .map_err(|e| format!("the instance is not valid (docs/allocation.md): {e}"))?;
            let problems = instance.problems();
            if !problems.is_empty() {
                let list: Vec<String> = problems.iter().map(|p| format!("  - {p}")).collect();
                return Err(format!("the instance cannot be allocated:\n{}", list.join("\n")));
            }
            let result = allocation::allocate(&instance);
            if pretty { serde_json::to_string_pretty(&result) } else { serde_json::to_string(&result) }
        }
        Command::GenerateInstance { workers, slots, days, seed, first_day } => {
            let first_day = first_day.unwrap_or_else(|| {
                let today = jiff::Timestamp::now().to_zoned(app::domain::time::stockholm()).date();
                today.tomorrow().unwrap_or(today)
            });
            let spec = generate::Spec { workers, slots, days, first_day, seed };
            serde_json::to_string_pretty(&generate::instance(&spec))
        }
    }
    .map_err(|e| e.to_string())?;
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{out}").map_err(|e| e.to_string())
}

#[tokio::main]
async fn main() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    // JSON lines for log collectors in production; readable lines on a developer's terminal.
    if std::env::var("SKIFTET_LOG_FORMAT").as_deref() == Ok("json") {
        tracing_subscriber::fmt().json().with_env_filter(filter).init();
    } else {
        tracing_subscriber::fmt().with_env_filter(filter).init();
    }
    let mut args = Args::parse();
    if let Some(command) = args.command.take() {
        if let Err(e) = run_command(command) {
            eprintln!("skiftet: {e}");
            std::process::exit(1);
        }
        return;
    }
    if let Err(e) = run(args).await {
        tracing::error!("{e}");
        eprintln!("skiftet: {e}");
        std::process::exit(1);
    }
}

async fn run(args: Args) -> Result<(), String> {
    let config = Config::from_env()?;
    let clock = config.clock();
    if config.clock_start.is_some() {
        tracing::warn!(now = %clock.now(), "the server's clock is set by SKIFTET_CLOCK_START (not for production)");
    }
    let application = Application::build(&config, clock).await?;
    let db = application.db.clone();
    if args.demo || args.load_demo_only {
        let started = std::time::Instant::now();
        match demo::load_if_empty(&db, args.scale).await {
            Ok(true) => tracing::info!(
                scale = args.scale,
                ms = started.elapsed().as_millis() as u64,
                "demo municipality loaded"
            ),
            Ok(false) => tracing::info!("database already has data; demo not loaded"),
            Err(e) => return Err(format!("loading the demo failed: {e:?}")),
        }
        if args.load_demo_only {
            return Ok(());
        }
    }
    // Background job: expired sessions and old login failures go away.
    tokio::spawn({
        let store = application.store.clone();
        let db = db.clone();
        async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(600));
            loop {
                tick.tick().await;
                if let Err(e) = store.delete_expired().await {
                    tracing::warn!(error = %e, "deleting expired sessions failed");
                }
                let cutoff = db.now() - 24 * 3600;
                if let Err(e) =
                    sqlx::query("DELETE FROM login_failures WHERE at < $1").bind(cutoff).execute(&db.pool).await
                {
                    tracing::warn!(error = %e, "pruning login failures failed");
                }
            }
        }
    });
    // Background job: pool offers past their deadline expire and go to the next best worker;
    // with SKIFTET_POOL_AUTO_PUBLISH_HOURS, places starting soon are offered without waiting.
    let auto_publish = server::config::pool_auto_publish_hours()?;
    tokio::spawn({
        let db = db.clone();
        async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
            loop {
                tick.tick().await;
                if let Err(e) = app::features::pool::server::expire_offers(&db).await {
                    tracing::warn!(error = ?e, "expiring pool offers failed");
                }
                if let Some(hours) = auto_publish
                    && let Err(e) = app::features::pool::server::auto_publish(&db, hours).await
                {
                    tracing::warn!(error = ?e, "offering soon-starting pool places failed");
                }
            }
        }
    });
    let pkg_dir = std::path::Path::new(&config.site_root).join("pkg");
    server::assets::remove_stale(&pkg_dir);
    // Only release builds: a debug wasm is rebuilt often and is never sent over a slow network.
    if !cfg!(debug_assertions) {
        tokio::task::spawn_blocking(move || server::assets::precompress(&pkg_dir));
    }
    print_banner(application.addr, args.demo);
    application.serve(shutdown()).await?;
    tracing::info!("stopped");
    Ok(())
}

fn print_banner(addr: SocketAddr, demo: bool) {
    println!("\nSkiftet is running at http://{addr}\n");
    if demo {
        println!("Demo logins (password: {}):", demo::DEMO_PASSWORD);
        for (email, role) in demo::DEMO_LOGINS {
            println!("  {email:<34} {role}");
        }
    }
    println!("\nStop with Ctrl-C.\n");
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}
