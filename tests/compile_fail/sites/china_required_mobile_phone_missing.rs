// expect: E0599 `send` MissingMobilePhone
//
// Proves that `mobile_phone`, required on the Chinese site only, is required there: with
// `receiver_type` set but no `mobile_phone`, the China SendVerificationMessageCode builder has
// no `send`, and the error names `MissingMobilePhone` (and no other marker).

use bss_sdk::models::VerificationCodeReceiverType;

fn main() {}

#[allow(dead_code)]
async fn call(client: &bss_sdk::ChinaClient) {
    let _ = client
        .send_verification_message_code()
        .receiver_type(VerificationCodeReceiverType::Sms)
        .send()
        .await;
}
