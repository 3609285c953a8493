import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TooLargeError } from '../shared/errors.ts';
/** What to draw: `kind` names one of the PDF process's documents (src/pdf-worker.ts), the rest is its content. */
export interface PdfJob {
  kind: string;
}

export type PdfResult = { pdf: Uint8Array } | { error: string };

// Drawing a large återrapportering takes seconds of CPU and ≈ 180 MB of memory. In a process of
// its own it neither holds up the pages everyone else is loading nor grows the server's memory,
// and it runs with node's default heap settings (the server's are tuned for a small footprint,
// which would slow a drawing that builds up a large heap): pdfkit and the fonts are loaded there,
// once, and the process ends (returning its memory) after a while without PDFs. Jobs run one at
// a time, in order. Under tsx (npm run demo, the tests) the process runs src/pdf-worker.ts through
// tsx; in the build (npm start) it is dist/pdf-worker.js.
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER = fileURLToPath(new URL(FROM_SOURCE ? '../pdf-worker.ts' : './pdf-worker.js', import.meta.url));
const IDLE_MS = 60_000;
/** A job still running after this is taken to be stuck: the process is ended and the job fails. */
const JOB_TIMEOUT_MS = 120_000;
/** The PDF process's heap limit (old generation, MB) unless configured (PDF_HEAP_MB): ≈ 4 × what 2 000 actions hold. */
export const DEFAULT_PDF_HEAP_MB = 256;
let heapLimitMb = DEFAULT_PDF_HEAP_MB;

interface Job {
  /** The process drawing it: what another process does (an old one ending) is not this job's business. */
  child: ChildProcess;
  resolve(pdf: Buffer): void;
  reject(e: Error): void;
}

let worker: ChildProcess | null = null;
let current: Job | null = null;
let idleTimer: NodeJS.Timeout | null = null;
let queue: Promise<unknown> = Promise.resolve();

/** The PDF drawn in the PDF process. */
export function renderPdf<J extends PdfJob>(job: J): Promise<Buffer> {
  const run = queue.then(() => runJob(job));
  queue = run.catch(() => undefined);
  return run;
}

/**
 * A report that needs more memory than this fails alone, with TooLargeError: V8 ends the PDF
 * process, not the server. Applies from the next PDF process (an idle one is ended now).
 */
export function limitPdfHeap(mb: number): void {
  if (mb === heapLimitMb) return;
  heapLimitMb = mb;
  if (worker && !current) {
    worker.kill();
    worker = null;
  }
}

/** The id of the PDF process while it runs (tests end it mid-job). */
export function pdfProcessId(): number | undefined {
  return worker?.pid;
}

// The server may end in the middle of a PDF (process.exit in its stop handler): the PDF process
// ends with it rather than drawing on for nobody.
process.once('exit', () => worker?.kill('SIGKILL'));

/** The process, started when needed. Its listeners live as long as it does, so an error or exit at any time is handled. */
function pdfProcess(): ChildProcess {
  if (worker) return worker;
  // Not the server's own node flags (its heap settings), and structured clone for the bytes.
  // A young generation of 4 MB (16 by default) keeps the peak under 200 MB for 2 000 actions at
  // no measurable cost (BENCHMARKS.md, tenth round). tsx is resolved from here, not from wherever
  // the server was started; the build's errors name the source files, as the server's do (npm start).
  const execArgv = [
    `--max-old-space-size=${heapLimitMb}`,
    '--max-semi-space-size=4',
    ...(FROM_SOURCE
      ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href]
      : ['--enable-source-maps']),
  ];
  const child = fork(WORKER, [], {
    execArgv,
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ended = (e: Error) => {
    if (worker === child) worker = null;
    if (current?.child !== child) return;
    current.reject(e);
    current = null;
  };
  child.on('message', (r: PdfResult) => {
    const job = current;
    if (job?.child !== child) return;
    current = null;
    if ('pdf' in r) job.resolve(Buffer.from(r.pdf.buffer, r.pdf.byteOffset, r.pdf.byteLength));
    else job.reject(new Error(`the PDF could not be drawn: ${r.error}`));
  });
  child.on('error', ended);
  child.on('exit', (code, signal) =>
    ended(
      // V8 aborts a process that reaches its heap limit.
      signal === 'SIGABRT'
        ? new TooLargeError(
            `Dokumentet är för stort för att kunna skapas: det behövde mer minne än de ${heapLimitMb} MB som PDF-processen får använda.`,
          )
        : new Error(`the PDF process ended (${signal ?? `code ${code}`}) without a PDF`),
    ),
  );
  worker = child;
  return child;
}

/** Whether the PDF process keeps the server running: during a job yes, when idle no. */
function hold(child: ChildProcess, yes: boolean): void {
  if (yes) {
    child.ref();
    child.channel?.ref();
  } else {
    child.unref();
    child.channel?.unref();
  }
}

function runJob(job: PdfJob): Promise<Buffer> {
  if (idleTimer) clearTimeout(idleTimer);
  const child = pdfProcess();
  hold(child, true);
  let stuck: NodeJS.Timeout | null = null;
  return new Promise<Buffer>((resolve, reject) => {
    current = { child, resolve, reject };
    stuck = setTimeout(() => child.kill('SIGKILL'), JOB_TIMEOUT_MS); // its exit rejects the job
    const failed = (e: unknown) => {
      if (current?.resolve !== resolve) return;
      current = null;
      reject(e instanceof Error ? e : new Error(String(e)));
    };
    try {
      child.send(job, (e) => e && failed(e));
    } catch (e) {
      failed(e); // a job that cannot be copied to the process
    }
  }).finally(() => {
    if (stuck) clearTimeout(stuck);
    hold(child, false);
    idleTimer = setTimeout(() => {
      if (worker === child) worker = null;
      child.kill();
    }, IDLE_MS);
    idleTimer.unref();
  });
}
