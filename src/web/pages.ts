// The bridge's pages. Each takes plain data and returns HTML.
import type { Credentials } from '../aws/sts.js';
import type { GrantedRole } from '../roles/map.js';
import { credentialsJson } from './credentials-json.js';
import { humanDuration } from '../aws/duration.js';
import { h, layout } from './html.js';

export interface Session { user: string; csrf: string }

export function loginPage(idps: Array<{ id: string; type: string; displayName: string }>): string {
  const buttons = idps.map((i) => `<p><a class="button" href="/login/${h(i.id)}">Sign in with ${i.type === 'saml' ? 'SAML' : 'OIDC'}</a> <span class="muted">${h(i.displayName)}</span></p>`).join('');
  return layout('Sign in to AWS', `<div class="card"><p>Choose how to sign in. You will then pick an AWS role.</p>${buttons}</div>`);
}

const DURATIONS = [900, 3600, 4 * 3600, 8 * 3600, 12 * 3600];

function roleLabel(r: GrantedRole): string {
  return `${r.accountAlias ? `${r.accountAlias} (${r.accountId})` : r.accountId} · ${r.name}`;
}

export function rolesPage(s: Session, roles: GrantedRole[]): string {
  const items = roles.map((r, i) => `<label class="role"><input type="radio" name="role" value="${h(r.arn)}"${i === 0 ? ' checked' : ''}> <b>${h(roleLabel(r))}</b><br><span class="muted">${h(r.arn)}${r.maxSessionSec ? ` · up to ${r.maxSessionSec / 3600} h` : ''}</span></label>`).join('');
  const durations = DURATIONS.map((d) => `<option value="${d}"${d === 3600 ? ' selected' : ''}>${d < 3600 ? `${d / 60} minutes` : `${d / 3600} hour${d > 3600 ? 's' : ''}`}</option>`).join('');
  return layout('Choose an AWS role', `<form method="post" class="card roles">
<input type="hidden" name="csrf" value="${h(s.csrf)}">${items}
<p><label for="duration">Session length</label> <select id="duration" name="duration">${durations}</select>
<span class="muted">(capped at the role's maximum)</span></p>
<div class="actions"><button type="submit" formaction="/credentials">Get credentials</button>
<button type="submit" class="secondary" formaction="/console">Open AWS console</button></div></form>`, { signedInAs: s.user, csrf: s.csrf });
}

export function noRolesPage(s: Session): string {
  return layout('No AWS roles', `<div class="card error"><p><b>No AWS roles are mapped to your account.</b></p>
<p>Your sign-in worked, but none of your groups grants an AWS role. Ask your AWS administrator to add you to a group that the bridge maps to a role.</p></div>`, { signedInAs: s.user, csrf: s.csrf });
}

/** The credentials as shell exports and JSON: one rendering for every page that shows them. */
export function credentialsCard(roleLabel: string, c: Credentials, durationSec: number, region: string, durationNote?: string, footer = ''): string {
  const json = JSON.stringify({ Version: 1, ...credentialsJson(c) }, null, 2);
  const exports = [
    `export AWS_ACCESS_KEY_ID='${c.accessKeyId}'`,
    `export AWS_SECRET_ACCESS_KEY='${c.secretAccessKey}'`,
    `export AWS_SESSION_TOKEN='${c.sessionToken}'`,
    `export AWS_DEFAULT_REGION='${region}'`,
  ].join('\n');
  return `<div class="card"><p>Role <b>${h(roleLabel)}</b>, valid for ${h(humanDuration(durationSec))}, until <b>${h(c.expiration.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC'))}</b>.</p>
${durationNote ? `<p class="notice" id="duration-note">Shorter than you asked: ${h(durationNote)}</p>\n` : ''}<p class="muted">These are secrets: do not paste them into chat or tickets. This page is not cached.</p>
<h2>Shell</h2><pre id="exports">${h(exports)}</pre>
<h2>JSON</h2><pre id="json">${h(json)}</pre>${footer}</div>`;
}

export function credentialsPage(s: Session, role: GrantedRole, c: Credentials, durationSec: number, region: string, durationNote?: string): string {
  return layout('Your AWS credentials', credentialsCard(roleLabel(role), c, durationSec, region, durationNote, '\n<p><a href="/roles">Back to roles</a></p>'), { signedInAs: s.user, csrf: s.csrf });
}

export function errorPage(title: string, message: string, correlationId: string, s?: Session): string {
  return layout(title, `<div class="card error"><p>${h(message)}</p>
<p class="muted">Reference: <code>${h(correlationId)}</code>. If you ask your administrator for help, give them this reference.</p>
<p><a href="/">Start again</a></p></div>`, s ? { signedInAs: s.user, csrf: s.csrf } : {});
}
