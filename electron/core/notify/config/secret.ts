/**
 * A credential from the config (SMTP password, bot token, webhook URL with its key): it never
 * prints, in logs, JSON (the status API) or string templates, as Alertmanager marshals its
 * Secret as `<secret>`. Only the sender that needs it calls reveal().
 */

const SECRET_TOKEN = '<secret>';

export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  get isEmpty(): boolean {
    return this.#value === '';
  }

  toString(): string {
    return SECRET_TOKEN;
  }

  toJSON(): string {
    return this.#value === '' ? '' : SECRET_TOKEN;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return SECRET_TOKEN;
  }
}
