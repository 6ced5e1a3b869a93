#!/usr/bin/env bash
# Calls per second of bss-sdk vs the official Python SDK (huaweicloudsdkbssintl), against
# the same fake BSS server on loopback, with AK/SK signing. Run by hand (CI does not):
#
#   bash bench-python/run.sh            # 10 s per side
#   SECONDS_PER_SIDE=30 bash bench-python/run.sh
#
# It creates bench-python/.venv (once), installs huaweicloudsdkbssintl from PyPI into it,
# then runs `cargo bench -p bss-sdk --bench sdk -- python --python .venv/bin/python`: that
# starts the fake in-process, scripts the ShowCustomerOrderDetails reply, runs
# bench_bssintl.py against it for the given time, then bss-sdk for the same time, and
# prints the ratio (goal: bss-sdk >= 20x the Python SDK's calls per second).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
venv="$here/.venv"
seconds="${SECONDS_PER_SIDE:-10}"

if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import huaweicloudsdkbssintl" 2>/dev/null; then
  "$venv/bin/pip" install --quiet huaweicloudsdkbssintl
fi
"$venv/bin/python" -c "from importlib.metadata import version; print('huaweicloudsdkbssintl', version('huaweicloudsdkbssintl'))"

cd "$root"
exec cargo bench -p bss-sdk --bench sdk -- python --python "$venv/bin/python" --python-seconds "$seconds"
