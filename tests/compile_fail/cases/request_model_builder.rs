// group: orders-customer.yaml
// missing: MissingId MissingType
//
// A nested request model's builder: `build` only exists once every required field is set.

fn main() {
    let _ = bss_sdk::models::CouponSimpleInfoOrderPayV3::builder().build();
}
