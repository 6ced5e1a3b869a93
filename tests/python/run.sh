#!/usr/bin/env bash
# The official Python SDK (huaweicloudsdkbssintl) calls every one of its operations against
# the fake-bss binary (see every_operation.py). Needs python3 with venv and PyPI access:
#
#   bash tests/python/run.sh
#
# It creates tests/python/.venv (once), installs the pinned SDK into it, builds and starts
# fake-bss on a free loopback port, runs the script and stops the fake.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$here/.venv"
sdk_version=3.1.219

if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "from importlib.metadata import version; assert version('huaweicloudsdkbssintl') == '$sdk_version'" 2>/dev/null; then
  "$venv/bin/pip" install --quiet "huaweicloudsdkbssintl==$sdk_version"
fi

cd "$root"
cargo build --quiet -p bss-sdk --features test-util --bin fake-bss
log="$(mktemp)"
target_dir="$(cargo metadata --format-version 1 --no-deps | "$venv/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
"$target_dir/debug/fake-bss" --port 0 --quiet >"$log" 2>&1 &
fake_pid=$!
trap 'kill "$fake_pid" 2>/dev/null || true; rm -f "$log"' EXIT
endpoint=""
for _ in $(seq 100); do
  endpoint="$(sed -n 's/^fake BSS listening on //p' "$log")"
  [ -n "$endpoint" ] && break
  sleep 0.1
done
if [ -z "$endpoint" ]; then
  echo "fake-bss did not start:" >&2
  cat "$log" >&2
  exit 1
fi
"$venv/bin/python" "$here/every_operation.py" --endpoint "$endpoint"
