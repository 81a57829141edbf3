/**
 * An admin overrides a notification template over HTTP: the default is version 0; each save is a new
 * version with its history and an audit event; the preview renders against the type's sample; and the
 * next email of that type goes out, through a real SMTP receiver, with the saved words and facts escaped
 * in its HTML part.
 */
import { expect, it } from 'vitest';
import { commitEffects } from '../../src/services/effects/apply-effects.ts';
import { startDeliveryRig } from '../delivery/rig.ts';
import { onboard } from '../support/service.ts';
import { describePerStore } from '../support/stores.ts';

const PATH = '/v1/admin/notification-templates/deployment.failed/email';

const email = (tag: string) => ({
  subject: `[${tag}] Deployment {{facts.deploymentId}} failed for {{customer.name}}`,
  text: `${tag}: {{facts.reason}} ({{facts.artifact}})`,
  html: `<h1>${tag}</h1><p>{{facts.reason}}</p>`,
});

describePerStore('admin notification templates', startDeliveryRig, (h) => {
  it('starts at the default, saves versions with history and audit, previews, and delivers the saved one', async () => {
    const { rig, smtp } = h();
    const svc = rig.svc;
    const initial = await svc.admin('GET', PATH);
    expect(initial.status).toBe(200);
    expect(initial.body).toMatchObject({ type: 'deployment.failed', channel: 'email', version: 0, source: 'default' });
    expect(initial.body.template).toEqual(initial.body.defaultTemplate);
    expect(initial.body.history).toEqual([]);

    const first = await svc.admin('PUT', PATH, { template: email('v1') });
    expect([first.status, first.body.version, first.body.source]).toEqual([200, 1, 'saved']);
    const second = await svc.admin('PUT', PATH, { template: email('v2') });
    expect(second.body.version).toBe(2);
    const now = await svc.admin('GET', PATH);
    expect(now.body).toMatchObject({ version: 2, source: 'saved', template: email('v2'), savedBy: 'admin' });
    expect(now.body.history.map((v: { version: number }) => v.version)).toEqual([2, 1]);

    const current = await svc.admin('POST', `${PATH}/preview`, {});
    expect(current.status).toBe(200);
    expect(current.body.message.subject).toBe(
      '[v2] Deployment dep_01jsample00000000000000000 failed for Acme Robotics',
    );
    const given = await svc.admin('POST', `${PATH}/preview`, { template: email('draft') });
    expect(given.body.message.html).toBe('<h1>draft</h1><p>exit_code</p>');
    expect((await svc.admin('GET', PATH)).body.version).toBe(2);

    const audit = await svc.admin('GET', '/v1/admin/audit?type=notification.template_saved&limit=10');
    expect(audit.body.items.map((e: { details: { version: number } }) => e.details.version).sort()).toEqual([1, 2]);

    const c = await onboard(svc, 'Templated');
    const at = new Date(rig.clock.now()).toISOString();
    await commitEffects(svc.service.ctx, [
      {
        kind: 'notify',
        notification: {
          type: 'deployment.failed',
          severity: 'error',
          customerId: c.id,
          at,
          dedupeKey: `templated:${c.id}`,
          incident: null,
          facts: {
            deploymentId: 'dep_t1',
            target: 'command',
            artifact: 'app:1',
            reason: '<b>boom</b> & co',
            exitCode: 1,
          },
        },
      },
    ]);
    const before = smtp.messages.length;
    await h().settle();
    const mail = smtp.messages.slice(before).find((m) => m.subject?.startsWith('[v2]'));
    expect(mail?.subject).toBe('[v2] Deployment dep_t1 failed for Templated');
    expect(mail?.text?.trim()).toBe('v2: <b>boom</b> & co (app:1)');
    expect(mail?.html).toContain('<h1>v2</h1><p>&lt;b&gt;boom&lt;&#x2F;b&gt; &amp; co</p>');
  });
});
