/**
 * A real IMAP server for the e-mail tests: Debian's Dovecot (scripts/ensure-dovecot.sh installs
 * it), started as a child process with a temporary configuration, mail directory and users file
 * on a free port. No system users, no systemd: it runs as the current user (root in CI), so
 * several vitest workers can each run their own. Only tests import this file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';

const DOVECOT = process.env.DOVECOT_PATH ?? '/usr/sbin/dovecot';

export interface MailUser {
  user: string;
  password: string;
}

export interface Dovecot {
  host: string;
  port: number;
  /** The users it knows (each with an empty INBOX at start). */
  users: MailUser[];
  /** Delivers a raw RFC 5322 message into a user's folder (IMAP APPEND), as an MTA would; resolves to its UID. */
  deliver(user: string, raw: string | Buffer, folder?: string): Promise<number>;
  /** A logged-in imapflow client (the caller logs out). */
  client(user: string): Promise<ImapFlow>;
  /** Stops accepting connections (an outage); `start` brings it back on the same port and mail. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and removes the temporary directory. */
  close(): Promise<void>;
  /** Dovecot's log, for a failing test's message. */
  log(): string;
}

/** A port nobody listens on now (the kernel's pick for port 0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** Who owns the mail: the current user, or nobody when that is root. */
function mailOwner(): { uid: number; gid: number } {
  const { uid, gid } = userInfo();
  if (uid !== 0) return { uid, gid };
  const nobody = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .map((line) => line.split(':'))
    .find((f) => f[0] === 'nobody');
  return { uid: Number(nobody?.[2] ?? 65534), gid: Number(nobody?.[3] ?? 65534) };
}

function config(dir: string, port: number): string {
  const { username, uid, gid } = userInfo();
  // imap-login and the mail processes refuse to run as root: as root (CI) they run as nobody,
  // which every Debian has; otherwise everything runs as the current user.
  const mail = mailOwner();
  const group = readFileSync('/etc/group', 'utf8')
    .split('\n')
    .map((line) => line.split(':'))
    .find((f) => f[2] === String(gid))?.[0];
  return `
protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/log
info_log_path = ${dir}/log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
# A wrong password is answered at once (the tests check the words for it).
auth_failure_delay = 0
default_login_user = ${uid === 0 ? 'nobody' : username}
default_internal_user = ${username}
default_internal_group = ${group ?? username}
first_valid_uid = 0
first_valid_gid = 0
mail_location = maildir:~/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = uid=${mail.uid} gid=${mail.gid} home=${dir}/home/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service pop3-login {
  inet_listener pop3 {
    port = 0
  }
}
service submission-login {
  inet_listener submission {
    port = 0
  }
}
service lmtp {
  unix_listener lmtp {
    mode = 0600
  }
}
service anvil {
  chroot =
}
service imap-login {
  chroot =
}
protocol imap {
  mail_max_userip_connections = 100
}
`;
}

/**
 * Starts Dovecot with users `users` (default: one, "support" / "secret"). Waits until the IMAP
 * port answers. Call `close()` in afterAll/afterEach.
 */
export async function startDovecot(users: MailUser[] = [{ user: 'support', password: 'secret' }]): Promise<Dovecot> {
  if (!existsSync(DOVECOT)) throw new Error(`Dovecot is missing at ${DOVECOT}: run scripts/ensure-dovecot.sh (as root) or set DOVECOT_PATH`);
  const dir = mkdtempSync(join(tmpdir(), 'kaon-dovecot-'));
  for (const sub of ['run', 'state', 'home']) mkdirSync(join(dir, sub));
  // The mail processes (nobody, when the tests run as root) write the maildirs under home/.
  const owner = mailOwner();
  chmodSync(dir, 0o755);
  chownSync(join(dir, 'home'), owner.uid, owner.gid);
  writeFileSync(join(dir, 'users'), users.map((u) => `${u.user}:{PLAIN}${u.password}::::::`).join('\n') + '\n', { mode: 0o600 });
  const port = await freePort();
  const confPath = join(dir, 'dovecot.conf');
  writeFileSync(confPath, config(dir, port));
  let child: ChildProcess | null = null;

  async function start(): Promise<void> {
    // Its own process group, so stop() ends the master and every imap process at once (an outage).
    const proc = spawn(DOVECOT, ['-F', '-c', confPath], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child = proc;
    let output = '';
    proc.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    proc.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const done = await Promise.race([exited.then((code) => ({ code })), new Promise<null>((r) => setTimeout(() => r(null), 50))]);
      if (done) throw new Error(`Dovecot exited (${done.code}): ${output}${log()}`);
      if (await canConnect(port)) return;
    }
    try {
      process.kill(-proc.pid!, 'SIGKILL');
    } catch {
      proc.kill('SIGKILL');
    }
    throw new Error(`Dovecot did not listen on ${port} within 10 s: ${output}${log()}`);
  }

  async function stop(): Promise<void> {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    const group = (signal: NodeJS.Signals) => {
      try {
        process.kill(-proc.pid!, signal);
      } catch {
        proc.kill(signal);
      }
    };
    group('SIGTERM');
    const timer = setTimeout(() => group('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
    // The master's children (imap-login, imap) go with it; wait for the port to close.
    for (let i = 0; i < 100 && (await canConnect(port)); i++) await new Promise((r) => setTimeout(r, 20));
  }

  function log(): string {
    try {
      return readFileSync(join(dir, 'log'), 'utf8');
    } catch {
      return '';
    }
  }

  async function client(user: string): Promise<ImapFlow> {
    const u = users.find((x) => x.user === user);
    if (!u) throw new Error(`No mail user ${user}`);
    const c = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user: u.user, pass: u.password }, logger: false, disableAutoIdle: true });
    await c.connect();
    return c;
  }

  await start();
  return {
    host: '127.0.0.1',
    port,
    users,
    async deliver(user, raw, folder = 'INBOX') {
      const c = await client(user);
      try {
        const res = await c.append(folder, typeof raw === 'string' ? Buffer.from(raw) : raw);
        if (!res || typeof res.uid !== 'number') throw new Error(`APPEND to ${folder} gave no UID`);
        return res.uid;
      } finally {
        await c.logout().catch(() => {});
      }
    },
    client,
    stop,
    start,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
    log,
  };
}

/** A plain-text RFC 5322 message (CRLF line ends), for deliver(). */
export function mail(fields: {
  from: string;
  to: string;
  subject: string;
  body: string;
  messageId?: string | null;
  inReplyTo?: string;
  references?: string;
  date?: Date;
  headers?: Record<string, string>;
}): string {
  const lines = [
    `From: ${fields.from}`,
    `To: ${fields.to}`,
    `Subject: ${fields.subject}`,
    `Date: ${(fields.date ?? new Date()).toUTCString().replace('GMT', '+0000')}`,
  ];
  if (fields.messageId !== null) lines.push(`Message-ID: ${fields.messageId ?? `<${Math.random().toString(36).slice(2)}@customer.test>`}`);
  if (fields.inReplyTo) lines.push(`In-Reply-To: ${fields.inReplyTo}`);
  if (fields.references) lines.push(`References: ${fields.references}`);
  for (const [k, v] of Object.entries(fields.headers ?? {})) lines.push(`${k}: ${v}`);
  lines.push('MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', ...fields.body.split('\n'));
  return lines.join('\r\n') + '\r\n';
}
