// The PDF worker when the app runs from its TypeScript (npm run demo, the tests): a worker's
// entry file is loaded before --import hooks apply, so this JavaScript loads it through tsx.
import { tsImport } from 'tsx/esm/api';

await tsImport('./pdf-worker.ts', import.meta.url);
