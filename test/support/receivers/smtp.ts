/**
 * A real SMTP server for the tests (smtp-server), each accepted message parsed with mailparser. It may
 * require a login (over plain SMTP: these are loopback tests), and can be told to fail the next
 * messages: a reply code at RCPT TO or at the end of DATA, hanging after DATA until the client gives
 * up, or dropping the connection.
 */
import type { AddressInfo, Socket } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { arrivals } from './arrivals.ts';

export type SmtpFault =
  | { readonly kind: 'reply'; readonly phase: 'rcpt' | 'data'; readonly code: number; readonly message: string }
  | { readonly kind: 'hang' }
  | { readonly kind: 'drop' };

export interface SmtpReceiver {
  /** `smtp://[user:pass@]127.0.0.1:<port>` */
  readonly url: string;
  readonly messages: readonly ParsedMail[];
  /** Messages received in full but never answered (a `hang` fault). */
  readonly hung: readonly ParsedMail[];
  fail(fault: SmtpFault, times?: number): void;
  /** Resolves once `count` messages in all reached DATA (accepted or not). */
  readonly arrived: (count: number) => Promise<void>;
  readonly close: () => Promise<void>;
}

const replyError = (code: number, message: string): Error => Object.assign(new Error(message), { responseCode: code });

export const startSmtpReceiver = async (auth?: {
  readonly user: string;
  readonly pass: string;
}): Promise<SmtpReceiver> => {
  const messages: ParsedMail[] = [];
  const hung: ParsedMail[] = [];
  const faults: SmtpFault[] = [];
  const sockets = new Map<number, Socket>();
  const data = arrivals();
  const takeFault = (phase: 'rcpt' | 'data'): SmtpFault | undefined => {
    const f = faults[0];
    if (f === undefined) return undefined;
    const forRcpt = f.kind === 'reply' && f.phase === 'rcpt';
    if ((phase === 'rcpt') !== forRcpt) return undefined;
    return faults.shift();
  };
  const server = new SMTPServer({
    secure: false,
    logger: false,
    authOptional: auth === undefined,
    allowInsecureAuth: true,
    disabledCommands: auth === undefined ? ['STARTTLS', 'AUTH'] : ['STARTTLS'],
    onAuth(a, _session, cb) {
      if (auth && a.username === auth.user && a.password === auth.pass) cb(null, { user: a.username });
      else cb(replyError(535, '5.7.8 Authentication credentials invalid'));
    },
    onRcptTo(_address, _session, cb) {
      const f = takeFault('rcpt');
      cb(f?.kind === 'reply' ? replyError(f.code, f.message) : null);
    },
    onData(stream, session: SMTPServerSession, cb) {
      data.bump();
      const f = takeFault('data');
      if (f?.kind === 'drop') {
        sockets.get(session.remotePort)?.destroy();
        stream.resume();
        return;
      }
      simpleParser(stream).then(
        (mail) => {
          if (f?.kind === 'hang') {
            hung.push(mail);
            return;
          }
          if (f?.kind === 'reply') return cb(replyError(f.code, f.message));
          messages.push(mail);
          cb(null);
        },
        (e: unknown) => cb(e instanceof Error ? e : new Error(String(e))),
      );
    },
  });
  // A client that dies mid-session (a SIGKILL test) resets its connection: not the receiver's failure.
  server.on('error', () => undefined);
  server.server.on('connection', (s: Socket) => {
    if (s.remotePort !== undefined) sockets.set(s.remotePort, s);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  const credentials = auth ? `${encodeURIComponent(auth.user)}:${encodeURIComponent(auth.pass)}@` : '';
  return {
    url: `smtp://${credentials}127.0.0.1:${port}`,
    messages,
    hung,
    fail(fault, times = 1) {
      for (let i = 0; i < times; i++) faults.push(fault);
    },
    arrived: data.arrived,
    async close() {
      for (const s of sockets.values()) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
