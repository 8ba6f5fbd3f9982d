/** The query language in brief, folded away until asked for (the README has it all). */

const EXAMPLES: Array<[query: string, meaning: string]> = [
  ['author:"Yann LeCun"', 'an author, however the listing spells the name (Y. LeCun, LeCun, Yann)'],
  ['cat:cs.LG -cat:cs.CV', 'machine learning, but not computer vision (cat:hep-* covers all of hep)'],
  ['"diffusion model" OR "score matching"', 'either phrase, in the title, abstract or comments'],
  ['title:/\\bLLMs?\\b/', 'a regular expression, here on the title only'],
  ['transform* agent', 'both: a word starting "transform", and "agent"'],
];

export function QuerySyntax() {
  return (
    <details class="rule-syntax">
      <summary>Query syntax</summary>
      <p>
        Words and "quoted phrases" match the title, abstract and comments, on word boundaries, whatever the case or
        accents. <code>author:</code>, <code>title:</code>, <code>abstract:</code>, <code>comments:</code> and{' '}
        <code>cat:</code> look in one field; <code>-</code> excludes; terms side by side must all match; <code>OR</code>{' '}
        (in capitals) takes either; parentheses group; <code>word*</code> matches the start of words.
      </p>
      <dl class="rule-examples">
        {EXAMPLES.map(([query, meaning]) => (
          <div key={query}>
            <dt>
              <code>{query}</code>
            </dt>
            <dd>{meaning}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
