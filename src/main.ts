// `npm start`: load the config, start the stack, say where everything is.
import { loadConfig } from './config/load.js';
import { isBridgeError } from './errors.js';
import { startStack, type Stack } from './stack.js';

function banner(s: Stack, mode: string): string {
  const lines = [
    '',
    `sts-bridge is running (${mode} mode)`,
    `  Sign in:                 ${s.bridgeUrl}/`,
    `  Token exchange API:      POST ${s.bridgeUrl}/api/v1/credentials`,
    `  AWS-facing IdP metadata: ${s.bridgeUrl}/metadata/aws-idp.xml   (aws iam create-saml-provider)`,
    ...s.context.idps.filter((i) => i.spMetadata).map((i) => `  ${`SP metadata (${i.config.id}):`.padEnd(25)}${s.bridgeUrl}/metadata/sp/${i.config.id}.xml`),
  ];
  if (s.devIdp) {
    lines.push(
      '',
      'Embedded development services (never for production):',
      `  Dev OIDC provider:       ${s.devIdp.oidcIssuer}`,
      `  Dev SAML IdP:            ${s.devIdp.saml.metadataUrl}`,
      `  Local STS endpoint:      ${s.awsUrl}/   (aws --endpoint-url ${s.awsUrl} sts ...)`,
      `  Local console sign-in:   ${s.awsUrl}/federation`,
      '',
      'Demo users (username / password / groups):',
      ...s.devIdp.users.map((u) => `  ${u.username.padEnd(8)} ${u.password.padEnd(22)} ${u.groups.join(', ') || '(none)'}`),
    );
  }
  return lines.join('\n') + '\n';
}

async function main(): Promise<void> {
  const config = loadConfig();
  const stack = await startStack(config);
  process.stdout.write(banner(stack, config.mode));
  const stop = () => { stack.close().finally(() => process.exit(0)); };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  if (isBridgeError(e) && e.code === 'config_invalid') {
    process.stderr.write(`sts-bridge: configuration problem, not starting:\n${e.message}\n`);
  } else if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    const port = (e as { port?: number }).port ?? 3000;
    const next = (Math.floor(port / 100) + 1) * 100; // the next block of a hundred, past the taken one
    process.stderr.write(`sts-bridge: port ${port} is already in use. Choose free ports with PORT (bridge), DEV_IDP_PORT (dev IdPs) and LOCAL_AWS_PORT (local STS), e.g. PORT=${next} DEV_IDP_PORT=${next + 1} LOCAL_AWS_PORT=${next + 2} npm start\n`);
  } else {
    process.stderr.write(`sts-bridge: failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  }
  process.exit(1);
});
