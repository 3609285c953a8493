import { expect } from 'chai';
import { markersOf } from '../../src/search/search.ts';
import { ftsQuery } from '../../src/db/fts-query.ts';
import { viewHelpers } from '../../src/http/view-helpers.ts';

describe('search query', () => {
  it('when words are typed, then each becomes a quoted prefix and punctuation-only words are dropped', () => {
    expect(ftsQuery('åtgärd plan')).to.equal('"åtgärd"* "plan"*');
    expect(ftsQuery('say "hi" NEAR( x AND y OR -z')).to.equal('"say"* "hi"* "x"* "y"* "-z"*');
    expect(ftsQuery('{title}: dok* ^skydd')).to.equal('"title"* "dok"* "skydd"*');
    expect(ftsQuery('8.5-12345/2013')).to.equal('"8.5-12345/2013"*');
    expect(ftsQuery(' * - " ')).to.equal(null);
    expect(ftsQuery('')).to.equal(null);
  });

  it('when marked text holds markup or text like the markers, then only the real markers become <mark>', () => {
    const m = markersOf('0123456789abcdef');
    const other = markersOf('fedcba9876543210');
    const marked = `<b>${m.open}Rutin${m.close}</b> & ${other.open}"x"${other.close} <mark>`;
    expect(viewHelpers.html.marked(marked, m)).to.equal(
      `&lt;b&gt;<mark>Rutin</mark>&lt;/b&gt; &amp; ${other.open}&#34;x&#34;${other.close} &lt;mark&gt;`,
    );
  });
});
