/**
 * The rules section's setting: fifty rules of the kinds people write (followed authors,
 * phrases, categories, exclusions, a few regular expressions) and a library whose authors
 * appear on the generated listing (the "in your library" signal).
 */
import type { Session } from '../harness/chromium';
import { callIn } from '../harness/pages';
import { extensionPage, seedLibrary } from './library';

/**
 * Fifty rules of the kinds people write (followed authors, phrases, categories, exclusions,
 * a few regular expressions) on the 2000-entry listing, with a library whose authors appear
 * on it (the "in your library" signal): "annotated" now ends when every entry is marked.
 */
export function benchRules(): Array<{ name: string; query: string; action: string; color?: string }> {
  const first = ['Ada', 'Théo', 'Mei', 'Jonas', 'Priya', 'Kwame', 'Lucía', 'Sven', 'Yuki', 'Omar'];
  const last = ['Andrieux', 'Okafor', 'Nakamura', 'Lindqvist', 'Sharma', 'García', 'Kowalski', 'Haddad', 'Byrne', 'Zhou'];
  const words = ['attention', 'galerkin', 'consensus', 'graph networks', 'sampling', 'retrieval', 'protein folding', 'edge devices', 'fluid dynamics', 'code review'];
  const rules: Array<{ name: string; query: string; action: string; color?: string }> = [];
  for (let i = 0; i < 20; i++) rules.push({ name: `Author ${i}`, query: `author:"${first[i % 10]![0]}. ${last[(i * 3) % 10]}"`, action: 'highlight', color: 'yellow' });
  for (let i = 0; i < 10; i++) rules.push({ name: `Topic ${i}`, query: `"${words[i]}" -cat:cs.CV`, action: 'highlight', color: 'blue' });
  for (let i = 0; i < 10; i++) rules.push({ name: `Category ${i}`, query: `cat:${['math', 'hep-*', 'q-bio.*', 'physics.*', 'eess.SP'][i % 5]} -author:zhou`, action: i % 2 ? 'dim' : 'hide' });
  for (let i = 0; i < 5; i++) rules.push({ name: `Either ${i}`, query: `(sparse OR spectral) ${words[i]} OR abstract:"our method"`, action: 'highlight', color: 'green' });
  for (let i = 0; i < 5; i++) rules.push({ name: `Regex ${i}`, query: `title:/\\b(${words[i]!.split(' ')[0]}|llms?)\\b/`, action: 'dim' });
  return rules;
}

/** Seeds the library, with papers by some of the listing's authors (spelt the other way round). */
export async function prepareLibrary(session: Session, libraryPapers: number): Promise<void> {
  await seedLibrary(session, libraryPapers, 200);
  const page = await extensionPage(session);
  await callIn(page, 'importPapers', {
    papers: ['Okafor, K.', 'Nakamura, M.', 'García, L.'].map((a, i) => ({ id: `arxiv:2501.0010${i}`, title: `Mine ${i}`, authors: [a], tags: ['mine'], note: '', status: 'none', createdAt: 1, updatedAt: 1, stamps: { tags: 1, note: 0, status: 0 } })),
  });
  await page.close();
}

export async function storeRules(session: Session, rules: ReturnType<typeof benchRules>): Promise<void> {
  const page = await extensionPage(session);
  await callIn(page, 'setRules', { rules });
  await page.close();
}
