//! A small benchmark harness shared by the bench targets (`harness = false`).
//!
//! - `cargo bench -p bss-sdk` passes `--bench`: every figure is measured.
//! - `cargo test -p bss-sdk --benches` (or `cargo bench -- --test`) runs each figure once,
//!   on small inputs, so the benches keep compiling and working; nothing is timed.
//! - Other free arguments filter figures by substring (`cargo bench -p bss-sdk -- sign`).
//!
//! Every figure ends in one machine-readable line, `@@row<TAB>figure<TAB>measured<TAB>goal
//! <TAB>ratio to goal<TAB>met`, which `cargo xtask bench` collects into one table.

#![allow(dead_code)] // each bench target uses a different part of this module

use std::hint::black_box;
use std::time::{Duration, Instant};

/// How the binary was invoked.
pub struct Harness {
    /// Run once, small inputs, no timing (CI).
    pub test_mode: bool,
    filters: Vec<String>,
    /// The raw arguments (for target-specific flags).
    pub args: Vec<String>,
}

impl Harness {
    /// Reads the arguments cargo passed.
    pub fn from_args() -> Self {
        let args: Vec<String> = std::env::args().skip(1).collect();
        let bench = args.iter().any(|a| a == "--bench");
        let test = args.iter().any(|a| a == "--test");
        let mut filters = Vec::new();
        let mut skip_next = false;
        for a in &args {
            if skip_next {
                skip_next = false;
                continue;
            }
            // Flags with a value (ours, and libtest's that `cargo test -- …` may pass on);
            // the value is not a filter.
            if matches!(
                a.as_str(),
                "--python"
                    | "--python-seconds"
                    | "--side"
                    | "--calls"
                    | "--rss-child"
                    | "--test-threads"
                    | "--skip"
                    | "--format"
                    | "--color"
                    | "--logfile"
            ) {
                skip_next = true;
                continue;
            }
            if !a.starts_with('-') {
                filters.push(a.clone());
            }
        }
        Harness {
            test_mode: test || !bench,
            filters,
            args,
        }
    }

    /// Whether figure `id` was selected.
    pub fn enabled(&self, id: &str) -> bool {
        self.filters.is_empty() || self.filters.iter().any(|f| id.contains(f.as_str()))
    }

    /// The value after flag `name`, if given.
    pub fn flag_value(&self, name: &str) -> Option<&str> {
        self.args
            .iter()
            .position(|a| a == name)
            .and_then(|i| self.args.get(i + 1))
            .map(String::as_str)
    }

    /// Prints one result row (see the module docs).
    pub fn row(&self, row: Row) {
        let ratio = row.ratio.map_or("—".to_string(), |r| format!("{r:.2}"));
        let met = match (self.test_mode, row.met) {
            (true, _) => "test mode",
            (false, Some(true)) => "yes",
            (false, Some(false)) => "NO",
            (false, None) => "info",
        };
        println!(
            "@@row\t{}\t{}\t{}\t{}\t{}",
            row.figure, row.measured, row.goal, ratio, met
        );
    }

    /// A duration to spend measuring: short in test mode.
    pub fn budget(&self, full: Duration) -> Duration {
        if self.test_mode {
            Duration::ZERO
        } else {
            full
        }
    }
}

/// One figure of the table.
pub struct Row {
    /// What was measured.
    pub figure: String,
    /// The measured value with its unit.
    pub measured: String,
    /// The goal, with its direction (`≤ 1.10×`).
    pub goal: String,
    /// Measured ÷ goal.
    pub ratio: Option<f64>,
    /// Whether the goal is met; `None` for figures without a goal.
    pub met: Option<bool>,
}

impl Row {
    /// A figure whose goal is an upper bound.
    pub fn at_most(figure: &str, measured: String, value: f64, goal: f64, goal_text: &str) -> Row {
        Row {
            figure: figure.to_string(),
            measured,
            goal: goal_text.to_string(),
            ratio: Some(value / goal),
            met: Some(value <= goal),
        }
    }

    /// A figure whose goal is a lower bound.
    pub fn at_least(figure: &str, measured: String, value: f64, goal: f64, goal_text: &str) -> Row {
        Row {
            figure: figure.to_string(),
            measured,
            goal: goal_text.to_string(),
            ratio: Some(value / goal),
            met: Some(value >= goal),
        }
    }

    /// A figure reported without a goal.
    pub fn info(figure: &str, measured: String) -> Row {
        Row {
            figure: figure.to_string(),
            measured,
            goal: "— (no goal)".to_string(),
            ratio: None,
            met: None,
        }
    }
}

/// The median of `v` (sorted in place).
pub fn median(v: &mut [f64]) -> f64 {
    assert!(!v.is_empty());
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// `1.23 µs`, `45.6 ms`, … for a time in nanoseconds.
pub fn fmt_ns(ns: f64) -> String {
    if ns < 1_000.0 {
        format!("{ns:.0} ns")
    } else if ns < 1_000_000.0 {
        format!("{:.2} µs", ns / 1e3)
    } else if ns < 1_000_000_000.0 {
        format!("{:.2} ms", ns / 1e6)
    } else {
        format!("{:.2} s", ns / 1e9)
    }
}

/// Median nanoseconds per call of `f`: calibrated batches of about `batch` each, `samples`
/// of them. In test mode `f` runs once and 0 is returned.
pub fn time_sync<T>(h: &Harness, batch: Duration, samples: usize, mut f: impl FnMut() -> T) -> f64 {
    black_box(f());
    if h.test_mode {
        return 0.0;
    }
    // Calibrate: how many calls fill one batch.
    let mut n: u64 = 1;
    loop {
        let t = Instant::now();
        for _ in 0..n {
            black_box(f());
        }
        let e = t.elapsed();
        if e >= batch / 4 {
            n = ((n as f64) * batch.as_secs_f64() / e.as_secs_f64()).ceil() as u64;
            break;
        }
        n *= 4;
    }
    let mut per_call: Vec<f64> = (0..samples)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..n {
                black_box(f());
            }
            t.elapsed().as_nanos() as f64 / n as f64
        })
        .collect();
    median(&mut per_call)
}

/// Per-call figures of one side of a comparison (medians over the rounds).
#[derive(Clone, Copy, Debug, Default)]
pub struct PerCall {
    /// Wall-clock nanoseconds per call.
    pub wall_ns: f64,
    /// CPU nanoseconds per call of the calling thread (the client).
    pub own_cpu_ns: f64,
    /// CPU nanoseconds per call of every other thread of the process (the in-process
    /// server, and any helper thread the client starts).
    pub other_cpu_ns: f64,
}

/// What [`compare_async`] measured.
#[derive(Clone, Copy, Debug, Default)]
pub struct Comparison {
    /// Median per-call figures of the first side.
    pub a: PerCall,
    /// Median per-call figures of the second side.
    pub b: PerCall,
    /// Median over the rounds of the round's wall-clock ratio `a ÷ b`.
    pub ratio: f64,
    /// The lower and upper quartiles of those per-round ratios.
    pub ratio_quartiles: (f64, f64),
}

/// `a` and `b` measured side by side: `rounds` rounds, each running a batch of `a` and a
/// batch of `b` back to back (which goes first alternates per round). The ratio is the
/// median of the per-round ratios: two batches a fraction of a second apart see the same
/// machine, so drift in its speed (other processes, frequency, the host) cancels within a
/// round instead of moving one side's median. In test mode each runs once.
pub async fn compare_async(
    h: &Harness,
    batch: Duration,
    rounds: usize,
    mut a: impl AsyncFnMut(),
    mut b: impl AsyncFnMut(),
) -> Comparison {
    a().await;
    b().await;
    if h.test_mode {
        return Comparison::default();
    }
    // `--side a|b --calls N`: N calls of one side and nothing timed, to be run under a
    // counter such as callgrind (BENCHMARKS.md).
    if let Some(side) = h.flag_value("--side") {
        let calls: u64 = h
            .flag_value("--calls")
            .and_then(|n| n.parse().ok())
            .unwrap_or(1000);
        for _ in 0..calls {
            match side {
                "a" | "sdk" => a().await,
                _ => b().await,
            }
        }
        return Comparison::default();
    }
    // Warm up both and calibrate on the slower of the two.
    let n_for = |e: Duration, calls: u64| -> u64 {
        ((calls as f64) * batch.as_secs_f64() / e.as_secs_f64().max(1e-9)).ceil() as u64
    };
    let mut calls = 0u64;
    let t = Instant::now();
    while t.elapsed() < batch {
        a().await;
        calls += 1;
    }
    let na = n_for(t.elapsed(), calls);
    let mut calls = 0u64;
    let t = Instant::now();
    while t.elapsed() < batch {
        b().await;
        calls += 1;
    }
    let nb = n_for(t.elapsed(), calls);
    let n = na.min(nb).max(1);

    let mut sides: [[Vec<f64>; 3]; 2] = Default::default();
    let mut ratios = Vec::with_capacity(rounds);
    for round in 0..rounds {
        let mut walls = [0.0f64; 2];
        for first in [round % 2 == 0, round % 2 != 0] {
            let (own0, all0) = (thread_cpu_ns(), process_cpu_ns());
            let t = Instant::now();
            for _ in 0..n {
                if first {
                    a().await;
                } else {
                    b().await;
                }
            }
            let wall = t.elapsed().as_nanos() as f64;
            let own = thread_cpu_ns().saturating_sub(own0) as f64;
            let other = (process_cpu_ns().saturating_sub(all0) as f64 - own).max(0.0);
            let side = &mut sides[usize::from(!first)];
            for (v, x) in side.iter_mut().zip([wall, own, other]) {
                v.push(x / n as f64);
            }
            walls[usize::from(!first)] = wall;
        }
        ratios.push(walls[0] / walls[1]);
    }
    let [sa, sb] = sides;
    let per = |[mut w, mut o, mut r]: [Vec<f64>; 3]| PerCall {
        wall_ns: median(&mut w),
        own_cpu_ns: median(&mut o),
        other_cpu_ns: median(&mut r),
    };
    let ratio = median(&mut ratios);
    // `ratios` is sorted now.
    let quartile = |q: f64| ratios[((ratios.len() - 1) as f64 * q).round() as usize];
    Comparison {
        a: per(sa),
        b: per(sb),
        ratio,
        ratio_quartiles: (quartile(0.25), quartile(0.75)),
    }
}

/// CPU nanoseconds the calling thread has run, from `/proc/thread-self/schedstat`
/// (nanosecond resolution; 0 where it is not available).
pub fn thread_cpu_ns() -> u64 {
    schedstat_ns("/proc/thread-self/schedstat")
}

/// CPU nanoseconds every thread of this process has run (the sum over
/// `/proc/self/task/*/schedstat`; threads that already ended are not counted).
pub fn process_cpu_ns() -> u64 {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return 0;
    };
    tasks
        .flatten()
        .map(|t| schedstat_ns(&t.path().join("schedstat").to_string_lossy()))
        .sum()
}

fn schedstat_ns(path: &str) -> u64 {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// Calls per second of `f`, called one after another for `dur` (once in test mode).
pub async fn calls_per_second(h: &Harness, dur: Duration, mut f: impl AsyncFnMut()) -> f64 {
    f().await;
    if h.test_mode {
        return 0.0;
    }
    let mut calls = 0u64;
    let t = Instant::now();
    while t.elapsed() < dur {
        f().await;
        calls += 1;
    }
    calls as f64 / t.elapsed().as_secs_f64()
}
