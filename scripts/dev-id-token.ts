// Development helper: signs a demo user in at the embedded OIDC provider (as
// a mobile app would, code flow with PKCE) and prints the ID token, so the
// token-exchange API can be tried with curl. Usage:
//   npm run dev:id-token -- alice [http://localhost:3001/oidc]
import { realIdToken } from '../test/helpers/id-token.js';

const [user = 'alice', issuer = `http://localhost:${process.env.DEV_IDP_PORT ?? 3001}/oidc`] = process.argv.slice(2);
realIdToken(issuer, user).then(
  (t) => process.stdout.write(`${t}\n`),
  (e: unknown) => { process.stderr.write(`dev-id-token: ${(e as Error).message} (is \`npm start\` running?)\n`); process.exit(1); },
);
