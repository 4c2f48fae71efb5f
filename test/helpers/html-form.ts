// Reads the first <form> of an HTML page the way a no-JS browser submits it:
// action (resolved against the page URL), method and named input values.
export interface ParsedForm {
  action: string;
  method: string;
  fields: Record<string, string>;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1]?.toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag);
  return m ? decodeEntities(m[1] ?? '') : undefined;
}

export function parseForm(html: string, pageUrl: string): ParsedForm {
  const form = /<form\b[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) throw new Error('no <form> in page');
  const open = /<form\b[^>]*>/i.exec(form[0])?.[0] ?? '';
  const fields: Record<string, string> = {};
  for (const m of form[1]?.matchAll(/<input\b[^>]*>/gi) ?? []) {
    const name = attr(m[0], 'name');
    if (name) fields[name] = attr(m[0], 'value') ?? '';
  }
  return {
    action: new URL(attr(open, 'action') ?? '', pageUrl).href,
    method: (attr(open, 'method') ?? 'get').toUpperCase(),
    fields,
  };
}
