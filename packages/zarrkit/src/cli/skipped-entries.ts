/**
 * A zip may hold entries whose names are no safe store key ("../x"): ZipStore leaves
 * them out (they could never be read) and the commands that walk a hierarchy say so
 * on stderr, instead of aborting over one bad name.
 */
import type { Store } from "@zarrkit/core";
import { ZipStore } from "@zarrkit/storage";

/** Writes one warning listing the entries `store` skipped, if it is a zip that skipped any. */
export async function warnSkippedEntries(store: Store, write: (text: string) => void) {
  if (!(store instanceof ZipStore)) return;
  const skipped = await store.skippedEntries();
  if (skipped.length === 0) return;
  const names = skipped.map((name) => JSON.stringify(name)).join(", ");
  const s = skipped.length === 1 ? "y" : "ies";
  write(
    `zarrkit: warning: skipped ${skipped.length} zip entr${s} whose name is no safe key: ${names}\n`,
  );
}
