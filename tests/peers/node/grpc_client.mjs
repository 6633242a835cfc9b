#!/usr/bin/env node
// A foreign gRPC client for RpcLab's interop tests: @grpc/grpc-js, the pure-JavaScript gRPC stack
// (its own HTTP/2 framing on Node's http2 module, sharing no code with grpcio's C core or with us).
//
//     node grpc_client.mjs --target 127.0.0.1:PORT --case NAME
//
// Same interface as ../python/grpc_client.py: runs one scenario and prints ONE JSON line with what
// it saw. Exit codes: 0 the scenario ran; 3 an RPC failed that the scenario did not expect (the JSON
// line says which); 1 a crash; 2 bad arguments. Install the packages with ../install.sh.

import fs from 'node:fs';
import { parseArgs } from 'node:util';
import grpc from '@grpc/grpc-js';
import { loadRpclab } from './rpclab_protos.mjs';

// Generous, so a slow shared machine never turns a correct server into a failure.
const TIMEOUT_MS = 30_000;

const statusName = (code) => Object.keys(grpc.status).find((name) => grpc.status[name] === code) ?? String(code);
const deadline = (ms = TIMEOUT_MS) => ({ deadline: Date.now() + ms });

// Promisified unary call that resolves to the reply.
const unary = (client, method, request, options = deadline()) =>
    new Promise((resolve, reject) => client[method](request, options, (error, reply) => (error ? reject(error) : resolve(reply))));

// Runs a call that should fail and returns what the caller saw (or an "OK" marker if it did not fail).
async function expectError(promise) {
    try {
        await promise;
        return { code: 'OK', details: null };
    } catch (error) {
        if (error.code === undefined) throw error;
        return { code: statusName(error.code), details: error.details };
    }
}

// Collects every message of a server stream; rejects with the call's error status.
const readAll = (call) =>
    new Promise((resolve, reject) => {
        const items = [];
        call.on('data', (item) => items.push(item));
        call.on('error', reject);
        call.on('end', () => resolve(items));
    });

const cases = {
    async unary({ echo }) {
        const reply = await unary(echo, 'Reverse', { message: 'hello' });
        return { reply: reply.message };
    },

    async error({ users }) {
        return {
            not_found: await expectError(unary(users, 'Get', { id: '999' })),
            invalid_argument: await expectError(unary(users, 'Create', { name: '', email: 'a@example.com' })),
        };
    },

    async server_streaming({ echo }) {
        const replies = await readAll(echo.Repeat({ message: 'hi', count: 3 }, deadline()));
        return { replies: replies.map((r) => r.message) };
    },

    async client_streaming({ echo }) {
        const reply = await new Promise((resolve, reject) => {
            const call = echo.Collect(deadline(), (error, r) => (error ? reject(error) : resolve(r)));
            for (const message of ['a', 'b', 'c']) call.write({ message });
            call.end();
        });
        return { reply: reply.message };
    },

    // A conversation: each request is written only after the reply to the previous one arrived. A
    // server that buffered the whole request stream would never answer; after 10 s the request
    // stream is ended instead and answered_in_turn says false.
    async bidi({ echo }) {
        const sent = ['one', 'two', 'three'];
        const replies = [];
        let answeredInTurn = true;
        const call = echo.Chat(deadline());
        const pending = [];
        call.on('data', (reply) => {
            replies.push(reply.message);
            pending.shift()?.();
        });
        const finished = new Promise((resolve, reject) => {
            call.on('error', reject);
            call.on('end', resolve);
        });
        for (const message of sent) {
            const replied = new Promise((resolve) => pending.push(resolve));
            call.write({ message });
            let timer;
            const inTime = await Promise.race([
                replied.then(() => true),
                new Promise((resolve) => { timer = setTimeout(() => resolve(false), 10_000); }),
            ]);
            clearTimeout(timer);
            if (!inTime) {
                answeredInTurn = false;
                break;
            }
        }
        call.end();
        await finished;
        return { sent, replies, answered_in_turn: answeredInTurn };
    },

    async deadline({ echo }) {
        // Connect first: on a busy machine, setting up the connection could eat a short deadline before
        // the slow call even reaches the server, and the test checks that the server saw it cancelled.
        await unary(echo, 'Reverse', { message: 'warm' });
        const result = await expectError(unary(echo, 'Delay', { message: 'late', delay_ms: 5000 }, deadline(500)));
        // The server must still serve after a call it had to abandon.
        result.after = (await unary(echo, 'Reverse', { message: 'alive' })).message;
        return result;
    },

    // Reads two items of a long stream, then cancels; the server must notice and keep serving.
    async cancel({ echo }) {
        const call = echo.Repeat({ message: 'tick', count: 10000, interval_ms: 10 }, deadline());
        const received = [];
        const result = await new Promise((resolve) => {
            call.on('data', (item) => {
                received.push(item.message);
                if (received.length === 2) call.cancel();
            });
            call.on('error', (error) => resolve({ code: statusName(error.code), details: error.details }));
            call.on('end', () => resolve({ code: 'OK', details: null }));
        });
        result.received = received.slice(0, 2);
        result.after = (await unary(echo, 'Reverse', { message: 'alive' })).message;
        return result;
    },

    // A method the server does not know, called the way a client of a newer contract would.
    async unimplemented({ echo }) {
        const call = (request) => new Promise((resolve, reject) =>
            echo.makeUnaryRequest('/rpclab.echo.Echo/NoSuchMethod', (m) => Buffer.from(JSON.stringify(m)), (b) => b,
                request, deadline(), (error, reply) => (error ? reject(error) : resolve(reply))));
        const result = await expectError(call({ message: 'x' }));
        result.after = (await unary(echo, 'Reverse', { message: 'alive' })).message;
        return result;
    },
};

async function main() {
    let args;
    try {
        ({ values: args } = parseArgs({ options: { target: { type: 'string' }, case: { type: 'string' } } }));
        if (!args.target || !(args.case in cases)) throw new Error('need --target HOST:PORT and --case ' + Object.keys(cases).join('|'));
    } catch (error) {
        console.error(error.message);
        process.exit(2);
    }

    const rpclab = loadRpclab();
    const credentials = grpc.credentials.createInsecure();
    const clients = {
        echo: new rpclab.echo.Echo(args.target, credentials),
        users: new rpclab.users.Users(args.target, credentials),
    };
    const version = JSON.parse(fs.readFileSync(new URL('./node_modules/@grpc/grpc-js/package.json', import.meta.url))).version;
    const result = { case: args.case, peer: 'node-grpc-js', grpc_version: version };
    let exitCode = 0;
    try {
        Object.assign(result, await cases[args.case](clients));
    } catch (error) {
        if (error.code === undefined) throw error;
        result.unexpected_rpc_error = { code: statusName(error.code), details: error.details };
        exitCode = 3;
    } finally {
        Object.values(clients).forEach((client) => client.close());
    }
    console.log(JSON.stringify(result));
    process.exitCode = exitCode;
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
