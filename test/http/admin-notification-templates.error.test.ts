/**
 * The template routes refuse what would not render with TAI-NOTIFY-TEMPLATE-INVALID (naming every
 * problem, the first part as the path), unknown types and channels and malformed bodies with catalog
 * codes; a refused save changes nothing and is audited as a failure.
 */
import { expect, it } from 'vitest';
import { describeService } from '../support/service.ts';

const PATH = '/v1/admin/notification-templates/system.read_only/slack';

describeService('admin notification templates errors', (svc) => {
  it('refuses a template that does not render, at save and at preview, and keeps the one in use', async () => {
    const bad = { title: 'Read-only: {{facts.reasn}}', text: '<{{{facts.reason}}}>' };
    const saved = await svc().admin('PUT', PATH, { template: bad });
    expect([saved.status, saved.body.error.code, saved.body.error.path]).toEqual([
      422,
      'TAI-NOTIFY-TEMPLATE-INVALID',
      '/template/title',
    ]);
    expect(saved.body.error.message).toContain('title: unknown name facts.reasn');
    expect(saved.body.error.message).toContain('text: {{{facts.reason}}} or {{& facts.reason}} would not be escaped');
    const preview = await svc().admin('POST', `${PATH}/preview`, { template: { title: '{{#customer}}x' } });
    expect([preview.status, preview.body.error.code]).toEqual([422, 'TAI-NOTIFY-TEMPLATE-INVALID']);
    const now = await svc().admin('GET', PATH);
    expect([now.body.version, now.body.source, now.body.history]).toEqual([0, 'default', []]);
    const audit = await svc().admin('GET', '/v1/admin/audit?type=notification.template_saved&limit=10');
    expect(audit.body.items).toEqual([expect.objectContaining({ outcome: 'failure' })]);
  });

  it('refuses unknown types and channels, missing parts and bodies that are not a template', async () => {
    for (const path of [
      '/v1/admin/notification-templates/nope.nope/email',
      '/v1/admin/notification-templates/system.read_only/fax',
    ]) {
      const r = await svc().admin('GET', path);
      expect([path, r.status, r.body.error.code]).toEqual([path, 400, 'TAI-REQ-VALIDATION']);
    }
    for (const body of [{}, { template: 'x' }, { template: { title: 7 } }, { template: {}, extra: 1 }]) {
      const r = await svc().admin('PUT', PATH, body);
      expect([JSON.stringify(body), r.status, r.body.error.code]).toEqual([
        JSON.stringify(body),
        400,
        'TAI-REQ-VALIDATION',
      ]);
    }
    const missing = await svc().admin('PUT', PATH, { template: { title: 'Only a title' } });
    expect([missing.status, missing.body.error.code, missing.body.error.path]).toEqual([
      422,
      'TAI-NOTIFY-TEMPLATE-INVALID',
      '/template/text',
    ]);
  });
});
