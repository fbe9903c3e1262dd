//! How fast the core checks a 100,000-user listUsers body, natively (the wasm build is
//! measured by `make bench`): `cargo run --release --example walk_speed`.

use paradime_users::core::decode::{decode_response, Expect};
fn main() {
    let n = 100_000;
    let mut body = String::from(r#"{"data":{"listUsers":{"ok":true,"activeUsers":["#);
    for i in 0..n {
        if i > 0 {
            body.push(',');
        }
        body.push_str(&format!(r#"{{"uid":"{i:064x}","email":"user{i}@example.com","name":"User {i}","accountType":"DEVELOPER"}}"#));
    }
    body.push_str(r#"],"invitedUsers":[]}}}"#);
    let mut best = f64::MAX;
    for _ in 0..15 {
        let t = std::time::Instant::now();
        let r = decode_response(Expect::UserList, 200, body.as_bytes(), None);
        assert!(r.is_ok());
        best = best.min(t.elapsed().as_secs_f64() * 1000.0);
    }
    println!(
        "{} MB, best {:.1} ms per walk",
        body.len() / 1_000_000,
        best
    );
    let mut utf8 = f64::MAX;
    for _ in 0..15 {
        let t = std::time::Instant::now();
        assert!(std::str::from_utf8(std::hint::black_box(body.as_bytes())).is_ok());
        utf8 = utf8.min(t.elapsed().as_secs_f64() * 1000.0);
    }
    println!("of which UTF-8 validation alone: best {utf8:.1} ms");
}
