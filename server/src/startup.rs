//! Start-up wiring shared by `main` and the integration tests: connect and migrate, open the
//! session store, build the router and bind the listener. Tests build exactly what production
//! runs, on port 0 and with their own clock.
use crate::config::Config;
use crate::{database, sessions::AnyStore, web};
use app::ssr::{Clock, Db};
use leptos::prelude::LeptosOptions;
use std::net::SocketAddr;

pub struct Application {
    pub db: Db,
    pub store: AnyStore,
    pub addr: SocketAddr,
    listener: tokio::net::TcpListener,
    router: axum::Router,
}

impl Application {
    /// Everything up to, not including, serving. `clock` is the server's idea of "now".
    pub async fn build(config: &Config, clock: Clock) -> Result<Application, String> {
        let db = database::connect_and_migrate(&config.database_url, config.max_connections, clock)
            .await
            .map_err(|e| format!("database: {e}"))?;
        let store =
            AnyStore::connect(&config.database_url, db.clone()).await.map_err(|e| format!("session store: {e}"))?;
        let listener = tokio::net::TcpListener::bind(config.listen)
            .await
            .map_err(|e| format!("listen on {}: {e}", config.listen))?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        let options = LeptosOptions::builder()
            .output_name("skiftet")
            .hash_files(config.hashed_files)
            .site_root(config.site_root.as_str())
            .site_pkg_dir("pkg")
            .site_addr(addr)
            .build();
        let router = web::router(config, db.clone(), store.clone(), options);
        Ok(Application { db, store, addr, listener, router })
    }

    /// Serves until `shutdown` completes (Ctrl-C in `main`; never in tests).
    pub async fn serve(self, shutdown: impl std::future::Future<Output = ()> + Send + 'static) -> Result<(), String> {
        use axum::serve::ListenerExt;
        // Without TCP_NODELAY every streamed response waits ~40 ms for delayed ACKs.
        let listener = self.listener.tap_io(|tcp| {
            let _ = tcp.set_nodelay(true);
        });
        axum::serve(listener, self.router.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(shutdown)
            .await
            .map_err(|e| e.to_string())
    }
}
