"""zeroRPC protocol v3 on pyzmq + msgpack, written for RpcLab's interop tests from the protocol's facts
(not from zerorpc-python's code): events are msgpack [header, name, args] with str and bin kept apart;
header {message_id: bin of 32 lowercase hex bytes, fresh per event, v: 3, response_to: the channel's id};
OK [result] / ERR [name, message, traceback]; STREAM bare-item / STREAM_DONE nil; flow control with
_zpc_more (a server starts with one slot; the client grants [100] when it asks for its second event and
[100 - reserved] whenever fewer than 50 are reserved); _zpc_hb [0] per channel every 5 s, the remote lost
after 10 s of silence. DEALER frames are ["", payload]; ROUTER frames [identity, "", payload].

One thread owns each socket; nothing here is thread-safe unless it says so.
"""

import os
import time

import msgpack
import zmq

HEARTBEAT = 5.0
QUEUE_SIZE = 100


class Ids:
    """Fresh message ids: an 8-digit hex counter and 24 random hex digits, as bytes (sent as bin)."""

    def __init__(self):
        self._base = os.urandom(12).hex().encode()
        self._counter = int.from_bytes(os.urandom(4), "big")

    def next(self):
        self._counter = (self._counter + 1) & 0xFFFFFFFF
        return b"%08x" % self._counter + self._base


def pack(header, name, args):
    return msgpack.packb([header, name, args], use_bin_type=True)


def unpack(blob):
    header, name, args = msgpack.unpackb(blob, raw=False)
    return header, name, args


class RemoteError(Exception):
    def __init__(self, name, message, traceback):
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message
        self.traceback = traceback


class LostRemote(Exception):
    pass


class Call:
    """One client channel: the request's id, the events seen on it, and what the client granted and sent."""

    def __init__(self, request_id):
        self.id = request_id
        self.reply_headers = []      # the header of every event the server sent on the channel
        self.server_heartbeats = 0
        self.heartbeats_sent = 0
        self.grants = []             # the _zpc_more the client sent, in order
        self.credit_violations = 0   # events the server sent beyond the credit it had
        self.slots = 1               # what the server may still send: one to begin with


class Client:
    """A zerorpc client on a DEALER socket. passive=True heartbeats only once the server has (like zerorpc's CLI)."""

    def __init__(self, endpoint, passive=False, timeout=30.0):
        self.context = zmq.Context.instance()
        self.socket = self.context.socket(zmq.DEALER)
        self.socket.setsockopt(zmq.LINGER, 0)
        self.socket.connect(endpoint)
        self.ids = Ids()
        self.passive = passive
        self.timeout = timeout

    def close(self):
        self.socket.close()

    def _emit(self, call, name, args, response_to=None):
        header = {"message_id": self.ids.next(), "v": 3}
        if response_to is not None:
            header["response_to"] = response_to
        self.socket.send_multipart([b"", pack(header, name, args)])
        return header["message_id"]

    def _channel_events(self, call, first_timeout):
        """Yields the server's OK/ERR/STREAM/STREAM_DONE events on the channel, keeping it alive meanwhile."""
        opened = time.monotonic()
        next_beat = opened + HEARTBEAT
        beating = not self.passive
        last_seen = None
        replied = False
        while True:
            now = time.monotonic()
            if not replied and first_timeout is not None and now - opened > first_timeout:
                raise TimeoutError(f"no reply within {first_timeout} s")
            if now >= next_beat:
                if last_seen is None:
                    last_seen = now
                if now - last_seen > 2 * HEARTBEAT:
                    raise LostRemote(f"no heartbeat for {2 * HEARTBEAT} s")
                if beating:
                    self._emit(call, "_zpc_hb", [0], call.id)
                    call.heartbeats_sent += 1
                next_beat = now + HEARTBEAT
            if not self.socket.poll(int(max(0.0, next_beat - now) * 1000) + 1):
                continue
            frames = self.socket.recv_multipart()
            header, name, args = unpack(frames[-1])
            if header.get("response_to") != call.id:
                continue  # another channel's leftovers
            last_seen = time.monotonic()
            call.reply_headers.append(header)
            if name == "_zpc_hb":
                call.server_heartbeats += 1
                if not beating:
                    beating = True
                    next_beat = time.monotonic() + HEARTBEAT
                continue
            if name in ("OK", "ERR", "STREAM", "STREAM_DONE"):
                replied = True
                call.slots -= 1
                if call.slots < 0:
                    call.credit_violations += 1
                yield name, args
            # Anything else (a future extension) is not ours to judge.

    def call(self, method, *args):
        """A unary call: returns (result, Call); raises RemoteError for ERR."""
        call = Call(None)
        call.id = self._emit(call, method, list(args))
        events = self._channel_events(call, self.timeout)
        name, reply = next(events)
        events.close()
        if name == "ERR":
            raise RemoteError(*reply)
        if name != "OK":
            raise RuntimeError(f"expected OK or ERR, got {name}")
        return reply[0], call

    def stream(self, method, *args):
        """A streaming call: returns (items, Call), granting credit as the reference client does."""
        call = Call(None)
        call.id = self._emit(call, method, list(args))
        events = self._channel_events(call, self.timeout)
        items = []
        reserved = 1
        asked = 0
        while True:
            # Asking for the next event: from the second on, top the reserve up when it is under half.
            if asked > 0 and reserved < QUEUE_SIZE // 2:
                grant = QUEUE_SIZE - reserved
                reserved += grant
                call.slots += grant
                self._emit(call, "_zpc_more", [grant], call.id)
                call.grants.append(grant)
            asked += 1
            name, payload = next(events)
            reserved -= 1
            if name == "STREAM":
                items.append(payload)
            elif name == "STREAM_DONE":
                events.close()
                return items, call
            elif name == "ERR":
                events.close()
                raise RemoteError(*payload)
            else:
                raise RuntimeError(f"expected STREAM, STREAM_DONE or ERR, got {name}")


class ServerChannel:
    def __init__(self, identity, request_id, method, opened):
        self.identity = identity
        self.id = request_id
        self.method = method
        self.slots = 1
        self.outbox = []          # (name, args) waiting for credit
        self.next_beat = opened + HEARTBEAT
        self.last_seen = None
        self.heartbeats_received = 0
        self.grants_received = []
        self.final = None         # the name of the final event sent (OK, ERR, STREAM_DONE)
        self.cancel = None        # the reason of a _zpc_cancel the client sent (RpcLab's extension)
        self.lost = False


class Server:
    """A zerorpc server on a ROUTER socket. Handlers run on threads and hand events back through a queue."""

    def __init__(self, endpoint):
        self.context = zmq.Context.instance()
        self.socket = self.context.socket(zmq.ROUTER)
        self.socket.setsockopt(zmq.LINGER, 0)
        if endpoint.endswith(":0"):
            self.port = self.socket.bind_to_random_port(endpoint[: endpoint.rindex(":")])
        else:
            self.socket.bind(endpoint)
            self.port = int(endpoint.rsplit(":", 1)[1])
        self.ids = Ids()
        self.channels = {}

    def emit(self, identity, name, args, response_to):
        header = {"message_id": self.ids.next(), "v": 3, "response_to": response_to}
        self.socket.send_multipart(identity + [b"", pack(header, name, args)])

    def flush(self, channel):
        """Sends what the channel's credit allows; returns True when its final event has gone."""
        while channel.outbox and channel.slots > 0:
            name, args = channel.outbox.pop(0)
            channel.slots -= 1
            self.emit(channel.identity, name, args, channel.id)
            if name in ("OK", "ERR", "STREAM_DONE"):
                channel.final = name
                return True
        return False

    def beat(self, now):
        """Heartbeats due channels; returns the channels whose client went silent (lost)."""
        lost = []
        for channel in list(self.channels.values()):
            if now >= channel.next_beat:
                if channel.last_seen is None:
                    channel.last_seen = now
                if now - channel.last_seen > 2 * HEARTBEAT:
                    channel.lost = True
                    lost.append(channel)
                    continue
                self.emit(channel.identity, "_zpc_hb", [0], channel.id)
                channel.next_beat = now + HEARTBEAT
        return lost
