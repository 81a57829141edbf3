/**
 * A local receiver that answers as a Slack incoming webhook does: 200 `ok` for a message with text or
 * valid blocks; 400 `invalid_payload`, `no_text` or `invalid_blocks` for a bad one; 403 `invalid_token`
 * for a wrong token in the URL; 404 `no_service` for an unknown path; 410 `channel_is_archived` once
 * told the channel is archived; 429 with Retry-After when told to rate-limit.
 */
import { startHttpReceiver, type HttpReceiver, type ReceivedRequest } from './http-receiver.ts';

interface SlackReceiver extends HttpReceiver {
  /** The incoming-webhook URL (its path holds the token, as Slack's does). */
  readonly webhookUrl: string;
  readonly token: string;
  /** Accepted messages, in order. */
  readonly messages: readonly { readonly text: string; readonly blocks: readonly Record<string, unknown>[] }[];
  archive(): void;
}

const HEADER_MAX = 150;
const SECTION_MAX = 3000;

const blocksProblem = (blocks: unknown): string | null => {
  if (!Array.isArray(blocks)) return 'invalid_blocks';
  for (const b of blocks as Record<string, unknown>[]) {
    const text = (b['text'] ?? {}) as Record<string, unknown>;
    if (b['type'] === 'header' && (text['type'] !== 'plain_text' || String(text['text']).length > HEADER_MAX))
      return 'invalid_blocks';
    if (b['type'] === 'section' && String(text['text']).length > SECTION_MAX) return 'invalid_blocks';
    if (!['header', 'section', 'context', 'divider'].includes(String(b['type']))) return 'invalid_blocks';
  }
  return null;
};

export const startSlackReceiver = async (token = 'XXXXsecretSlackToken0123456789'): Promise<SlackReceiver> => {
  const messages: { text: string; blocks: Record<string, unknown>[] }[] = [];
  let archived = false;
  const path = `/services/T0000TEST/B0000TEST/${token}`;
  const base = await startHttpReceiver((req: ReceivedRequest) => {
    const [, services, team, bot, given] = req.path.split('/');
    if (services !== 'services' || team === undefined || bot === undefined) return { status: 404, body: 'no_service' };
    if (given !== token) return { status: 403, body: 'invalid_token' };
    if (archived) return { status: 410, body: 'channel_is_archived' };
    let payload: Record<string, unknown>;
    try {
      payload = JSON.parse(req.body) as Record<string, unknown>;
    } catch {
      return { status: 400, body: 'invalid_payload' };
    }
    if (typeof payload['text'] !== 'string' && payload['blocks'] === undefined) return { status: 400, body: 'no_text' };
    const problem = payload['blocks'] === undefined ? null : blocksProblem(payload['blocks']);
    if (problem) return { status: 400, body: problem };
    messages.push({
      text: typeof payload['text'] === 'string' ? payload['text'] : '',
      blocks: (payload['blocks'] ?? []) as Record<string, unknown>[],
    });
    return { status: 200, body: 'ok' };
  });
  return Object.assign(base, {
    webhookUrl: `${base.origin}${path}`,
    token,
    messages,
    archive: () => {
      archived = true;
    },
  });
};

/** Slack's answer when a workspace sends too fast. */
export const slackRateLimited = (retryAfterSeconds: number) =>
  ({
    kind: 'answer',
    answer: { status: 429, body: 'rate_limited', headers: { 'retry-after': String(retryAfterSeconds) } },
  }) as const;
