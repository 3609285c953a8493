import { expect } from 'chai';
import { loggedIn, testApp, type Session, type TestApp } from '../helpers/app.ts';
import { aCommittee, aFinding, aMatter, aMeeting, anAction, aPerson, aStatusUpdate } from '../helpers/builders.ts';
import { HOSTILE, displayed, fit } from '../helpers/hostile.ts';
import { pdfText, validatePdfA1b } from '../pdf/tools.ts';
import { asBytes } from '../helpers/download.ts';

async function pdfOf(session: Session, url: string): Promise<{ status: number; body: Buffer }> {
  const res = await session.agent.get(url).buffer(true).parse(asBytes);
  return { status: res.status, body: res.body as Buffer };
}

/** Letters a reader can check in extracted text: markup and words, not emoji or invisible marks. */
function visibleWords(s: string): string[] {
  return s
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 4)
    .slice(0, 3);
}

describe('hostile text in the återrapportering PDF', function () {
  this.timeout(120000);
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });

  it('when every hostile string is stored in matters, findings, actions and comments, then the report still renders, shows the text literally and validates as PDF/A-1b', async () => {
    const committeeId = await aCommittee(t.db, 'Socialnämnden', 'Socialförvaltningen');
    const owner = await aPerson(t.db, 'Åsa Öberg');
    const meetingId = await aMeeting(t.db, committeeId, '2026-03-25');
    for (const h of HOSTILE) {
      const stored = (max: number) => displayed(fit(h.value, max));
      const matterId = await aMatter(t.db, { committeeId, title: stored(200), respondBy: '2026-04-04' });
      const findingId = await aFinding(t.db, matterId, stored(500));
      const actionId = await anAction(t.db, {
        committeeId,
        ownerId: owner,
        findingIds: [findingId],
        title: stored(300),
        dueOn: '2026-05-01',
      });
      await aStatusUpdate(t.db, actionId, owner, 'in_progress', '2026-03-01T09:00:00.000Z', stored(4000));
    }
    const { session } = await loggedIn(t, 'secretary');
    const draft = await pdfOf(session, `/sammantraden/${meetingId}/rapport.pdf`);
    expect(draft.status).to.equal(200);
    const text = pdfText(draft.body);
    for (const h of HOSTILE) {
      for (const word of visibleWords(displayed(fit(h.value, 200)))) expect(text, h.name).to.contain(word);
    }
    expect(text).to.contain('<script>alert("xss-script")</script>');
    const validation = validatePdfA1b(draft.body);
    expect(validation.valid, validation.output).to.equal(true);
    const issued = await session.post(
      `/sammantraden/${meetingId}/utfarda`,
      { issuedVersionsSeen: '0', reason: '' },
      `/sammantraden/${meetingId}`,
    );
    expect(issued.status).to.equal(303);
  });
});
