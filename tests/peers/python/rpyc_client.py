#!/usr/bin/env python3
"""A foreign rpyc client (Debian python3-rpyc) of RpcLab's rpyc server: calls every service the way a Python user
would (conn.root.<service>.<method>(...)), and prints one JSON line of what it saw.

    rpyc_client.py --port PORT [--host HOST]

Sections: echo (unary, a server stream, client streaming from a list, bidirectional from a generator, rpyc.async_),
users (the lifecycle, records read as dicts), sum, compute (jobs too), files (upload from a generator of chunks,
list, download, rename, delete), errors (each as the Python exception class a user would catch, with
rpclab_status), and a last call showing the server kept serving. Exit code 0: it ran; 1: a crash.
"""
import argparse
import json
import sys

import rpyc


def error_of(call):
    try:
        call()
    except Exception as e:  # noqa: BLE001 - the class is what we report
        return {"class": type(e).__name__, "status": getattr(e, "rpclab_status", None),
                "message": str(e.args[0]) if e.args else "", "is_lookup": isinstance(e, LookupError),
                "is_value": isinstance(e, ValueError), "is_attribute": isinstance(e, AttributeError)}
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()

    conn = rpyc.connect(args.host, args.port)
    root = conn.root
    seen = {}

    echo = root.echo
    seen["reverse"] = echo.reverse("hello")
    seen["unicode"] = echo.reverse("añb€😀")
    seen["repeat"] = list(echo.repeat("hi", 3))
    seen["repeat_kw"] = [x for x in echo.repeat("k", count=2, interval_ms=1)]
    seen["collect"] = echo.collect(["a", "b", "c"])
    seen["chat"] = list(echo.chat(m for m in ["one", "two"]))
    pending = rpyc.async_(echo.delay)("later", 50)
    pending.wait()
    seen["async_ready"] = pending.ready
    seen["async"] = pending.value
    seen["str_of_method"] = str(echo.reverse)

    users = root.users
    created = users.create("Ada", "ada@example.com")
    seen["created"] = {"id": created["id"], "name": created["name"], "email": created["email"]}
    seen["user_repr"] = repr(users.get("1"))
    seen["updated"] = users.update(created["id"], "Ada L", "ada@example.org")["name"]
    everyone = users.list()
    seen["list_len"] = len(everyone)
    seen["list_names"] = [u["name"] for u in everyone]
    users.delete(created["id"])

    result = root.sum.sum((1, 2, 3), [4, 5, 6])
    seen["sum"] = list(result["sum"])
    seen["workers"] = result["workers"]

    compute = root.compute
    seen["add"] = compute.add(1.5, 2)
    seen["sort"] = list(compute.sort((3, 1, 2)))
    job = compute.wait_job(compute.submit_sort([9, 7, 8]), 5000)
    seen["job_state"] = job["state"]
    seen["job_sorted"] = list(job["sorted"])

    files = root.files
    entry = files.upload("peer.bin", (bytes([i]) * 1000 for i in range(5)))
    seen["uploaded"] = {"name": entry["name"], "size": entry["size"]}
    seen["files"] = [f["name"] for f in files.list()]
    seen["downloaded"] = len(b"".join(files.download("peer.bin")))
    files.rename("peer.bin", "renamed.bin")
    files.delete("renamed.bin")

    seen["errors"] = {
        "not_found": error_of(lambda: users.get("999")),
        "invalid": error_of(lambda: users.create("", "x@example.com")),
        "wrong_type": error_of(lambda: echo.reverse(42)),
        "missing_argument": error_of(lambda: echo.reverse()),
        "unknown_method": error_of(lambda: echo.nope("x")),
        "download_missing": error_of(lambda: list(files.download("missing.bin"))),
    }
    seen["after"] = echo.reverse("ok")
    conn.close()
    print(json.dumps(seen))


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # noqa: BLE001
        print(f"crash: {type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(1)
