// expect: E0599 `mobile_phone` SendVerificationMessageCodeRequest<Intl,
//
// Proves that an input only the Chinese site takes (`mobile_phone` of
// SendVerificationMessageCode) has no setter on the international builder, even once that
// builder's own required inputs are set.

use bss_sdk::models::VerificationCodeReceiverType;

fn main() {}

#[allow(dead_code)]
async fn call(client: &bss_sdk::Client) {
    let _ = client
        .send_verification_message_code()
        .receiver_type(VerificationCodeReceiverType::Email)
        .email("someone@example.com")
        .mobile_phone("13800000000")
        .send()
        .await;
}
