#!/usr/bin/env node
// A foreign JSON-RPC server for RpcLab's benchmarks: npm's vscode-jsonrpc (Content-Length framing) serving
// echo.reverse, as our JSON-RPC server does. `rpclab bench load` loads it with the same client it uses on ours.
//
//     node jsonrpc_echo_server.mjs [--host 127.0.0.1] [--port 0]
//
// Prints `listening on HOST:PORT` once it serves; stops when its standard input closes (or on a signal).
//
// Nagle's algorithm is turned off on each connection, as our servers do: vscode-jsonrpc writes a message's
// header and body as two writes, and with Nagle on the body waits for the client's delayed ACK, about 40 ms a call.
import net from 'node:net';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const rpc = require('vscode-jsonrpc/node');

const { values: options } = parseArgs({
    options: { host: { type: 'string', default: '127.0.0.1' }, port: { type: 'string', default: '0' } },
});

const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    const connection = rpc.createMessageConnection(new rpc.SocketMessageReader(socket), new rpc.SocketMessageWriter(socket));
    connection.onRequest('echo.reverse', (message) => {
        if (typeof message !== 'string') {
            throw new rpc.ResponseError(rpc.ErrorCodes.InvalidParams, 'message must be a string');
        }
        return [...message].reverse().join('');
    });
    connection.onClose(() => socket.destroy());
    socket.on('error', () => socket.destroy());
    connection.listen();
});

server.on('error', (error) => {
    process.stderr.write(`could not listen on ${options.host}:${options.port}: ${error.message}\n`);
    process.exit(1);
});
server.listen(Number(options.port), options.host, () => process.stdout.write(`listening on ${options.host}:${server.address().port}\n`));

const stop = () => server.close(() => process.exit(0)) && setTimeout(() => process.exit(0), 1000).unref();
process.stdin.on('end', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
