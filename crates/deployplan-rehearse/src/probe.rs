//! Network checks against loopback only: a free port, waiting for a port to accept
//! connections, and a tiny blocking HTTP/1.1 GET (status line only).

use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::time::{Duration, Instant};

use crate::process::Group;
use crate::{Cancel, RehearseError};

const POLL: Duration = Duration::from_millis(50);

/// A port nobody listens on right now (the OS picks it; the tiny race is accepted).
pub fn free_port() -> Result<u16, RehearseError> {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| RehearseError::Step(format!("no free loopback port: {e}")))
}

fn addr(port: u16) -> SocketAddr {
    SocketAddr::from((Ipv4Addr::LOCALHOST, port))
}

pub fn accepts(port: u16) -> bool {
    TcpStream::connect_timeout(&addr(port), Duration::from_millis(200)).is_ok()
}

/// Waits until `port` accepts connections; fails early when the process exits first.
pub fn wait_for_port(
    port: u16,
    timeout: Duration,
    cancel: &Cancel,
    process: &mut Group,
    what: &str,
) -> Result<(), RehearseError> {
    let deadline = Instant::now() + timeout;
    loop {
        if accepts(port) {
            return Ok(());
        }
        if let Some(outcome) = process.exited() {
            return Err(RehearseError::Step(format!(
                "{what} {} before listening on port {port}",
                outcome.describe()
            )));
        }
        if cancel.is_cancelled() {
            return Err(RehearseError::Cancelled);
        }
        if Instant::now() >= deadline {
            return Err(RehearseError::Step(format!(
                "{what} did not accept connections on 127.0.0.1:{port} within {} s (is it listening on $PORT?)",
                timeout.as_secs()
            )));
        }
        std::thread::sleep(POLL);
    }
}

/// GET `path` on 127.0.0.1:`port`; the response's status code.
pub fn http_status(port: u16, path: &str, timeout: Duration) -> Result<u16, String> {
    let mut stream = TcpStream::connect_timeout(&addr(port), timeout).map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(timeout))
        .and_then(|()| stream.set_write_timeout(Some(timeout)))
        .map_err(|e| e.to_string())?;
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: localhost:{port}\r\nUser-Agent: deployplan-rehearse\r\nAccept: */*\r\nConnection: close\r\n\r\n"
    );
    stream
        .write_all(request.as_bytes())
        .map_err(|e| e.to_string())?;
    let mut head = Vec::new();
    let mut buf = [0u8; 512];
    while !head.contains(&b'\n') {
        let n = stream.read(&mut buf).map_err(|e| match e.kind() {
            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut => {
                format!("no response within {} s", timeout.as_secs())
            }
            _ => e.to_string(),
        })?;
        if n == 0 {
            return Err("the connection closed without a response".into());
        }
        head.extend_from_slice(&buf[..n]);
        if head.len() > 8192 {
            break;
        }
    }
    let line = String::from_utf8_lossy(&head);
    let status = line
        .lines()
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse::<u16>().ok())
        .ok_or_else(|| {
            format!(
                "not an HTTP response: {:?}",
                line.lines().next().unwrap_or("")
            )
        })?;
    Ok(status)
}

/// The platform's rule for a health check: 2xx and 3xx are healthy.
pub fn healthy(status: u16) -> bool {
    (200..400).contains(&status)
}

/// What a health check rehearsal needs from the plan.
pub struct HealthCheck<'a> {
    pub path: &'a str,
    pub timeout: Duration,
    pub unhealthy_threshold: u32,
    /// How long the app may take to become healthy at all (the start timeout).
    pub within: Duration,
}

/// Polls at a short interval until the first healthy answer; fails after the threshold of
/// consecutive failures, or when `within` runs out, or when the process exits.
pub fn probe_health(
    port: u16,
    check: &HealthCheck<'_>,
    cancel: &Cancel,
    process: &mut Group,
) -> Result<String, RehearseError> {
    let deadline = Instant::now() + check.within;
    let mut failures = 0;
    let mut last;
    loop {
        match http_status(port, check.path, check.timeout) {
            Ok(status) if healthy(status) => {
                return Ok(format!("GET {} answered {status}", check.path));
            }
            Ok(status) => last = format!("GET {} answered {status}", check.path),
            Err(e) => last = format!("GET {}: {e}", check.path),
        }
        failures += 1;
        if failures >= check.unhealthy_threshold.max(1) {
            return Err(RehearseError::Step(format!(
                "unhealthy: {failures} consecutive failed checks, the last: {last}"
            )));
        }
        if let Some(outcome) = process.exited() {
            return Err(RehearseError::Step(format!(
                "the web process {} during the health check ({last})",
                outcome.describe()
            )));
        }
        if cancel.is_cancelled() {
            return Err(RehearseError::Cancelled);
        }
        if Instant::now() >= deadline {
            return Err(RehearseError::Step(format!(
                "not healthy within {} s: {last}",
                check.within.as_secs()
            )));
        }
        std::thread::sleep(Duration::from_millis(500));
    }
}
