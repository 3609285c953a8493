import { z } from 'zod';
import { text, yesNo } from '../http/forms.ts';

/** A brist as its form takes it; the plan import checks each row's brist by the same rules. */
export const findingForm = z.object({
  title: text('Brist', { required: true, max: 500 }),
  description: text('Beskrivning', { max: 10000 }),
  responseRequired: yesNo('Kräver redovisning'),
});
