// `npm run sts -- --port <port> [--config <file>] [--trail <file>]`: serve local AWS on 127.0.0.1.
// Every way it can fail to start is one line on stderr and exit 1, never a stack trace.
import { createServer, type Server } from 'node:http';
import { parseArgs } from 'node:util';
import { createLocalAws } from './index.js';

const USAGE = `Usage: npm run sts -- [--port PORT] [--config FILE] [--trail FILE]

Serves the local AWS STS on http://127.0.0.1:PORT.
  --port PORT     TCP port on 127.0.0.1 (default 3002; 0 picks a free one)
  --config FILE   the local AWS model (default config/local-aws.yaml)
  --trail FILE    append every STS call to this JSON-lines file
  -h, --help      print this and exit`;

/** A start-up failure the person can fix: printed as one line, exit 1. */
class StartError extends Error {
  override readonly name = 'StartError';
  constructor(message: string, readonly showUsage = false) { super(message); }
}

function args(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        port: { type: 'string', default: '3002' }, config: { type: 'string', default: 'config/local-aws.yaml' },
        trail: { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
      strict: true, allowPositionals: false,
    }).values;
  } catch (e) {
    // parseArgs' messages name the option; its stack trace would only add noise.
    throw new StartError((e as Error).message.split('\n')[0]!, true);
  }
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(
      e.code === 'EADDRINUSE' ? new StartError(`port ${port} on 127.0.0.1 is already in use: stop what holds it or pass another --port.`)
        : e.code === 'EACCES' ? new StartError(`not allowed to listen on port ${port} (ports below 1024 need privileges): pass another --port.`)
          : new StartError(`could not listen on 127.0.0.1:${port}: ${e.message}`),
    ));
    server.listen(port, '127.0.0.1', resolve);
  });
}

async function main(argv: string[]): Promise<void> {
  const values = args(argv);
  if (values.help) { process.stdout.write(`${USAGE}\n`); return; }
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port ?? '') || port > 65535) throw new StartError(`--port must be an integer 0–65535, got ${values.port}`, true);
  const server = createServer();
  await listen(server, port);
  const addr = server.address();
  const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : port}`;
  let aws;
  try {
    aws = await createLocalAws({ modelFile: values.config!, publicUrl: url, ...(values.trail ? { trailFile: values.trail } : {}) });
  } catch (e) {
    server.close();
    throw new StartError(`could not load ${values.config}: ${(e as Error).message}`);
  }
  server.on('request', aws.handler);
  console.log(`local AWS STS listening on ${url} (model ${values.config})`);
  const stop = (): void => void aws.close().finally(() => server.close(() => process.exit(0)));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  if (e instanceof StartError) {
    process.stderr.write(`local AWS STS: ${e.message}\n${e.showUsage ? `\n${USAGE}\n` : ''}`);
  } else {
    process.stderr.write(`local AWS STS failed to start: ${(e as Error)?.message ?? String(e)}\n`);
  }
  process.exitCode = 1;
});
