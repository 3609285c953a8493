import { expect } from 'chai';
import { viewHelpers } from '../../src/http/view-helpers.ts';

const { lightBadge, deadlineText, deadlineCell } = viewHelpers.html;

describe('view helpers drawn in table rows', () => {
  it('when a light is shown, then its symbol is hidden from screen readers and its label is read', () => {
    expect(lightBadge('overdue')).to.equal(
      '<span class="light light-overdue"><span aria-hidden="true">⚠</span> Försenad</span>',
    );
    expect(lightBadge('on_track')).to.contain('> I tid</span>');
    expect(lightBadge(null)).to.equal('');
  });

  it('when a deadline falls on a helgdag, then the next vardag is shown beside it, in words in text and as a date in tables', () => {
    expect(deadlineText('2026-06-06')).to.equal(
      '<time datetime="2026-06-06">6 juni 2026</time> <span class="shift">(nationaldagen – får göras <time datetime="2026-06-08">måndag 8 juni 2026</time>)</span>',
    );
    expect(deadlineCell('2026-12-25')).to.equal(
      '<time datetime="2026-12-25">2026-12-25</time><br><span class="shift">(juldagen – får göras <time datetime="2026-12-28">2026-12-28</time>)</span>',
    );
  });

  it('when a deadline falls on a vardag or is missing, then only the date or a dash is shown', () => {
    expect(deadlineText('2026-06-09')).to.equal('<time datetime="2026-06-09">9 juni 2026</time>');
    expect(deadlineCell('2026-06-09')).to.equal('<time datetime="2026-06-09">2026-06-09</time>');
    expect(deadlineText(null)).to.equal('–');
  });
});
