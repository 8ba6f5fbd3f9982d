// A full PaperRecord for tests, with only the fields a test cares about spelled out.
import type { PaperId } from '../../../src/shared/paper-id';
import { emptyRecord, type PaperRecord } from '../../../src/shared/record';

export function paper(id: string, fields: Partial<PaperRecord> = {}): PaperRecord {
  return { ...emptyRecord(id as PaperId, 1_700_000_000_000), ...fields };
}
