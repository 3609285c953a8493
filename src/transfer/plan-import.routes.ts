import { Router, type Request, type Response } from 'express';
import type { AppDeps } from '../app-deps.ts';
import { todayOf } from '../clock.ts';
import { allow, currentUser } from '../users/auth.middleware.ts';
import { may } from '../users/roles.ts';
import { cleanText, formValues } from '../http/forms.ts';
import { queryId } from '../http/params.ts';
import { uploadedFile } from '../http/uploads.ts';
import { TABLE_FORMATS, sendTable } from '../http/table-response.ts';
import { getMatter } from '../matters/matters.service.ts';
import type { Matter } from '../matters/matter.ts';
import { ACTION_STATUS_LABEL } from '../actions/action.ts';
import { countText } from '../shared/format.ts';
import {
  dropDraft,
  findDraft,
  importPlan,
  keepDraft,
  planTemplate,
  previewPlan,
  readPlanFile,
  type PlanPreview,
} from './plan-import.service.ts';

const BASE = '/atgardsplan/importera';

/** The matter an import was opened from (its page's link), if it exists. */
async function matterOf(db: AppDeps['db'], id: number | undefined): Promise<Matter | null> {
  return id ? getMatter(db, id).catch(() => null) : null;
}

export function planImportRoutes({ db, clock }: AppDeps): Router {
  const r = Router();
  const guard = allow(may.editMatters);

  function renderUpload(res: Response, status: number, matter: Matter | null, errors: Record<string, string>) {
    res.status(status).render('transfer/import', { matter, errors });
  }

  function renderPreview(
    res: Response,
    status: number,
    locals: { matter: Matter | null; preview: PlanPreview; token?: string; changed?: boolean },
  ) {
    res.status(status).render('transfer/preview', {
      token: undefined,
      changed: false,
      ...locals,
      statusLabel: ACTION_STATUS_LABEL,
      errorCount: locals.preview.rows.filter((row) => row.errors.length > 0).length,
    });
  }

  for (const format of TABLE_FORMATS) {
    r.get(`/atgardsplan/mall.${format}`, guard, async (_req, res) => {
      await sendTable(res, format, planTemplate(), todayOf(clock));
    });
  }

  r.get(BASE, guard, async (req, res) => {
    renderUpload(res, 200, await matterOf(db, queryId(req, 'arende')), {});
  });

  r.post(BASE, guard, async (req, res) => {
    const matter = await matterOf(db, Number(formValues(req.body).arende) || undefined);
    const read = await readPlanFile(uploadedFile(req.files, 'fil'), { matterOptional: !!matter });
    if ('problem' in read) return renderUpload(res, 422, matter, { fil: read.problem });
    const preview = await previewPlan(db, read.rows, matter?.id);
    if (!preview.valid) return renderPreview(res, 422, { matter, preview });
    const file = uploadedFile(req.files, 'fil')!;
    renderPreview(res, 200, {
      matter,
      preview,
      token: await keepDraft(db, clock, currentUser(req).id, file, matter?.id),
    });
  });

  r.post(`${BASE}/bekrafta`, guard, async (req: Request, res) => {
    const values = formValues(req.body);
    const token = cleanText(values.token);
    const user = currentUser(req);
    const draft = await findDraft(db, clock, token, user.id);
    const matter = await matterOf(db, draft?.matterId);
    if (!draft)
      return renderUpload(res, 422, null, {
        fil: 'Förhandsvisningen finns inte längre (den sparas i 30 minuter). Ladda upp filen igen.',
      });
    const read = await readPlanFile(draft.file, { matterOptional: !!matter });
    if ('problem' in read) return renderUpload(res, 422, matter, { fil: read.problem });
    // Checked again against the data as it is now: someone may have changed it since the preview.
    const preview = await previewPlan(db, read.rows, matter?.id);
    if (!preview.valid) {
      await dropDraft(db, token);
      return renderPreview(res, 422, { matter, preview, changed: true });
    }
    if (preview.digest !== cleanText(values.digest))
      return renderPreview(res, 409, { matter, preview, token, changed: true });
    await importPlan(db, clock, user, preview);
    await dropDraft(db, token);
    req.session.flash = `Åtgärdsplanen är importerad: ${countText(preview.newActions, 'åtgärd', 'åtgärder')} och ${countText(preview.newFindings, 'ny brist', 'nya brister')}.`;
    const matters = new Set(preview.rows.map((row) => row.matter!.id));
    res.redirect(303, matters.size === 1 ? `/arenden/${[...matters][0]}` : '/atgarder?status=alla');
  });

  return r;
}
