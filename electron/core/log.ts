/**
 * Structured logging in Prometheus's logfmt style (`time=… level=info msg="…" key=value`),
 * to stderr, so stdout stays free for command output.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line (e.g. component=scrape). */
  with(fields: LogFields): Logger;
}

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

function fmtValue(v: string | number | boolean | null | undefined): string {
  const s = String(v);
  return /^[^\s"=]+$/.test(s) ? s : JSON.stringify(s);
}

export function createLogger(
  level: LogLevel = 'info',
  write: (line: string) => void = (l) => process.stderr.write(l + '\n'),
  base: LogFields = {},
): Logger {
  const emit = (lv: LogLevel, msg: string, fields?: LogFields) => {
    if (ORDER[lv] < ORDER[level]) return;
    let line = `time=${new Date().toISOString()} level=${lv}`;
    for (const [k, v] of Object.entries(base)) if (v !== undefined) line += ` ${k}=${fmtValue(v)}`;
    line += ` msg=${fmtValue(msg)}`;
    if (fields) for (const [k, v] of Object.entries(fields)) if (v !== undefined) line += ` ${k}=${fmtValue(v)}`;
    write(line);
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    with: (fields) => createLogger(level, write, { ...base, ...fields }),
  };
}

/** Discards everything: the default in tests. */
export const nopLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  with() {
    return nopLogger;
  },
};
