//! The spec loader on arbitrary bytes: any group file, next to the real `spec/service.yaml`,
//! either loads or gives diagnostics; it never panics. A group file that loads is also run
//! through the emitter, which must not panic on any valid spec either.

#![no_main]

use std::path::PathBuf;

use bss_codegen::Source;
use libfuzzer_sys::fuzz_target;

const SERVICE: &str = include_str!("../../spec/service.yaml");

fuzz_target!(|data: &[u8]| {
    let service = Source {
        path: PathBuf::from("spec/service.yaml"),
        text: SERVICE.to_string(),
    };
    let group = Source {
        path: PathBuf::from("spec/groups/fuzzed.yaml"),
        text: String::from_utf8_lossy(data).into_owned(),
    };
    match bss_codegen::load_sources(&service, &[group]) {
        Ok(api) => {
            let _ = bss_codegen::emit::emit(&api);
        }
        // Rendering the diagnostics (file:line:column and hints) must not panic either.
        Err(diagnostics) => {
            let _ = diagnostics.to_string();
        }
    }
});
