#!/usr/bin/env bash
# The official Python SDKs call every one of their operations against the fake-bss binary
# (see every_operation.py), once per site:
#   huaweicloudsdkbssintl (BssintlClient) against `fake-bss --site intl`
#   huaweicloudsdkbss     (BssClient)     against `fake-bss --site china`
# Needs python3 with venv and PyPI access:
#
#   bash tests/python/run.sh
#
# It creates tests/python/.venv (once), installs the pinned SDKs into it, builds fake-bss
# (with the `china` feature), and for each site starts it on a free loopback port, runs the
# script and stops the fake.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$here/.venv"
sdk_version=3.1.219

if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
for package in huaweicloudsdkbssintl huaweicloudsdkbss; do
  if ! "$venv/bin/python" -c "from importlib.metadata import version; assert version('$package') == '$sdk_version'" 2>/dev/null; then
    "$venv/bin/pip" install --quiet "$package==$sdk_version"
  fi
done

cd "$root"
cargo build --quiet -p bss-sdk --features test-util,china --bin fake-bss
target_dir="$(cargo metadata --format-version 1 --no-deps | "$venv/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
fake="$target_dir/debug/fake-bss"

log=""
fake_pid=""
cleanup() {
  if [ -n "$fake_pid" ]; then kill "$fake_pid" 2>/dev/null || true; wait "$fake_pid" 2>/dev/null || true; fi
  if [ -n "$log" ]; then rm -f "$log"; fi
  fake_pid=""
  log=""
}
trap cleanup EXIT

# run_site SITE PACKAGE MODULE CLIENT REGION
run_site() {
  local site="$1" package="$2" module="$3" client="$4" region="$5" endpoint="" status=0
  log="$(mktemp)"
  "$fake" --site "$site" --port 0 --quiet >"$log" 2>&1 &
  fake_pid=$!
  for _ in $(seq 100); do
    endpoint="$(sed -n 's/^fake BSS listening on //p' "$log")"
    [ -n "$endpoint" ] && break
    sleep 0.1
  done
  if [ -z "$endpoint" ]; then
    echo "fake-bss --site $site did not start:" >&2
    cat "$log" >&2
    cleanup
    return 1
  fi
  echo "== $package against fake-bss --site $site ($endpoint)"
  "$venv/bin/python" "$here/every_operation.py" --endpoint "$endpoint" \
    --package "$package" --module "$module" --client "$client" --region "$region" || status=$?
  cleanup
  return "$status"
}

failed=0
run_site intl huaweicloudsdkbssintl huaweicloudsdkbssintl.v2 BssintlClient ap-southeast-1 || failed=1
run_site china huaweicloudsdkbss huaweicloudsdkbss.v2 BssClient cn-north-1 || failed=1
exit "$failed"
