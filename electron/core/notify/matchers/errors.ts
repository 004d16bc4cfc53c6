/** A matcher that does not parse; the message is Alertmanager's, so users can search for it. */
export class MatcherParseError extends Error {
  override readonly name = 'MatcherParseError';
}
