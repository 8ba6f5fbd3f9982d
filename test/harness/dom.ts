/**
 * A DOM for Node-side scripts (`npm run check-sites`, the end-to-end tests preparing pages):
 * happy-dom, with scripts, stylesheets and frames never loaded. The adapters expect a content
 * script's globals (`Node`, `Element`); they are set here when absent.
 */
import { Window } from 'happy-dom';

let window: Window | null = null;

function dom(): Window {
  if (!window) {
    window = new Window({
      settings: { disableJavaScriptFileLoading: true, disableCSSFileLoading: true, handleDisabledFileLoadingAsSuccess: true },
    });
    const g = globalThis as Record<string, unknown>;
    g.Node ??= window.Node;
    g.Element ??= window.Element;
  }
  return window;
}

/** A saved page as a Document the adapters can read. */
export function parsePage(html: string): Document {
  return new (dom().DOMParser)().parseFromString(html, 'text/html') as unknown as Document;
}

export async function closeDom(): Promise<void> {
  await window?.happyDOM.close();
  window = null;
}
