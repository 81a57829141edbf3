/** docs/notifications.md carries the reference generated from the delivery tables, as they are now. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderNotificationReference } from '../../src/domain/delivery/render-docs.ts';

describe('docs/notifications.md', () => {
  it('holds the generated reference (`node bin/tai.mjs docs notifications`)', () => {
    expect(readFileSync('docs/notifications.md', 'utf8')).toContain(renderNotificationReference());
  });
});
