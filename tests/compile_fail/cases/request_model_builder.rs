// group: orders-customer.yaml
// missing: MissingOrderId
//
// A request model's builder: `build` only exists once every required field is set.

fn main() {
    let _ = bss_sdk::models::CancelCustomerOrderReq::builder().build();
}
