//! Workspace-level tests of the generator (`bss-codegen`).
//!
//! - `snapshots`: the drift check between `spec/` and the checked-in output (the checked-in
//!   crate is the golden output), determinism, and the API-surface digest of the real spec;
//! - `fixtures`: small specs, one per generator feature, each with its output as a snapshot
//!   and all of them compiled;
//! - `spec_errors`: a corpus of malformed specs (`tests/fixtures/bad-specs/`), each with its
//!   rendered diagnostics as a snapshot;
//! - `diffs`: one more common error code, one more optional response field: how many
//!   generated files and lines they change;
//! - `collisions`: a valid spec whose names collide with keywords, with each other and with
//!   builder methods (`tests/fixtures/collisions/`), read from the names `validate` decided;
//! - `writing`: an invalid spec never reaches the disk, and writing touches only what changed.
//!
//! Snapshots live in `tests/codegen/snapshots/`. To accept intended changes:
//! `INSTA_UPDATE=always cargo test -p bss-sdk-tests --test codegen`, then review the diff.

mod collisions;
mod diffs;
mod fixtures;
mod snapshots;
mod spec_errors;
mod support;
mod writing;
