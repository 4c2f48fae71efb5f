// Session tags and SourceIdentity, taken from claims, sent on every path to STS.
import { z } from 'zod';

const tag = z.strictObject({
  /** The tag key AWS sees (`aws:PrincipalTag/<key>`); no `aws:` prefix. */
  key: z.string().regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u).refine((k) => !/^aws:/i.test(k), 'no aws: prefix'),
  /** Identity field (`email`, `username`, `subject`, `idp`) or claim name / dotted path. */
  claim: z.string().min(1),
  /** Passed on to chained sessions (sts:TransitiveTagKeys). */
  transitive: z.boolean().default(false),
});

export const sessionSettings = z.strictObject({
  tags: z.array(tag).max(50).default([]),
  /** Where SourceIdentity comes from; `none` to send none. */
  sourceIdentity: z.string().min(1).default('username'),
});
export type SessionSettings = z.output<typeof sessionSettings>;
