// group: invoices-public.yaml
// missing: MissingStartTime MissingEndTime MissingOffset MissingLimit
//
// A paginator, too, only exists once every required parameter is set.

fn main() {}

#[allow(dead_code)]
async fn call(client: &bss_sdk::Client) {
    let _ = client.list_invoices().into_paginator();
}
