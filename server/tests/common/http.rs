//! A small HTTP/1.1 client for the integration tests: any method, headers, URL-encoded
//! forms and multipart bodies, and the whole response (status, headers, bytes). One
//! connection per request (`Connection: close`); nothing is compressed (no
//! `Accept-Encoding` is sent).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// A request to send to the server under test.
#[derive(Debug, Clone)]
pub struct Request {
    method: &'static str,
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Request {
    /// `GET path`.
    pub fn get(path: &str) -> Request {
        Request::new("GET", path)
    }

    /// `POST path`, empty until a body is set.
    pub fn post(path: &str) -> Request {
        Request::new("POST", path)
    }

    fn new(method: &'static str, path: &str) -> Request {
        Request {
            method,
            path: path.to_owned(),
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> Request {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// `Accept: application/json`.
    pub fn json(self) -> Request {
        self.header("Accept", "application/json")
    }

    /// Sends `cookie` (`name=value`) when there is one.
    pub fn cookie(self, cookie: Option<&str>) -> Request {
        match cookie {
            Some(c) => self.header("Cookie", c),
            None => self,
        }
    }

    /// An `application/x-www-form-urlencoded` body.
    pub fn form(mut self, pairs: &[(&str, &str)]) -> Request {
        self.body = form_urlencoded(pairs).into_bytes();
        self.header("Content-Type", "application/x-www-form-urlencoded")
    }

    /// A `multipart/form-data` body.
    pub fn multipart(mut self, parts: &Multipart) -> Request {
        self.body = parts.body();
        let content_type = format!("multipart/form-data; boundary={}", parts.boundary);
        self.header("Content-Type", &content_type)
    }

    /// Sends the request to `127.0.0.1:port` and reads the whole response.
    ///
    /// The body is written from another thread while the response is read, so that an
    /// answer the server gives before reading everything (a refused large upload) is
    /// received rather than lost in a write error.
    pub fn send(&self, port: u16) -> Response {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("server reachable");
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        let mut head = format!(
            "{} {} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n",
            self.method, self.path
        );
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        if self.method != "GET" || !self.body.is_empty() {
            head.push_str(&format!("Content-Length: {}\r\n", self.body.len()));
        }
        head.push_str("\r\n");
        let mut bytes = head.into_bytes();
        bytes.extend_from_slice(&self.body);
        let mut writer = stream.try_clone().unwrap();
        let written = std::thread::spawn(move || {
            // The server may answer and close before taking everything: not an error here.
            let _ = writer.write_all(&bytes);
            let _ = writer.flush();
        });
        let mut raw = Vec::new();
        let read = stream.read_to_end(&mut raw);
        let _ = written.join();
        if let Err(e) = read {
            // A reset after the response arrived (the server closed with unread body).
            assert!(!raw.is_empty(), "{} {}: {e}", self.method, self.path);
        }
        Response::parse(&raw)
            .unwrap_or_else(|| panic!("{} {}: not an HTTP response", self.method, self.path))
    }
}

/// A response, read to its end.
#[derive(Debug, Clone)]
pub struct Response {
    /// Status code.
    pub status: u16,
    /// Headers in order, names as sent.
    pub headers: Vec<(String, String)>,
    /// The body (de-chunked).
    pub body: Vec<u8>,
}

impl Response {
    fn parse(raw: &[u8]) -> Option<Response> {
        let end = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
        let head = std::str::from_utf8(&raw[..end]).ok()?;
        let mut lines = head.split("\r\n");
        let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
            .collect();
        let rest = &raw[end + 4..];
        let chunked = headers.iter().any(|(n, v)| {
            n.eq_ignore_ascii_case("transfer-encoding") && v.eq_ignore_ascii_case("chunked")
        });
        let body = if chunked {
            dechunk(rest)
        } else {
            rest.to_vec()
        };
        Some(Response {
            status,
            headers,
            body,
        })
    }

    /// The first header called `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// `name=value` of the cookie `name` that the response sets, if it does.
    pub fn set_cookie(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case("set-cookie"))
            .filter_map(|(_, v)| v.split(';').next())
            .find(|pair| pair.split_once('=').is_some_and(|(n, _)| n.trim() == name))
            .map(|pair| pair.trim().to_owned())
    }

    /// The body as UTF-8 text.
    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("UTF-8 body")
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "status {}: body is not JSON ({e}): {}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }
}

/// Decodes a chunked body.
fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = body.windows(2).position(|w| w == b"\r\n") {
        let size = std::str::from_utf8(&body[..eol]).unwrap_or("0");
        let size = size.split(';').next().unwrap_or("0");
        let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = eol + 2;
        out.extend_from_slice(&body[start..start + size]);
        body = &body[(start + size + 2).min(body.len())..];
    }
    out
}

/// Percent-encodes `text` for a URL query or a form body (space as `%20`).
pub fn encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// `a=1&b=2`, each name and value percent-encoded.
pub fn form_urlencoded(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(n, v)| format!("{}={}", encode(n), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// A `multipart/form-data` body under construction.
#[derive(Debug, Clone)]
pub struct Multipart {
    boundary: String,
    parts: Vec<u8>,
}

impl Default for Multipart {
    fn default() -> Self {
        Multipart::new()
    }
}

impl Multipart {
    /// An empty body.
    pub fn new() -> Multipart {
        Multipart {
            boundary: "motcua-test-boundary-7d1f0c5a9e".to_owned(),
            parts: Vec::new(),
        }
    }

    /// Adds a text field.
    pub fn text(mut self, name: &str, value: &str) -> Multipart {
        self.parts.extend_from_slice(
            format!(
                "--{}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n",
                self.boundary
            )
            .as_bytes(),
        );
        self
    }

    /// Adds text fields.
    pub fn texts(self, pairs: &[(&str, &str)]) -> Multipart {
        pairs.iter().fold(self, |m, (n, v)| m.text(n, v))
    }

    /// Adds a file field.
    pub fn file(
        mut self,
        name: &str,
        file_name: &str,
        content_type: &str,
        bytes: &[u8],
    ) -> Multipart {
        self.parts.extend_from_slice(
            format!(
                "--{}\r\nContent-Disposition: form-data; name=\"{name}\"; \
                 filename=\"{file_name}\"\r\nContent-Type: {content_type}\r\n\r\n",
                self.boundary
            )
            .as_bytes(),
        );
        self.parts.extend_from_slice(bytes);
        self.parts.extend_from_slice(b"\r\n");
        self
    }

    fn body(&self) -> Vec<u8> {
        let mut body = self.parts.clone();
        body.extend_from_slice(format!("--{}--\r\n", self.boundary).as_bytes());
        body
    }
}
