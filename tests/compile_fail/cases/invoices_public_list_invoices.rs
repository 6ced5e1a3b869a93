// group: invoices-public.yaml
// missing: MissingOffset MissingLimit
//
// `offset` and `limit` (query) are required here; the time range is set.

fn main() {}

#[allow(dead_code)]
async fn call(client: &bss_sdk::Client) {
    let _ = client
        .list_invoices()
        .start_time("2024-01-01T00:00:00Z")
        .end_time("2024-02-01T00:00:00Z")
        .send()
        .await;
}
