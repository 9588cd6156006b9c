//! HTTP servers on loopback addresses for the tests of the online check: each records the
//! request line of every connection it gets.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How a test server answers.
#[derive(Clone, Copy)]
pub enum Answer {
    /// `200 OK`, or `404 Not Found` for paths starting with `/missing`.
    Plain,
    /// `404 Not Found` to everything.
    NotFound,
    /// Never: the connection stays open and silent.
    Hang,
    /// `429 Too Many Requests` with `Retry-After: 30`.
    TooManyRequests,
    /// A `CONNECT` proxy that never connects anywhere: it accepts every tunnel, records the
    /// tunnelled request line as `tunnelled: …` and answers it itself with `404 Not Found`, so
    /// that nothing leaves the machine; any other request gets `502 Bad Gateway`.
    Proxy,
}

/// An HTTP server on a loopback address that records the request line of every connection.
pub struct Server {
    pub address: SocketAddr,
    requests: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// A server on `ip`, or `None` when the machine has no such address (IPv6 turned off).
    pub fn start(ip: &str, answer: Answer) -> Option<Self> {
        let listener = TcpListener::bind((ip, 0)).ok()?;
        let address = listener.local_addr().unwrap();
        let requests: Arc<Mutex<Vec<String>>> = Arc::default();
        let record = requests.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let record = record.clone();
                std::thread::spawn(move || {
                    let line = read_head(&stream);
                    record.lock().unwrap().push(line.clone());
                    let missing = line.split_whitespace().nth(1).is_some_and(|p| p.starts_with("/missing"));
                    let mut stream = stream;
                    let status = match answer {
                        Answer::Proxy if line.starts_with("CONNECT ") => {
                            let _ = stream.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n");
                            let tunnelled = read_head(&stream);
                            record.lock().unwrap().push(format!("tunnelled: {tunnelled}"));
                            "404 Not Found"
                        }
                        Answer::Proxy => "502 Bad Gateway",
                        Answer::Hang => {
                            std::thread::sleep(Duration::from_secs(120));
                            return;
                        }
                        Answer::TooManyRequests => "429 Too Many Requests\r\nRetry-After: 30",
                        Answer::NotFound => "404 Not Found",
                        Answer::Plain if missing => "404 Not Found",
                        Answer::Plain => "200 OK",
                    };
                    let _ = write!(stream, "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                });
            }
        });
        Some(Self { address, requests })
    }

    /// A server on 127.0.0.1 answering 404 to everything.
    pub fn not_found() -> Self {
        Self::start("127.0.0.1", Answer::NotFound).expect("a loopback address")
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// The request lines received so far.
    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }
}

/// Reads a request or answer head and returns its first line.
pub fn read_head(stream: &TcpStream) -> String {
    let mut reader = BufReader::new(stream);
    let mut first = String::new();
    let _ = reader.read_line(&mut first);
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 || header.trim().is_empty() {
            break;
        }
    }
    first.trim().to_string()
}
