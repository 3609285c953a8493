import { Router } from 'express';
import type { AppDeps } from '../app.ts';

export function overviewRoutes(_deps: AppDeps): Router {
  return Router();
}
