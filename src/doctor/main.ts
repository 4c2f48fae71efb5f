// `npm run doctor [config file]`: checks a configuration end to end and exits
// non-zero when something needs fixing.
import { loadConfig, DEFAULT_CONFIG_FILE } from '../config/load.js';
import { outboundFor } from '../net/outbound.js';
import { loadRules } from '../roles/load.js';
import { checkDiscovery, checkRoleAccounts, checkSigning, type Finding } from './checks.js';
import { checkEndToEnd } from './end-to-end.js';

async function main(): Promise<number> {
  const file = process.argv[2] ?? DEFAULT_CONFIG_FILE;
  const findings: Finding[] = [];
  let close = async () => {};
  try {
    const config = loadConfig(file);
    close = () => outboundFor(config).close();
    const rules = loadRules(config.rulesFile);
    findings.push(...checkRoleAccounts(rules));
    findings.push(...(await checkSigning(config, Date.now())));
    findings.push(...(await checkDiscovery(config, outboundFor(config).fetch)));
    findings.push(...(await checkEndToEnd(config, rules, outboundFor(config).fetch)));
  } catch (e) {
    findings.push({ check: 'config', ok: false, message: (e as Error).message });
  } finally {
    await close();
  }
  for (const f of findings) process.stdout.write(`${f.ok ? 'ok  ' : 'FAIL'} ${f.check}: ${f.message}\n`);
  return findings.every((f) => f.ok) ? 0 : 1;
}

main().then((code) => { process.exitCode = code; });
