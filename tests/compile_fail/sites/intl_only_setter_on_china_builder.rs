// expect: E0599 `email` SendVerificationMessageCodeRequest<China,
//
// Proves that an input only the international site takes (`email` of
// SendVerificationMessageCode) has no setter on the Chinese builder, even once that
// builder's own required inputs are set.

use bss_sdk::models::VerificationCodeReceiverType;

fn main() {}

#[allow(dead_code)]
async fn call(client: &bss_sdk::ChinaClient) {
    let _ = client
        .send_verification_message_code()
        .receiver_type(VerificationCodeReceiverType::Sms)
        .mobile_phone("13800000000")
        .email("someone@example.com")
        .send()
        .await;
}
