// Pages for the CLI's browser steps: approve a loopback sign-in, enter and
// approve a device code. Every state change is a CSRF-protected POST.
import { h, layout } from '../web/html.js';
import type { Session } from '../web/pages.js';

export function authorizePage(s: Session, fields: Record<string, string>): string {
  const hidden = Object.entries(fields).map(([k, v]) => `<input type="hidden" name="${h(k)}" value="${h(v)}">`).join('');
  return layout('Sign in the command line', `<form method="post" action="/native/authorize" class="card">
<input type="hidden" name="csrf" value="${h(s.csrf)}">${hidden}
<p>The <b>sts-bridge</b> command line on this computer asks to act as <b>${h(s.user)}</b>: list your AWS roles and get credentials for them, until your bridge session ends.</p>
<p class="muted">Only continue if you just ran <code>sts-bridge login</code>.</p>
<div class="actions"><button type="submit">Allow</button></div></form>`, { signedInAs: s.user, csrf: s.csrf });
}

export function devicePage(s: Session, userCode: string): string {
  const form = (decision: string, label: string, cls = '') => `<form method="post" action="/device" class="card">
<input type="hidden" name="csrf" value="${h(s.csrf)}"><input type="hidden" name="decision" value="${decision}">
<p><label for="user_code-${decision}">Code shown in your terminal</label>
<input id="user_code-${decision}" name="user_code" value="${h(userCode)}" autocomplete="off" autocapitalize="characters"></p>
<button type="submit"${cls}>${label}</button></form>`;
  return layout('Approve a device', `<p>Approving lets the <b>sts-bridge</b> command line on that device act as <b>${h(s.user)}</b> until your bridge session ends.</p>
${form('approve', 'Approve')}${form('deny', 'Deny', ' class="secondary"')}`, { signedInAs: s.user, csrf: s.csrf });
}

export function deviceDonePage(s: Session, approved: boolean): string {
  return layout(approved ? 'Device approved' : 'Device denied', `<div class="card"><p>${approved
    ? 'You can go back to your terminal: it is signed in now.'
    : 'The request was denied. Nothing was signed in.'}</p></div>`, { signedInAs: s.user, csrf: s.csrf });
}
