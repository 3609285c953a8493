import { Router } from 'express';
import type { AppDeps } from '../app.ts';

export function committeeRoutes(_deps: AppDeps): Router {
  return Router();
}
