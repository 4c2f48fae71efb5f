// Pages for the CLI's browser steps: approve a loopback sign-in, enter and
// approve a device code. Every state change is a CSRF-protected POST. Both
// pages say plainly that the requester is the sts-bridge CLI, and show the
// client's own (unverified) description when it sent one.
import { h, layout } from '../web/html.js';
import type { Session } from '../web/pages.js';

/** The client's description, labelled as its own claim: anyone can send any text. */
function clientLine(client: string | undefined, where: string): string {
  return client ? `<p>The ${where} describes itself as <b>${h(client)}</b> <span class="muted">(as reported by the ${where}; not verified)</span>.</p>` : '';
}

export function authorizePage(s: Session, fields: Record<string, string>, client?: string): string {
  const hidden = Object.entries(fields).map(([k, v]) => `<input type="hidden" name="${h(k)}" value="${h(v)}">`).join('');
  return layout('Sign in the sts-bridge CLI', `<form method="post" action="/native/authorize" class="card">
<input type="hidden" name="csrf" value="${h(s.csrf)}">${hidden}
<p>You are approving the <b>sts-bridge command line (CLI)</b> on this computer. It asks to act as <b>${h(s.user)}</b>: list your AWS roles and get credentials for them, until your bridge session ends.</p>
${clientLine(client, 'command line')}
<p class="muted">Only continue if you just ran <code>sts-bridge login</code>.</p>
<div class="actions"><button type="submit">Allow</button></div></form>`, { signedInAs: s.user, csrf: s.csrf });
}

/**
 * One form, one code field, two submit buttons: the button pressed sends
 * `decision`, so whichever is clicked uses the code typed in the one field.
 * Approve comes first so that Enter in the field approves.
 */
export function devicePage(s: Session, userCode: string, client?: string): string {
  return layout('Approve the sts-bridge CLI on a device', `<form method="post" action="/device" class="card">
<input type="hidden" name="csrf" value="${h(s.csrf)}">
<p>You are approving the <b>sts-bridge command line (CLI)</b> on a device, usually another computer or a server where someone ran <code>sts-bridge login --no-browser</code>. Approving lets it act as <b>${h(s.user)}</b>: list your AWS roles and get credentials for them, until your bridge session ends.</p>
${clientLine(client, 'device')}
<p><label for="user_code">Code shown in the terminal</label>
<input id="user_code" name="user_code" value="${h(userCode)}" autocomplete="off" autocapitalize="characters" spellcheck="false" required></p>
<p class="muted">Only approve a code you started yourself and that matches your terminal; deny it otherwise.</p>
<div class="actions"><button type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="deny" class="secondary" formnovalidate>Deny</button></div></form>`, { signedInAs: s.user, csrf: s.csrf });
}

export function deviceDonePage(s: Session, approved: boolean): string {
  return layout(approved ? 'Device approved' : 'Device denied', `<div class="card"><p>${approved
    ? 'You can go back to your terminal: the sts-bridge CLI there is signed in now.'
    : 'The request was denied. Nothing was signed in.'}</p></div>`, { signedInAs: s.user, csrf: s.csrf });
}
