/**
 * The lines that report what a rate limit held back: "And 3 more since ...", then the first few of
 * them by headline. Nothing is dropped silently: the count is always there, the list is capped.
 */
import type { Notification } from '../notification.ts';
import { instantText } from '../templates/view.ts';

const MAX_LISTED = 10;

interface Coalesced {
  readonly summary: string;
  readonly lines: readonly string[];
}

/** `earlier` oldest first; `headline` renders one of them in one line. */
export const coalesced = (
  earlier: readonly Notification[],
  headline: (n: Notification) => string,
): Coalesced | null => {
  const first = earlier[0];
  if (first === undefined) return null;
  const listed = earlier.slice(0, MAX_LISTED).map((n) => `${instantText(n.at)}: ${headline(n)}`);
  const rest = earlier.length - listed.length;
  return {
    summary: `And ${earlier.length} more since ${instantText(first.at)}`,
    lines: rest > 0 ? [...listed, `... and ${rest} more`] : listed,
  };
};
