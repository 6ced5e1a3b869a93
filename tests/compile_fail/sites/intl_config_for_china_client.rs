// expect: E0308 Config<China> Config<Intl>
//
// Proves that a configuration of the international site (`Config::builder()` builds a
// `Config<Intl>`) cannot build a Chinese client: `ChinaClient::new` takes a `Config<China>`.

fn main() {
    let _ = bss_sdk::ChinaClient::new(bss_sdk::Config::builder().build().unwrap());
}
