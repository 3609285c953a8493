import type { Request, RequestHandler } from 'express';
import { pino, stdSerializers, stdTimeFunctions, type DestinationStream, type Logger } from 'pino';

export type { Logger };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** JSON lines on stdout (or `destination`): time, level and message, for the operations side's tools. */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      timestamp: stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: stdSerializers.err },
    },
    destination,
  );
}

/**
 * The route's pattern (`/aterstall/:token`), never the address itself: addresses carry secret tokens
 * (reset links, calendar feeds) and search words.
 */
function routeOf(req: Request): string | null {
  if (req.route?.path) return String(req.route.path);
  return req.path.startsWith('/assets/') ? '/assets/*' : null;
}

/**
 * One line per request when it is answered: request id (the felkod the error page shows), method,
 * route pattern, status, duration and user id; an unexpected error (`res.locals.error`, set by the
 * error handler) with its stack at level error. Nothing from the body, the query or the headers.
 * Written with pino directly on the response's finish: pino-http's child logger per request cost
 * a tenth of a page's throughput (BENCHMARKS.md, session 9).
 */
export function requestLogging(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.once('finish', () => {
      const error: unknown = res.locals.error;
      const line = {
        requestId: res.locals.requestId,
        method: req.method,
        route: routeOf(req),
        status: res.statusCode,
        durationMs: Math.round(performance.now() - started),
        userId: req.user?.id ?? null,
      };
      if (error || res.statusCode >= 500) logger.error({ ...line, err: error }, 'fel');
      else logger.info(line, 'svar');
    });
    next();
  };
}
