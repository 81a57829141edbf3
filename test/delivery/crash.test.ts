/**
 * A crash mid-delivery loses nothing and resends with the same id: a child process sends a notification
 * email to a real SMTP server that receives it in full and never answers; the child is killed with
 * SIGKILL before it can record the attempt. Started again under the same instance id, it sends the
 * message again, with the same Message-ID, and records one delivered attempt.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/adapters/store/sqlite/sqlite-store.ts';
import { startSmtpReceiver } from '../support/receivers/smtp.ts';

const dir = mkdtempSync(join(tmpdir(), 'tai-delivery-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Child {
  readonly process: ChildProcess;
  readonly lines: readonly string[];
}

const start = (smtpUrl: string, mode: 'enqueue' | 'resume'): Promise<Child> =>
  new Promise((resolve, reject) => {
    const lines: string[] = [];
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/delivery/crash-child.ts', dir, smtpUrl, mode], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      lines.push(line);
      if (line === 'ready') resolve({ process: child, lines });
    });
    child.on('exit', (code, signal) => {
      if (signal === null) reject(new Error(`child exited (code ${code}): ${stderr}`));
    });
  });

/** Condition polling with a generous deadline: the child works in real time. */
const waitFor = async (cond: () => boolean, deadlineMs = 20_000): Promise<void> => {
  const until = Date.now() + deadlineMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error('condition not met before the deadline');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

const kill = (child: Child): Promise<void> =>
  new Promise((resolve) => {
    child.process.on('exit', () => resolve());
    child.process.kill('SIGKILL');
  });

describe('delivery across a SIGKILL', () => {
  it('resends the unrecorded attempt after a restart, with the same Message-ID, and records it once', async () => {
    const smtp = await startSmtpReceiver();
    try {
      smtp.fail({ kind: 'hang' });
      const first = await start(smtp.url, 'enqueue');
      await waitFor(() => smtp.hung.length === 1);
      await kill(first);
      expect(smtp.messages).toHaveLength(0);
      expect(smtp.hung).toHaveLength(1);

      const second = await start(smtp.url, 'resume');
      await waitFor(() => second.lines.includes('settled'));
      await kill(second);
      expect(smtp.messages.map((m) => m.messageId)).toEqual([smtp.hung[0]?.messageId]);
      expect(smtp.messages[0]?.messageId).toMatch(/^<ntf_[0-9a-z]+\.ops@/);
    } finally {
      await smtp.close();
    }
    const store = await openSqliteStore(join(dir, 'tai.db'));
    try {
      const all = await store.read((r) => r.deliveries({ limit: 10 }));
      expect(all.items.map((d) => [d.target, d.status, d.attempts])).toEqual([['email.ops', 'delivered', 1]]);
    } finally {
      await store.close();
    }
  });
});
