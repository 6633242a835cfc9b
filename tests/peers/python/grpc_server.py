#!/usr/bin/python3
"""A foreign gRPC server for RpcLab's interop tests: Python grpcio (the C-core stack) serving
rpclab.echo.Echo and rpclab.users.Users, so that RpcLab's C# client is checked against a server
it did not write.

    /usr/bin/python3 grpc_server.py [--host 127.0.0.1] [--port 0]

Prints `listening on HOST:PORT` once it serves, then serves until it is killed or its standard
input closes (the test harness closes stdin to stop it cleanly).
"""

import argparse
import sys
import threading
from concurrent import futures

import grpc

import rpclab_protos

echo_pb2, echo_grpc = rpclab_protos.load("echo")
users_pb2, users_grpc = rpclab_protos.load("users")


class Echo(echo_grpc.EchoServicer):
    """The same behaviour as RpcLab's IEchoService, written independently."""

    def Reverse(self, request, context):
        return echo_pb2.EchoReply(message=request.message[::-1])

    def Delay(self, request, context):
        # Wait on an event that grpcio sets when the call ends early (deadline passed or the client
        # cancelled), so a cancelled call frees its worker thread at once instead of sleeping on.
        finished = threading.Event()
        context.add_callback(finished.set)
        if finished.wait(max(request.delay_ms, 0) / 1000.0):
            context.abort(grpc.StatusCode.CANCELLED, "delay cancelled")
        return echo_pb2.EchoReply(message=request.message)

    def Collect(self, request_iterator, context):
        return echo_pb2.EchoReply(message=" ".join(r.message for r in request_iterator))

    def Repeat(self, request, context):
        if request.count < 0:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "count must not be negative")
        stop = threading.Event()
        context.add_callback(stop.set)
        for i in range(1, request.count + 1):
            if i > 1 and request.interval_ms > 0 and stop.wait(request.interval_ms / 1000.0):
                return
            yield echo_pb2.EchoReply(message=f"{request.message} #{i}")

    def Chat(self, request_iterator, context):
        # One reply per request, sent before the next request is read: a client can hold a conversation.
        for request in request_iterator:
            yield echo_pb2.EchoReply(message=request.message[::-1])


class Users(users_grpc.UsersServicer):
    """In memory, ids in order, starting (like the original course server) with user "1", John Doe."""

    def __init__(self):
        self._lock = threading.Lock()
        self._users = {"1": users_pb2.User(id="1", name="John Doe", email="john.doe@example.com")}
        self._next_id = 2

    @staticmethod
    def _validate(context, name, email):
        if not name:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "name must not be empty (python server)")
        if not email:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "email must not be empty (python server)")

    def _find(self, context, user_id):
        user = self._users.get(user_id)
        if user is None:
            # A message of its own, so the C# test can tell it came from this server.
            context.abort(grpc.StatusCode.NOT_FOUND, f"no user with id '{user_id}' (python server)")
        return user

    def Create(self, request, context):
        self._validate(context, request.name, request.email)
        with self._lock:
            user = users_pb2.User(id=str(self._next_id), name=request.name, email=request.email)
            self._next_id += 1
            self._users[user.id] = user
        return user

    def Get(self, request, context):
        with self._lock:
            return self._find(context, request.id)

    def Update(self, request, context):
        self._validate(context, request.name, request.email)
        with self._lock:
            self._find(context, request.id)
            user = users_pb2.User(id=request.id, name=request.name, email=request.email)
            self._users[user.id] = user
        return user

    def Delete(self, request, context):
        with self._lock:
            self._find(context, request.id)
            del self._users[request.id]
        return users_pb2.Empty()

    def List(self, request, context):
        with self._lock:
            ordered = sorted(self._users.values(), key=lambda u: int(u.id))
        return users_pb2.UserList(users=ordered)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()

    # Each streaming call holds a worker thread for its whole life; 16 is plenty for the tests.
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=16))
    echo_grpc.add_EchoServicer_to_server(Echo(), server)
    users_grpc.add_UsersServicer_to_server(Users(), server)
    port = server.add_insecure_port(f"{args.host}:{args.port}")
    if port == 0:
        sys.exit(f"could not bind {args.host}:{args.port}")
    server.start()
    print(f"listening on {args.host}:{port}", flush=True)

    try:
        # Blocks until the parent closes our stdin (or the terminal sends EOF).
        sys.stdin.read()
    except KeyboardInterrupt:
        pass
    server.stop(grace=1).wait()


if __name__ == "__main__":
    main()
