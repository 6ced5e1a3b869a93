//! Assertions shared by the end-to-end tests.

use bss_sdk::fake::{FakeBss, Recorded};

/// The one request the fake received.
pub fn only_request(fake: &FakeBss) -> Recorded {
    let all = fake.requests();
    assert_eq!(all.len(), 1, "expected exactly one request, got {all:#?}");
    all.into_iter().next().unwrap()
}

/// The fake found nothing wrong with the request (route, parameters, body, signature).
pub fn assert_clean(req: &Recorded) {
    assert!(
        req.problems.is_empty(),
        "the fake rejected the request: {:?}",
        req.problems
    );
}
