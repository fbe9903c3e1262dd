//! The router: `/graphql`, the test controls, static files, CORS, request ids and request
//! limits.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use http_body_util::{BodyExt, Limited};
use serde_json::{json, Value};
use tokio::sync::Notify;
use tower_http::cors::{Any, CorsLayer};
use tower_http::services::ServeDir;

use crate::auth::{AuthError, Capability, Credentials};
use crate::company::Company;
use crate::controls::{self, BodyFault, Controls, Fault, RecordedRequest};
use crate::schema::UsersSchema;

/// Largest request body accepted; more is a 413.
pub const MAX_BODY_BYTES: usize = 1 << 20;
/// How long a client may take to send its body.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(30);

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub schema: UsersSchema,
    pub company: Arc<Company>,
    pub credentials: Arc<Credentials>,
    pub controls: Arc<Controls>,
    pub test_controls: bool,
}

/// Put on each request by the connection loop: notifying it closes the connection at once,
/// without a response (the `drop` fault).
#[derive(Clone)]
pub struct ConnectionKill(pub Arc<Notify>);

/// Where the static files are.
pub struct StaticDirs {
    pub www: PathBuf,
    pub pkg: PathBuf,
}

/// The whole application.
pub fn router(state: AppState, dirs: &StaticDirs) -> Router {
    let mut app = Router::new()
        .route("/graphql", post(graphql))
        .route("/_sandbox/demo-credentials", get(demo_credentials));
    if state.test_controls {
        app = app.merge(controls::routes());
    }
    app.nest_service("/pkg", ServeDir::new(&dirs.pkg))
        .fallback_service(ServeDir::new(&dirs.www))
        .layer(middleware::from_fn(request_id))
        .layer(cors())
        .with_state(state)
}

/// The built-in demo key and secret, so the console can prefill its form when the sandbox
/// serves it (the sandbox prints them when it starts too); with several workspaces, the demo
/// company token and the first workspace instead, so the console's workspace picker has
/// something to pick. A 404 when the sandbox was given credentials of its own: those are
/// never served.
async fn demo_credentials(State(app): State<AppState>) -> Response {
    let demo = app.credentials.api_keys.iter().find(|k| {
        k.key == "demo-key" && k.secret == "demo-secret" && k.capability == Capability::Admin
    });
    let company = app
        .credentials
        .tokens
        .iter()
        .find(|t| t.token == "prdm_cmp_demo-company-token");
    let members = app.company.members();
    match (demo, company, members.first()) {
        (Some(_), Some(t), Some(first)) if members.len() > 1 => axum::Json(
            json!({ "apiKey": "", "apiSecret": t.token, "workspaceUid": first.info.uid }),
        )
        .into_response(),
        (Some(k), _, _) => {
            axum::Json(json!({ "apiKey": k.key, "apiSecret": k.secret, "workspaceUid": "" }))
                .into_response()
        }
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

/// Every response carries an `x-request-id` (the one the request sent, else a new UUID), as
/// many production APIs do: the client puts it on its errors. The request itself is left as
/// it came, so the request log shows only what the client sent.
async fn request_id(request: Request, next: Next) -> Response {
    let id = match request.headers().get(X_REQUEST_ID) {
        Some(sent) => sent.clone(),
        None => HeaderValue::from_str(&uuid::Uuid::new_v4().to_string())
            .unwrap_or(HeaderValue::from_static("sandbox")),
    };
    let mut response = next.run(request).await;
    response.headers_mut().insert(X_REQUEST_ID, id);
    response
}

const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::POST, Method::DELETE, Method::OPTIONS])
        .allow_headers([
            header::CONTENT_TYPE,
            header::AUTHORIZATION,
            HeaderName::from_static("x-api-key"),
            HeaderName::from_static("x-api-secret"),
            HeaderName::from_static("x-paradime-workspace"),
        ])
        .expose_headers([header::RETRY_AFTER, X_REQUEST_ID])
        .max_age(Duration::from_secs(600))
}

/// A GraphQL-shaped error body: `{"errors": [{"message", "extensions": {"code"}}]}`.
pub fn graphql_error(status: StatusCode, message: &str, code: &str) -> Response {
    let body = json!({ "errors": [{ "message": message, "extensions": { "code": code } }] });
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

/// The operation a request names: `operationName`, else the name in the document.
fn operation_name(body: &Value) -> String {
    if let Some(name) = body.get("operationName").and_then(Value::as_str) {
        return name.to_string();
    }
    let Some(query) = body.get("query").and_then(Value::as_str) else {
        return "-".to_string();
    };
    let mut words = query
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty());
    match (words.next(), words.next()) {
        (Some("query" | "mutation"), Some(name)) => name.to_string(),
        _ => "-".to_string(),
    }
}

/// One log line a request: operation, status, latency. Never a header value.
fn log_request(op: &str, status: StatusCode, started: Instant) {
    crate::log(&format!(
        "graphql op={op} status={} latency_ms={:.2}",
        status.as_u16(),
        started.elapsed().as_secs_f64() * 1000.0
    ));
}

async fn read_body(body: Body) -> Result<Bytes, Response> {
    let limited = Limited::new(body, MAX_BODY_BYTES);
    match tokio::time::timeout(BODY_TIMEOUT, limited.collect()).await {
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
        Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => Err(graphql_error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "Request body is larger than 1 MiB",
            "PAYLOAD_TOO_LARGE",
        )),
        Ok(Err(_)) => Err(graphql_error(
            StatusCode::BAD_REQUEST,
            "Could not read the request body",
            "BAD_REQUEST",
        )),
        Err(_) => Err(graphql_error(
            StatusCode::REQUEST_TIMEOUT,
            "Request body took too long",
            "TIMEOUT",
        )),
    }
}

/// Answers with a queued fault, or returns `None` to go on normally.
async fn apply_fault(fault: Fault, kill: Option<&ConnectionKill>) -> Option<Response> {
    if let Some(ms) = fault.delay_ms {
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
    if fault.drop {
        if let Some(ConnectionKill(notify)) = kill {
            notify.notify_one();
            // The connection task drops this future with the connection.
            std::future::pending::<()>().await;
        }
        return Some(StatusCode::INTERNAL_SERVER_ERROR.into_response());
    }
    let status = fault.status?;
    let mut response = Response::new(Body::from(fault.body.unwrap_or_default()));
    *response.status_mut() =
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    for (name, value) in &fault.headers {
        if let (Ok(n), Ok(v)) = (
            HeaderName::try_from(name.as_str()),
            HeaderValue::from_str(value),
        ) {
            response.headers_mut().append(n, v);
        }
    }
    Some(response)
}

/// One piece of a faulty body: bytes to send, a wait, or the connection closed.
enum Piece {
    Bytes(Bytes),
    Wait(Duration),
    Close,
}

/// `response` with its body sent as `fault` says: its `Content-Length` announces the whole
/// body, so a client reading it waits through a stall and sees a cut as a broken connection
/// (an error from the body stream makes hyper close it).
async fn with_body_fault(response: Response, fault: BodyFault) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = match body.collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => Bytes::new(),
    };
    let split = |at: usize| {
        let at = at.min(bytes.len());
        (bytes.slice(..at), bytes.slice(at..))
    };
    let pieces = match fault {
        BodyFault::Stall { after, ms } => {
            let (head, tail) = split(after.unwrap_or(bytes.len() / 2));
            vec![
                Piece::Bytes(head),
                Piece::Wait(Duration::from_millis(ms)),
                Piece::Bytes(tail),
            ]
        }
        // The short wait lets hyper flush the headers (and the bytes) before the close.
        BodyFault::Cut { after } => vec![
            Piece::Bytes(split(after).0),
            Piece::Wait(Duration::from_millis(50)),
            Piece::Close,
        ],
    };
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
    let stream = futures_util::stream::unfold(pieces.into_iter(), |mut pieces| async move {
        loop {
            match pieces.next()? {
                Piece::Bytes(b) if b.is_empty() => continue,
                Piece::Bytes(b) => return Some((Ok(b), pieces)),
                Piece::Wait(d) => tokio::time::sleep(d).await,
                Piece::Close => {
                    return Some((
                        Err(std::io::Error::other("fault: connection closed")),
                        pieces,
                    ))
                }
            }
        }
    });
    Response::from_parts(parts, Body::from_stream(stream))
}

async fn graphql(State(app): State<AppState>, request: Request) -> Response {
    let started = Instant::now();
    let (parts, body) = request.into_parts();
    let kill = parts.extensions.get::<ConnectionKill>().cloned();
    if let Some(len) = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
    {
        if len
            .parse::<u64>()
            .map_or(true, |n| n > MAX_BODY_BYTES as u64)
        {
            let r = graphql_error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "Request body is larger than 1 MiB",
                "PAYLOAD_TOO_LARGE",
            );
            log_request("-", r.status(), started);
            return r;
        }
    }
    let bytes = match read_body(body).await {
        Ok(b) => b,
        Err(r) => {
            log_request("-", r.status(), started);
            return r;
        }
    };
    let parsed: Result<Value, _> = serde_json::from_slice(&bytes);
    let op = parsed
        .as_ref()
        .map(operation_name)
        .unwrap_or_else(|_| "-".to_string());

    let fault = if app.test_controls {
        app.controls.next_fault()
    } else {
        None
    };
    if app.test_controls {
        app.controls.record(RecordedRequest {
            method: parts.method.to_string(),
            path: parts.uri.path().to_string(),
            headers: controls::redact_headers(&parts.headers),
            body: match &parsed {
                Ok(v) => v.clone(),
                Err(_) => Value::String(String::from_utf8_lossy(&bytes).into_owned()),
            },
            fault: fault.clone(),
        });
    }
    let body_fault = fault.as_ref().and_then(Fault::body_fault);
    let faulted = match fault {
        Some(fault) => apply_fault(fault, kill.as_ref()).await,
        None => None,
    };
    let response = match faulted {
        Some(r) => r,
        None => execute(&app, &parts.headers, parsed).await,
    };
    log_request(&op, response.status(), started);
    match body_fault {
        Some(f) => with_body_fault(response, f).await,
        None => response,
    }
}

async fn execute(
    app: &AppState,
    headers: &HeaderMap,
    parsed: Result<Value, serde_json::Error>,
) -> Response {
    let principal = match app.credentials.authenticate(headers) {
        Ok(p) => p,
        Err(AuthError::Unauthenticated(why)) => {
            return graphql_error(StatusCode::UNAUTHORIZED, why, "UNAUTHENTICATED")
        }
        Err(AuthError::WrongWorkspace) => {
            return graphql_error(
                StatusCode::FORBIDDEN,
                "These credentials are not valid for this workspace",
                "FORBIDDEN",
            )
        }
    };
    let Some(workspace) = app.company.get(&principal.workspace).cloned() else {
        return graphql_error(
            StatusCode::FORBIDDEN,
            "These credentials are not valid for this workspace",
            "FORBIDDEN",
        );
    };
    let value = match parsed {
        Ok(v) => v,
        Err(e) => {
            return graphql_error(
                StatusCode::BAD_REQUEST,
                &format!("Body is not JSON: {e}"),
                "BAD_REQUEST",
            )
        }
    };
    let request = match serde_json::from_value::<async_graphql::Request>(value) {
        Ok(r) => r,
        Err(e) => {
            return graphql_error(
                StatusCode::BAD_REQUEST,
                &format!("Body is not a GraphQL request: {e}"),
                "BAD_REQUEST",
            )
        }
    };
    let response = app
        .schema
        .execute(request.data(principal).data(workspace))
        .await;
    // A request that could not run at all (syntax, validation, variables) is a 400, as
    // GraphQL-over-HTTP servers answer. Those errors come from async-graphql itself; every
    // error our resolvers raise carries an `extensions.code` and comes with a 200.
    let ours = |e: &async_graphql::ServerError| {
        e.extensions
            .as_ref()
            .is_some_and(|x| x.get("code").is_some())
    };
    let request_error = !response.errors.is_empty() && !response.errors.iter().any(ours);
    let status = if request_error {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    match serde_json::to_vec(&response) {
        Ok(body) => (status, [(header::CONTENT_TYPE, "application/json")], body).into_response(),
        Err(_) => graphql_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Could not encode the response",
            "INTERNAL_SERVER_ERROR",
        ),
    }
}
