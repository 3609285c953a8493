import { Router } from 'express';
import type { AppDeps } from '../app.ts';

export function actionRoutes(_deps: AppDeps): Router {
  return Router();
}
