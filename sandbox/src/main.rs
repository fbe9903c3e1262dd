//! `paradime-sandbox`: a local server that speaks Paradime's User Management GraphQL API.
//!
//! Start: `paradime-sandbox [--port 8080] [--workspaces N] [--users N] [--credentials FILE]
//! [--data FILE] [--test-controls]`. The chosen port is printed alone on the first line of stdout (useful
//! with `--port 0`); everything else goes to stderr, one line per request, never a secret.

mod auth;
mod company;
mod controls;
mod http;
mod schema;
mod workspace;

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::Parser;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{mpsc, watch, Notify};
use tower::ServiceExt;

/// A local server that speaks Paradime's User Management GraphQL API.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Args {
    /// Address to bind (loopback by default).
    #[arg(long, default_value = "127.0.0.1")]
    host: std::net::IpAddr,
    /// Port to listen on; 0 picks a free one (printed alone on the first line of stdout).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Workspaces of the company: the first is `acme-workspace`, the others get generated
    /// uids and names; each starts with the docs' users and the `--users` generated people
    /// who are its members. Not with a credentials file that lists workspaces.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=1000))]
    workspaces: u16,
    /// Generated active users to add to the docs' example workspace (to each workspace).
    #[arg(long, default_value_t = 0)]
    users: usize,
    /// JSON file of API keys and tokens (see README); default: the demo credentials.
    #[arg(long)]
    credentials: Option<PathBuf>,
    /// Keep the workspace in this JSON file, with a journal beside it (every acknowledged
    /// mutation is on disk); other workspaces in files beside it named `FILE.<uid>`.
    #[arg(long)]
    data: Option<PathBuf>,
    /// Serve the /_sandbox/* test controls (reset, faults, request log).
    #[arg(long)]
    test_controls: bool,
    /// Directory served at `/`.
    #[arg(long, default_value = "www")]
    www: PathBuf,
    /// Directory served at `/pkg/`.
    #[arg(long, default_value = "pkg")]
    pkg: PathBuf,
}

/// Writes one line to stderr; a closed stderr is ignored rather than fatal.
pub fn log(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            log(&format!("paradime-sandbox: cannot start the runtime: {e}"));
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(args)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            log(&format!("paradime-sandbox: {e}"));
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), String> {
    let credentials = match &args.credentials {
        Some(path) => auth::Credentials::from_file(path)?,
        None => auth::Credentials::default(),
    }
    .with_workspaces(usize::from(args.workspaces))?;
    let company = Arc::new(company::Company::open(
        &credentials.workspaces,
        args.users,
        args.data.as_deref(),
    )?);
    let state = http::AppState {
        schema: schema::build(company.clone()),
        company,
        credentials: Arc::new(credentials.clone()),
        controls: Arc::new(controls::Controls::default()),
        test_controls: args.test_controls,
    };
    let app = http::router(
        state,
        &http::StaticDirs {
            www: args.www.clone(),
            pkg: args.pkg.clone(),
        },
    );

    let listener = TcpListener::bind(SocketAddr::new(args.host, args.port))
        .await
        .map_err(|e| format!("cannot listen on {}:{}: {e}", args.host, args.port))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{}", addr.port());
        let _ = out.flush();
    }
    log(&format!(
        "paradime-sandbox listening on http://{addr}/ (GraphQL at http://{addr}/graphql)"
    ));
    for line in credentials.describe(args.credentials.is_none()) {
        log(&format!("  {line}"));
    }
    if args.test_controls {
        log("  test controls enabled at /_sandbox/*");
    }

    let (shutdown_tx, shutdown_rx) = watch::channel(false);
    let (alive_tx, mut alive_rx) = mpsc::channel::<()>(1);
    let mut stop = Box::pin(shutdown_signal());
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, _) = match accepted {
                    Ok(pair) => pair,
                    Err(e) => {
                        log(&format!("accept failed: {e}"));
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                tokio::spawn(serve_connection(stream, app.clone(), shutdown_rx.clone(), alive_tx.clone()));
            }
            _ = &mut stop => break,
        }
    }
    log("paradime-sandbox: shutting down");
    drop(listener);
    let _ = shutdown_tx.send(true);
    drop(alive_tx);
    // Every connection task holds a sender; recv() returns None once they are all done.
    let _ = tokio::time::timeout(Duration::from_secs(5), alive_rx.recv()).await;
    Ok(())
}

/// Serves one TCP connection until it closes, the server shuts down (gracefully), or a
/// `drop` fault asks for the connection to be cut without a response.
async fn serve_connection(
    stream: tokio::net::TcpStream,
    app: axum::Router,
    mut shutdown: watch::Receiver<bool>,
    _alive: mpsc::Sender<()>,
) {
    let kill = Arc::new(Notify::new());
    let marker = http::ConnectionKill(kill.clone());
    let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
        let mut request = request.map(axum::body::Body::new);
        request.extensions_mut().insert(marker.clone());
        app.clone().oneshot(request)
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(Duration::from_secs(20))
        .keep_alive(true);
    let connection = builder.serve_connection(TokioIo::new(stream), service);
    tokio::pin!(connection);
    tokio::select! {
        _ = connection.as_mut() => {}
        _ = kill.notified() => {}
        _ = shutdown.changed() => {
            connection.as_mut().graceful_shutdown();
            tokio::select! {
                _ = connection.as_mut() => {}
                _ = kill.notified() => {}
            }
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = ctrl_c => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = ctrl_c.await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}
