import { fork } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { SMTPServer } from 'smtp-server';

export interface SmtpSink {
  url: string;
  received(): Promise<number>;
  close(): Promise<void>;
}

/** A real SMTP server on a free local port that accepts every mail and counts it (for the benchmarks). */
export async function smtpSink(): Promise<SmtpSink> {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, done) {
      stream.resume();
      stream.on('end', () => {
        received += 1;
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    received: async () => received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type SinkMessage = { url: string } | { received: number };

/**
 * The same SMTP server in a process of its own (this file, forked), so receiving the mail does not
 * take the event loop of the process that measures the pages (a real relay is another machine).
 */
export async function smtpSinkInOwnProcess(): Promise<SmtpSink> {
  const child = fork(fileURLToPath(import.meta.url), [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  const next = () => new Promise<SinkMessage>((resolve) => child.once('message', (m) => resolve(m as SinkMessage)));
  const { url } = (await next()) as { url: string };
  return {
    url,
    async received() {
      const answer = next();
      child.send('received');
      return ((await answer) as { received: number }).received;
    },
    async close() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send('close');
      await exited;
    },
  };
}

if (process.send && process.argv[1] === fileURLToPath(import.meta.url)) {
  const sink = await smtpSink();
  process.on('message', async (m) => {
    if (m === 'received') process.send!({ received: await sink.received() });
    if (m === 'close') {
      await sink.close();
      process.disconnect();
    }
  });
  process.send({ url: sink.url });
}
