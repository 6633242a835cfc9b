#!/usr/bin/python3
"""A foreign zerorpc client for RpcLab's interop tests, on pyzmq + msgpack (zerorpc_wire.py).

    /usr/bin/python3 zerorpc_client.py --endpoint tcp://127.0.0.1:PORT --case NAME

Runs one scenario against a zerorpc server of RpcLab's methods (echo.reverse, users.get, ...) and prints ONE
JSON line with what it saw, wire facts included (the reply headers' ids and versions, heartbeats, credit).
The C# test asserts on that line. Exit codes: 0 the scenario ran; 3 a call failed that the scenario did not
expect (the JSON line says which); 1 a crash (traceback on stderr); 2 bad arguments.
"""

import argparse
import json
import re
import sys

import zerorpc_wire
from zerorpc_wire import RemoteError

HEX_ID = re.compile(rb"^[0-9a-f]{32}$")


def headers_facts(call):
    """What the server's headers looked like: ids bin of 32 lowercase hex bytes, all fresh; v 3; response_to ours."""
    ids = [h.get("message_id") for h in call.reply_headers]
    return {
        "events": len(ids),
        "ids_are_hex_bin": all(isinstance(i, bytes) and HEX_ID.match(i) is not None for i in ids),
        "ids_distinct": len(set(ids)) == len(ids),
        "versions": sorted({h.get("v") for h in call.reply_headers}),
        "response_to_is_request_id": all(isinstance(h.get("response_to"), bytes) and h["response_to"] == call.id for h in call.reply_headers),
    }


def expect_error(action):
    try:
        action()
    except RemoteError as error:
        return {"name": error.name, "message": error.message, "traceback": error.traceback}
    return {"name": None}


def case_unary(client):
    reply, call = client.call("echo.reverse", "hello")
    return {"reply": reply, "wire": headers_facts(call)}


def case_error(client):
    return {
        "not_found": expect_error(lambda: client.call("users.get", "999")),
        "unknown_method": expect_error(lambda: client.call("echo.nope", "x")),
        "wrong_type": expect_error(lambda: client.call("echo.repeat", "x", "three")),
        "missing_argument": expect_error(lambda: client.call("echo.reverse")),
        "after": client.call("echo.reverse", "ok")[0],
    }


def case_types(client):
    """Values as a Python user writes them: small ints for a double, lists, bytes; records come back as maps."""
    user, _ = client.call("users.get", "1")
    total, _ = client.call("compute.add", 1, 2)
    sorted_values, _ = client.call("compute.sort", [3, 1, 2])
    sums, _ = client.call("sum.sum", [1, 2, 3], [4, 5, 6])
    return {"user": user, "add": total, "sort": sorted_values, "sum": sums}


def case_stream(client):
    items, call = client.stream("echo.repeat", "item", 250)
    return {
        "count": len(items),
        "first": items[0] if items else None,
        "last": items[-1] if items else None,
        "grants": call.grants,
        "credit_violations": call.credit_violations,
        "wire": headers_facts(call),
    }


def case_introspection(client):
    ping, _ = client.call("_zerorpc_ping")
    name, _ = client.call("_zerorpc_name")
    methods, _ = client.call("_zerorpc_list")
    inspect, _ = client.call("_zerorpc_inspect")
    help_text, _ = client.call("_zerorpc_help", "echo.repeat")
    argspec, _ = client.call("_zerorpc_args", "echo.repeat")
    return {
        "ping": ping,
        "name": name,
        "list": methods,
        "inspect_name": inspect["name"],
        "inspect_repeat": inspect["methods"]["echo.repeat"],
        "help": help_text,
        "args": argspec,
        "unknown_help": expect_error(lambda: client.call("_zerorpc_help", "echo.nope")),
    }


def case_long(client):
    """A call longer than the 15-20 s after which a silent peer is lost: heartbeats must keep it alive.

    The client is passive, as zerorpc's CLI is: it beats only once the server has, so the server must go first.
    """
    reply, call = client.call("echo.delay", "slow", 16000)
    return {"reply": reply, "server_heartbeats": call.server_heartbeats, "heartbeats_sent": call.heartbeats_sent}


CASES = {name[len("case_"):]: f for name, f in globals().items() if name.startswith("case_")}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--case", required=True, choices=sorted(CASES))
    args = parser.parse_args()
    client = zerorpc_wire.Client(args.endpoint, passive=args.case == "long")
    try:
        result = {"case": args.case, **CASES[args.case](client)}
        code = 0
    except (RemoteError, zerorpc_wire.LostRemote, TimeoutError) as error:
        result = {"case": args.case, "unexpected": type(error).__name__, "message": str(error)}
        code = 3
    finally:
        client.close()
    print(json.dumps(result, default=lambda b: b.decode("utf-8", "replace") if isinstance(b, bytes) else repr(b)))
    sys.exit(code)


if __name__ == "__main__":
    main()
