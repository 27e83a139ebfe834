/**
 * The "Classes" of each diff: after a diff arrives (a stop's, or the
 * command's), the adapter is asked for `snapshotSummary` of the newer
 * snapshot compared with the older one, and the rows go to the store (the
 * tree shows them under the diff).
 *
 * Adapters before issue 19 do not know the request: their "unknown
 * request" error means the session has no summaries, silently, and the
 * request is not sent again in that session. Other failures are logged
 * only: the diff itself is shown anyway.
 */

import { parseClassSummaries, SNAPSHOT_SUMMARY_REQUEST, type SnapshotSummaryArgs } from "./protocol";
import type { SnapshotTarget } from "./session";
import type { DiffAdded, SnapshotStore } from "./state";
import type { Disposable } from "./events";

/** How adapters word a request they do not implement. */
const UNSUPPORTED = /unknown|unrecognized|unsupported|not supported|not implemented/i;

export interface SummaryLog {
  info(message: string): void;
  warn(message: string): void;
}

export class ClassSummaries implements Disposable {
  /** Sessions whose adapter does not know `snapshotSummary`. */
  private readonly unsupported = new Set<string>();
  private readonly sub: Disposable;

  constructor(
    private readonly store: SnapshotStore,
    /** Where a session's requests go, if it can still be asked. */
    private readonly targetFor: (key: string) => SnapshotTarget | undefined,
    private readonly log: SummaryLog,
  ) {
    this.sub = store.onDidAddDiff((added) => {
      void this.fetch(added);
    });
  }

  /** Asks for the summary of one diff; resolves when it is stored or given up. */
  async fetch({ session, entry }: DiffAdded): Promise<void> {
    const key = session.key;
    if (this.unsupported.has(key)) return;
    const target = this.targetFor(key);
    if (!target) return;
    const args: SnapshotSummaryArgs = { snapshot: entry.body.to, baseline: entry.body.from };
    try {
      const rows = parseClassSummaries(await target.request(SNAPSHOT_SUMMARY_REQUEST, args));
      this.store.setDiffClasses(key, entry.seq, rows);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (UNSUPPORTED.test(message)) {
        this.unsupported.add(key);
        this.log.info(`the adapter has no ${SNAPSHOT_SUMMARY_REQUEST} (${message}): diffs are shown without classes`);
      } else {
        this.log.warn(`${SNAPSHOT_SUMMARY_REQUEST} for #${args.baseline ?? "?"} → #${args.snapshot} failed: ${message}`);
      }
    }
  }

  dispose(): void {
    this.sub.dispose();
  }
}
