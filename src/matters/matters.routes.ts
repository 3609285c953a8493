import { Router } from 'express';
import type { AppDeps } from '../app.ts';

export function matterRoutes(_deps: AppDeps): Router {
  return Router();
}
