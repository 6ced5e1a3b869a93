// expect: E0599 `list_invoices`
//
// Proves that an operation only the international site offers (ListInvoices) is not a method
// of the Chinese client: `ChinaClient` (= `Client<China>`) has no `list_invoices`.

fn main() {}

#[allow(dead_code)]
async fn call(client: &bss_sdk::ChinaClient) {
    let _ = client.list_invoices();
}
