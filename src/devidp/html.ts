// The one login page both dev IdPs share, plus the SAML auto-POST page and an
// error page. Plain HTML forms: usable by curl-style clients and by browsers
// without JavaScript. Every interpolated value goes through esc().
import type { Response } from 'express';

export function esc(s: string): string {
  return s.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${esc(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem}
.banner{background:#fff3cd;border:1px solid #e0b400;padding:.6rem;border-radius:4px}
.error{color:#a00;font-weight:600}label{display:block;margin:.6rem 0}input{width:100%;padding:.4rem}</style>
</head><body>
${body}
</body></html>`;
}

export interface LoginFormArgs {
  title: string;
  action: string;
  usernames: readonly string[];
  hidden?: Record<string, string>;
  username?: string;
  error?: string;
}

/** The login form. The password is never echoed back, only the username. */
export function loginPage(a: LoginFormArgs): string {
  const hidden = Object.entries(a.hidden ?? {})
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join('\n');
  const err = a.error ? `<p class="error" role="alert">${esc(a.error)}</p>` : '';
  return page(a.title, `<p class="banner"><strong>development IdP — demo users only</strong><br>
Demo users: ${a.usernames.map((u) => `<code>${esc(u)}</code>`).join(', ')}</p>
<h1>${esc(a.title)}</h1>
${err}
<form method="post" action="${esc(a.action)}">
${hidden}
<label>Username <input name="username" autocomplete="username" required autofocus value="${esc(a.username ?? '')}"></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button>
</form>`);
}

/** SAML HTTP-POST binding: auto-submits when scripts run; a Continue button otherwise. */
export function autoPostPage(action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join('\n');
  return page('Continue', `<p class="banner"><strong>development IdP — demo users only</strong></p>
<form id="samlpost" method="post" action="${esc(action)}">
${inputs}
<noscript><p>Scripts are off: press Continue.</p></noscript>
<button type="submit">Continue</button>
</form>
<script>document.getElementById('samlpost').submit()</script>`);
}

export function sendPage(res: Response, status: number, html: string): void {
  res.status(status).set({
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Frame-Options': 'DENY',
  }).send(html);
}

export function sendError(res: Response, status: number, message: string, heading = 'Sign-in failed'): void {
  sendPage(res, status, page('Error', `<p class="banner"><strong>development IdP — demo users only</strong></p>
<h1>${esc(heading)}</h1><p class="error">${esc(message)}</p>`));
}
