//! `fake-bss`: the fake BSS server on a loopback port, for any HTTP client (the official
//! Python SDK, curl, an SDK in another language).
//!
//! ```sh
//! cargo run -p bss-sdk --features test-util --bin fake-bss -- --port 8080
//! ```
//!
//! It prints the endpoint and the credentials it accepts, then logs each request with the
//! operation it was routed to and any problem the spec finds in it, until Ctrl-C.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::time::Duration;

use bss_sdk::fake::{FakeBss, ACCESS_KEY, DOMAIN_ID, SECRET_KEY, TOKEN};

const USAGE: &str = "\
usage: fake-bss [--port PORT] [--host ADDRESS] [--quiet]
  --port PORT      port to listen on; 0 (the default) picks a free one
  --host ADDRESS   loopback address to listen on: 127.0.0.1 (default), ::1 or localhost
  --quiet          do not log requests";

#[derive(Debug)]
struct Options {
    addr: SocketAddr,
    quiet: bool,
}

fn parse(args: &[String]) -> Result<Option<Options>, String> {
    let mut ip = IpAddr::V4(Ipv4Addr::LOCALHOST);
    let mut port = 0u16;
    let mut quiet = false;
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
    }))
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
    let fake = match FakeBss::start_on(options.addr).await {
        Ok(f) => f,
        Err(e) => {
            eprintln!("fake-bss: cannot listen on {}: {e}", options.addr);
            return ExitCode::FAILURE;
        }
    };
    println!("fake BSS listening on {}", fake.endpoint());
    println!("  endpoint   {}", fake.endpoint());
    println!("  AK         {ACCESS_KEY}");
    println!("  SK         {SECRET_KEY}");
    println!("  domain id  {DOMAIN_ID}");
    println!("  IAM token  {TOKEN}");
    println!("Ctrl-C stops it.");

    // Log what arrived since the last look and drop it, so memory stays flat however many
    // requests a benchmark sends.
    loop {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let requests = fake.take_requests();
        if requests.is_empty() {
            continue;
        }
        if options.quiet {
            continue;
        }
        for r in requests {
            let op = r.operation.unwrap_or("no such operation");
            if r.problems.is_empty() {
                println!("{} {} -> {op}", r.method, r.path);
            } else {
                println!(
                    "{} {} -> {op}: rejected: {}",
                    r.method,
                    r.path,
                    r.problems.join("; ")
                );
            }
        }
    }
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
    }
}
