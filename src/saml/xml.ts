// Tiny, safe helpers to write XML text: every value is escaped.
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

export function isoInstant(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** SAML IDs must be NCNames: start with a letter or underscore. */
export function samlId(): string {
  return `_${crypto.randomUUID().replace(/-/g, '')}`;
}
