#!/usr/bin/env python3
"""A foreign rpyc server (Debian python3-rpyc ThreadedServer) for RpcLab's rpyc client: its root has an `echo`
attribute exposing reverse, delay, repeat (a generator), collect and chat (which iterate the caller's iterable,
pulling it from the client with __next__, as rpyc does), and users.get for a dict result.

    rpyc_server.py [--port 0]

Prints `listening on HOST:PORT`, then serves until killed.
"""
import argparse
import sys
import time

import rpyc
from rpyc.utils.server import ThreadedServer


class Echo:
    def exposed_reverse(self, message):
        return message[::-1]

    def exposed_delay(self, message, delay_ms):
        time.sleep(delay_ms / 1000)
        return message

    def exposed_repeat(self, message, count, interval_ms=0):
        for i in range(1, count + 1):
            if interval_ms:
                time.sleep(interval_ms / 1000)
            yield f"{message} #{i}"

    def exposed_collect(self, messages):
        return " ".join(messages)

    def exposed_chat(self, messages):
        for m in messages:
            yield m[::-1]


class Users:
    def exposed_get(self, id):
        if id != "1":
            raise LookupError(f"no user with id {id!r}")
        return {"id": "1", "name": "Python Peer", "email": "peer@example.com"}


class PeerService(rpyc.Service):
    exposed_echo = Echo()
    exposed_users = Users()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    server = ThreadedServer(PeerService, hostname="127.0.0.1", port=args.port,
                            protocol_config={"allow_public_attrs": True})
    print(f"listening on 127.0.0.1:{server.port}", flush=True)
    server.start()


if __name__ == "__main__":
    sys.exit(main())
