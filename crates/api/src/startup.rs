//! Builds the application: database, state, routes, middleware, listener.

use crate::auth::oidc::Oidc;
use crate::auth::ratelimit::Limiter;
use crate::config::{Config, DemoData};
use crate::db;
use crate::state::{AppState, json_config};
use crate::{audit, auth, demo, error, membership, openapi, routes, scheduler, spa, telemetry};
use actix_web::dev::Server;
use actix_web::middleware::{Compress, Condition, from_fn};
use actix_web::{App, HttpResponse, HttpServer, web};
use anyhow::Context;
use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

pub struct Application {
    port: u16,
    server: Server,
}

impl Application {
    /// Connects, migrates, seeds, and binds `config.addr` (port 0 picks a free port).
    pub fn build(config: Config) -> anyhow::Result<Application> {
        let pool = db::open(&config.database_url, config.db_pool_size)?;
        {
            let mut conn = pool.get().context("cannot get a database connection")?;
            if config.is_demo() {
                demo::refuse_real_database(&mut conn)?;
            }
            db::migrate(&mut conn)?;
            db::check_durability(&mut conn);
            membership::ensure_association_accounts(&mut conn)
                .context("cannot create the association's accounts")?;
            if config.is_demo() {
                demo::add_demo_people(&mut conn)?;
                if config.demo_data == DemoData::Association {
                    demo::association::seed(&mut conn).context("cannot seed the demo association")?;
                }
            }
        }
        let listener =
            TcpListener::bind(config.addr).with_context(|| format!("cannot listen on {}", config.addr))?;
        let port = listener.local_addr()?.port();
        let tick = Duration::from_millis(
            std::env::var("SEED_SCHEDULER_TICK_MS").ok().and_then(|v| v.parse().ok()).unwrap_or(30_000),
        );
        let instance = format!("{}:{port}:{}", std::process::id(), uuid::Uuid::now_v7());
        let index = web::Data::new(spa::IndexPage::load(&config.web_dir));
        let assets = web::Data::new(spa::Assets::load(&config.web_dir));
        let state = web::Data::new(AppState {
            oidc: Oidc::from_config(&config)?,
            limiter: Arc::new(Limiter::default()),
            writes: db::WriteQueue::default(),
            config,
            pool: pool.clone(),
        });
        let limiter = state.limiter.clone();
        let spec = openapi::spec();
        let server = HttpServer::new(move || {
            let demo = state.config.is_demo();
            let (app, _) = App::new()
                .into_utoipa_app()
                .app_data(state.clone())
                .app_data(index.clone())
                .app_data(assets.clone())
                .app_data(json_config())
                .app_data(web::QueryConfig::default().error_handler(error::query_error))
                .app_data(web::PathConfig::default().error_handler(error::path_error))
                // Before the /api scope, whose default answers 404 for anything it does not know.
                .map(|app| {
                    app.service(SwaggerUi::new("/api/docs/{_:.*}").url("/api/openapi.json", spec.clone()))
                        .route(
                            "/api/docs",
                            web::get().to(|| async {
                                HttpResponse::PermanentRedirect()
                                    .insert_header(("Location", "/api/docs/"))
                                    .finish()
                            }),
                        )
                })
                .service(
                    utoipa_actix_web::scope("/api")
                        .configure(routes::configure)
                        .default_service(web::to(error::not_found)),
                )
                .split_for_parts();
            app.default_service(web::to(spa::serve))
                .wrap(from_fn(auth::forget_dead_session))
                .wrap(Condition::new(demo, from_fn(demo::local_only)))
                .wrap(from_fn(spa::security_headers))
                .wrap(Compress::default())
                .wrap(from_fn(telemetry::request_id))
        })
        .listen(listener)?
        .shutdown_timeout(10)
        .run();
        audit::start_refusal_tallies(pool.clone(), limiter);
        scheduler::start(pool, instance, tick);
        Ok(Application { port, server })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until SIGTERM or SIGINT, then finishes the requests in flight.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}
