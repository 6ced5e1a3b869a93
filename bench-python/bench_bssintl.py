"""Calls per second of the official Python SDK (huaweicloudsdkbssintl) against the fake BSS.

Run by bench-python/run.sh (through `cargo bench -p bss-sdk --bench sdk -- python ...`),
which starts the fake, scripts its reply and compares with bss-sdk on the same server.
By hand: python bench_bssintl.py --endpoint http://127.0.0.1:PORT --seconds 10

Calls are made one after another on one client, as the Rust side does; every call must
succeed (the SDK raises on an error status), so a rejected signature fails the run.
Prints one line: `python-calls calls=N secs=T cpu=C sdk=VERSION`, C being the CPU time the
Python process used (its client work per call, without the server's).
"""

import argparse
import time

from huaweicloudsdkcore.auth.credentials import GlobalCredentials
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkbssintl.v2 import BssintlClient, ShowCustomerOrderDetailsRequest

# The fake's fixed credentials (bss_sdk::fake::ACCESS_KEY / SECRET_KEY / DOMAIN_ID).
AK = "FAKEACCESSKEY0000000"
SK = "fake-secret-key-for-loopback-tests-only"
DOMAIN_ID = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint", required=True, help="http://127.0.0.1:PORT of the fake")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--order-id", default="CS2406131015A2KV1")
    args = parser.parse_args()

    config = HttpConfig.get_default_config()
    config.ignore_ssl_verification = True  # the fake speaks plain http; nothing to verify
    # Domain id given explicitly, so the SDK never asks IAM for it.
    credentials = GlobalCredentials(AK, SK, DOMAIN_ID)
    client = (
        BssintlClient.new_builder()
        .with_http_config(config)
        .with_credentials(credentials)
        .with_endpoints([args.endpoint])
        .build()
    )

    def call() -> None:
        resp = client.show_customer_order_details(
            ShowCustomerOrderDetailsRequest(order_id=args.order_id)
        )
        if resp.order_line_items is None or len(resp.order_line_items) != 2:
            raise SystemExit(f"unexpected response: {resp}")

    call()  # warm up: connection, lazy imports
    calls = 0
    cpu_start = time.process_time()
    start = time.perf_counter()
    while time.perf_counter() - start < args.seconds:
        call()
        calls += 1
    secs = time.perf_counter() - start
    cpu = time.process_time() - cpu_start

    try:
        from importlib.metadata import version

        sdk = version("huaweicloudsdkbssintl")
    except Exception:  # noqa: BLE001 - the version is informational only
        sdk = "unknown"
    print(f"python-calls calls={calls} secs={secs:.3f} cpu={cpu:.3f} sdk={sdk}")


if __name__ == "__main__":
    main()
