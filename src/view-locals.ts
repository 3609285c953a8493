import { viewHelpers } from './http/view-helpers.ts';
import { ACTION_STATUS_LABEL } from './actions/action.ts';
import { ROLE_LABEL } from './users/roles.ts';
import { FINE_STATUS_LABEL, MATTER_KIND_LABEL } from './matters/matter.ts';
import { EFFECT_LABEL } from './findings/finding.ts';
import { DOCUMENT_KIND_LABEL, sizeText, typeLabel } from './attachments/attachment.ts';

/** What every view may use (app.locals): the helpers of src/http and the glossary's labels of each feature. */
export const viewLocals = {
  ...viewHelpers,
  ACTION_STATUS_LABEL,
  ROLE_LABEL,
  MATTER_KIND_LABEL,
  FINE_STATUS_LABEL,
  EFFECT_LABEL,
  DOCUMENT_KIND_LABEL,
  sizeText,
  typeLabel,
};
