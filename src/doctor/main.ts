// `npm run doctor [config file]`: checks a configuration end to end and exits
// non-zero when something needs fixing.
import { loadConfig, DEFAULT_CONFIG_FILE } from '../config/load.js';
import { outboundFor } from '../net/outbound.js';
import { loadRules } from '../roles/load.js';
import { checkDiscovery, checkRoleAccounts, checkSigning, type Finding } from './checks.js';

async function main(): Promise<number> {
  const file = process.argv[2] ?? DEFAULT_CONFIG_FILE;
  const findings: Finding[] = [];
  try {
    const config = loadConfig(file);
    findings.push(...checkRoleAccounts(loadRules(config.rulesFile)));
    findings.push(...(await checkSigning(config, Date.now())));
    findings.push(...(await checkDiscovery(config, outboundFor(config).fetch)));
  } catch (e) {
    findings.push({ check: 'config', ok: false, message: (e as Error).message });
  }
  for (const f of findings) process.stdout.write(`${f.ok ? 'ok  ' : 'FAIL'} ${f.check}: ${f.message}\n`);
  return findings.every((f) => f.ok) ? 0 : 1;
}

main().then((code) => { process.exitCode = code; });
