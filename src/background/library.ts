/**
 * Library-wide reads and writes: the popup's views, queue order, tag management, counts.
 * Pure functions over record arrays, so the ordering rules are testable without a store.
 */
import type { ListView } from '../shared/messages';
import type { PaperId } from '../shared/paper-id';
import { hasUserState, inQueue, type PaperRecord } from '../shared/record';


export function byQueueOrder(a: PaperRecord, b: PaperRecord): number {
  return (a.queuePos ?? 0) - (b.queuePos ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function view(records: PaperRecord[], which: ListView): PaperRecord[] {
  switch (which) {
    case 'queue':
      return records.filter((r) => inQueue(r.status)).sort(byQueueOrder);
    case 'done':
      return records.filter((r) => r.status === 'done').sort((a, b) => b.stamps.status - a.stamps.status);
    case 'all':
      return records.filter(hasUserState).sort((a, b) => b.updatedAt - a.updatedAt);
  }
}

/**
 * New queue positions for moving `id` just before `beforeId` (null: to the end). Usually one
 * record changes (a midpoint between its new neighbours); when repeated moves have used up
 * the room between two neighbours, the whole queue is renumbered.
 */
export function planMove(queue: PaperRecord[], id: PaperId, beforeId: PaperId | null, now: number): Map<PaperId, number> {
  const rest = queue.filter((r) => r.id !== id);
  const index = beforeId === null ? rest.length : rest.findIndex((r) => r.id === beforeId);
  if (index < 0) return new Map();
  const prev = rest[index - 1]?.queuePos;
  const next = rest[index]?.queuePos;
  let pos: number;
  if (next === undefined || next === null) pos = Math.max((prev ?? 0) + 1, now);
  else if (prev === undefined || prev === null) pos = next - 1;
  else pos = prev + (next - prev) / 2;
  const roomy = pos !== prev && pos !== next && Number.isFinite(pos);
  if (roomy) return new Map([[id, pos]]);
  const moved = queue.find((r) => r.id === id)!;
  const order = [...rest.slice(0, index), moved, ...rest.slice(index)];
  return new Map(order.map((r, i) => [r.id, (i + 1) * 1024]));
}
