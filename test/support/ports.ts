/**
 * Ports for a process that binds one later than the test picks it (a port in an environment variable or a
 * script's argument). Every server in these tests binds port 0, and the kernel gives those a port from its
 * ephemeral range: a port picked there and released can be taken by another test before the process binds
 * it (the walkthrough's witness once found its port in use under load). One below that range is never
 * handed out for port 0, so only a bind by number could take it.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** The low end of Linux's ephemeral range, or its default where /proc does not say. */
const ephemeralLow = (): number => {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 2048 ? low : 32768;
  } catch {
    return 32768;
  }
};

/** True when nothing listens there (this process can bind it). */
export const isFree = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = createServer()
      .once('error', () => resolve(false))
      .listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });

/** A free port below the ephemeral range, at random among the 10,000 under it. */
export const portBelowEphemeralRange = async (): Promise<number> => {
  const high = ephemeralLow();
  const low = Math.max(1024, high - 10_000);
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low));
    if (await isFree(port)) return port;
  }
  throw new Error(`no free port in [${low}, ${high})`);
};
