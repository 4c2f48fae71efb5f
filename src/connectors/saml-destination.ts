// The Destination attribute of a SAML Response (optional when unsigned, so
// absent means "not stated"); the bridge's ACS and the pass-through endpoint
// each compare it with what they expect.
import { DOMParser } from '@xmldom/xmldom';

export function destinationOf(responseXml: string): string | undefined {
  return new DOMParser({ onError: () => undefined }).parseFromString(responseXml, 'text/xml').documentElement?.getAttribute('Destination') || undefined;
}
