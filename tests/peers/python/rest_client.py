#!/usr/bin/python3
"""A foreign REST client of RpcLab's rest transport: Python's standard library only (urllib), no generated code.

Drives the users service through its resource URLs and prints one JSON line: each step's method, path, HTTP status
and the JSON body it got back (a server stream as the list of its newline-separated JSON objects).

    /usr/bin/python3 rest_client.py --base http://127.0.0.1:8080
"""

import argparse
import json
import sys
import urllib.error
import urllib.request


def call(base, method, path, body=None):
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(base + path, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, text = response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read().decode("utf-8")
    lines = [line for line in text.split("\n") if line.strip()]
    parsed = json.loads(lines[0]) if len(lines) == 1 else [json.loads(line) for line in lines]
    return {"method": method, "path": path, "status": status, "body": parsed}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True, help="the server's address, e.g. http://127.0.0.1:8080")
    base = parser.parse_args().base.rstrip("/")
    steps = [
        call(base, "GET", "/v1/users/1"),
        call(base, "POST", "/v1/users", {"name": "Ada", "email": "ada@example.org"}),
        call(base, "PUT", "/v1/users/2", {"name": "Ada L.", "email": "ada@lovelace.org"}),
        call(base, "GET", "/v1/users"),
        call(base, "GET", "/v1/users/99"),
        call(base, "POST", "/v1/users", {"name": "", "email": "x@example.org"}),
        call(base, "DELETE", "/v1/users/2"),
        call(base, "POST", "/v1/echo:repeat", {"message": "hi", "count": 2}),
    ]
    print(json.dumps({"steps": steps}))


if __name__ == "__main__":
    sys.exit(main())
