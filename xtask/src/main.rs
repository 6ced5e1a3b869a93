//! `cargo xtask codegen [--check]`: regenerate bss-sdk from spec/, or verify it is current.
//! `cargo xtask bench [--compile | --python] [FILTER…]`: run the benchmarks (see bench.rs).
//! `cargo xtask fuzz [--seconds N]`: run the cargo-fuzz targets in fuzz/ (see fuzz.rs).
//! `cargo xtask audit [--version X]`: compare the spec with the official Python SDK (see audit/).

mod audit;
mod bench;
mod fuzz;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str =
    "usage: cargo xtask codegen [--check]\n       cargo xtask bench [--compile [--aws-dir DIR] [--repeat N] | --python] [FILTER…]\n       cargo xtask bench --check-consumer\n       cargo xtask fuzz [--seconds N] [--sanitizer address|none] [TARGET...]\n       cargo xtask audit [--package NAME] [--version X] [--module v2] [--min-agreement PCT]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["codegen"] => codegen(false),
        ["codegen", "--check"] => codegen(true),
        ["fuzz", rest @ ..] => fuzz::run(&workspace_root(), rest),
        ["bench", rest @ ..] => bench::run(&workspace_root(), rest),
        ["audit", rest @ ..] => audit::run(&workspace_root(), rest),
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("{msg}");
            ExitCode::FAILURE
        }
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits in the workspace")
        .to_path_buf()
}

fn codegen(check: bool) -> Result<(), String> {
    let root = workspace_root();
    let started = std::time::Instant::now();
    let api = bss_codegen::load_dir(&root.join("spec"))
        .map_err(|d| format!("{d}\n\nspec is invalid; nothing was written"))?;
    let output = bss_codegen::emit::emit(&api);
    let plan = bss_codegen::write::plan(&root, &output)
        .map_err(|e| format!("cannot read the generated files: {e}"))?;

    if check {
        if plan.is_empty() {
            println!(
                "bss-sdk is up to date with spec/ ({} operations)",
                api.operations.len()
            );
            return Ok(());
        }
        let mut msg = String::from("bss-sdk is out of date with spec/:\n");
        for change in &plan.changes {
            msg.push_str(&format!(
                "  {} {}\n",
                change.verb(),
                change.path().display()
            ));
        }
        msg.push_str("run `cargo xtask codegen` and commit the result");
        return Err(msg);
    }

    let written = plan.changes.len();
    bss_codegen::write::apply(&root, plan).map_err(|e| format!("writing bss-sdk failed: {e}"))?;
    println!(
        "codegen: {} operations, {} models, {} enums, {} files written ({} generated) in {:.0?}",
        api.operations.len(),
        api.models.len(),
        api.enums.len(),
        written,
        output.len(),
        started.elapsed()
    );
    Ok(())
}
