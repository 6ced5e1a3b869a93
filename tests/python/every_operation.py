"""Calls every operation of an official Python SDK against fake-bss: huaweicloudsdkbssintl
(BssintlClient, the international site; the default) or huaweicloudsdkbss (BssClient, the
Chinese mainland site), chosen by --package / --module / --client / --region.

Run by tests/python/run.sh, which installs the SDKs into a virtual environment and starts
the fake once per site (`fake-bss --site intl|china`). The operations are listed from the SDK's client class (every public method that
takes a request), not picked by hand. Each request is filled from what the fake reports at
GET /__fake/operations: a documented example request where there is one, otherwise every
input with a value inside the documented limits and enum values (parameters and body fields). Each call must succeed, its
response must decode into the SDK's model and hold at least one field when the model has
fields, and the fake must have recorded the request without problems.
"""

import argparse
import decimal
import importlib
import inspect
import json
import re
import sys
import urllib.request

from huaweicloudsdkcore.auth.credentials import GlobalCredentials
from huaweicloudsdkcore.http.http_config import HttpConfig

# The fake's fixed credentials (bss_sdk::fake::ACCESS_KEY / SECRET_KEY / DOMAIN_ID).
AK = "FAKEACCESSKEY0000000"
SK = "fake-secret-key-for-loopback-tests-only"
DOMAIN_ID = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"

# The SDK module under test (e.g. huaweicloudsdkbssintl.v2), set by main().
sdk = None


def admin(endpoint, method, route):
    req = urllib.request.Request(f"{endpoint}/__fake/{route}", method=method)
    with urllib.request.urlopen(req) as resp:
        return json.load(resp)


def camel(snake):
    return "".join(part[:1].upper() + part[1:] for part in snake.split("_"))


def operations_of_client(client_class):
    """(method name, request class) for every public operation method of the client class."""
    out = []
    for name, fn in inspect.getmembers(client_class, inspect.isfunction):
        if name.startswith("_") or name.endswith("_invoker"):
            continue
        params = list(inspect.signature(fn).parameters)
        if params != ["self", "request"]:
            continue
        cls = getattr(sdk, camel(name) + "Request", None)
        if cls is None:
            raise SystemExit(f"no request class for client method {name}")
        out.append((name, cls))
    return out


def build(type_name, value):
    """A JSON value (wire keys) as the SDK's type `type_name`."""
    if value is None:
        return None
    m = re.fullmatch(r"list\[(.+)\]", type_name)
    if m:
        return [build(m.group(1), v) for v in value]
    m = re.fullmatch(r"dict\(str, (.+)\)", type_name)
    if m:
        return {k: build(m.group(1), v) for k, v in value.items()}
    if type_name == "decimal.Decimal" and isinstance(value, (str, int, float)):
        # The SDK's type is decimal.Decimal, which it sends as a JSON number; a documented
        # example may write the amount as a string ("99.99"), so give the SDK its own type.
        return decimal.Decimal(str(value))
    cls = getattr(sdk, type_name, None)
    if cls is None or not hasattr(cls, "openapi_types"):
        return value
    wire_to_attr = {wire: attr for attr, wire in cls.attribute_map.items()}
    kwargs = {}
    for key, v in value.items():
        attr = wire_to_attr.get(key)
        if attr is not None:
            kwargs[attr] = build(cls.openapi_types[attr], v)
    return cls(**kwargs)


def text_within(lo, hi):
    """A string whose length lies inside [lo, hi] (either may be None)."""
    lo, hi = lo or 1, hi or 64
    return ("ab12" * 64)[: max(lo, min(4, hi))]


def number_within(lo, hi):
    """An integer inside [lo, hi] (either may be None)."""
    if lo is not None:
        return lo
    return min(1, hi) if hi is not None else 1


def filler(type_name, fields=(), depth=0):
    """A plausible JSON value of the SDK's type `type_name` (for bodies without an example),
    fitting what the fake reports of it (`fields`: its `body_fields` entries, with limits and
    enum values)."""
    m = re.fullmatch(r"list\[(.+)\]", type_name)
    if m:
        return [filler(m.group(1), fields, depth + 1)]
    m = re.fullmatch(r"dict\(str, (.+)\)", type_name)
    if m:
        return {"key1": filler(m.group(1), fields, depth + 1)}
    simple = {"str": "ab12", "int": 1, "float": 1.5, "bool": True, "object": {}}
    if type_name in simple:
        return simple[type_name]
    cls = getattr(sdk, type_name, None)
    if cls is None or not hasattr(cls, "openapi_types") or depth > 5:
        return {}
    by_name = {entry["name"]: entry for entry in fields}
    out = {}
    for attr, t in cls.openapi_types.items():
        wire = cls.attribute_map[attr]
        entry = by_name.get(wire)
        if entry is None:
            out[wire] = filler(t, (), depth + 1)
        elif entry["one_of"]:
            value = entry["one_of"][0]
            out[wire] = [value] if t.startswith("list[") else value
        elif entry["type"] == "a decimal in a string":
            out[wire] = "12.50"
        elif entry["type"] in ("a decimal number", "a number"):
            out[wire] = 12.5
        elif t == "str":
            out[wire] = text_within(entry["min_length"], entry["max_length"])
        elif t == "int":
            out[wire] = number_within(entry["minimum"], entry["maximum"])
        else:
            out[wire] = filler(t, entry["fields"], depth + 1)
    return out


def param_value(p, python_type):
    """A value for a parameter inside its documented limits."""
    if p["from_domain_id"]:
        return DOMAIN_ID
    if p["one_of"]:
        v = p["one_of"][0]
        return v if python_type == "int" else str(v)
    if p["minimum"] is not None or p["maximum"] is not None:
        n = number_within(p["minimum"], p["maximum"])
        return n if python_type == "int" else str(n)
    if python_type == "int":
        return 1
    if python_type == "bool":
        return True
    return text_within(p["min_length"], p["max_length"])


def request_for(cls, op):
    attrs = {wire: attr for attr, wire in cls.attribute_map.items()}
    example = next((e for e in op["examples"] if e["status"] < 300), None)
    kwargs = {}
    for p in op["params"]:
        attr = attrs.get(p["name"])
        if attr is None:
            continue
        given = None
        if example is not None:
            given = example["path"].get(p["name"], example["query"].get(p["name"]))
        if given is not None:
            t = cls.openapi_types[attr]
            kwargs[attr] = int(given) if t == "int" else given
        elif p["required"] or p["from_domain_id"]:
            kwargs[attr] = param_value(p, cls.openapi_types[attr])
    if "body" in cls.openapi_types:
        body_type = cls.openapi_types["body"]
        body = example["request"] if example and example["request"] is not None else None
        if body is None and op["has_body"]:
            body = filler(body_type, op["body_fields"] or ())
        kwargs["body"] = build(body_type, body)
    return cls(**kwargs)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--package", default="huaweicloudsdkbssintl", help="distribution name, for the report")
    parser.add_argument("--module", default="huaweicloudsdkbssintl.v2")
    parser.add_argument("--client", default="BssintlClient")
    parser.add_argument("--region", default="ap-southeast-1", help="the site's region, for the report")
    args = parser.parse_args()

    global sdk
    sdk = importlib.import_module(args.module)
    client_class = getattr(sdk, args.client)
    try:
        from importlib.metadata import version
        label = f"{args.package} {version(args.package)} ({args.client}, {args.region})"
    except Exception:
        label = f"{args.package} ({args.client}, {args.region})"

    known = {op["id"]: op for op in admin(args.endpoint, "GET", "operations")}
    config = HttpConfig.get_default_config()
    config.ignore_ssl_verification = True  # plain http on loopback
    client = (
        client_class.new_builder()
        .with_http_config(config)
        .with_credentials(GlobalCredentials(AK, SK, DOMAIN_ID))
        .with_endpoints([args.endpoint])
        .build()
    )

    ops = operations_of_client(client_class)
    failures, generated, from_example = [], 0, 0
    for name, cls in ops:
        op_id = cls.__name__[: -len("Request")]
        op = known.get(op_id)
        if op is None:
            failures.append(f"{op_id}: the fake has no such operation")
            continue
        admin(args.endpoint, "DELETE", "requests")
        try:
            resp = getattr(client, name)(request_for(cls, op))
        except Exception as e:  # the SDK raises on any error status
            failures.append(f"{op_id}: {type(e).__name__}: {e}")
            continue
        recorded = admin(args.endpoint, "GET", "requests")
        problems = [p for r in recorded for p in r["problems"]]
        if len(recorded) != 1 or recorded[0]["operation"] != op_id or problems:
            failures.append(f"{op_id}: recorded {[r['operation'] for r in recorded]}, problems {problems}")
            continue
        fields = [a for a in type(resp).openapi_types if not a.startswith("x_")]
        values = resp.to_dict()
        # Present counts: a batch's list of failed items is present and empty on success.
        filled = [a for a in fields if values.get(a) is not None]
        wire = {a: type(resp).attribute_map[a] for a in fields}
        example = next((e for e in op["examples"] if e["status"] < 300 and e["response"] is not None), None)
        if example is not None:
            # A documented example answered: every key it has must come back decoded.
            expected = {k for k, v in example["response"].items() if v is not None} if isinstance(example["response"], dict) else set()
            got = {wire[a] for a in fields if values.get(a) is not None}
            if not expected <= got:
                failures.append(f"{op_id}: example keys {sorted(expected - got)} did not decode")
                continue
            from_example += 1
        elif op["success_status"] != 204 and fields and not filled:
            failures.append(f"{op_id}: generated response {type(resp).__name__} decoded with no field set")
            continue
        else:
            generated += 1
        print(f"ok   {op_id}: {len(filled)}/{len(fields)} fields")
    for f in failures:
        print(f"FAIL {f}")
    print(
        f"python SDK {label}: {len(ops)} operations called, {len(ops) - len(failures)} ok "
        f"({from_example} answered from documented examples, {generated} from generated bodies), "
        f"{len(failures)} failed"
    )
    sys.exit(1 if failures or not ops else 0)


if __name__ == "__main__":
    main()
