// `npm run sts -- --port <port> [--config <file>] [--trail <file>]`: serve local AWS on 127.0.0.1.
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { createLocalAws } from './index.js';

const { values } = parseArgs({
  options: { port: { type: 'string', default: '3002' }, config: { type: 'string', default: 'config/local-aws.yaml' }, trail: { type: 'string' } },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be an integer 0–65535, got ${values.port}`);
  process.exit(2);
}
try {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const addr = server.address();
  const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : port}`;
  const aws = await createLocalAws({ modelFile: values.config!, publicUrl: url, ...(values.trail ? { trailFile: values.trail } : {}) });
  server.on('request', aws.handler);
  console.log(`local AWS STS listening on ${url} (model ${values.config})`);
  const stop = (): void => void aws.close().finally(() => server.close(() => process.exit(0)));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (e) {
  console.error(`local AWS failed to start: ${(e as Error).message}`);
  process.exit(1);
}
