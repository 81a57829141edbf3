/**
 * The ops dashboard in a real browser: Debian's Chromium, headless, driven by playwright-core, against the
 * service and the insurer simulator on one virtual clock. Signs in, watches a customer go read-only when the
 * simulator revokes its certificate and come back after rotation, good checks and the operator's recovery,
 * refuses a forged form, a customer key and an unauthenticated visit, and checks that no request the pages
 * make leaves the service's origin. Screenshots go to TAI_OPS_SCREENSHOTS (default: a temporary directory).
 * Locally a missing Chromium skips this; in CI (where .ci/debian-tools installs it) it fails instead.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { toolAvailable } from '../deploy/tools.ts';
import { DAY, insuredCustomer, startInsuredRig } from '../support/insured.ts';
import { ADMIN_TOKEN, onboard } from '../support/service.ts';
import { sqliteFixture } from '../support/stores.ts';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** What the page shows in an element, whitespace trimmed (as a reader sees it). */
const text = async (page: Page, selector: string): Promise<string> => (await page.locator(selector).innerText()).trim();

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

it.runIf(toolAvailable('chromium'))(
  'signs in, follows a revocation and a recovery, and refuses forgeries, customer keys and strangers',
  async () => {
    const fixture = sqliteFixture();
    const rig = await startInsuredRig(await fixture.open());
    const profile = mkdtempSync(join(tmpdir(), 'tai-chromium-'));
    const shots = process.env['TAI_OPS_SCREENSHOTS'] ?? mkdtempSync(join(tmpdir(), 'tai-ops-shots-'));
    mkdirSync(shots, { recursive: true });
    const browser = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 1000 },
    });
    try {
      const origin = rig.svc.url;
      const requested: string[] = [];
      const outside: string[] = [];
      await browser.route('**/*', (route) => {
        const url = route.request().url();
        requested.push(url);
        if (new URL(url).origin === origin) return route.continue();
        outside.push(url);
        return route.abort();
      });
      const shot = async (page: Page, name: string) => {
        const file = join(shots, `${name}.png`);
        await page.screenshot({ path: file, fullPage: true });
        expect(readFileSync(file).subarray(0, 8).equals(PNG)).toBe(true);
      };

      const c = await insuredCustomer(rig, 'Acme');
      await insuredCustomer(rig, 'Globex', 20);
      await insuredCustomer(rig, 'Northwind', 5);
      await onboard(rig.svc, 'Initech');

      const page = browser.pages()[0] ?? (await browser.newPage());
      // An unauthenticated visit lands on sign-in.
      await page.goto(`${origin}/ops`);
      expect(page.url()).toBe(`${origin}/ops/sign-in?next=%2Fops`);
      // A customer API key is not the admin token.
      await page.fill('#token', c.token);
      await page.click('#sign-in');
      expect(await text(page, '#problem')).toContain('That is not the admin token.');
      await page.fill('#token', ADMIN_TOKEN);
      await page.click('#sign-in');
      expect(page.url()).toBe(`${origin}/ops`);
      expect(await text(page, '#system-mode')).toContain('Normal');
      expect(await text(page, '[data-within="7"]')).toBe('1');
      expect(await text(page, '#read-only-count')).toBe('1 read-only');
      await shot(page, 'overview');

      await page.click(`a[href="/ops/customers/${c.id}"]`);
      expect(await text(page, '#state')).toBe('active');
      expect(await text(page, '#writable')).toBe('writable');

      // The insurer revokes the certificate; the next check (from the dashboard) makes the customer read-only.
      await rig.scenario('revoked', c.certificateId);
      await page.click('#check-now');
      expect(await text(page, '#done')).toContain('Checked');
      expect(await text(page, '#read-only-reason')).toBe('revoked');
      expect(await text(page, '#timeline')).toContain('certificate.degraded');
      await shot(page, 'customer-revoked');
      await page.click('a[href="/ops"]');
      // Initech, with no certificate yet, was read-only already.
      expect(await text(page, '#read-only-count')).toBe('2 read-only');
      expect(await text(page, `tr[data-customer="${c.id}"]`)).toContain('read-only: revoked');

      // A fresh certificate, good checks, then the operator's recovery.
      const fresh = rig.sim.createCertificate({
        insured: { name: 'Acme', reference: c.id },
        effectiveFrom: new Date(rig.clock.now() - DAY).toISOString(),
        expiresAt: new Date(rig.clock.now() + 365 * DAY).toISOString(),
      });
      const rotated = await rig.svc.admin('POST', `/v1/admin/customers/${c.id}/insurance/rotate`, {
        certificateId: fresh.certificateId,
      });
      expect(rotated.status).toBe(200);
      await page.goto(`${origin}/ops/customers/${c.id}`);
      for (let i = 0; i < 5 && (await text(page, '#read-only-reason')) === 'awaiting_good_checks'; i++) {
        await page.click('#check-now');
      }
      expect(await text(page, '#read-only-reason')).toBe('awaiting_operator');

      // A form whose CSRF token is not the session's is refused, and nothing changes.
      await page
        .locator('#actions input[name="csrf"]')
        .last()
        .evaluate((el) => {
          (el as unknown as { value: string }).value = 'forged';
        });
      await page.click('#recover');
      expect(await text(page, '#problem')).toContain('TAI-OPS-CSRF-INVALID');
      await page.goto(`${origin}/ops/customers/${c.id}`);
      expect(await text(page, '#read-only-reason')).toBe('awaiting_operator');

      await page.click('#recover');
      expect(await text(page, '#done')).toContain('operator');
      expect(await text(page, '#writable')).toBe('writable');
      expect(await text(page, '#state')).toBe('active');
      await shot(page, 'customer-recovered');

      // A customer key cannot open the dashboard, even beside a signed-in session.
      const keyed = await browser.newPage();
      await keyed.setExtraHTTPHeaders({ authorization: `Bearer ${c.token}` });
      const refused = await keyed.goto(`${origin}/ops`);
      expect(refused?.status()).toBe(403);
      expect(await text(keyed, '#problem')).toContain('TAI-AUTH-FORBIDDEN');
      await keyed.close();

      // Signed out, the dashboard is closed again.
      await page.click('header button');
      expect(page.url()).toBe(`${origin}/ops/sign-in`);
      await page.goto(`${origin}/ops/audit`);
      expect(page.url()).toBe(`${origin}/ops/sign-in?next=%2Fops%2Faudit`);

      expect(outside).toEqual([]);
      expect(requested).toContain(`${origin}/ops/assets/ops.css`);
    } finally {
      await browser.close();
      await rig.close();
      await fixture.cleanup();
      rmSync(profile, { recursive: true, force: true });
      if (process.env['TAI_OPS_SCREENSHOTS'] === undefined) rmSync(shots, { recursive: true, force: true });
    }
  },
  180_000,
);
