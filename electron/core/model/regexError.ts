/** A regex that does not compile; the message is worded as Go's regexp package words it. */
export class RegexError extends Error {
  constructor(
    readonly reason: string,
    readonly expr: string,
  ) {
    super(`error parsing regexp: ${reason}: \`${expr}\``);
    this.name = 'RegexError';
  }
}
