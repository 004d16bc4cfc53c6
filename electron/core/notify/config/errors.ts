/**
 * What is wrong with an alertmanager.yml, and where. The detail is Alertmanager's own wording
 * (so users can search for it); the file and position are Hearth's addition.
 */

export interface NotifyConfigProblem {
  detail: string;
  line?: number;
  column?: number;
}

export class NotifyConfigError extends Error {
  override readonly name = 'NotifyConfigError';

  constructor(
    readonly file: string,
    /** Several only for YAML unmarshal errors (unknown fields, wrong types), which Go collects. */
    readonly problems: readonly NotifyConfigProblem[],
    /** `yaml: unmarshal errors:` when the problems are Go's collected unmarshal errors. */
    readonly heading = '',
  ) {
    super(formatProblems(file, problems, heading));
  }

  /** The message without the file name, as amtool's "FAILED: …" shows it. */
  get detail(): string {
    return formatProblems('', this.problems, this.heading);
  }
}

function at(p: NotifyConfigProblem): string {
  return p.line !== undefined ? `${p.line}:${p.column ?? 1}: ` : '';
}

function formatProblems(file: string, problems: readonly NotifyConfigProblem[], heading: string): string {
  const prefix = file === '' ? '' : `${file}: `;
  if (heading !== '') return `${prefix}${heading}\n${problems.map((p) => `  ${at(p)}${p.detail}`).join('\n')}`;
  const p = problems[0]!;
  return `${prefix}${at(p)}${p.detail}`;
}
