/**
 * What the library must hold after a soak: the soak applies each edit it makes to this
 * model too, then compares it with what Margin stored, edit for edit.
 */
import type { PaperRecord, Status } from '../../src/shared/record';

export interface ModelPaper {
  status: Status;
  tags: string[];
  note: string;
}

export class LibraryModel {
  readonly papers = new Map<string, ModelPaper>();
  readonly queue: string[] = [];

  get(id: string): ModelPaper {
    let p = this.papers.get(id);
    if (!p) {
      p = { status: 'none', tags: [], note: '' };
      this.papers.set(id, p);
    }
    return p;
  }

  setStatus(id: string, status: Status): void {
    const p = this.get(id);
    const inQueue = (s: Status) => s === 'queued' || s === 'reading';
    if (inQueue(status) && !inQueue(p.status)) this.queue.push(id);
    if (!inQueue(status) && inQueue(p.status)) this.queue.splice(this.queue.indexOf(id), 1);
    p.status = status;
  }

  addTag(id: string, tag: string): void {
    const p = this.get(id);
    if (!p.tags.includes(tag)) p.tags.push(tag);
  }

  removeTag(id: string, tag: string): void {
    const p = this.get(id);
    p.tags = p.tags.filter((t) => t !== tag);
  }

  setNote(id: string, note: string): void {
    this.get(id).note = note;
  }

  move(id: string, beforeId: string | null): void {
    this.queue.splice(this.queue.indexOf(id), 1);
    if (beforeId === null) this.queue.push(id);
    else this.queue.splice(this.queue.indexOf(beforeId), 0, id);
  }

  /** Differences between the model and the stored records, as readable lines (none: equal). */
  diff(records: PaperRecord[], storedQueue: string[]): string[] {
    const out: string[] = [];
    const byId = new Map<string, PaperRecord>();
    for (const r of records) {
      if (byId.has(r.id)) out.push(`${r.id}: stored twice`);
      byId.set(r.id, r);
    }
    for (const [id, p] of this.papers) {
      const r = byId.get(id);
      const want = JSON.stringify(p);
      const got = r ? JSON.stringify({ status: r.status, tags: r.tags, note: r.note }) : JSON.stringify({ status: 'none', tags: [], note: '' });
      if (want !== got) out.push(`${id}: expected ${want}, stored ${got}`);
    }
    for (const r of records) {
      if (!this.papers.has(r.id) && (r.status !== 'none' || r.tags.length || r.note)) out.push(`${r.id}: stored state nobody asked for`);
    }
    if (JSON.stringify(storedQueue) !== JSON.stringify(this.queue)) {
      out.push(`queue: expected ${JSON.stringify(this.queue)}, stored ${JSON.stringify(storedQueue)}`);
    }
    return out;
  }
}
