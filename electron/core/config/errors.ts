/**
 * A config file that cannot be loaded. The message reads as Prometheus/promtool print it
 * (`parsing YAML file prometheus.yml: …`), and the parts are kept for the API and the UI.
 */

export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(
    /** The file the error is about ('' when parsing text that has no file). */
    readonly file: string,
    /**
     * Each problem on its own: the YAML unmarshal errors one per entry (`line N, column M: …`),
     * otherwise the one error Prometheus would report (with its position appended when known).
     */
    readonly errors: string[],
    /** 1-based position of the first problem, when known. */
    readonly line?: number,
    readonly column?: number,
    /** Overrides the default `parsing YAML file FILE: …` message (e.g. a missing file). */
    message?: string,
  ) {
    super(message ?? formatMessage(file, errors));
  }
}

function formatMessage(file: string, errors: string[]): string {
  const body = errors.length === 1 ? errors[0]! : errors.join('\n');
  return file === '' ? body : `parsing YAML file ${file}: ${body}`;
}
