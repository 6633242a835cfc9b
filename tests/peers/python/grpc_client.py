#!/usr/bin/python3
"""A foreign gRPC client for RpcLab's interop tests: Python grpcio (the C-core stack).

    /usr/bin/python3 grpc_client.py --target 127.0.0.1:PORT --case NAME

Runs one scenario against a server of rpclab.* services and prints ONE JSON line with what it saw
(values, status codes, messages). The C# test asserts on that line, so this program judges nothing
beyond what it must to run the scenario. Exit codes: 0 the scenario ran; 3 an RPC failed that the
scenario did not expect (the JSON line says which); 1 a crash (traceback on stderr); 2 bad arguments.
"""

import argparse
import hashlib
import json
import os
import queue
import sys
import threading

import grpc

import rpclab_protos

echo_pb2, echo_grpc = rpclab_protos.load("echo")
users_pb2, users_grpc = rpclab_protos.load("users")
files_pb2, files_grpc = rpclab_protos.load("files")
sum_pb2, sum_grpc = rpclab_protos.load("sum")
compute_pb2, compute_grpc = rpclab_protos.load("compute")

# Generous, so a slow shared machine never turns a correct server into a failure.
TIMEOUT = 30


def status(error):
    """What a caller of a failed RPC sees: the status name and the server's message."""
    return {"code": error.code().name, "details": error.details()}


def expect_error(call):
    """Runs a call that should fail and returns its status (or an "OK" marker if it did not fail)."""
    try:
        call()
    except grpc.RpcError as error:
        return status(error)
    return {"code": "OK", "details": None}


def case_unary(channel):
    reply = echo_grpc.EchoStub(channel).Reverse(echo_pb2.EchoRequest(message="hello"), timeout=TIMEOUT)
    return {"reply": reply.message}


def case_error(channel):
    users = users_grpc.UsersStub(channel)
    return {
        "not_found": expect_error(lambda: users.Get(users_pb2.UserId(id="999"), timeout=TIMEOUT)),
        "invalid_argument": expect_error(
            lambda: users.Create(users_pb2.CreateUserRequest(name="", email="a@example.com"), timeout=TIMEOUT)),
    }


def case_server_streaming(channel):
    replies = echo_grpc.EchoStub(channel).Repeat(echo_pb2.RepeatRequest(message="hi", count=3), timeout=TIMEOUT)
    return {"replies": [r.message for r in replies]}


def case_client_streaming(channel):
    requests = (echo_pb2.EchoRequest(message=m) for m in ["a", "b", "c"])
    reply = echo_grpc.EchoStub(channel).Collect(requests, timeout=TIMEOUT)
    return {"reply": reply.message}


def case_bidi(channel):
    """A conversation: each request is sent only after the reply to the previous one arrived.

    A server that buffered the whole request stream before answering would never answer here; after
    a few seconds the request stream is closed instead, and "answered_in_turn" says false.
    """
    messages = ["one", "two", "three"]
    replied = queue.Queue()
    in_turn = {"value": True}

    def requests():
        for i, message in enumerate(messages):
            yield echo_pb2.EchoRequest(message=message)
            try:
                replied.get(timeout=10)
            except queue.Empty:
                in_turn["value"] = False
                return

    replies = []
    for reply in echo_grpc.EchoStub(channel).Chat(requests(), timeout=TIMEOUT):
        replies.append(reply.message)
        replied.put(True)
    return {"sent": messages, "replies": replies, "answered_in_turn": in_turn["value"]}


def case_deadline(channel):
    echo = echo_grpc.EchoStub(channel)
    # Connect first: on a busy machine, setting up the connection could eat a short deadline before
    # the slow call even reaches the server, and the test checks that the server saw it cancelled.
    echo.Reverse(echo_pb2.EchoRequest(message="warm"), timeout=TIMEOUT)
    result = expect_error(lambda: echo.Delay(echo_pb2.DelayRequest(message="late", delay_ms=5000), timeout=0.5))
    # The server must still serve after a call it had to abandon.
    result["after"] = echo.Reverse(echo_pb2.EchoRequest(message="alive"), timeout=TIMEOUT).message
    return result


def case_large(channel):
    """1 MiB up in 64 KiB chunks (the first names the file), back down, compared by SHA-256."""
    files = files_grpc.FilesStub(channel)
    content = os.urandom(1024 * 1024)
    chunk_size = 64 * 1024
    name = "interop-large.bin"

    def chunks():
        for offset in range(0, len(content), chunk_size):
            yield files_pb2.UploadChunk(name=name if offset == 0 else "", data=content[offset:offset + chunk_size])

    entry = files.Upload(chunks(), timeout=TIMEOUT)
    downloaded = bytearray()
    chunks_down = 0
    for chunk in files.Download(files_pb2.FileName(name=name), timeout=TIMEOUT):
        downloaded.extend(chunk.data)
        chunks_down += 1
    return {
        "name": entry.name,
        "size": len(content),
        "server_size": entry.size,
        "sha256": hashlib.sha256(content).hexdigest(),
        "server_sha256": entry.sha256,
        "downloaded_size": len(downloaded),
        "downloaded_sha256": hashlib.sha256(downloaded).hexdigest(),
        "chunks_down": chunks_down,
    }


def case_users_crud(channel):
    users = users_grpc.UsersStub(channel)
    created = users.Create(users_pb2.CreateUserRequest(name="Ada", email="ada@example.com"), timeout=TIMEOUT)
    got = users.Get(users_pb2.UserId(id=created.id), timeout=TIMEOUT)
    updated = users.Update(users_pb2.User(id=created.id, name="Ada L.", email="ada@example.org"), timeout=TIMEOUT)
    listed = users.List(users_pb2.Empty(), timeout=TIMEOUT)
    users.Delete(users_pb2.UserId(id=created.id), timeout=TIMEOUT)
    after_delete = expect_error(lambda: users.Get(users_pb2.UserId(id=created.id), timeout=TIMEOUT))
    as_dict = lambda u: {"id": u.id, "name": u.name, "email": u.email}
    return {
        "created": as_dict(created),
        "got": as_dict(got),
        "updated": as_dict(updated),
        "listed_ids": [u.id for u in listed.users],
        "after_delete": after_delete,
    }


def case_sum(channel):
    reply = sum_grpc.ParallelSumStub(channel).Sum(
        sum_pb2.SumRequest(a=[1, 2, 3, 2147483647], b=[10, 20, 30, 1], parallelism=2), timeout=TIMEOUT)
    return {"sum": list(reply.sum), "workers": reply.workers}


def case_compute(channel):
    compute = compute_grpc.ComputeStub(channel)
    added = compute.Add(compute_pb2.AddRequest(a=1.5, b=2.25), timeout=TIMEOUT)
    job = compute.SubmitSort(compute_pb2.SubmitSortRequest(values=[5, 3, 9, 1]), timeout=TIMEOUT)
    done = compute.WaitJob(compute_pb2.WaitJobRequest(id=job.id, timeout_ms=10000), timeout=TIMEOUT)
    return {
        "add": added.sum,
        "job_kind": done.kind,
        "job_state": compute_pb2.JobState.Name(done.state),
        "sorted": list(done.sorted.values),
        "has_sum": done.HasField("sum"),
    }


def case_unimplemented(channel):
    # A method the server does not know, called the way any client of a newer contract would.
    call = channel.unary_unary("/rpclab.echo.Echo/NoSuchMethod",
                               request_serializer=echo_pb2.EchoRequest.SerializeToString,
                               response_deserializer=echo_pb2.EchoReply.FromString)
    result = expect_error(lambda: call(echo_pb2.EchoRequest(message="x"), timeout=TIMEOUT))
    result["after"] = echo_grpc.EchoStub(channel).Reverse(echo_pb2.EchoRequest(message="alive"), timeout=TIMEOUT).message
    return result


def case_cancel(channel):
    """Reads two items of a long stream, then cancels; the server must notice and keep serving."""
    echo = echo_grpc.EchoStub(channel)
    stream = echo.Repeat(echo_pb2.RepeatRequest(message="tick", count=10000, interval_ms=10), timeout=TIMEOUT)
    received = [next(stream).message, next(stream).message]
    stream.cancel()
    result = expect_error(lambda: list(stream))
    result["received"] = received
    result["after"] = echo.Reverse(echo_pb2.EchoRequest(message="alive"), timeout=TIMEOUT).message
    return result


def case_too_large(channel):
    """A 5 MiB request is over the 4 MiB default limit: RESOURCE_EXHAUSTED, and the server keeps serving."""
    echo = echo_grpc.EchoStub(channel)
    result = expect_error(lambda: echo.Reverse(echo_pb2.EchoRequest(message="x" * (5 * 1024 * 1024)), timeout=TIMEOUT))
    result["after"] = echo.Reverse(echo_pb2.EchoRequest(message="alive"), timeout=TIMEOUT).message
    return result


def case_concurrent(channel):
    """20 calls in flight at once on one channel (one HTTP/2 connection, many streams)."""
    echo = echo_grpc.EchoStub(channel)
    pending = [echo.Reverse.future(echo_pb2.EchoRequest(message=f"m{i}"), timeout=TIMEOUT) for i in range(20)]
    return {"replies": [f.result().message for f in pending]}


def case_long_error(channel):
    """A status whose message, built from a 20 000-character bad number, is longer than the client's 8 KiB header limit."""
    parallel_sum_pb2, parallel_sum_grpc = rpclab_protos.load("parallel_sum")
    stub = parallel_sum_grpc.ParallelSumStub(channel)
    result = expect_error(lambda: stub.ReturnSum(parallel_sum_pb2.ARR1(arr1="1 " + "x" * 20000, arr2="1 2"), timeout=TIMEOUT))
    result["after"] = stub.ReturnSum(parallel_sum_pb2.ARR1(arr1="1 2", arr2="3 4"), timeout=TIMEOUT).message
    return result


CASES = {name[len("case_"):]: fn for name, fn in globals().items() if name.startswith("case_")}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", required=True, help="HOST:PORT of the server")
    parser.add_argument("--case", required=True, choices=sorted(CASES))
    args = parser.parse_args()

    result = {"case": args.case, "peer": "python-grpcio", "grpc_version": grpc.__version__}
    exit_code = 0
    with grpc.insecure_channel(args.target) as channel:
        try:
            result.update(CASES[args.case](channel))
        except grpc.RpcError as error:
            result["unexpected_rpc_error"] = status(error)
            exit_code = 3
    print(json.dumps(result), flush=True)
    sys.exit(exit_code)


if __name__ == "__main__":
    main()
