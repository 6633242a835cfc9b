#!/usr/bin/env bash
# Installs what the interop tests' foreign peers need, only when something is missing:
#   - Debian packages for the Python peers (run with /usr/bin/python3, never a pyenv python);
#   - the Node peers' packages (npm ci in tests/peers/node when node_modules is missing or older
#     than package-lock.json).
# Quiet when everything is present, so `./rpclab test` can call it before every run.
# With RPCLAB_REQUIRE_PEERS=1 (CI), a peer that cannot be installed is an error, not a warning.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
require="${RPCLAB_REQUIRE_PEERS:-0}"
status=0

warn() {
    echo "peers: $*" >&2
    if [ "$require" = "1" ]; then status=1; fi
}

# --- Debian packages --------------------------------------------------------------------------
debian_packages=(python3-grpcio python3-protobuf python3-grpc-tools python3-zmq python3-msgpack python3-rpyc)
# The benchmarks: h2load (rpclab bench h2load) and the font the report's charts are measured and drawn with.
debian_packages+=(nghttp2-client fonts-dejavu-core)
missing=()
for package in "${debian_packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
if [ "${#missing[@]}" -gt 0 ]; then
    if ! command -v apt-get >/dev/null; then
        warn "missing ${missing[*]} and no apt-get to install them; the Python interop tests will be skipped"
    else
        sudo=()
        if [ "$(id -u)" != "0" ]; then sudo=(sudo); fi
        echo "peers: installing ${missing[*]}"
        # Update the package lists only when something has to be installed: a second run stays fast.
        if ! { "${sudo[@]}" apt-get update -qq &&
               DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }; then
            warn "could not install ${missing[*]}"
        fi
    fi
fi

# --- Node packages ----------------------------------------------------------------------------
node_dir="$here/node"
if [ -f "$node_dir/package.json" ]; then
    if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
        warn "node/npm not found; the Node interop tests will be skipped (install Node.js 18 or later)"
    elif [ ! -d "$node_dir/node_modules" ] ||
         { [ -f "$node_dir/package-lock.json" ] && [ "$node_dir/package-lock.json" -nt "$node_dir/node_modules" ]; } ||
         [ "$node_dir/package.json" -nt "$node_dir/node_modules" ]; then
        if [ -f "$node_dir/package-lock.json" ]; then verb=ci; else verb=install; fi
        echo "peers: npm $verb in tests/peers/node"
        if (cd "$node_dir" && npm "$verb" --no-audit --no-fund --loglevel=error >/dev/null); then
            # npm leaves the folder's time alone when nothing changed; mark it as fresh for the next run.
            touch "$node_dir/node_modules"
        else
            warn "npm $verb failed in $node_dir"
        fi
    fi
fi

exit "$status"
