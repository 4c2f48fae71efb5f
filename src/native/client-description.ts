// What the CLI says about itself ("sts-bridge CLI on build-01 (linux)"), shown
// on the approval pages so the person can tell which device is asking. It is
// unauthenticated: anyone can start a request with any text, so the pages
// label it as the device's own claim, and it is cut to one short plain line.

export const MAX_DESCRIPTION = 80;

/** A single printable line of at most MAX_DESCRIPTION characters, or undefined. */
export function clientDescription(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  // Controls and bidi overrides could reorder or hide what the page shows.
  const clean = raw.replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, ' ').replace(/\s+/g, ' ').trim().slice(0, MAX_DESCRIPTION).trim();
  return clean === '' ? undefined : clean;
}
