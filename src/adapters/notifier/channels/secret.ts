/**
 * A secret value (SMTP password, Slack webhook URL, PagerDuty routing key, webhook signing secret) that
 * prints as `[secret]` wherever it is stringified, logged or inspected; only `reveal()` gives the value.
 */
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return '[secret]';
  }
  toJSON(): string {
    return '[secret]';
  }
  [INSPECT](): string {
    return '[secret]';
  }
}

/**
 * Removes every secret from a text taken from the far side (an error, a response body) before it goes
 * into an outcome, in the forms a server might echo it: as is and URL-encoded.
 */
export const redact = (text: string, secrets: readonly (Secret | string)[]): string => {
  let out = text;
  for (const s of secrets) {
    const value = typeof s === 'string' ? s : s.reveal();
    if (value.length < 4) continue;
    for (const form of new Set([value, encodeURIComponent(value)])) out = out.replaceAll(form, '[secret]');
  }
  return out;
};

/** A short, printable excerpt of a far side's answer, for an error message. */
export const excerpt = (text: string, secrets: readonly (Secret | string)[], max = 200): string => {
  const flat = redact(text, secrets).replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}...` : flat;
};
