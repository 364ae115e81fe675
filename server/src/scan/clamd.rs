//! A ClamAV daemon client: the `zINSTREAM` command over TCP. The file goes as chunks,
//! each prefixed by its length as 4 bytes big-endian, then a zero length; the daemon
//! answers one NUL-terminated line: `stream: OK`, `stream: <name> FOUND`, or
//! `<message> ERROR` (for example when the stream passes its `StreamMaxLength`).

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Chunk size sent to the daemon (clamd reads any size up to its stream limit).
const CHUNK: usize = 64 * 1024;
/// A reply longer than this is not a clamd reply.
const MAX_REPLY: usize = 4096;

/// One daemon, by address.
#[derive(Debug)]
pub struct Clamd {
    address: String,
    connect_timeout: Duration,
    timeout: Duration,
}

/// The daemon's verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// `stream: OK`.
    Clean,
    /// `stream: <name> FOUND`: the signature's name.
    Found(String),
    /// `… ERROR`, or a reply this client does not understand.
    Error(String),
}

impl Clamd {
    /// A client for `host:port`.
    pub fn new(address: &str, connect_timeout: Duration, timeout: Duration) -> Self {
        Clamd {
            address: address.to_owned(),
            connect_timeout,
            timeout,
        }
    }

    /// Sends `bytes` and reads the verdict; `Err` when the daemon cannot be reached or
    /// does not answer in time.
    pub async fn instream(&self, bytes: &[u8]) -> std::io::Result<Reply> {
        let timed_out = |what: &str| std::io::Error::new(std::io::ErrorKind::TimedOut, what);
        let mut stream =
            tokio::time::timeout(self.connect_timeout, TcpStream::connect(&self.address))
                .await
                .map_err(|_| timed_out("connecting to clamd timed out"))??;
        tokio::time::timeout(self.timeout, exchange(&mut stream, bytes))
            .await
            .map_err(|_| timed_out("clamd did not answer in time"))?
    }
}

async fn exchange(stream: &mut TcpStream, bytes: &[u8]) -> std::io::Result<Reply> {
    let sent = send(stream, bytes).await;
    // The daemon may stop reading and answer early (a size limit): its reply says why
    // better than the broken pipe does.
    let reply = read_reply(stream).await;
    match (sent, reply) {
        (_, Ok(text)) if !text.is_empty() => Ok(parse(&text)),
        (Err(e), _) => Err(e),
        (Ok(()), Err(e)) => Err(e),
        (Ok(()), Ok(_)) => Err(std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            "clamd closed the connection without a verdict",
        )),
    }
}

async fn send(stream: &mut TcpStream, bytes: &[u8]) -> std::io::Result<()> {
    stream.write_all(b"zINSTREAM\0").await?;
    for chunk in bytes.chunks(CHUNK) {
        stream
            .write_all(&(chunk.len() as u32).to_be_bytes())
            .await?;
        stream.write_all(chunk).await?;
    }
    stream.write_all(&0u32.to_be_bytes()).await?;
    stream.flush().await
}

async fn read_reply(stream: &mut TcpStream) -> std::io::Result<String> {
    let mut reply = Vec::new();
    let mut buf = [0u8; 512];
    loop {
        let n = stream.read(&mut buf).await?;
        if n == 0 {
            break;
        }
        reply.extend_from_slice(&buf[..n]);
        if reply.contains(&0) || reply.len() > MAX_REPLY {
            break;
        }
    }
    let end = reply.iter().position(|&b| b == 0).unwrap_or(reply.len());
    Ok(String::from_utf8_lossy(&reply[..end]).trim().to_owned())
}

/// Reads one reply line (without its NUL).
pub fn parse(line: &str) -> Reply {
    let line = line.trim_end_matches('\0').trim();
    let verdict = line.strip_prefix("stream:").map(str::trim);
    match verdict {
        Some("OK") => Reply::Clean,
        Some(v) if v.ends_with(" FOUND") => {
            Reply::Found(v.trim_end_matches(" FOUND").trim().to_owned())
        }
        _ => Reply::Error(line.chars().take(200).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_are_read_as_the_daemon_writes_them() {
        assert_eq!(parse("stream: OK"), Reply::Clean);
        assert_eq!(
            parse("stream: Win.Test.Sample.UNOFFICIAL FOUND\0"),
            Reply::Found("Win.Test.Sample.UNOFFICIAL".into())
        );
        assert_eq!(
            parse("INSTREAM size limit exceeded. ERROR"),
            Reply::Error("INSTREAM size limit exceeded. ERROR".into())
        );
        assert!(matches!(parse(""), Reply::Error(_)));
        assert!(matches!(parse("stream: FOUND"), Reply::Error(_)));
    }
}
