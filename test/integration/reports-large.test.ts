import { expect } from 'chai';
import { loggedIn, testApp, type TestApp } from '../helpers/app.ts';
import { aCommittee, aFinding, aMatter, aMeeting, aPerson } from '../helpers/builders.ts';
import { pdfInfo, pdfText, pdfTextLayout, preflightAvailable, validatePdfA1b } from '../pdf/tools.ts';

const ACTIONS = 2000;
const AT = '2026-01-10T09:00:00.000Z';

/** 10 matters × 4 findings × 50 actions; every 40th action has a very long comment. */
async function aLargePlan(t: TestApp) {
  const committeeId = await aCommittee(t.db, 'Socialnämnden');
  const owners = [await aPerson(t.db, 'Åsa Öberg'), await aPerson(t.db, 'Örjan Ängström')];
  const findings: number[] = [];
  for (let m = 0; m < 10; m++) {
    const matterId = await aMatter(t.db, {
      committeeId,
      title: `Tillsyn ${m + 1} av myndighetsutövning`,
      fineAmount: m === 0 ? 600000 : null,
      fineStatus: m === 0 ? 'ordered' : 'none',
    });
    for (let f = 0; f < 4; f++) findings.push(await aFinding(t.db, matterId, `Brist ${m + 1}.${f + 1}`));
  }
  const statuses = ['not_started', 'in_progress', 'done', 'cancelled'] as const;
  const rows = Array.from({ length: ACTIONS }, (_, i) => ({
    committee_id: committeeId,
    title: `Åtgärd A${String(i + 1).padStart(4, '0')}`,
    description: '',
    owner_id: owners[i % 2],
    due_on: `2026-${String((i % 12) + 1).padStart(2, '0')}-15`,
    status: statuses[i % 4],
    created_by: owners[0],
    created_at: AT,
    updated_at: AT,
  }));
  for (let i = 0; i < rows.length; i += 200)
    await t.db
      .insertInto('actions')
      .values(rows.slice(i, i + 200))
      .execute();
  const ids = (await t.db.selectFrom('actions').select('id').orderBy('id').execute()).map((r) => r.id);
  const links = ids.map((id, i) => ({ action_id: id, finding_id: findings[Math.floor(i / 50)] }));
  for (let i = 0; i < links.length; i += 400)
    await t.db
      .insertInto('action_findings')
      .values(links.slice(i, i + 400))
      .execute();
  const long = (n: number) =>
    `${'Arbetet fortsätter med samverkan, dokumentation och uppföljning i varje enhet. '.repeat(40)}Ordutanmellanslagsomärmycketlångtochaldrigtarslut${'x'.repeat(200)} SLUT-${n}`;
  const updates = ids.map((id, i) => ({
    action_id: id,
    user_id: owners[0],
    created_at: AT,
    from_status: null,
    to_status: statuses[i % 4],
    comment: i % 40 === 0 ? long(i + 1) : `Kommentar ${i + 1}`,
  }));
  for (let i = 0; i < updates.length; i += 300)
    await t.db
      .insertInto('action_updates')
      .values(updates.slice(i, i + 300))
      .execute();
  return { committeeId, meetingId: await aMeeting(t.db, committeeId, '2026-03-25') };
}

describe('a large återrapportering', function () {
  this.timeout(180000);

  it('when the nämnd has 2 000 actions with long comments, then the PDF renders completely: every action, every long comment to its end, a plausible page count', async () => {
    const t = await testApp();
    const { meetingId } = await aLargePlan(t);
    const { session } = await loggedIn(t, 'secretary');
    const started = Date.now();
    const res = await session.post(
      `/sammantraden/${meetingId}/utfarda`,
      { issuedVersionsSeen: '0', reason: '' },
      `/sammantraden/${meetingId}`,
    );
    expect(res.status).to.equal(303);
    const seconds = (Date.now() - started) / 1000;
    const { pdf } = await t.db.selectFrom('reports').select('pdf').executeTakeFirstOrThrow();
    const text = pdfText(pdf);
    const missing = Array.from({ length: ACTIONS }, (_, i) => `Åtgärd A${String(i + 1).padStart(4, '0')}`).filter(
      (title) => !text.includes(title),
    );
    expect(missing, `missing: ${missing.slice(0, 5).join(', ')}`).to.deep.equal([]);
    for (let i = 0; i < ACTIONS; i += 40) expect(text).to.contain(`SLUT-${i + 1}`);
    expect(text).to.contain('Åtgärder per status (totalt 2000): Ej påbörjad 500, Pågår 500, Klar 500, Avbruten 500.');
    // No page ends with a heading or a brist's lead-in: each is kept with what follows it.
    const headingLike =
      /^(Sammanfattning|Förändringar sedan föregående återrapportering|Ärenden och åtgärder|Bilagor|Tillsyn \d+ av myndighetsutövning|Brist: .*)$/;
    const endsWithHeading = pdfTextLayout(pdf)
      .split('\f')
      .map((page, i) => ({
        page: i + 1,
        last: page
          .split('\n')
          .map((l) => l.trim())
          .filter((l) => l !== '' && !l.startsWith('Socialnämnden · ') && !/^Sida \d+ av \d+$/.test(l))
          .pop(),
      }))
      .filter((p) => p.last !== undefined && headingLike.test(p.last));
    expect(endsWithHeading, JSON.stringify(endsWithHeading.slice(0, 5))).to.deep.equal([]);
    const pages = Number(pdfInfo(pdf).Pages);
    // About 20–25 short rows fit on a page, and each of the 50 long comments takes a few pages.
    expect(pages).to.be.within(70, 400);
    expect(text).to.contain(`Sida ${pages} av ${pages}`);
    expect(seconds).to.be.below(60);
    if (preflightAvailable()) {
      const result = validatePdfA1b(pdf);
      expect(result.valid, result.output.slice(0, 2000)).to.equal(true);
    }
  });
});
