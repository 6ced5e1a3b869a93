//! `cargo xtask bench`: run the benchmarks and print one table.
//!
//! - `cargo xtask bench [FILTER…]` runs `cargo bench -p bss-sdk --bench sdk` and `cargo bench -p bss-codegen --bench codegen`
//!   (release), collects the `@@row` line each figure prints, and prints one table.
//! - `--python` adds the comparison with the official Python SDK (`bench-python/run.sh`:
//!   creates a virtual environment and installs `huaweicloudsdkbssintl` from PyPI).
//! - `--compile` measures the compile budget instead: own-crate build time of bss-sdk and
//!   of `aws-sdk-costexplorer` (dependencies already built; debug and release; per
//!   operation), clean builds of each with all dependencies (debug), and generated line
//!   counts. The AWS crates are built in a scratch project outside the workspace
//!   (`--aws-dir DIR`, default `../bench-aws` beside the workspace), written on first use.
//!   `--repeat N` times each own-crate build N times, the three crates taking turns so a
//!   change of machine load falls on all of them, and reports the median of each figure
//!   (a single run moved the debug ratio by 7 % between two idle runs).
//!
//! Builds go to `$CARGO_TARGET_DIR` (default `target/`); the compile budget uses
//! `<target>/compile-budget/` and deletes its clean-build directories before each run.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// One row of the table.
struct Row {
    figure: String,
    measured: String,
    goal: String,
    ratio: String,
    met: String,
}

pub fn run(root: &Path, args: &[&str]) -> Result<(), String> {
    let mut compile = false;
    let mut python = false;
    let mut aws_dir: Option<PathBuf> = None;
    let mut repeat = 1usize;
    let mut filters: Vec<String> = Vec::new();
    if args == ["--check-consumer"] {
        return check_consumer(root);
    }
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match *a {
            "--compile" => compile = true,
            "--python" => python = true,
            "--aws-dir" => {
                aws_dir = Some(PathBuf::from(
                    it.next().ok_or("--aws-dir needs a directory")?,
                ))
            }
            "--repeat" => {
                repeat = it
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|n| (1..=15).contains(n))
                    .ok_or("--repeat needs a number from 1 to 15")?
            }
            f if !f.starts_with('-') => filters.push(f.to_string()),
            other => return Err(format!("unknown option {other}\n{}", crate::USAGE)),
        }
    }
    let started = Instant::now();
    let rows = if compile {
        let aws = aws_dir.unwrap_or_else(|| root.parent().unwrap_or(root).join("bench-aws"));
        compile_budget(root, &aws, repeat)?
    } else {
        let mut rows = run_benches(root, &filters)?;
        if python {
            rows.extend(run_python(root)?);
        }
        rows
    };
    print_table(&rows);
    eprintln!(
        "({} figures in {:.0?}; machine: {} cores; {}; load average at the end: {})",
        rows.len(),
        started.elapsed(),
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        if compile && repeat > 1 {
            format!("own-crate figures: median of {repeat} runs")
        } else {
            "one run".to_string()
        },
        load_average()
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Runtime and codegen benches

fn run_benches(root: &Path, filters: &[String]) -> Result<Vec<Row>, String> {
    let mut cmd = Command::new(cargo());
    cmd.current_dir(root)
        .args(["bench", "-p", "bss-sdk", "--bench", "sdk", "--"]);
    cmd.args(filters);
    let mut rows = collect_rows(cmd)?;
    let mut cmd = Command::new(cargo());
    cmd.current_dir(root)
        .args(["bench", "-p", "bss-codegen", "--bench", "codegen", "--"]);
    cmd.args(filters);
    rows.extend(collect_rows(cmd)?);
    Ok(rows)
}

fn run_python(root: &Path) -> Result<Vec<Row>, String> {
    let mut cmd = Command::new("bash");
    cmd.current_dir(root).arg(root.join("bench-python/run.sh"));
    collect_rows(cmd)
}

/// Runs `cmd`, echoing its output to stderr, and returns the `@@row` lines it printed.
fn collect_rows(mut cmd: Command) -> Result<Vec<Row>, String> {
    eprintln!("$ {cmd:?}");
    let mut child = cmd
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    let mut rows = Vec::new();
    let stdout = child.stdout.take().expect("piped");
    for line in BufReader::new(stdout).lines() {
        let line = line.map_err(|e| e.to_string())?;
        match line.strip_prefix("@@row\t") {
            Some(rest) => {
                let f: Vec<&str> = rest.split('\t').collect();
                if f.len() == 5 {
                    rows.push(Row {
                        figure: f[0].into(),
                        measured: f[1].into(),
                        goal: f[2].into(),
                        ratio: f[3].into(),
                        met: f[4].into(),
                    });
                }
            }
            None => eprintln!("{line}"),
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    if !status.success() {
        return Err(format!("{cmd:?} failed: {status}"));
    }
    Ok(rows)
}

fn print_table(rows: &[Row]) {
    println!();
    println!("| figure | measured | goal | ratio to goal | met? |");
    println!("|---|---|---|---|---|");
    for r in rows {
        println!(
            "| {} | {} | {} | {} | {} |",
            r.figure, r.measured, r.goal, r.ratio, r.met
        );
    }
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

// ---------------------------------------------------------------------------------------
// Compile budget

/// The scratch project: aws-config and aws-sdk-costexplorer without their default HTTPS
/// client (which compiles aws-lc-sys, a large C library needing cmake), and the same
/// smithy HTTP client with rustls on the ring backend, as bss-sdk uses.
const AWS_MANIFEST: &str = r#"# Scratch project of `cargo xtask bench --compile` (bss-sdk's compile budget).
# Not part of bss-sdk; never commit it.
[package]
name = "bench-aws"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
aws-config = { version = "1", default-features = false, features = ["rt-tokio", "credentials-process", "sso", "behavior-version-latest"] }
aws-sdk-costexplorer = { version = "1", default-features = false, features = ["rt-tokio", "behavior-version-latest"] }
aws-smithy-http-client = { version = "1", features = ["rustls-ring"] }
tokio = { version = "1", features = ["rt", "macros"] }
"#;

const AWS_MAIN: &str = r#"use aws_smithy_http_client::{tls, Builder};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let http = Builder::new()
        .tls_provider(tls::Provider::Rustls(tls::rustls_provider::CryptoMode::Ring))
        .build_https();
    let config = aws_config::from_env().http_client(http).load().await;
    let client = aws_sdk_costexplorer::Client::new(&config);
    let _ = client.get_cost_and_usage();
    println!("ok");
}
"#;

/// Wall-clock and CPU seconds (user + system, summed over every compiler process) of one
/// build. CPU time is what the build costs; wall time also depends on what else runs.
#[derive(Clone, Copy)]
struct Took {
    wall: f64,
    cpu: f64,
}

/// User + system CPU seconds of the children this process has waited for so far.
fn children_cpu() -> f64 {
    // SAFETY: getrusage only writes the struct it is given.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut u) } != 0 {
        return 0.0;
    }
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    secs(u.ru_utime) + secs(u.ru_stime)
}

/// Runs cargo with `args` in `dir` with target dir `target`; returns the time taken.
fn timed_cargo(dir: &Path, target: &Path, args: &[&str]) -> Result<Took, String> {
    let mut cmd = Command::new(cargo());
    cmd.current_dir(dir)
        .args(args)
        .arg("--target-dir")
        .arg(target)
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("RUSTFLAGS");
    eprintln!("$ (in {}) cargo {}", dir.display(), args.join(" "));
    let cpu0 = children_cpu();
    let t = Instant::now();
    let status = cmd.status().map_err(|e| format!("cannot run cargo: {e}"))?;
    let took = Took {
        wall: t.elapsed().as_secs_f64(),
        cpu: children_cpu() - cpu0,
    };
    if !status.success() {
        return Err(format!(
            "cargo {} failed in {}",
            args.join(" "),
            dir.display()
        ));
    }
    eprintln!(
        "  {:.1} s wall, {:.1} s CPU (load average now: {})",
        took.wall,
        took.cpu,
        load_average()
    );
    Ok(took)
}

/// One crate whose own build is timed: where to build it, with which target directory.
struct OwnCrate<'a> {
    dir: &'a Path,
    target: PathBuf,
    package: &'a str,
    /// Extra arguments of its build (feature selection).
    features: Vec<&'a str>,
}

/// Own-crate build times of `crates`: build each once (dependencies), then `repeat` times in
/// turn remove each package's own artifacts and build it again; the median of each crate's
/// wall and CPU times.
fn own_crates<'a>(
    crates: &[OwnCrate<'a>],
    release: bool,
    repeat: usize,
) -> Result<Vec<Took>, String> {
    let args = |verb: &'static str, c: &OwnCrate<'a>| -> Vec<&'a str> {
        let mut args = vec![verb, "-p", c.package];
        if release {
            args.push("--release");
        }
        if verb == "build" {
            args.extend(c.features.iter().copied());
        }
        args
    };
    for c in crates {
        timed_cargo(c.dir, &c.target, &args("build", c))?;
    }
    let mut runs: Vec<Vec<Took>> = crates.iter().map(|_| Vec::new()).collect();
    for _ in 0..repeat {
        for (c, runs) in crates.iter().zip(&mut runs) {
            timed_cargo(c.dir, &c.target, &args("clean", c))?;
            runs.push(timed_cargo(c.dir, &c.target, &args("build", c))?);
        }
    }
    Ok(runs
        .into_iter()
        .map(|r| Took {
            wall: median(r.iter().map(|t| t.wall).collect()),
            cpu: median(r.iter().map(|t| t.cpu).collect()),
        })
        .collect())
}

/// The median (the mean of the middle two for an even count); 0 for none.
fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => 0.0,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

/// Writes the scratch crate that calls every operation (`bss_codegen::emit::every_call`)
/// into `dir`, with the workspace's lock file so it builds the same dependencies.
fn write_consumer(root: &Path, dir: &Path) -> Result<PathBuf, String> {
    let api = bss_codegen::load_dir(&root.join("spec")).map_err(|d| d.to_string())?;
    // Feature `serde`: the calls fill their inputs from the spec's JSON examples, which
    // decodes request models (without it they are only `Serialize`).
    let manifest = format!(
        "# Scratch crate of `cargo xtask bench --compile`; rewritten on every run.\n\
         [package]\nname = \"bss-consumer\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [workspace]\n\n[lib]\npath = \"lib.rs\"\n\n[dependencies]\n\
         bss-sdk = {{ path = {:?}, features = [\"serde\"] }}\nserde = \"1\"\nserde_json = \"1\"\n",
        root.join("bss-sdk").display().to_string()
    );
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let write = |name: &str, text: &str| {
        std::fs::write(dir.join(name), text)
            .map_err(|e| format!("{}: {e}", dir.join(name).display()))
    };
    write("Cargo.toml", &manifest)?;
    write("lib.rs", &bss_codegen::emit::every_call(&api))?;
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).map_err(|e| e.to_string())?;
    Ok(dir.to_path_buf())
}

/// Type-checks the crate that calls every operation (the compile budget's consumer), so a
/// change that breaks it shows in CI and not only in a timed run. Its target directory is
/// the workspace's (or `CARGO_TARGET_DIR`), where the dependencies are already checked.
fn check_consumer(root: &Path) -> Result<(), String> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|t| if t.is_absolute() { t } else { root.join(t) })
        .unwrap_or_else(|| root.join("target"));
    let consumer = write_consumer(root, &target.join("consumer"))?;
    let status = Command::new(cargo())
        .args(["check", "--quiet", "--manifest-path"])
        .arg(consumer.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", &target)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        eprintln!(
            "the crate calling every operation type-checks ({})",
            consumer.display()
        );
        Ok(())
    } else {
        Err("the crate calling every operation does not type-check (cargo xtask bench --check-consumer)".into())
    }
}

/// Lines of the `.rs` files under `dir`.
fn rust_lines(dir: &Path) -> usize {
    let mut n = 0;
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            n += rust_lines(&p);
        } else if p.extension().is_some_and(|x| x == "rs") {
            n += std::fs::read_to_string(&p).map_or(0, |t| t.lines().count());
        }
    }
    n
}

/// The source directory of `aws-sdk-costexplorer` as resolved in the scratch project.
fn costexplorer_source(aws: &Path) -> Result<PathBuf, String> {
    let out = Command::new(cargo())
        .current_dir(aws)
        .args(["metadata", "--format-version", "1"])
        .output()
        .map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&out.stdout);
    // No JSON parser in xtask: find the manifest path by its shape.
    for part in text.split("\"manifest_path\":\"").skip(1) {
        let path = part.split('"').next().unwrap_or("");
        if path.contains("aws-sdk-costexplorer-") && path.ends_with("Cargo.toml") {
            return Ok(PathBuf::from(path)
                .parent()
                .expect("a manifest has a directory")
                .to_path_buf());
        }
    }
    Err("aws-sdk-costexplorer is not in the scratch project's metadata".into())
}

/// The version of `name` in a Cargo.lock.
fn locked_version(lock: &Path, name: &str) -> String {
    let text = std::fs::read_to_string(lock).unwrap_or_default();
    let needle = format!("name = \"{name}\"\nversion = \"");
    text.split(&needle)
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or("?")
        .to_string()
}

fn compile_budget(root: &Path, aws: &Path, repeat: usize) -> Result<Vec<Row>, String> {
    // The scratch project, written on first use.
    std::fs::create_dir_all(aws.join("src")).map_err(|e| e.to_string())?;
    if !aws.join("Cargo.toml").exists() {
        std::fs::write(aws.join("Cargo.toml"), AWS_MANIFEST).map_err(|e| e.to_string())?;
        std::fs::write(aws.join("src/main.rs"), AWS_MAIN).map_err(|e| e.to_string())?;
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
        .join("compile-budget");
    // Downloads are not build time.
    for dir in [root, aws] {
        let ok = Command::new(cargo())
            .current_dir(dir)
            .arg("fetch")
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            return Err(format!("cargo fetch failed in {}", dir.display()));
        }
    }

    // Counts: the operations each feature set compiles (a site's, or both sites').
    let api = bss_codegen::load_dir(&root.join("spec")).map_err(|d| d.to_string())?;
    let feature_sets = feature_sets(&api);
    let bss_ops = api.operations.len();
    let ce_src = costexplorer_source(aws)?;
    let ce_ops = std::fs::read_to_string(ce_src.join("src/operation.rs"))
        .map_err(|e| e.to_string())?
        .lines()
        .filter(|l| l.trim_start().starts_with("pub mod "))
        .count();
    let bss_gen_lines = rust_lines(&root.join("bss-sdk/src/generated"));
    let bss_runtime_lines =
        rust_lines(&root.join("bss-sdk/src/runtime")) + rust_lines(&root.join("bss-sdk/src/fake"));
    let ce_lines = rust_lines(&ce_src.join("src"));
    let ce_version = locked_version(&aws.join("Cargo.lock"), "aws-sdk-costexplorer");
    eprintln!(
        "bss-sdk: {bss_ops} operations, {bss_gen_lines} generated lines; aws-sdk-costexplorer {ce_version}: {ce_ops} operations, {ce_lines} lines"
    );

    let consumer = write_consumer(root, &target.join("consumer"))?;

    let mut rows = Vec::new();
    // Own-crate builds, dependencies built.
    for release in [false, true] {
        let profile = if release { "release" } else { "debug" };
        // Operations compile their decoding where they are called (`#[inline]`): a crate
        // that calls all of them pays that too, so it is measured and shown beside.
        // One bss-sdk per feature set, each in its own target directory (`cargo clean -p`
        // would otherwise remove the others' artifacts).
        let mut crates: Vec<OwnCrate> = feature_sets
            .iter()
            .map(|f| OwnCrate {
                dir: root,
                target: target.join(format!("bss-{}", f.name)),
                package: "bss-sdk",
                features: f.args.iter().map(String::as_str).collect(),
            })
            .collect();
        crates.push(OwnCrate {
            dir: aws,
            target: target.join("aws"),
            package: "aws-sdk-costexplorer",
            features: vec![],
        });
        // Its own target directory: `cargo clean -p bss-sdk` in a shared one would also
        // remove the bss-sdk the consumer depends on, and its build would time that too.
        crates.push(OwnCrate {
            dir: &consumer,
            target: target.join("consumer-build"),
            package: "bss-consumer",
            features: vec![],
        });
        let mut took = own_crates(&crates, release, repeat)?;
        let (used, ce) = match (took.pop(), took.pop()) {
            (Some(u), Some(c)) => (u, c),
            _ => return Err("every crate gives a time".into()),
        };
        // The consumer calls the default site's operations on the default features.
        let bss = took[0];
        let default_ops = feature_sets[0].operations;
        for (clock, b, u, c) in [
            ("wall", bss.wall, used.wall, ce.wall),
            ("CPU", bss.cpu, used.cpu, ce.cpu),
        ] {
            rows.push(info(
                &format!(
                    "compile/used/{profile} ({clock}): a crate calling all {default_ops} operations"
                ),
                format!("{u:.1} s"),
            ));
            let ratio = ((b + u) / default_ops as f64) / (c / ce_ops as f64);
            rows.push(Row {
                figure: format!(
                    "compile/used/{profile} ({clock}): per operation, (bss-sdk + that crate) ÷ costexplorer"
                ),
                measured: format!("{ratio:.3}×"),
                goal: "≤ 0.25×".into(),
                ratio: format!("{:.2}", ratio / 0.25),
                met: yes_no(ratio <= 0.25),
            });
        }
        for clock in ["wall", "CPU"] {
            let pick = |t: &Took| if clock == "wall" { t.wall } else { t.cpu };
            let c = pick(&ce);
            let ce_per = c / ce_ops as f64;
            rows.push(info(
                &format!(
                    "compile/own/{profile} ({clock}): aws-sdk-costexplorer {ce_version} own crate ({ce_ops} ops)"
                ),
                format!("{c:.1} s = {:.0} ms/op", ce_per * 1e3),
            ));
            for (f, t) in feature_sets.iter().zip(&took) {
                let (b, ops) = (pick(t), f.operations);
                let bss_per = b / ops as f64;
                rows.push(info(
                    &format!(
                        "compile/own/{profile} ({clock}): bss-sdk [{}] own crate ({ops} ops)",
                        f.name
                    ),
                    format!("{b:.1} s = {:.0} ms/op", bss_per * 1e3),
                ));
                let ratio = bss_per / ce_per;
                rows.push(Row {
                    figure: format!(
                        "compile/own/{profile} ({clock}): per operation, bss-sdk [{}] ÷ costexplorer",
                        f.name
                    ),
                    measured: format!("{ratio:.3}×"),
                    goal: "≤ 0.25×".into(),
                    ratio: format!("{:.2}", ratio / 0.25),
                    met: yes_no(ratio <= 0.25),
                });
            }
        }
    }

    // Clean builds with every dependency (debug).
    let clean = |dir: &Path, name: &str, args: &[&str]| -> Result<Took, String> {
        let t = target.join(name);
        let _ = std::fs::remove_dir_all(&t);
        timed_cargo(dir, &t, args)
    };
    let bss_clean = clean(root, "bss-clean", &["build", "-p", "bss-sdk"])?;
    let ce_clean = clean(aws, "aws-clean", &["build"])?;
    for (clock, b, c) in [
        ("wall", bss_clean.wall, ce_clean.wall),
        ("CPU", bss_clean.cpu, ce_clean.cpu),
    ] {
        rows.push(info(
            &format!("compile/clean/debug ({clock}): bss-sdk with all dependencies"),
            format!("{b:.1} s"),
        ));
        rows.push(info(
            &format!(
                "compile/clean/debug ({clock}): aws-sdk-costexplorer + aws-config with all dependencies"
            ),
            format!("{c:.1} s"),
        ));
        let ratio = b / c;
        rows.push(Row {
            figure: format!("compile/clean/debug ({clock}): bss-sdk ÷ costexplorer + aws-config"),
            measured: format!("{ratio:.3}×"),
            goal: "≤ 0.5×".into(),
            ratio: format!("{:.2}", ratio / 0.5),
            met: yes_no(ratio <= 0.5),
        });
    }

    rows.push(info(
        "lines: bss-sdk generated (src/generated)",
        format!(
            "{bss_gen_lines} ({:.0}/op; hand-written runtime + fake: {bss_runtime_lines})",
            bss_gen_lines as f64 / bss_ops as f64
        ),
    ));
    rows.push(info(
        &format!("lines: aws-sdk-costexplorer {ce_version} (src/)"),
        format!("{ce_lines} ({:.0}/op)", ce_lines as f64 / ce_ops as f64),
    ));
    Ok(rows)
}

/// A selection of bss-sdk's site features, and the operations it compiles.
struct FeatureSet {
    /// `intl`, `china`, `intl+china`.
    name: String,
    args: Vec<String>,
    operations: usize,
}

/// Each site alone (the first is the default feature set), then every site.
fn feature_sets(api: &bss_codegen::ir::Api) -> Vec<FeatureSet> {
    let sites = &api.service.sites;
    let count = |k: Option<usize>| {
        api.operations
            .iter()
            .filter(|o| k.is_none_or(|k| o.sites.contains(k)))
            .count()
    };
    let mut sets: Vec<FeatureSet> = sites
        .iter()
        .enumerate()
        .map(|(k, s)| FeatureSet {
            name: s.id.clone(),
            args: vec![
                "--no-default-features".into(),
                "--features".into(),
                s.id.clone(),
            ],
            operations: count(Some(k)),
        })
        .collect();
    if sites.len() > 1 {
        let all = sites.iter().map(|s| s.id.as_str()).collect::<Vec<_>>();
        sets.push(FeatureSet {
            name: all.join("+"),
            args: vec![
                "--no-default-features".into(),
                "--features".into(),
                all.join(","),
            ],
            operations: count(None),
        });
    }
    sets
}

fn info(figure: &str, measured: String) -> Row {
    Row {
        figure: figure.into(),
        measured,
        goal: "—".into(),
        ratio: "—".into(),
        met: "info".into(),
    }
}

fn yes_no(met: bool) -> String {
    if met { "yes" } else { "NO" }.into()
}

/// The 1-, 5- and 15-minute load averages (other builds on the machine skew timings).
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|t| t.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

#[cfg(test)]
mod tests {
    use super::{feature_sets, median};

    #[test]
    fn feature_sets_are_each_site_then_both_with_their_operations() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .unwrap();
        let api = bss_codegen::load_dir(&root.join("spec")).unwrap();
        let sets = feature_sets(&api);
        let named: Vec<(&str, usize, String)> = sets
            .iter()
            .map(|f| (f.name.as_str(), f.operations, f.args.join(" ")))
            .collect();
        assert_eq!(
            named,
            [
                (
                    "intl",
                    57,
                    "--no-default-features --features intl".to_string()
                ),
                (
                    "china",
                    92,
                    "--no-default-features --features china".to_string()
                ),
                (
                    "intl+china",
                    105,
                    "--no-default-features --features intl,china".to_string()
                ),
            ]
        );
    }

    #[test]
    fn median_of_odd_even_unsorted_and_no_runs() {
        assert_eq!(median(vec![5.0, 1.0, 3.0]), 3.0);
        assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), 2.5);
        assert_eq!(median(vec![7.5]), 7.5);
        assert_eq!(median(Vec::new()), 0.0);
    }
}
