//! A hand-rolled HTTP/1.1 server on 127.0.0.1 for behaviour no well-behaved server shows:
//! endless chunked bodies, and exact capture of the request line as sent.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One request as it arrived.
#[derive(Clone, Debug)]
pub struct Captured {
    /// `METHOD target HTTP/1.1`.
    pub request_line: String,
    /// Header lines, names lower-cased.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Captured {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    pub fn target(&self) -> &str {
        self.request_line.split(' ').nth(1).unwrap_or("")
    }
}

/// How the server answers.
#[derive(Clone, Debug)]
pub enum Answer {
    /// These bytes, status line and headers included, then close.
    Fixed(Vec<u8>),
    /// A chunked body with this status that never ends: `chunk` again and again until the
    /// client goes away.
    Endless { status: u16, chunk: Vec<u8> },
}

pub struct RawServer {
    pub addr: std::net::SocketAddr,
    pub captured: Arc<Mutex<Vec<Captured>>>,
    /// Body bytes written to clients so far.
    pub written: Arc<AtomicU64>,
}

impl RawServer {
    pub async fn start(answer: Answer) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let captured = Arc::new(Mutex::new(Vec::new()));
        let written = Arc::new(AtomicU64::new(0));
        let (c, w) = (captured.clone(), written.clone());
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (c, w, a) = (c.clone(), w.clone(), answer.clone());
                tokio::spawn(serve(stream, a, c, w));
            }
        });
        RawServer {
            addr,
            captured,
            written,
        }
    }

    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn requests(&self) -> Vec<Captured> {
        self.captured.lock().unwrap().clone()
    }
}

async fn serve(
    mut stream: TcpStream,
    answer: Answer,
    captured: Arc<Mutex<Vec<Captured>>>,
    written: Arc<AtomicU64>,
) {
    let Some(req) = read_request(&mut stream).await else {
        return;
    };
    captured.lock().unwrap().push(req);
    match answer {
        Answer::Fixed(bytes) => {
            let _ = stream.write_all(&bytes).await;
            let _ = stream.shutdown().await;
        }
        Answer::Endless { status, chunk } => {
            let head = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\nx-request-id: raw-1\r\n\r\n"
            );
            if stream.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let mut frame = format!("{:x}\r\n", chunk.len()).into_bytes();
            frame.extend_from_slice(&chunk);
            frame.extend_from_slice(b"\r\n");
            while stream.write_all(&frame).await.is_ok() {
                written.fetch_add(chunk.len() as u64, Ordering::SeqCst);
            }
        }
    }
}

async fn read_request(stream: &mut TcpStream) -> Option<Captured> {
    let mut buf = Vec::new();
    let mut tmp = [0u8; 4096];
    let head_end = loop {
        let n = stream.read(&mut tmp).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&tmp[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let mut lines = head.split("\r\n");
    let request_line = lines.next()?.to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut tmp).await.ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&tmp[..n]);
    }
    Some(Captured {
        request_line,
        headers,
        body,
    })
}
