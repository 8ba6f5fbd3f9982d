/**
 * What a rule reads of an entry on the page. Reading it reads the adapter's lazy fields
 * (title, authors, categories, abstract, comments): call it only for entries being matched.
 */
import type { RuleSubject } from '../shared/rules/types';
import type { PaperOccurrence } from '../sites/types';

export function subjectOf(occ: PaperOccurrence): RuleSubject {
  const subject: RuleSubject = {
    title: occ.title,
    authors: occ.authors ?? [],
    // Pages that show only the primary category (none yet) still match cat: on it.
    categories: occ.categories ?? (occ.primaryClass ? [occ.primaryClass] : []),
  };
  const { abstract, comments } = occ;
  if (abstract) subject.abstract = abstract;
  if (comments) subject.comments = comments;
  return subject;
}
