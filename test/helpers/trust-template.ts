// Fills a trust-policy template from config/trust-policies/ the way
// Terraform's templatefile() and CloudFormation's !Sub do (${Name}), for
// loading it into the local STS as an inline document.
import { readFileSync } from 'node:fs';

export function fillTemplate(file: string, vars: Record<string, string>): Record<string, unknown> {
  const text = readFileSync(file, 'utf8').replace(/\$\{(\w+)\}/g, (m, k: string) => {
    if (vars[k] === undefined) throw new Error(`${file}: no value for ${m}`);
    return vars[k];
  });
  return JSON.parse(text) as Record<string, unknown>;
}
