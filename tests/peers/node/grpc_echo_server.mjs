#!/usr/bin/env node
// A foreign gRPC server for RpcLab's benchmarks: @grpc/grpc-js (pure JavaScript on Node's http2) serving
// rpclab.echo.Echo, the same echo service as ours and as ../python/grpc_server.py, written independently.
// `rpclab bench load` loads it with the same client it uses on our server.
//
//     node grpc_echo_server.mjs [--host 127.0.0.1] [--port 0]
//
// Prints `listening on HOST:PORT` once it serves; stops when its standard input closes (or on a signal).
import { parseArgs } from 'node:util';
import grpc from '@grpc/grpc-js';
import { loadRpclab } from './rpclab_protos.mjs';

const { values: options } = parseArgs({
    options: { host: { type: 'string', default: '127.0.0.1' }, port: { type: 'string', default: '0' } },
});

const { Echo } = loadRpclab(['echo.proto']).echo;

const reverse = (text) => [...text].reverse().join('');

const server = new grpc.Server();
server.addService(Echo.service, {
    Reverse: (call, callback) => callback(null, { message: reverse(call.request.message) }),
    Delay: (call, callback) => {
        const timer = setTimeout(() => callback(null, { message: call.request.message }), Math.max(call.request.delay_ms, 0));
        call.on('cancelled', () => clearTimeout(timer));
    },
    Collect: (call, callback) => {
        const messages = [];
        call.on('data', (request) => messages.push(request.message));
        call.on('end', () => callback(null, { message: messages.join(' ') }));
    },
    Repeat: (call) => {
        const { message, count } = call.request;
        if (count < 0) {
            call.emit('error', { code: grpc.status.INVALID_ARGUMENT, details: 'count must not be negative' });
            return;
        }
        for (let i = 1; i <= count; i++) call.write({ message: `${message} #${i}` });
        call.end();
    },
    Chat: (call) => {
        call.on('data', (request) => call.write({ message: reverse(request.message) }));
        call.on('end', () => call.end());
    },
});

server.bindAsync(`${options.host}:${options.port}`, grpc.ServerCredentials.createInsecure(), (error, port) => {
    if (error) {
        process.stderr.write(`could not bind ${options.host}:${options.port}: ${error.message}\n`);
        process.exit(1);
    }
    process.stdout.write(`listening on ${options.host}:${port}\n`);
});

const stop = () => server.tryShutdown(() => process.exit(0));
process.stdin.on('end', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
