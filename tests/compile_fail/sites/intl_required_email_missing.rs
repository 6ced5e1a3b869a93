// expect: E0599 `send` MissingEmail
//
// Proves that `email`, required on the international site only, is required there: with
// `receiver_type` set but no `email`, the intl SendVerificationMessageCode builder has no
// `send`, and the error names `MissingEmail` (and no other marker).

use bss_sdk::models::VerificationCodeReceiverType;

fn main() {}

#[allow(dead_code)]
async fn call(client: &bss_sdk::Client) {
    let _ = client
        .send_verification_message_code()
        .receiver_type(VerificationCodeReceiverType::Email)
        .send()
        .await;
}
