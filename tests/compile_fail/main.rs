//! Compile-fail tests (being written).
