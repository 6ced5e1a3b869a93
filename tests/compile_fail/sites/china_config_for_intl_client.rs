// expect: E0308 Config<Intl> Config<China>
//
// Proves the converse: a configuration of the Chinese site
// (`Config::builder_for(China)` builds a `Config<China>`) cannot build an international
// client: `Client<Intl>::new` takes a `Config<Intl>`.

fn main() {
    let config = bss_sdk::Config::builder_for(bss_sdk::China)
        .build()
        .unwrap();
    let _ = bss_sdk::Client::<bss_sdk::Intl>::new(config);
}
