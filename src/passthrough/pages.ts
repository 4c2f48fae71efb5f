// Pages of the SAML pass-through endpoint. There is no bridge session here:
// the one-time handle in the form is what ties the choice to the verified assertion.
import type { Credentials } from '../aws/sts.js';
import { h, layout } from '../web/html.js';
import { credentialsCard } from '../web/pages.js';
import type { PendingPair } from './pending.js';

export function choosePage(action: string, handle: string, user: string, pairs: PendingPair[]): string {
  const items = pairs.map((p, i) => `<label class="role"><input type="radio" name="role" value="${h(p.roleArn)}"${i === 0 ? ' checked' : ''}> <b>${h(p.roleArn)}</b><br><span class="muted">via ${h(p.providerArn)}${p.maxSessionSec ? ` · up to ${p.maxSessionSec / 3600} h` : ''}</span></label>`).join('');
  return layout('Choose an AWS role', `<form method="post" class="card roles" action="${h(action)}">
<input type="hidden" name="handle" value="${h(handle)}">
<p>Signed in upstream as <b>${h(user)}</b>. Your identity provider's assertion is sent to AWS as it is, for the role you choose.</p>${items}
<p><label for="duration">Session length (seconds)</label> <input id="duration" name="duration" value="3600"></p>
<div class="actions"><button type="submit">Get credentials</button></div></form>`);
}

export function passThroughCredentialsPage(roleArn: string, c: Credentials, durationSec: number, region: string, durationNote?: string): string {
  return layout('Your AWS credentials', credentialsCard(roleArn, c, durationSec, region, durationNote));
}
