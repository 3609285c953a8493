import { Router } from 'express';
import type { AppDeps } from '../app.ts';

export function findingRoutes(_deps: AppDeps): Router {
  return Router();
}
