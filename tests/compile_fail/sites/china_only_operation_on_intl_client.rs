// expect: E0599 `list_cities`
//
// Proves that an operation only the Chinese site offers (ListCities) is not a method of the
// international client: `Client` (= `Client<Intl>`) has no `list_cities`.

fn main() {}

#[allow(dead_code)]
async fn call(client: &bss_sdk::Client) {
    let _ = client.list_cities().province_code("110000").send().await;
}
