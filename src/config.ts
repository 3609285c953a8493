import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { LOG_LEVELS, type LogLevel } from './logger.ts';
import { DEFAULT_PDF_HEAP_MB } from './pdf/render.ts';
import { PASSWORD_RESEMBLES_EMAIL, passwordProblem, resemblesEmail } from './security/password-rules.ts';

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly databasePath: string;
  readonly adminEmail: string | null;
  readonly adminPassword: string | null;
  readonly production: boolean;
  /** Days before a deadline that count as "Snart". */
  readonly warningDays: number;
  /** Days after a brist's actions were all done before its missing uppföljning av effekt is shown. */
  readonly followUpDays: number;
  /** Days without a statusuppdatering after which an open action shows "Ej uppdaterad på N dagar". */
  readonly staleDays: number;
  /** Set when the app runs behind a TLS-terminating reverse proxy. */
  readonly trustProxy: boolean;
  readonly secureCookies: boolean;
  readonly publicUrl: string | null;
  /** SMTP for reminders, e.g. smtp://user:pass@relay.kommun.se:587; null keeps mail in the utkorg. */
  readonly smtpUrl: string | null;
  readonly mailFrom: string;
  /** The share of one core the reminders job may use (REMINDERS_PACE); 1 runs it flat out. */
  readonly remindersPace: number;
  /** Where the server puts its nightly backup; null (an in-memory database) makes none. */
  readonly backupDir: string | null;
  /** How many nightly backups are kept; older ones are removed once a new one has passed its check. */
  readonly backupKeep: number;
  /** The least level written to the log (pino's levels; `silent` writes nothing). */
  readonly logLevel: LogLevel;
  /** The heap limit of the process drawing PDFs and Word files, in MB (PDF_HEAP_MB): a larger document fails alone. */
  readonly pdfHeapMb: number;
  /** The largest bilaga taken, in MB (MAX_UPLOAD_MB). */
  readonly maxUploadMb: number;
  /** Tests only: the instant the app's clock starts from (it runs on from there). */
  readonly testNow: string | null;
  /** Requests a minute each API token may make. */
  readonly apiRateLimit: number;
  /** Single sign-on through the kommun's OpenID Connect provider; null when not configured. */
  readonly oidc: OidcConfig | null;
  /** False: only the break-glass administrator may log in with a password. */
  readonly localLogin: boolean;
  /** The one account that may log in with a password when LOCAL_LOGIN=false (BREAK_GLASS_EMAIL, else ADMIN_EMAIL). */
  readonly breakGlassEmail: string | null;
  /** Server processes sharing the port and the database (WORKERS; 1: the server is one process). */
  readonly workers: number;
}

export interface OidcConfig {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Unknown users who log in through the provider get an account (with the role their groups map to). */
  readonly autoCreate: boolean;
  /** The claim holding the user's groups, e.g. groups. */
  readonly roleClaim: string;
}

const schema = z
  .object({
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATABASE_PATH: z.string().min(1).default('./data/atgardsplan.sqlite'),
    ADMIN_EMAIL: z.string().email('ADMIN_EMAIL måste vara en e-postadress').optional(),
    ADMIN_PASSWORD: z.string().min(10, 'ADMIN_PASSWORD måste ha minst 10 tecken').optional(),
    NODE_ENV: z.string().optional(),
    WARNING_DAYS: z.coerce.number().int().min(0).max(365).default(14),
    FOLLOW_UP_DAYS: z.coerce.number().int().min(0).max(3650).default(90),
    STALE_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    TRUST_PROXY: z.enum(['0', '1', 'true', 'false']).default('false'),
    SECURE_COOKIES: z.enum(['auto', '0', '1', 'true', 'false']).default('auto'),
    PUBLIC_URL: z.string().url('PUBLIC_URL måste vara en fullständig adress').optional(),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'SMTP_URL måste börja med smtp:// eller smtps://, t.ex. smtp://relay.kommun.se:587')
      .optional(),
    MAIL_FROM: z.string().min(3).default('Åtgärdsplan <noreply@localhost>'),
    // A quarter of one core leaves the pages the rest; BENCHMARKS.md (tenth round) has what it costs in time.
    REMINDERS_PACE: z.coerce
      .number({ message: 'REMINDERS_PACE måste vara ett tal, t.ex. 0.25' })
      .gt(0, 'REMINDERS_PACE måste vara större än 0')
      .max(1, 'REMINDERS_PACE får vara högst 1 (hela kärnan: ingen paus)')
      .default(0.25),
    BACKUP_DIR: z.string().min(1).optional(),
    LOG_LEVEL: z.enum(LOG_LEVELS, { message: `LOG_LEVEL måste vara en av ${LOG_LEVELS.join(', ')}` }).default('info'),
    BACKUP_KEEP: z.coerce.number().int().min(1, 'BACKUP_KEEP måste vara minst 1').max(3650).default(14),
    // A whole file is held in memory while it is checked and stored: keep it within reason.
    MAX_UPLOAD_MB: z.coerce.number().int().min(1).max(200).default(25),
    PDF_HEAP_MB: z.coerce.number().int().min(16).max(16384).default(DEFAULT_PDF_HEAP_MB),
    API_RATE_LIMIT: z.coerce.number().int().min(1).max(100000).default(120),
    TEST_NOW: z.iso
      .datetime({ offset: true, message: 'TEST_NOW måste vara en tidpunkt, t.ex. 2026-03-16T09:00:00+01:00' })
      .optional(),
    OIDC_ISSUER: z.string().url('OIDC_ISSUER måste vara en fullständig adress').optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    OIDC_AUTO_CREATE: z.enum(['0', '1', 'true', 'false']).default('false'),
    OIDC_ROLE_CLAIM: z.string().min(1).default('groups'),
    LOCAL_LOGIN: z.enum(['0', '1', 'true', 'false']).default('true'),
    BREAK_GLASS_EMAIL: z.string().email('BREAK_GLASS_EMAIL måste vara en e-postadress').optional(),
    WORKERS: z.coerce
      .number({ message: 'WORKERS måste vara ett heltal, t.ex. 2' })
      .int('WORKERS måste vara ett heltal, t.ex. 2')
      .min(1, 'WORKERS måste vara minst 1')
      .max(64, 'WORKERS får vara högst 64')
      .default(os.availableParallelism()),
  })
  .refine((e) => (e.ADMIN_EMAIL === undefined) === (e.ADMIN_PASSWORD === undefined), {
    message: 'ADMIN_EMAIL och ADMIN_PASSWORD anges tillsammans eller inte alls',
    path: ['ADMIN_PASSWORD'],
  })
  // A pinned date in production would put every deadline wrong; it is for tests' servers alone.
  .refine((e) => e.TEST_NOW === undefined || e.NODE_ENV !== 'production', {
    message: 'TEST_NOW används bara i tester och får inte sättas när NODE_ENV=production',
    path: ['TEST_NOW'],
  })
  // Links that leave the app (reset and set-up links, calendar addresses, reminders) are built from
  // PUBLIC_URL; without it a request's Host header, which its sender chooses, would make them.
  .refine((e) => e.PUBLIC_URL !== undefined || e.NODE_ENV !== 'production', {
    message:
      'PUBLIC_URL krävs när NODE_ENV=production: adressen användarna når Åtgärdsplan på, t.ex. https://atgardsplan.kommun.se',
    path: ['PUBLIC_URL'],
  })
  .refine(
    (e) => new Set([e.OIDC_ISSUER, e.OIDC_CLIENT_ID, e.OIDC_CLIENT_SECRET].map((v) => v === undefined)).size === 1,
    {
      message: 'OIDC_ISSUER, OIDC_CLIENT_ID och OIDC_CLIENT_SECRET anges alla tre eller inte alls',
      path: ['OIDC_ISSUER'],
    },
  )
  // Tokens and the client secret must not cross the network in clear text.
  .refine((e) => !e.OIDC_ISSUER || e.NODE_ENV !== 'production' || e.OIDC_ISSUER.startsWith('https://'), {
    message: 'OIDC_ISSUER måste börja med https:// när NODE_ENV=production',
    path: ['OIDC_ISSUER'],
  })
  // Without single sign-on, turning passwords off would leave only the break-glass administrator.
  .refine((e) => !['0', 'false'].includes(e.LOCAL_LOGIN) || e.OIDC_ISSUER !== undefined, {
    message:
      'LOCAL_LOGIN=false kräver inloggning med kommunens konto (OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET)',
    path: ['LOCAL_LOGIN'],
  })
  .superRefine((e, ctx) => {
    // The configured administrator's password follows the same rules as one typed in the app.
    if (!e.ADMIN_PASSWORD) return;
    const problem =
      passwordProblem(e.ADMIN_PASSWORD, 'ADMIN_PASSWORD') ??
      (e.ADMIN_EMAIL && resemblesEmail(e.ADMIN_PASSWORD, e.ADMIN_EMAIL) ? PASSWORD_RESEMBLES_EMAIL : null);
    if (problem) ctx.addIssue({ code: 'custom', path: ['ADMIN_PASSWORD'], message: problem });
  });

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty variables count as unset, so `PORT= npm start` behaves like no PORT at all.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Ogiltig konfiguration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const truthy = (v: string) => v === '1' || v === 'true';
  const trustProxy = truthy(e.TRUST_PROXY);
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    databasePath: e.DATABASE_PATH,
    adminEmail: e.ADMIN_EMAIL?.toLowerCase() ?? null,
    adminPassword: e.ADMIN_PASSWORD ?? null,
    production: e.NODE_ENV === 'production',
    warningDays: e.WARNING_DAYS,
    followUpDays: e.FOLLOW_UP_DAYS,
    staleDays: e.STALE_DAYS,
    trustProxy,
    secureCookies: e.SECURE_COOKIES === 'auto' ? trustProxy : truthy(e.SECURE_COOKIES),
    publicUrl: e.PUBLIC_URL ?? null,
    smtpUrl: e.SMTP_URL ?? null,
    mailFrom: e.MAIL_FROM,
    remindersPace: e.REMINDERS_PACE,
    backupDir:
      e.BACKUP_DIR ?? (e.DATABASE_PATH === ':memory:' ? null : path.join(path.dirname(e.DATABASE_PATH), 'backups')),
    backupKeep: e.BACKUP_KEEP,
    logLevel: e.LOG_LEVEL,
    maxUploadMb: e.MAX_UPLOAD_MB,
    pdfHeapMb: e.PDF_HEAP_MB,
    testNow: e.TEST_NOW ?? null,
    apiRateLimit: e.API_RATE_LIMIT,
    oidc:
      e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET
        ? Object.freeze({
            issuer: e.OIDC_ISSUER,
            clientId: e.OIDC_CLIENT_ID,
            clientSecret: e.OIDC_CLIENT_SECRET,
            autoCreate: truthy(e.OIDC_AUTO_CREATE),
            roleClaim: e.OIDC_ROLE_CLAIM,
          })
        : null,
    localLogin: truthy(e.LOCAL_LOGIN),
    breakGlassEmail: (e.BREAK_GLASS_EMAIL ?? e.ADMIN_EMAIL)?.toLowerCase() ?? null,
    workers: e.WORKERS,
  });
}

/**
 * The start of a link made while answering a request (a reset link, a calendar address): PUBLIC_URL,
 * else (never in production, where PUBLIC_URL is required) the address the request came to.
 */
export function linkBase(c: Pick<Config, 'publicUrl'>, request: { protocol: string; host?: string }): string {
  return c.publicUrl ? c.publicUrl.replace(/\/+$/, '') : `${request.protocol}://${request.host}`;
}

/**
 * The address users reach the app at, for links that leave it (the set-up link, reminders):
 * PUBLIC_URL, else the address the server listens on. No trailing slash.
 */
export function publicBase(c: Pick<Config, 'publicUrl'> & Partial<Pick<Config, 'host' | 'port'>>): string {
  if (c.publicUrl) return c.publicUrl.replace(/\/+$/, '');
  const host = !c.host || c.host === '0.0.0.0' ? 'localhost' : c.host;
  return `http://${host}:${c.port ?? 3000}`;
}
