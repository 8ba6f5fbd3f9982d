import { afterEach, describe, expect, it, vi } from 'vitest';
import { NoteSaver } from '../../src/ui/note-saver';
import type { PaperId } from '../../src/shared/paper-id';

const ID = 'arxiv:2412.13795' as PaperId;

afterEach(() => {
  vi.useRealTimers();
});

describe('notes saved as they are typed', () => {
  it('sends the latest text once typing pauses, not every keystroke', async () => {
    vi.useFakeTimers();
    const save = vi.fn(async (_id: PaperId, _note: string) => true);
    const saver = new NoteSaver(save);
    saver.typed(ID, 'a');
    saver.typed(ID, 'ab');
    saver.typed(ID, 'abc');
    await vi.advanceTimersByTimeAsync(1000);
    expect(save.mock.calls).toEqual([[ID, 'abc']]);
  });

  it('keeps the text and sends it again when the background did not answer', async () => {
    vi.useFakeTimers();
    const save = vi.fn<(id: PaperId, note: string) => Promise<boolean>>().mockResolvedValueOnce(false).mockResolvedValue(true);
    const saver = new NoteSaver(save);
    saver.typed(ID, 'do not lose me');
    await saver.flush(ID);
    expect(save).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(5000);
    expect(save.mock.calls).toEqual([
      [ID, 'do not lose me'],
      [ID, 'do not lose me'],
    ]);
  });

  it('does not resend an old text over newer typing', async () => {
    vi.useFakeTimers();
    let fail = true;
    const save = vi.fn(async (_id: PaperId, _note: string) => !fail);
    const saver = new NoteSaver(save);
    saver.typed(ID, 'old');
    const first = saver.flush(ID);
    saver.typed(ID, 'new'); // typed while the first save was on its way
    await first;
    fail = false;
    await vi.advanceTimersByTimeAsync(5000);
    expect(save.mock.calls.at(-1)).toEqual([ID, 'new']);
    expect(save.mock.calls.filter(([, t]) => t === 'old')).toHaveLength(1);
  });

  it('sends what is pending when the page is hidden', async () => {
    const save = vi.fn(async (_id: PaperId, _note: string) => true);
    const saver = new NoteSaver(save);
    saver.typed(ID, 'closing the tab now');
    dispatchEvent(new Event('pagehide'));
    await Promise.resolve();
    expect(save).toHaveBeenCalledWith(ID, 'closing the tab now');
  });
});
