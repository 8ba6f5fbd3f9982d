/**
 * The sync soak's model: every edit either profile made, with which device made it and what
 * that device had surely seen at the time, so the end state is computed the CRDT way.
 *
 * "Seen" is known only as bounds, because the worker also syncs by itself (about 4 s after a
 * change, and on alarms) at moments the soak does not see:
 * - surely seen (`seen`): the device's own earlier edits, plus everything the other device had
 *   surely seen at its last successful `syncNow`, merged at this device's successful `syncNow`
 *   after that (a sync that completed while the server was up);
 * - possibly seen: every edit made before it (the soak runs edits one at a time).
 * An outcome the bounds leave open is accepted either way (both libraries must still agree);
 * every outcome they decide is checked.
 *
 * Only effective edits are kept: an edit that changed the device's record (its field stamp is
 * at least the call's start; a tag already on, a removal of a tag not there change nothing).
 * Sync derives a device's edits from its record at sync time, so a tag removed and added
 * again on one device between two syncs is no edit at all; the runner does not do that
 * before the device's next known sync (see `blocked`), and then per-edit and per-sync
 * semantics agree.
 */
import type { PaperRecord, Status } from '../../src/shared/record';

export type Device = 'A' | 'B';
export const DEVICES: Device[] = ['A', 'B'];
const other = (d: Device): Device => (d === 'A' ? 'B' : 'A');

interface Edit {
  n: number;
  dev: Device;
  paper: string;
  kind: 'add' | 'remove' | 'note' | 'status' | 'move';
  tag?: string;
  text?: string;
  status?: Status;
  /** What the device had surely seen (edit numbers), own earlier edits included. */
  seen: Set<number>;
  /** When it was made (the soak's clock, the browsers' too). */
  at: number;
}

export class SyncModel {
  private edits: Edit[] = [];
  private seen: Record<Device, Set<number>> = { A: new Set(), B: new Set() };
  /** What each device's file on the server surely holds (as of its last known sync). */
  private onServer: Record<Device, Set<number>> = { A: new Set(), B: new Set() };
  /** paper|tag removed on this device since its last known sync: not to be added back yet. */
  readonly blocked: Record<Device, Set<string>> = { A: new Set(), B: new Set() };
  readonly papers = new Set<string>();

  private push(e: Omit<Edit, 'n' | 'seen' | 'at'>): void {
    const n = this.edits.length;
    this.edits.push({ ...e, n, seen: new Set(this.seen[e.dev]), at: Date.now() });
    this.seen[e.dev].add(n);
    this.papers.add(e.paper);
    if (e.kind === 'remove') this.blocked[e.dev].add(`${e.paper}|${e.tag}`);
  }
  addTag(dev: Device, paper: string, tag: string): void {
    this.push({ dev, paper, kind: 'add', tag });
  }
  removeTag(dev: Device, paper: string, tag: string): void {
    this.push({ dev, paper, kind: 'remove', tag });
  }
  /** A note written and resolved (it replaces every version the device had). */
  setNote(dev: Device, paper: string, text: string): void {
    this.push({ dev, paper, kind: 'note', text });
  }
  setStatus(dev: Device, paper: string, status: Status): void {
    this.push({ dev, paper, kind: 'status', status });
  }
  /** A move: last-writer-wins with the status (the status the device had then). */
  move(dev: Device, paper: string, status: Status): void {
    this.push({ dev, paper, kind: 'move', status });
  }
  canAdd(dev: Device, paper: string, tag: string): boolean {
    return !this.blocked[dev].has(`${paper}|${tag}`);
  }
  /** A `syncNow` on `dev` that completed without error. */
  synced(dev: Device): void {
    for (const n of this.onServer[other(dev)]) this.seen[dev].add(n);
    this.onServer[dev] = new Set(this.seen[dev]);
    this.blocked[dev].clear();
  }
  get count(): number {
    return this.edits.length;
  }

  /** Differences between a library (records by id, the queue's order) and the model. */
  check(name: string, records: Map<string, PaperRecord>): { differences: string[]; notLatest: string[]; open: number } {
    const differences: string[] = [];
    const notLatest: string[] = [];
    let open = 0;
    const started = this.edits[0]?.at ?? 0;
    const byPaper = new Map<string, Edit[]>();
    for (const e of this.edits) {
      const list = byPaper.get(e.paper);
      if (list) list.push(e);
      else byPaper.set(e.paper, [e]);
    }
    for (const id of records.keys()) if (!byPaper.has(id)) differences.push(`${name} ${id}: in the library, never edited`);
    for (const [paper, edits] of byPaper) {
      const r = records.get(paper);
      const tags = new Set(r?.tags ?? []);
      // Tags: present iff some add was not seen by a later remove.
      const tagNames = new Set(edits.filter((e) => e.tag !== undefined).map((e) => e.tag!));
      for (const tag of tagNames) {
        const adds = edits.filter((e) => e.kind === 'add' && e.tag === tag);
        const removes = edits.filter((e) => e.kind === 'remove' && e.tag === tag);
        const mustOn = adds.some((a) => !removes.some((x) => x.n > a.n));
        const mustOff = adds.every((a) => removes.some((x) => x.seen.has(a.n)));
        if (mustOn && !tags.has(tag)) differences.push(`${name} ${paper}: tag ${tag} missing (added by ${adds.filter((a) => !removes.some((x) => x.n > a.n)).map((a) => `${a.dev}#${a.n}`).join(',')}, no removal after)`);
        else if (mustOff && tags.has(tag)) differences.push(`${name} ${paper}: tag ${tag} present, but every add was seen by a removal`);
        else if (!mustOn && !mustOff) open++;
      }
      for (const t of tags) if (!tagNames.has(t)) differences.push(`${name} ${paper}: tag ${t} never added`);
      // Note: the versions no later edit replaced.
      const notes = edits.filter((e) => e.kind === 'note');
      const texts = new Set([r?.note ?? '', ...(r?.noteConflicts ?? []).map((c) => c.text)].filter((t) => t !== ''));
      for (const v of notes) {
        const later = notes.filter((m) => m.n > v.n);
        const replaced = later.some((m) => m.seen.has(v.n));
        if (v.text === '') continue;
        if (later.length === 0 && !texts.has(v.text!)) differences.push(`${name} ${paper}: note version ${JSON.stringify(v.text)} (${v.dev}#${v.n}, the last) missing`);
        else if (replaced && texts.has(v.text!)) differences.push(`${name} ${paper}: note version ${JSON.stringify(v.text)} kept, but a later edit had seen it`);
        else if (!replaced && later.length) open++; // a later edit may have seen it, or not
      }
      const known = new Set(notes.map((v) => v.text));
      for (const t of texts) if (!known.has(t)) differences.push(`${name} ${paper}: note ${JSON.stringify(t)} never written`);
      // Status: one of the values written; the latest written one when stamps follow order.
      const writes = edits.filter((e) => e.kind === 'status' || e.kind === 'move');
      const status = r?.status ?? 'none';
      if (writes.length === 0) {
        if (status !== 'none') differences.push(`${name} ${paper}: status ${status}, never set`);
      } else {
        if (!writes.some((w) => w.status === status)) differences.push(`${name} ${paper}: status ${status}, never set (set: ${writes.map((w) => w.status).join(',')})`);
        const last = writes[writes.length - 1]!;
        if (last.status !== status) {
          const story = edits.filter((e) => e.n >= writes[Math.max(0, writes.length - 3)]!.n).map((e) => `${e.dev}#${e.n} ${e.kind} ${e.status ?? e.tag ?? JSON.stringify(e.text)} +${e.at}`);
          notLatest.push(`${name} ${paper}: status ${status}, the latest write was ${last.status} (${last.kind} ${last.dev}#${last.n}); edits since: ${story.join('; ')}`);
        }
      }
      const queued = status === 'queued' || status === 'reading';
      if (r && queued !== (r.queuePos !== null)) differences.push(`${name} ${paper}: status ${status} with queue place ${r.queuePos}`);
    }
    return { differences, notLatest, open };
  }
}

/** Field-by-field differences between the two libraries. */
export function compareLibraries(a: PaperRecord[], b: PaperRecord[], queueA: string[], queueB: string[]): string[] {
  const out: string[] = [];
  const view = (r: PaperRecord) =>
    JSON.stringify({
      tags: [...r.tags].sort(),
      note: r.note,
      conflicts: [...new Set((r.noteConflicts ?? []).map((c) => c.text))].sort(),
      status: r.status,
    });
  const mb = new Map(b.map((r) => [r.id, r]));
  const ma = new Map(a.map((r) => [r.id, r]));
  for (const r of a) {
    const s = mb.get(r.id);
    if (!s) out.push(`${r.id}: only on A ${view(r)}`);
    else if (view(r) !== view(s)) out.push(`${r.id}: A ${view(r)} ≠ B ${view(s)}`);
  }
  for (const r of b) if (!ma.has(r.id)) out.push(`${r.id}: only on B ${view(r)}`);
  if (queueA.join(' ') !== queueB.join(' ')) out.push(`queue order: A ${queueA.join(' ')} ≠ B ${queueB.join(' ')}`);
  return out;
}
