"""Compiles RpcLab's .proto files with grpc_tools.protoc at run time and imports the generated modules.

Generated *_pb2.py files are never committed: they would go stale when a .proto changes, and the
point of these peers is that a foreign stack builds its own stubs from the same contract.

Each proto folder is compiled with itself as the include root, so the modules are top-level
(`echo_pb2`, `parallel_sum_pb2`), exactly as the original course projects imported theirs.

RpcLab's own protos import google/api/annotations.proto (the google.api.http options of the rest transport).
Those files come from the NuGet package Google.Api.CommonProtos, never from this repository: the folder named by
RPCLAB_PROTO_IMPORTS (the tests set it to the copy beside the test assembly), else the package in the NuGet cache
(any `dotnet build` of RpcLab restores it). They are compiled here too, into google/api/*_pb2.py.
"""

import atexit
import glob
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


def find_google_api_protos():
    """A folder holding google/api/annotations.proto: RPCLAB_PROTO_IMPORTS, else Google.Api.CommonProtos in the NuGet cache."""
    candidates = []
    if os.environ.get("RPCLAB_PROTO_IMPORTS"):
        candidates.append(os.environ["RPCLAB_PROTO_IMPORTS"])
    packages = os.environ.get("NUGET_PACKAGES") or os.path.join(os.path.expanduser("~"), ".nuget", "packages")
    candidates += sorted(glob.glob(os.path.join(packages, "google.api.commonprotos", "*", "content", "protos")), reverse=True)
    for folder in candidates:
        if os.path.isfile(os.path.join(folder, "google", "api", "annotations.proto")):
            return folder
    raise SystemExit("rpclab_protos: google/api/annotations.proto not found; build RpcLab once (dotnet build restores "
                     "Google.Api.CommonProtos) or set RPCLAB_PROTO_IMPORTS to a folder that has it")


def _protoc(include_dirs, files):
    # grpc_tools ships the well-known types (google/protobuf/descriptor.proto, which annotations.proto imports).
    well_known = os.path.join(os.path.dirname(protoc.__file__), "_proto")
    args = ["protoc"] + ["-I" + d for d in include_dirs + [well_known]] + ["--python_out=" + _out_dir, "--grpc_python_out=" + _out_dir]
    if protoc.main(args + files) != 0:
        raise SystemExit(f"rpclab_protos: protoc failed on {files}")


def _compile(protos_root):
    global _out_dir
    if _out_dir is not None:
        return
    _out_dir = tempfile.mkdtemp(prefix="rpclab-protos-")
    atexit.register(shutil.rmtree, _out_dir, True)
    google_api = find_google_api_protos()
    _protoc([google_api], [os.path.join(google_api, "google", "api", f) for f in ("http.proto", "annotations.proto")])
    for folder in ("rpclab", "original"):
        include = os.path.join(protos_root, folder)
        files = sorted(f for f in os.listdir(include) if f.endswith(".proto"))
        _protoc([include, google_api], [os.path.join(include, f) for f in files])
    sys.path.insert(0, _out_dir)


def load(name, protos_root=None):
    """Returns (messages, services) for a proto file name such as "echo" or "user_service"."""
    _compile(protos_root or find_protos_root())
    return importlib.import_module(name + "_pb2"), importlib.import_module(name + "_pb2_grpc")
