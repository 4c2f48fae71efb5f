// One pino logger for the process. Every secret-bearing field name is redacted
// here, in one place, so a careless log call cannot leak a credential.
import { pino, type Logger } from 'pino';

export const REDACT_PATHS = [
  'password', '*.password',
  'secretAccessKey', '*.secretAccessKey', 'SecretAccessKey', '*.SecretAccessKey',
  'sessionToken', '*.sessionToken', 'SessionToken', '*.SessionToken',
  'assertion', '*.assertion', 'SAMLResponse', '*.SAMLResponse', 'SAMLAssertion', '*.SAMLAssertion',
  'id_token', '*.id_token', 'idToken', '*.idToken', 'token', '*.token', 'access_token', '*.access_token',
  'code_verifier', '*.code_verifier', 'privateKey', '*.privateKey', 'keyPem', '*.keyPem',
  'SigninToken', '*.SigninToken', 'signinUrl', '*.signinUrl',
  'req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]',
];

let root: Logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
  redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  base: { service: 'sts-bridge' },
});

export function logger(component?: string): Logger {
  return component ? root.child({ component }) : root;
}

/** Tests swap the destination to collect every line the suite writes. */
export function setLogger(l: Logger): void {
  root = l;
}
