// Shared by the sharing, embed, offline and security browser tests.
import { encodeSnapshot } from '../../src/lib/share/snapshot-codec.ts';
import type { Snapshot } from '../../src/lib/share/snapshot-types.ts';
import { testSnapshot } from '../../src/lib/share/test-snapshot.ts';
export { BUILT_APP_DIR } from './browser.ts';

export async function snapshotToken(snapshot: Snapshot = testSnapshot()): Promise<string> {
  return encodeSnapshot(snapshot);
}

/** The token with one character in its middle changed: what a mangled copy-paste looks like. */
export function tamper(token: string): string {
  const at = Math.floor(token.length / 2);
  return token.slice(0, at) + (token[at] === 'A' ? 'B' : 'A') + token.slice(at + 1);
}
