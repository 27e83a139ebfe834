/**
 * The "Classes" of each diff: after a diff arrives (a stop's, or the
 * command's), the adapter is asked for `snapshotSummary` of the newer
 * snapshot compared with the older one, and the rows go to the store (the
 * tree shows them under the diff). A snapshot's own classes (DevTools'
 * Summary view) are asked for when its node is expanded (`ofSnapshot`),
 * once per snapshot.
 *
 * Adapters before issue 19 do not know the request: their "unknown
 * request" error means the session has no summaries, silently, and the
 * request is not sent again in that session. Other failures are logged
 * only: the diff itself is shown anyway.
 */

import { parseClassSummaries, SNAPSHOT_SUMMARY_REQUEST, type ClassSummary, type SnapshotSummaryArgs } from "./protocol";
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
  /** Summaries of single snapshots, by `session key/snapshot id`; null: the adapter gave none. */
  private readonly snapshots = new Map<string, ClassSummary[] | null>();
  private readonly pending = new Map<string, Promise<void>>();
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
    const rows = await this.request(session.key, { snapshot: entry.body.to, baseline: entry.body.from });
    if (rows) this.store.setDiffClasses(session.key, entry.seq, rows);
  }

  /**
   * The classes of one snapshot of session `key` as far as known: the
   * rows, null when the adapter gave none, undefined when not asked yet.
   */
  snapshotClasses(key: string, id: number): ClassSummary[] | null | undefined {
    return this.snapshots.get(`${key}/${id}`);
  }

  /** Asks for the classes of one snapshot (once at a time); resolves when `snapshotClasses` knows. */
  loadSnapshotClasses(key: string, id: number): Promise<void> {
    const k = `${key}/${id}`;
    let p = this.pending.get(k);
    if (!p) {
      p = this.request(key, { snapshot: id }).then((rows) => {
        this.snapshots.set(k, rows ?? null);
        this.pending.delete(k);
      });
      this.pending.set(k, p);
    }
    return p;
  }

  /** Whether the session's adapter may know `snapshotSummary` (not yet refused it). */
  mayHaveSummaries(key: string): boolean {
    return !this.unsupported.has(key);
  }

  private async request(key: string, args: SnapshotSummaryArgs): Promise<ClassSummary[] | undefined> {
    if (this.unsupported.has(key)) return undefined;
    const target = this.targetFor(key);
    if (!target) return undefined;
    try {
      return parseClassSummaries(await target.request(SNAPSHOT_SUMMARY_REQUEST, args));
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (UNSUPPORTED.test(message)) {
        this.unsupported.add(key);
        this.log.info(`the adapter has no ${SNAPSHOT_SUMMARY_REQUEST} (${message}): diffs are shown without classes`);
      } else {
        const what = args.baseline === undefined ? `#${args.snapshot}` : `#${args.baseline} → #${args.snapshot}`;
        this.log.warn(`${SNAPSHOT_SUMMARY_REQUEST} for ${what} failed: ${message}`);
      }
      return undefined;
    }
  }

  dispose(): void {
    this.sub.dispose();
  }
}
