// How the CLI describes itself on the bridge's approval pages, so the person
// approving can tell which machine asks. Host name and OS only: nothing secret.
import { hostname } from 'node:os';

export const clientDescription = (): string => `sts-bridge CLI on ${hostname()} (${process.platform})`;
