// Loads RpcLab's .proto contracts for the Node peers with @grpc/proto-loader (no generated code), as
// ../python/rpclab_protos.py does for the Python ones.
//
//   import { loadRpclab } from './rpclab_protos.mjs';
//   const { echo } = loadRpclab(['echo.proto']);   // the rpclab.* packages of the named files (all by default)
//
// The protos import google/api/annotations.proto for their REST mapping; it comes from the NuGet package
// Google.Api.CommonProtos (never from the repository): RPCLAB_PROTO_IMPORTS names its folder, or it is found
// in the NuGet cache that building RpcLab fills.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';

/** protos/rpclab: above this script in the repository, or beside the test assembly (the tests copy protos there). */
export function rpclabProtosFolder() {
    for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
        const candidate = path.join(dir, 'protos', 'rpclab');
        if (fs.existsSync(candidate)) return candidate;
        if (path.dirname(dir) === dir) throw new Error(`no protos/rpclab folder above ${fileURLToPath(import.meta.url)}`);
    }
}

/** The folder holding google/api/annotations.proto (Google.Api.CommonProtos). */
export function googleApiProtosFolder() {
    const nuget = path.join(process.env.NUGET_PACKAGES ?? path.join(os.homedir(), '.nuget', 'packages'), 'google.api.commonprotos');
    const versions = fs.existsSync(nuget) ? fs.readdirSync(nuget).sort().reverse() : [];
    const folders = [process.env.RPCLAB_PROTO_IMPORTS, ...versions.map((v) => path.join(nuget, v, 'content', 'protos'))].filter(Boolean);
    const found = folders.find((dir) => fs.existsSync(path.join(dir, 'google', 'api', 'annotations.proto')));
    if (!found) throw new Error('google/api/annotations.proto not found: build RpcLab once (it restores Google.Api.CommonProtos), or set RPCLAB_PROTO_IMPORTS');
    return found;
}

/** The rpclab.* packages defined by `files` (names in protos/rpclab; all of them by default), field names as written. */
export function loadRpclab(files) {
    const folder = rpclabProtosFolder();
    const definition = protoLoader.loadSync(files ?? fs.readdirSync(folder).filter((f) => f.endsWith('.proto')), {
        includeDirs: [folder, googleApiProtosFolder()], keepCase: true, longs: String, enums: String, defaults: true,
    });
    return grpc.loadPackageDefinition(definition).rpclab;
}
