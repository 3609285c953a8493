import { z } from 'zod';
import { id, ids, requiredDate, text } from '../http/forms.ts';

/** An action as its form takes it; the plan import checks each row's åtgärd by the same rules. */
export const actionForm = z.object({
  title: text('Åtgärd', { required: true, max: 300 }),
  description: text('Beskrivning', { max: 10000 }),
  ownerId: id('Ansvarig'),
  dueOn: requiredDate('Slutdatum'),
  findingIds: ids('brist', { min: 1 }),
});
