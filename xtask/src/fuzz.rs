//! `cargo xtask fuzz [--seconds N] [--sanitizer address|none] [TARGET...]`: runs each
//! cargo-fuzz target in `fuzz/` for N seconds (default 600) and prints one line per target.
//!
//! The fuzz crate is not part of the workspace. cargo-fuzz needs nightly-only compiler
//! flags; on a stable toolchain this sets `RUSTC_BOOTSTRAP=1` for the fuzz build (unless
//! it is already set). Each target's log goes to `fuzz/logs/<target>.log`, new inputs to
//! `fuzz/corpus/<target>/`, and crashes to `fuzz/artifacts/<target>/`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub const USAGE: &str =
    "usage: cargo xtask fuzz [--seconds N] [--sanitizer address|none] [TARGET...]\n\
    targets: spec_loader, decode_responses (default: both)";

/// The targets, with the directories of seed inputs each reads besides its own corpus.
const TARGETS: &[(&str, &[&str])] = &[
    // The real spec and the diagnostics corpus (malformed and colliding specs).
    ("spec_loader", &["spec/groups", "tests/fixtures"]),
    // The documented response examples and a few error bodies.
    ("decode_responses", &["fuzz/seeds/decode_responses"]),
];

struct Options {
    seconds: u64,
    sanitizer: String,
    targets: Vec<&'static str>,
}

fn parse(args: &[&str]) -> Result<Options, String> {
    let mut opts = Options {
        seconds: 600,
        sanitizer: "address".to_string(),
        targets: Vec::new(),
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match *arg {
            "--seconds" => {
                let v = it.next().ok_or("--seconds needs a value")?;
                opts.seconds = v
                    .parse()
                    .ok()
                    .filter(|s| *s > 0)
                    .ok_or_else(|| format!("--seconds: `{v}` is not a positive number"))?;
            }
            "--sanitizer" => {
                let v = it.next().ok_or("--sanitizer needs a value")?;
                if !["address", "leak", "memory", "thread", "none"].contains(v) {
                    return Err(format!("--sanitizer: unknown sanitizer `{v}`"));
                }
                opts.sanitizer = v.to_string();
            }
            name => match TARGETS.iter().find(|(t, _)| *t == name) {
                Some((t, _)) => opts.targets.push(t),
                None => return Err(format!("unknown fuzz target or option `{name}`\n{USAGE}")),
            },
        }
    }
    if opts.targets.is_empty() {
        opts.targets = TARGETS.iter().map(|(t, _)| *t).collect();
    }
    Ok(opts)
}

pub fn run(root: &Path, args: &[&str]) -> Result<(), String> {
    let opts = parse(args)?;
    check_cargo_fuzz()?;
    check_response_models(root)?;

    let mut crashed = Vec::new();
    for target in &opts.targets {
        let outcome = run_target(root, target, &opts)?;
        println!("{}", outcome.line);
        if !outcome.ok {
            crashed.push(*target);
        }
    }
    if crashed.is_empty() {
        Ok(())
    } else {
        Err(format!("fuzzing failed in: {}", crashed.join(", ")))
    }
}

fn check_cargo_fuzz() -> Result<(), String> {
    let found = Command::new(cargo())
        .args(["fuzz", "--version"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if found {
        Ok(())
    } else {
        Err(
            "cargo-fuzz is not installed: install it with `cargo install cargo-fuzz`, then run \
             `cargo xtask fuzz` again"
                .to_string(),
        )
    }
}

/// The `decode_responses` target lists the response models by hand; fail when one that a
/// generated operation decodes into is missing, so the list cannot silently go stale.
fn check_response_models(root: &Path) -> Result<(), String> {
    let target = root.join("fuzz/fuzz_targets/decode_responses.rs");
    let listed = fs::read_to_string(&target)
        .map_err(|e| format!("cannot read {}: {e}", target.display()))?;
    let ops = root.join("bss-sdk/src/generated/operations");
    let entries = fs::read_dir(&ops).map_err(|e| format!("cannot read {}: {e}", ops.display()))?;
    let mut missing = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        // `.send_json::<\n crate::models::ListCustomerOrdersResponse, …>`
        for part in text.split("send_json::<").skip(1) {
            let Some(model) = part
                .trim_start()
                .strip_prefix("crate::models::")
                .and_then(|rest| {
                    rest.split(|c: char| !c.is_alphanumeric() && c != '_')
                        .next()
                })
            else {
                continue;
            };
            let named = listed
                .split(|c: char| !c.is_alphanumeric() && c != '_')
                .any(|w| w == model);
            if !named && !missing.iter().any(|m: &String| m == model) {
                missing.push(model.to_string());
            }
        }
    }
    if missing.is_empty() {
        Ok(())
    } else {
        missing.sort();
        Err(format!(
            "{} does not decode these response models; add them to its list: {}",
            target.display(),
            missing.join(", ")
        ))
    }
}

struct Outcome {
    ok: bool,
    line: String,
}

fn run_target(root: &Path, target: &str, opts: &Options) -> Result<Outcome, String> {
    let fuzz = root.join("fuzz");
    let corpus = fuzz.join("corpus").join(target);
    let logs = fuzz.join("logs");
    for dir in [&corpus, &logs] {
        fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let log_path = logs.join(format!("{target}.log"));
    let log = fs::File::create(&log_path)
        .map_err(|e| format!("cannot create {}: {e}", log_path.display()))?;
    let log_err = log.try_clone().map_err(|e| e.to_string())?;

    let seeds = TARGETS
        .iter()
        .find(|(t, _)| *t == target)
        .map(|(_, s)| *s)
        .unwrap_or_default();
    let mut args: Vec<String> = vec![
        "fuzz".into(),
        "run".into(),
        target.into(),
        "--sanitizer".into(),
        opts.sanitizer.clone(),
        rel(root, &corpus),
    ];
    args.extend(
        seeds
            .iter()
            .filter(|s| root.join(s).is_dir())
            .map(|s| s.to_string()),
    );
    args.push("--".into());
    args.push(format!("-max_total_time={}", opts.seconds));
    args.push("-print_final_stats=1".into());
    args.push("-timeout=30".into());
    args.push("-max_len=16384".into());
    let dict = fuzz.join("dicts").join(format!("{target}.dict"));
    if dict.is_file() {
        args.push(format!("-dict={}", rel(root, &dict)));
    }

    let bootstrap = std::env::var_os("RUSTC_BOOTSTRAP").is_none();
    eprintln!(
        "fuzz: {}cargo {}  (log: {})",
        if bootstrap { "RUSTC_BOOTSTRAP=1 " } else { "" },
        args.join(" "),
        rel(root, &log_path)
    );
    let mut cmd = Command::new(cargo());
    cmd.current_dir(root)
        .args(&args)
        .stdout(log)
        .stderr(log_err);
    if bootstrap {
        cmd.env("RUSTC_BOOTSTRAP", "1");
    }
    let status = cmd
        .status()
        .map_err(|e| format!("cannot run cargo fuzz: {e}"))?;
    let text = fs::read_to_string(&log_path).unwrap_or_default();
    Ok(summarise(
        target,
        status.success(),
        &text,
        &rel(root, &log_path),
    ))
}

/// One line for a target from libFuzzer's output.
fn summarise(target: &str, success: bool, log: &str, log_path: &str) -> Outcome {
    let stat = |name: &str| {
        log.lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().parse::<u64>().ok())
    };
    // `#123456\tpulse …` / `#123456\tDONE …`: the last progress line has the count.
    let last_count = log
        .lines()
        .rev()
        .filter_map(|l| l.strip_prefix('#'))
        .find_map(|l| l.split_whitespace().next()?.parse::<u64>().ok());
    let execs = stat("stat::number_of_executed_units:").or(last_count);
    let seconds = log.lines().find_map(|l| {
        l.strip_prefix("Done ")?
            .split(" runs in ")
            .nth(1)?
            .split_whitespace()
            .next()?
            .parse::<u64>()
            .ok()
    });
    let artifact = log
        .lines()
        .find_map(|l| l.split("Test unit written to ").nth(1))
        .map(str::trim);
    let execs_text =
        execs.map_or_else(|| "? executions".to_string(), |n| format!("{n} executions"));
    let line = match (success, artifact) {
        (true, _) => format!(
            "{target}: ok, {} s, {execs_text}{}, no crash (log {log_path})",
            seconds.map_or_else(|| "?".into(), |s| s.to_string()),
            match (execs, seconds) {
                (Some(n), Some(s)) if s > 0 => format!(" ({}/s)", n / s),
                _ => String::new(),
            }
        ),
        (false, Some(a)) => format!(
            "{target}: CRASH after {execs_text}: {a}; reproduce with \
             `cargo fuzz run {target} {a}` (log {log_path})"
        ),
        (false, None) => {
            format!("{target}: FAILED before or while fuzzing, {execs_text}; see {log_path}")
        }
    };
    Outcome { ok: success, line }
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string())
}

fn rel(root: &Path, p: &Path) -> String {
    p.strip_prefix(root)
        .map(PathBuf::from)
        .unwrap_or_else(|_| p.to_path_buf())
        .display()
        .to_string()
}
