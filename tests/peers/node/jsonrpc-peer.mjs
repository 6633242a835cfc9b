// A foreign JSON-RPC peer built on npm's vscode-jsonrpc (Content-Length framing), for RpcLab's interop tests.
//
//   node jsonrpc-peer.mjs client PORT   connects to our server on 127.0.0.1:PORT, runs a scripted sequence and
//                                       prints one JSON line per step, then {"step":"done"}.
//   node jsonrpc-peer.mjs server        listens on 127.0.0.1 port 0, prints {"event":"listening","port":N}, and
//                                       serves echo.reverse, echo.delay (cancellable) and users.get (an error),
//                                       printing {"event":"cancelled",...} when a $/cancelRequest reaches it.
import { createRequire } from 'node:module';
import net from 'node:net';

const require = createRequire(import.meta.url);
const rpc = require('vscode-jsonrpc/node');

const print = (value) => process.stdout.write(JSON.stringify(value) + '\n');

function connect(socket) {
    return rpc.createMessageConnection(new rpc.SocketMessageReader(socket), new rpc.SocketMessageWriter(socket));
}

async function expectError(step, promise) {
    try {
        const result = await promise;
        print({ step, unexpectedResult: result });
    } catch (e) {
        print({ step, code: e.code, message: e.message, data: e.data ?? null });
    }
}

async function runClient(port) {
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject); });
    const connection = connect(socket);
    connection.listen();

    print({ step: 'request', result: await connection.sendRequest('echo.reverse', 'hello') });
    print({ step: 'namedParams', result: await connection.sendRequest('subtract', { minuend: 42, subtrahend: 23 }) });

    await connection.sendNotification('update', [1, 2, 3, 4, 5]);
    print({ step: 'notification', sent: true });

    await expectError('unknownMethod', connection.sendRequest('no.such.method', 1));
    await expectError('invalidParams', connection.sendRequest('echo.reverse', 42));
    await expectError('applicationError', connection.sendRequest('users.get', '999'));

    const source = new rpc.CancellationTokenSource();
    const slow = connection.sendRequest('echo.delay', 'slow', 60000, source.token);
    setTimeout(() => source.cancel(), 300);
    await expectError('cancellation', slow);

    // A server stream through StreamJsonRpc's enumerator protocol, driven by hand: pull until a page says
    // finished (the producer frees the token itself then, so there is nothing to abort).
    const { token } = await connection.sendRequest('echo.repeat', 'hi', 3);
    const values = [];
    for (;;) {
        const page = await connection.sendRequest('$/enumerator/next', { token });
        values.push(...page.values);
        if (page.finished) break;
    }
    print({ step: 'stream', values });

    // A long server stream left early: two values, then StreamJsonRpc's $/enumerator/abort notification, and a
    // pull after the abort is refused (-32001, the token no longer exists).
    const long = await connection.sendRequest('echo.repeat', 'long', 10000);
    const early = [];
    for (let i = 0; i < 2; i++) {
        early.push(...(await connection.sendRequest('$/enumerator/next', { token: long.token })).values);
    }
    await connection.sendNotification('$/enumerator/abort', { token: long.token });
    print({ step: 'streamLeftEarly', values: early });
    await expectError('nextAfterAbort', connection.sendRequest('$/enumerator/next', { token: long.token }));

    print({ step: 'done' });
    connection.dispose();
    socket.end();
}

function runServer() {
    const server = net.createServer((socket) => {
        const connection = connect(socket);
        connection.onRequest('echo.reverse', (message) => {
            if (typeof message !== 'string') {
                throw new rpc.ResponseError(rpc.ErrorCodes.InvalidParams, 'message must be a string');
            }
            return [...message].reverse().join('');
        });
        connection.onRequest('echo.delay', (message, delayMs, token) => new Promise((resolve, reject) => {
            const timer = setTimeout(() => resolve(message), delayMs);
            token.onCancellationRequested(() => {
                clearTimeout(timer);
                print({ event: 'cancelled', method: 'echo.delay' });
                reject(new rpc.ResponseError(-32800, 'Request cancelled', { status: 'Cancelled' }));
            });
        }));
        connection.onRequest('users.get', (id) => {
            throw new rpc.ResponseError(-32005, `no user with id ${id}`, { status: 'NotFound' });
        });
        connection.onClose(() => socket.destroy());
        connection.listen();
    });
    server.listen(0, '127.0.0.1', () => print({ event: 'listening', port: server.address().port }));
    // The test closes stdin (or kills us) to stop the server.
    process.stdin.on('end', () => process.exit(0));
    process.stdin.resume();
}

const [mode, port] = process.argv.slice(2);
if (mode === 'client' && port) {
    runClient(Number(port)).catch((e) => { print({ step: 'failed', error: String(e?.stack ?? e) }); process.exit(1); });
} else if (mode === 'server') {
    runServer();
} else {
    process.stderr.write('usage: node jsonrpc-peer.mjs client PORT | server\n');
    process.exit(2);
}
