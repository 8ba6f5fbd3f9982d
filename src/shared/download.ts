/**
 * Saves text as a file through a Blob and an `<a download>` click: no `downloads`
 * permission needed, and nothing leaves the computer.
 */
export function downloadText(filename: string, text: string, type: string): void {
  downloadBlob(filename, new Blob([text], { type }));
}

/** `2026-03-01`, in the user's own time zone (it names files the user will look for). */
export function dateStamp(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Saves a Blob (a backup built in parts) as a file. */
export function downloadBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoking at once can cancel the download in Chromium; a minute is plenty to start it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
