/**
 * The popup's one polite live region: what a key did to a paper ("Marked done: <title>"),
 * for a screen reader user whose focus has moved on to the next row, and as a quiet line
 * for everyone else. Each message is a new node, so saying the same thing twice is heard twice.
 */
import { useCallback, useState } from 'preact/hooks';

export interface Announcement {
  text: string;
  seq: number;
}

export function useAnnouncer(): [Announcement, (text: string) => void] {
  const [said, setSaid] = useState<Announcement>({ text: '', seq: 0 });
  const announce = useCallback((text: string) => setSaid((s) => ({ text, seq: s.seq + 1 })), []);
  return [said, announce];
}

export function Announcer({ said }: { said: Announcement }) {
  return (
    <p class="announce m-status" role="status">
      {said.text && <span key={said.seq}>{said.text}</span>}
    </p>
  );
}
