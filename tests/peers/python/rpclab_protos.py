"""Compiles RpcLab's .proto files with grpc_tools.protoc at run time and imports the generated modules.

Generated *_pb2.py files are never committed: they would go stale when a .proto changes, and the
point of these peers is that a foreign stack builds its own stubs from the same contract.

Each proto folder is compiled with itself as the include root, so the modules are top-level
(`echo_pb2`, `parallel_sum_pb2`), exactly as the original course projects imported theirs.
"""

import atexit
import importlib
import os
import shutil
import sys
import tempfile

from grpc_tools import protoc

_out_dir = None


def find_protos_root(start=None):
    """The `protos` folder: beside the repository root, or beside the test assembly (tests copy it there)."""
    here = os.path.abspath(start or os.path.dirname(__file__))
    while True:
        candidate = os.path.join(here, "protos")
        if os.path.isdir(os.path.join(candidate, "rpclab")):
            return candidate
        parent = os.path.dirname(here)
        if parent == here:
            raise SystemExit("rpclab_protos: no protos/rpclab folder above " + os.path.dirname(__file__))
        here = parent


def _compile(protos_root):
    global _out_dir
    if _out_dir is not None:
        return
    _out_dir = tempfile.mkdtemp(prefix="rpclab-protos-")
    atexit.register(shutil.rmtree, _out_dir, True)
    for folder in ("rpclab", "original"):
        include = os.path.join(protos_root, folder)
        files = sorted(f for f in os.listdir(include) if f.endswith(".proto"))
        args = ["protoc", "-I" + include, "--python_out=" + _out_dir, "--grpc_python_out=" + _out_dir]
        if protoc.main(args + [os.path.join(include, f) for f in files]) != 0:
            raise SystemExit(f"rpclab_protos: protoc failed on {include}")
    sys.path.insert(0, _out_dir)


def load(name, protos_root=None):
    """Returns (messages, services) for a proto file name such as "echo" or "user_service"."""
    _compile(protos_root or find_protos_root())
    return importlib.import_module(name + "_pb2"), importlib.import_module(name + "_pb2_grpc")
