//! `fake-bss`: the fake BSS server on a loopback port, for any HTTP client (the official
//! Python SDK, curl, an SDK in another language).
//!
//! ```sh
//! cargo run -p bss-sdk --features test-util --bin fake-bss -- --port 8080
//! ```
//!
//! It prints the endpoint and the credentials it accepts, then logs each request with the
//! operation it was routed to and any problem the spec finds in it, until Ctrl-C.
//! `--replies FILE` loads scripted replies, defaults and items at start (the JSON of
//! [`bss_sdk::fake::Script`]); the admin routes under `/__fake/` on the same port change
//! them at run time and read back the recorded requests (see [`bss_sdk::fake::admin`]).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::process::ExitCode;

use bss_sdk::fake::{FakeBss, Script, ACCESS_KEY, DOMAIN_ID, SECRET_KEY, TOKEN};

const USAGE: &str = "\
usage: fake-bss [--site SITE] [--port PORT] [--host ADDRESS] [--replies FILE] [--keep N] [--quiet]
  --site SITE      serve only this site's operations: intl or china (default: every operation)
  --port PORT      port to listen on; 0 (the default) picks a free one
  --host ADDRESS   loopback address to listen on: 127.0.0.1 (default), ::1 or localhost
  --replies FILE   replies, defaults and items to load at start (JSON, see bss_sdk::fake::Script)
  --keep N         recorded requests kept for GET /__fake/requests (default 10000)
  --quiet          do not log requests";

#[derive(Debug)]
struct Options {
    addr: SocketAddr,
    quiet: bool,
    replies: Option<String>,
    keep: usize,
    site: Option<String>,
}

fn parse(args: &[String]) -> Result<Option<Options>, String> {
    let mut ip = IpAddr::V4(Ipv4Addr::LOCALHOST);
    let mut port = 0u16;
    let mut quiet = false;
    let mut replies = None;
    let mut keep = 10_000usize;
    let mut site = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) => (n, Some(v.to_string())),
            None => (arg.as_str(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next().cloned())
                .ok_or(format!("{name} needs a value"))
        };
        match name {
            "-h" | "--help" => return Ok(None),
            "--quiet" => quiet = true,
            "--replies" => replies = Some(value()?),
            "--site" => {
                let v = value()?;
                if !bss_sdk::fake::site_ids().contains(&v.as_str()) {
                    return Err(format!(
                        "unknown site `{v}` (compiled in: {})",
                        bss_sdk::fake::site_ids().join(", ")
                    ));
                }
                site = Some(v);
            }
            "--keep" => {
                let v = value()?;
                keep = v.parse().map_err(|_| format!("`{v}` is not a count"))?;
            }
            "--port" => {
                let v = value()?;
                port = v
                    .parse()
                    .map_err(|_| format!("`{v}` is not a port number"))?;
            }
            "--host" => {
                let v = value()?;
                ip = match v.as_str() {
                    "localhost" => IpAddr::V4(Ipv4Addr::LOCALHOST),
                    other => other
                        .parse()
                        .map_err(|_| format!("`{other}` is not an IP address"))?,
                };
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    // The fake accepts fixed, published credentials: never expose it beyond this machine.
    if !ip.is_loopback() {
        return Err(format!(
            "{ip} is not a loopback address; the fake only listens on loopback"
        ));
    }
    Ok(Some(Options {
        addr: SocketAddr::new(ip, port),
        quiet,
        replies,
        keep,
        site,
    }))
}

fn load_script(path: &str) -> Result<Script, String> {
    let text = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let json: serde_json::Value =
        serde_json::from_slice(&text).map_err(|e| format!("{path} is not JSON: {e}"))?;
    Script::from_json(&json).map_err(|e| format!("{path}: {e}"))
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let options = match parse(&args) {
        Ok(Some(o)) => o,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("fake-bss: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let script = match options.replies.as_deref().map(load_script).transpose() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("fake-bss: {e}");
            return ExitCode::from(2);
        }
    };
    let fake = match FakeBss::start_on_site(options.addr, options.site.as_deref()).await {
        Ok(f) => f,
        Err(e) => {
            eprintln!("fake-bss: cannot listen on {}: {e}", options.addr);
            return ExitCode::FAILURE;
        }
    };
    fake.keep_requests(options.keep);
    if let Some(script) = script {
        fake.load_script(script);
    }
    println!("fake BSS listening on {}", fake.endpoint());
    println!("  endpoint   {}", fake.endpoint());
    println!(
        "  site       {}",
        options.site.as_deref().unwrap_or("every site")
    );
    println!("  AK         {ACCESS_KEY}");
    println!("  SK         {SECRET_KEY}");
    println!("  domain id  {DOMAIN_ID}");
    println!("  IAM token  {TOKEN}");
    println!(
        "  admin      {}/__fake/ (requests, replies, items, faults, reset)",
        fake.endpoint()
    );
    println!("Ctrl-C stops it.");
    fake.log_requests(!options.quiet);
    // Serve until the process is stopped (Ctrl-C's default action ends it).
    std::future::pending::<ExitCode>().await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_all(args: &[&str]) -> Result<Option<Options>, String> {
        parse(&args.iter().map(|a| a.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn listens_on_loopback_only() {
        let o = parse_all(&["--port", "8080"]).unwrap().unwrap();
        assert_eq!(o.addr, SocketAddr::from(([127, 0, 0, 1], 8080)));
        let o = parse_all(&["--host=::1", "--port=0", "--quiet"])
            .unwrap()
            .unwrap();
        assert_eq!(o.addr, "[::1]:0".parse().unwrap());
        assert!(o.quiet);
        for bad in ["0.0.0.0", "192.168.1.2", "::"] {
            let e = parse_all(&["--host", bad]).unwrap_err();
            assert!(e.contains("not a loopback address"), "{e}");
        }
        assert!(parse_all(&["--port"]).is_err());
        assert!(parse_all(&["--port", "70000"]).is_err());
        assert!(parse_all(&["--help"]).unwrap().is_none());
        let o = parse_all(&["--replies", "r.json", "--keep=5"])
            .unwrap()
            .unwrap();
        assert_eq!((o.replies.as_deref(), o.keep), (Some("r.json"), 5));
        assert!(parse_all(&["--keep", "-1"]).is_err());
    }

    #[test]
    fn a_replies_file_is_read_or_refused_with_its_name() {
        let dir = std::env::temp_dir().join(format!("fake-bss-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let good = dir.join("good.json");
        std::fs::write(
            &good,
            r#"{"replies": {"PayOrders": {"error": "CBC.99003109"}}}"#,
        )
        .unwrap();
        assert!(load_script(good.to_str().unwrap()).is_ok());
        let bad = dir.join("bad.json");
        std::fs::write(&bad, r#"{"replies": {"NoSuchOp": {"error": "X"}}}"#).unwrap();
        let e = load_script(bad.to_str().unwrap()).unwrap_err();
        assert!(e.contains("bad.json") && e.contains("NoSuchOp"), "{e}");
        let e = load_script(dir.join("missing.json").to_str().unwrap()).unwrap_err();
        assert!(e.contains("cannot read"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
