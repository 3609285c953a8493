/** One JSON line the app logged, as a log collector reads it. */
export interface LogLine {
  time: string;
  level: string;
  msg: string;
  requestId?: string;
  method?: string;
  route?: string | null;
  status?: number;
  durationMs?: number;
  userId?: number | null;
  err?: { message: string; stack: string };
  [key: string]: unknown;
}

/** A destination for createLogger that parses each line into `lines`. */
export function collect(lines: LogLine[]) {
  return { write: (line: string) => void lines.push(JSON.parse(line)) };
}
