import { afterEach, describe, expect, it, vi } from 'vitest';
import { call, MarginError } from '../../src/shared/messages';
import { fakeBrowser } from './fake-browser';

const original = fakeBrowser.runtime.sendMessage;
afterEach(() => {
  fakeBrowser.runtime.sendMessage = original;
  vi.useRealTimers();
});

describe('call(): a worker that stops mid-call', () => {
  it('asks again after no answer or a closed port, and returns the answer', async () => {
    const answers: Array<() => Promise<unknown>> = [
      async () => undefined, // stopped while handling the call
      async () => {
        throw new Error('The message port closed before a response was received.');
      },
      async () => ({ ok: true, value: ['found'] }),
    ];
    const send = vi.fn(async () => answers.shift()!());
    fakeBrowser.runtime.sendMessage = send as unknown as typeof fakeBrowser.runtime.sendMessage;
    await expect(call('lookup', { ids: [] })).resolves.toEqual(['found']);
    expect(send).toHaveBeenCalledTimes(3);
  });

  it('gives up with a clear message when the background never answers', async () => {
    vi.useFakeTimers();
    fakeBrowser.runtime.sendMessage = (async () => undefined) as unknown as typeof fakeBrowser.runtime.sendMessage;
    const result = call('lookup', { ids: [] }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(20_000);
    const err = await result;
    expect(err).toBeInstanceOf(MarginError);
    expect((err as MarginError).message).toMatch(/background is not answering \(no answer\)/);
  });

  it('does not retry a refusal', async () => {
    const send = vi.fn(async () => ({ ok: false, error: { code: 'bad-request', message: 'The note is too long.' } }));
    fakeBrowser.runtime.sendMessage = send as unknown as typeof fakeBrowser.runtime.sendMessage;
    await expect(call('lookup', { ids: [] })).rejects.toThrow('The note is too long.');
    expect(send).toHaveBeenCalledTimes(1);
  });
});
