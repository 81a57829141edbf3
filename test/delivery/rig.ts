/**
 * The insured rig (service + insurer simulator on one virtual clock, over HTTP) with every channel
 * pointed at a real local receiver: SMTP, Slack, PagerDuty and a webhook consumer.
 */
import type { Store } from '../../src/adapters/store/interface.ts';
import { startInsuredRig } from '../support/insured.ts';
import { startPagerDutyReceiver, type PagerDutyReceiver } from '../support/receivers/pagerduty.ts';
import { startSlackReceiver } from '../support/receivers/slack.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../support/receivers/smtp.ts';

type InsuredRig = Awaited<ReturnType<typeof startInsuredRig>>;
type SlackReceiver = Awaited<ReturnType<typeof startSlackReceiver>>;

const OPS_EMAIL = 'team@tai.example';

export interface DeliveryRig {
  readonly rig: InsuredRig;
  readonly smtp: SmtpReceiver;
  readonly slack: SlackReceiver;
  readonly pd: PagerDutyReceiver;
  /** Steps virtual time to each delivery due before `ms` from now and runs it; then to the target. */
  advance(ms: number): Promise<void>;
  /** Runs what is due now, lifecycle and delivery. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export const startDeliveryRig = async (store: Store, env: Record<string, string> = {}): Promise<DeliveryRig> => {
  const [smtp, slack, pd] = await Promise.all([startSmtpReceiver(), startSlackReceiver(), startPagerDutyReceiver()]);
  const rig = await startInsuredRig(store, {
    TAI_SMTP_URL: smtp.url,
    TAI_OPS_EMAIL: OPS_EMAIL,
    TAI_SLACK_WEBHOOK_URL: slack.webhookUrl,
    TAI_PAGERDUTY_ROUTING_KEY: pd.routingKey,
    TAI_PAGERDUTY_EVENTS_URL: pd.eventsUrl,
    ...env,
  });
  const worker = rig.svc.service.delivery;
  const settle = async (): Promise<void> => {
    await rig.svc.service.scheduler.runDue();
    await worker.runDue();
  };
  return {
    rig,
    smtp,
    slack,
    pd,
    settle,
    advance: async (ms) => {
      const target = rig.clock.now() + ms;
      await settle();
      for (let next = await worker.nextAt(); next !== null && next <= target; next = await worker.nextAt()) {
        if (next > rig.clock.now()) rig.clock.set(next);
        if ((await worker.runDue()) === 0) throw new Error(`delivery due at ${next} but nothing could start`);
      }
      if (target > rig.clock.now()) rig.clock.set(target);
      await settle();
    },
    close: async () => {
      await rig.close();
      await Promise.all([smtp.close(), slack.close(), pd.close()]);
    },
  };
};
