// group: orders-customer.yaml
// missing: MissingType
//
// A nested request model's builder with one of two required fields set.

fn main() {
    let _ = bss_sdk::models::CouponSimpleInfoOrderPayV3::builder()
        .id("coupon-1")
        .build();
}
