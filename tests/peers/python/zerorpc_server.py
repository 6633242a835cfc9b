#!/usr/bin/python3
"""A foreign zerorpc server for RpcLab's interop tests, on pyzmq + msgpack (zerorpc_wire.py).

    /usr/bin/python3 zerorpc_server.py [--host 127.0.0.1] [--port 0]

Serves a few of RpcLab's methods in memory, under their wire names: echo.reverse, echo.delay, echo.repeat
(a stream, sent only as the client's credit allows), users.get, users.create, compute.add (a plain Python
exception for a non-number), and the introspection methods. Errors use RpcLab's ERR names (NotFound,
InvalidArgument), an unknown method is NameError. Prints `listening on HOST:PORT`, then one JSON line per
finished call with what the client did on the channel (heartbeats, credit grants, cancellation); stops when
its standard input closes.
"""

import argparse
import json
import queue
import sys
import threading
import time
import traceback

import zerorpc_wire

NAME = "python-zerorpc-peer"
USERS = {"1": {"Id": "1", "Name": "John Doe", "Email": "john.doe@example.com"}}


class Failure(Exception):
    def __init__(self, name, message):
        super().__init__(message)
        self.name = name


def reverse(message):
    return message[::-1]


def delay(message, delay_ms):
    time.sleep(delay_ms / 1000)
    return message


def repeat(message, count, interval_ms=0):
    for i in range(1, count + 1):
        if interval_ms:
            time.sleep(interval_ms / 1000)
        yield f"{message} #{i}"


def get_user(user_id):
    if user_id not in USERS:
        raise Failure("NotFound", f"no user with id '{user_id}' (python server)")
    return USERS[user_id]


def create_user(name, email, request_id=None):
    # request_id: the contract's optional at-most-once id (RpcLab sends null when it has none); this peer keeps no
    # reply table, so it runs every call it gets.
    if not name:
        raise Failure("InvalidArgument", "name must not be empty (python server)")
    user_id = str(len(USERS) + 1)
    USERS[user_id] = {"Id": user_id, "Name": name, "Email": email}
    return USERS[user_id]


def add(a, b):
    return float(a + b)  # a str raises TypeError, a Python exception RpcLab reads as Unknown


METHODS = {
    "echo.reverse": reverse,
    "echo.delay": delay,
    "users.get": get_user,
    "users.create": create_user,
    "compute.add": add,
}
STREAMS = {"echo.repeat": repeat}
INTROSPECTION = {
    "_zerorpc_ping": lambda: ["pong", NAME],
    "_zerorpc_name": lambda: NAME,
    "_zerorpc_list": lambda: sorted(list(METHODS) + list(STREAMS)),
}


def run_handler(channel_id, method, args, replies):
    """On its own thread: the method's events, handed to the socket's thread through `replies`."""
    try:
        if method in STREAMS:
            for item in STREAMS[method](*args):
                replies.put((channel_id, "STREAM", item))
            replies.put((channel_id, "STREAM_DONE", None))
            return
        function = METHODS.get(method) or INTROSPECTION.get(method)
        if function is None:
            replies.put((channel_id, "ERR", ["NameError", f"unknown method '{method}'", ""]))
            return
        replies.put((channel_id, "OK", [function(*args)]))
    except Failure as failure:
        replies.put((channel_id, "ERR", [failure.name, str(failure), ""]))
    except Exception as error:  # noqa: BLE001 - a Python exception, named as Python names it
        replies.put((channel_id, "ERR", [type(error).__name__, str(error), traceback.format_exc()]))


def log(channel, status):
    print(json.dumps({
        "call": channel.method,
        "status": status,
        "heartbeats_received": channel.heartbeats_received,
        "grants": channel.grants_received,
        "cancel": channel.cancel,
    }), flush=True)


def serve(server, stop):
    replies = queue.Queue()
    while not stop.is_set():
        if server.socket.poll(50):
            while server.socket.poll(0):
                frames = server.socket.recv_multipart()
                identity, payload = frames[:-2], frames[-1]
                header, name, args = zerorpc_wire.unpack(payload)
                response_to = header.get("response_to")
                if response_to is None:
                    channel = zerorpc_wire.ServerChannel(identity, header["message_id"], name, time.monotonic())
                    server.channels[(bytes(b"".join(identity)), channel.id)] = channel
                    threading.Thread(target=run_handler, args=(channel, name, args, replies), daemon=True).start()
                    continue
                channel = server.channels.get((bytes(b"".join(identity)), response_to))
                if channel is None:
                    continue
                channel.last_seen = time.monotonic()
                if name == "_zpc_hb":
                    channel.heartbeats_received += 1
                elif name == "_zpc_more":
                    channel.grants_received.append(args[0])
                    channel.slots += args[0]
                elif name == "_zpc_cancel":
                    channel.cancel = args[0] if args else None  # an extension this server just notes
        while True:
            try:
                channel, name, args = replies.get_nowait()
            except queue.Empty:
                break
            channel.outbox.append((name, args))
        for key, channel in list(server.channels.items()):
            if server.flush(channel):
                del server.channels[key]
                log(channel, channel.final)
        for channel in server.beat(time.monotonic()):
            server.channels.pop((bytes(b"".join(channel.identity)), channel.id), None)
            log(channel, "lost")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    server = zerorpc_wire.Server(f"tcp://{args.host}:{args.port}")
    print(f"listening on {args.host}:{server.port}", flush=True)
    stop = threading.Event()

    def wait_for_stdin():
        # The test harness closes our stdin to stop us.
        sys.stdin.read()
        stop.set()

    threading.Thread(target=wait_for_stdin, daemon=True).start()
    try:
        serve(server, stop)
    finally:
        server.socket.close()


if __name__ == "__main__":
    main()
