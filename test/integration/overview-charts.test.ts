import { expect } from 'chai';
import { parse } from 'parse5';
import { loggedIn, testApp, type TestApp } from '../helpers/app.ts';
import { aCommittee, aFinding, aMatter, anAction } from '../helpers/tracker.ts';

type Node = { nodeName: string; attrs?: { name: string; value: string }[]; childNodes?: Node[]; value?: string };

function all(node: Node, test: (n: Node) => boolean, out: Node[] = []): Node[] {
  if (test(node)) out.push(node);
  for (const c of node.childNodes ?? []) all(c, test, out);
  return out;
}
const attr = (n: Node, name: string) => n.attrs?.find((a) => a.name === name)?.value;
const text = (n: Node): string =>
  (n.nodeName === '#text' ? (n.value ?? '') : (n.childNodes ?? []).map(text).join('')).replace(/\s+/g, ' ').trim();

function tableRows(doc: Node, caption: RegExp): string[][] {
  const table = all(
    doc,
    (n) => n.nodeName === 'table' && all(n, (c) => c.nodeName === 'caption' && caption.test(text(c))).length > 0,
  )[0];
  expect(table, `a table captioned ${caption}`).to.not.equal(undefined);
  return all(table, (n) => n.nodeName === 'tr')
    .slice(1)
    .map((tr) => all(tr, (c) => c.nodeName === 'td' || c.nodeName === 'th').map(text));
}

describe('Översikt pictures', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await testApp(); // 2026-03-16
  });

  it('when there are deadlines and actions, then the timeline and the status per matter are SVG pictures with a text alternative and the same figures in tables', async () => {
    const d = await loggedIn(t, 'director');
    const m = await loggedIn(t, 'manager', 'Cecilia Enhetschef');
    const committeeId = await aCommittee(t, 'Socialnämnden');
    const tillsyn = await aMatter(t, d.user.id, {
      committeeId,
      title: 'Tillsyn av utredningar',
      respondBy: '2026-04-20',
    });
    const passed = await aMatter(t, d.user.id, {
      committeeId,
      title: 'Klagomål på handläggningen',
      respondBy: '2026-03-01',
    });
    await aMatter(t, d.user.id, { committeeId, title: 'Ärende utan åtgärder', respondBy: null });
    const f1 = await aFinding(t, tillsyn, 'Utredningstiderna överskrids');
    const f2 = await aFinding(t, passed, 'Besluten motiveras inte');
    await anAction(t, d.user.id, {
      findingIds: [f1],
      ownerId: m.user.id,
      title: 'Försenad',
      dueOn: '2026-03-02',
      status: 'in_progress',
    });
    await anAction(t, d.user.id, { findingIds: [f1], ownerId: m.user.id, title: 'I april', dueOn: '2026-04-10' });
    await anAction(t, d.user.id, {
      findingIds: [f1, f2],
      ownerId: m.user.id,
      title: 'Gemensam',
      dueOn: '2026-05-05',
      status: 'done',
    });
    await anAction(t, d.user.id, { findingIds: [f2], ownerId: m.user.id, title: 'Senare', dueOn: '2026-12-01' });

    const res = await d.session.get('/');
    expect(res.status).to.equal(200);
    const doc = parse(res.text) as unknown as Node;

    const pictures = all(doc, (n) => n.nodeName === 'svg');
    expect(pictures).to.have.length(2);
    for (const svg of pictures) {
      expect(attr(svg, 'role')).to.equal('img');
      expect(attr(svg, 'style'), 'no inline styles under the CSP').to.equal(undefined);
      const named = (attr(svg, 'aria-labelledby') ?? '').split(' ');
      expect(named).to.have.length(2);
      for (const id of named) expect(text(all(doc, (n) => attr(n, 'id') === id)[0])).to.not.equal('');
    }

    expect(tableRows(doc, /^Tidsfrister per månad/)).to.deep.equal([
      ['Passerat', '1', '1'],
      ['mars 2026', '0', '0'],
      ['april 2026', '1', '1'],
      ['maj 2026', '0', '0'],
      ['juni 2026', '0', '0'],
      ['juli 2026', '0', '0'],
      ['augusti 2026', '0', '0'],
    ]);
    const desc = text(all(doc, (n) => attr(n, 'id') === 'timeline-desc')[0]);
    expect(desc).to.contain('Passerat: 1 svarsdatum och 1 åtgärd.');
    expect(desc).to.contain('april 2026: 1 svarsdatum och 1 åtgärd.');

    expect(tableRows(doc, /^Antal åtgärder per status i varje öppet ärende/)).to.deep.equal([
      ['Tillsyn av utredningar', '1', '1', '0', '1', '0', '3'],
      ['Klagomål på handläggningen', '0', '1', '0', '1', '0', '2'],
    ]);
    expect(text(all(doc, (n) => attr(n, 'id') === 'per-matter-desc')[0])).to.equal(
      'Tillsyn av utredningar: 3 åtgärder, försenad 1, ej påbörjad 1, klar 1. Klagomål på handläggningen: 2 åtgärder, ej påbörjad 1, klar 1.',
    );
    expect(text(doc as Node)).to.contain('Ett öppet ärende har ännu inga åtgärder och visas inte här');
  });

  it('when nothing is open, then the pictures say so instead of drawing empty bars', async () => {
    const d = await loggedIn(t, 'reader');
    const doc = parse((await d.session.get('/')).text) as unknown as Node;
    expect(tableRows(doc, /^Tidsfrister per månad/).every((r) => r[1] === '0' && r[2] === '0')).to.equal(true);
    expect(text(doc)).to.contain('Inga öppna ärenden har åtgärder.');
  });
});
