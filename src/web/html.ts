// Minimal HTML rendering: one layout, every interpolated value escaped.
export function h(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function layout(title: string, body: string, opts: { signedInAs?: string; csrf?: string } = {}): string {
  const who = opts.signedInAs
    ? `<form class="who" method="post" action="/logout"><span>Signed in as <b>${h(opts.signedInAs)}</b></span><input type="hidden" name="csrf" value="${h(opts.csrf)}"><button type="submit" class="link">Sign out</button></form>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${h(title)} · sts-bridge</title><link rel="stylesheet" href="/assets/style.css"></head>
<body><header><a class="brand" href="/">sts-bridge</a>${who}</header><main><h1>${h(title)}</h1>
${body}
</main></body></html>`;
}

export const STYLE = `
body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1b1f24;background:#f6f7f9}
header{display:flex;justify-content:space-between;align-items:center;padding:.75rem 1.5rem;background:#232f3e;color:#fff}
header a.brand{color:#fff;font-weight:700;text-decoration:none}.who{display:flex;gap:.75rem;align-items:center;margin:0}
main{max-width:52rem;margin:2rem auto;padding:0 1.5rem}
.card{background:#fff;border:1px solid #d5dbe1;border-radius:8px;padding:1.25rem;margin:1rem 0}
.button,button{display:inline-block;background:#ff9900;color:#111;border:0;border-radius:6px;padding:.6rem 1.1rem;font-weight:600;text-decoration:none;cursor:pointer;font-size:1rem}
button.secondary{background:#e9edf1}button.link{background:none;color:#fff;text-decoration:underline;padding:0}
.roles label.role{display:block;padding:.5rem;border-bottom:1px solid #eef1f4}.muted{color:#5f6b7a;font-size:.9rem}
pre{background:#0f1720;color:#e6edf3;padding:1rem;border-radius:6px;overflow-x:auto;font-size:.85rem}
.error{border-left:4px solid #d13212}.notice{border-left:4px solid #ff9900;background:#fff8ec;padding:.5rem .75rem}
.roles .muted,pre{overflow-wrap:anywhere}.actions{display:flex;gap:.75rem;margin-top:1rem;flex-wrap:wrap}
`;
