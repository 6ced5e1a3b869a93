//! Shared by the examples: the real BSS when `HUAWEICLOUD_SDK_AK` and `HUAWEICLOUD_SDK_SK`
//! are set, otherwise the embedded fake BSS, seeded with plausible data.

// Each example uses only some of these helpers.
#![allow(dead_code)]

use std::collections::BTreeMap;

use bss_sdk::fake::FakeBss;
use bss_sdk::{BoxError, Client, Decimal, Intl, Site};

/// Where the example's calls go. Keep it alive while the client is in use: dropping it
/// stops the fake.
pub struct Backend<S = Intl> {
    /// The client to call BSS with.
    pub client: Client<S>,
    /// The embedded fake, when there are no credentials in the environment.
    pub fake: Option<FakeBss>,
}

impl<S> Backend<S> {
    /// Whether the calls go to the embedded fake.
    pub fn is_fake(&self) -> bool {
        self.fake.is_some()
    }
}

/// Whether both `HUAWEICLOUD_SDK_AK` and `HUAWEICLOUD_SDK_SK` are set (and not empty).
pub fn credentials_in_env() -> bool {
    ["HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK"]
        .iter()
        .all(|k| std::env::var_os(k).is_some_and(|v| !v.is_empty()))
}

/// A client for the real BSS (`Client::from_env`) when credentials are in the environment;
/// otherwise starts the embedded fake, lets `seed` fill it, says so, and points the client
/// at it.
pub async fn connect(seed: impl FnOnce(&FakeBss)) -> Result<Backend, BoxError> {
    connect_site(Intl, seed).await
}

/// [`connect`] for the site `site`: its real endpoint, or a fake serving its operations.
pub async fn connect_site<S: Site>(
    site: S,
    seed: impl FnOnce(&FakeBss),
) -> Result<Backend<S>, BoxError> {
    if credentials_in_env() {
        let client = Client::from_env_for(site)?;
        println!(
            "using BSS at {} with HUAWEICLOUD_SDK_AK/SK from the environment",
            client.config().endpoint()
        );
        return Ok(Backend { client, fake: None });
    }
    let fake = FakeBss::start_site(site).await?;
    seed(&fake);
    println!(
        "no HUAWEICLOUD_SDK_AK/SK set: using the embedded fake BSS at {}",
        fake.endpoint()
    );
    Ok(Backend {
        client: fake.client_for(site),
        fake: Some(fake),
    })
}

/// An amount as exact decimal text with at least two decimals (`USD 0.10`), never rounded.
pub fn money(amount: Option<Decimal>, currency: Option<&str>) -> String {
    let Some(mut amount) = amount else {
        return "-".to_string();
    };
    if amount.scale() < 2 {
        amount.rescale(2); // adds zeros only: exact
    }
    match currency {
        Some(c) => format!("{c} {amount}"),
        None => amount.to_string(),
    }
}

/// Sums per currency, printed as `USD 12.30 + EUR 4.00` (`0.00` when empty).
pub fn totals(sums: &BTreeMap<String, Decimal>) -> String {
    if sums.is_empty() {
        return money(Some(Decimal::ZERO), None);
    }
    let parts: Vec<String> = sums
        .iter()
        .map(|(currency, amount)| money(Some(*amount), Some(currency)))
        .collect();
    parts.join(" + ")
}

/// A JSON number for an amount given in hundredths (`cents(1234)` is `12.34`), for seeding
/// the fake. Every two-decimal amount of this size is exactly the `f64` nearest to it, so
/// the JSON text is the exact decimal.
pub fn cents(hundredths: i64) -> serde_json::Value {
    serde_json::json!(hundredths as f64 / 100.0)
}

/// The previous billing month, `YYYY-MM`, in UTC+8 (the time zone BSS bills in).
pub fn last_month() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    month_before(now)
}

/// The month before the one holding `unix_secs`, `YYYY-MM`, in UTC+8.
pub fn month_before(unix_secs: u64) -> String {
    let days = i64::try_from((unix_secs + 8 * 3600) / 86_400).unwrap_or(0);
    // Days since 1970-01-01 to a civil date (H. Hinnant's algorithm), year and month only.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let (year, month) = if month == 1 {
        (year - 1, 12)
    } else {
        (year, month - 1)
    };
    format!("{year:04}-{month:02}")
}
