/** A template that does not parse or fails to execute; the message is Go's text/template text. */
export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}
