//! A static site's build output served over loopback the way a CDN platform serves it:
//! files by path, `index.html` for folders, and `index.html` for unknown paths only when the
//! site has no `404.html` (single-page apps).

use std::io::{Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::RehearseError;

pub struct StaticServer {
    pub port: u16,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl StaticServer {
    pub fn start(root: &Path) -> Result<StaticServer, RehearseError> {
        if !root.join("index.html").is_file() {
            return Err(RehearseError::Step(format!(
                "the build output {} has no index.html (did the build write somewhere else?)",
                root.display()
            )));
        }
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .and_then(|l| l.set_nonblocking(true).map(|()| l))
            .map_err(|e| RehearseError::Step(format!("cannot serve the static site: {e}")))?;
        let port = listener
            .local_addr()
            .map_err(|e| RehearseError::Step(e.to_string()))?
            .port();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let root = root.to_path_buf();
        let thread = std::thread::spawn(move || {
            while !flag.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((stream, _)) => serve(stream, &root),
                    Err(_) => std::thread::sleep(Duration::from_millis(20)),
                }
            }
        });
        Ok(StaticServer {
            port,
            stop,
            thread: Some(thread),
        })
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn serve(mut stream: TcpStream, root: &Path) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut buf = [0u8; 4096];
    let Ok(n) = stream.read(&mut buf) else {
        return;
    };
    let request = String::from_utf8_lossy(&buf[..n]);
    let path = request
        .lines()
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap_or("/");
    let (status, body) = match resolve(root, path) {
        Some((status, file)) => (status, std::fs::read(file).unwrap_or_default()),
        None => (404, b"not found".to_vec()),
    };
    let reason = if status == 200 { "OK" } else { "Not Found" };
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

/// The file for a request path, never outside `root`.
fn resolve(root: &Path, path: &str) -> Option<(u16, PathBuf)> {
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let rel = Path::new(path.trim_start_matches('/'));
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let candidate = root.join(rel);
    if candidate.is_file() {
        return Some((200, candidate));
    }
    if candidate.join("index.html").is_file() {
        return Some((200, candidate.join("index.html")));
    }
    let not_found = root.join("404.html");
    if not_found.is_file() {
        Some((404, not_found))
    } else {
        Some((200, root.join("index.html")))
    }
}
