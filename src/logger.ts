import type { Request, Response } from 'express';
import { pino, stdTimeFunctions, type DestinationStream, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';

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

function answered(req: Request, res: Response) {
  return { method: req.method, route: routeOf(req), status: res.statusCode, userId: req.user?.id ?? null };
}

/**
 * One line per request when it is answered: request id (the felkod the error page shows), method,
 * route pattern, status, duration and user id. Nothing from the body, the query or the headers.
 */
export function requestLogging(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId: (_req, res) => (res as Response).locals.requestId,
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'requestId', responseTime: 'durationMs' },
    serializers: { req: () => undefined, res: () => undefined, err: pino.stdSerializers.err },
    wrapSerializers: false,
    // Added when the answer is sent (customProps would also bind them, unfinished, at the start).
    customSuccessObject: (req, res, val) => ({ ...val, ...answered(req as Request, res as Response) }),
    customErrorObject: (req, res, _err, val) => ({ ...val, ...answered(req as Request, res as Response) }),
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessMessage: () => 'svar',
    customErrorMessage: () => 'fel',
  });
}
