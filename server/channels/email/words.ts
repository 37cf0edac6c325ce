/**
 * Mail-server failures in words an admin or agent can act on: which step failed (DNS, the
 * connection, TLS, login, the folder) and, for SMTP, the server's own answer.
 */
import { SendFailure } from '../adapterTypes';

interface NetError {
  code?: string;
  message?: string;
  responseCode?: number;
  response?: string;
  authenticationFailed?: boolean;
  serverResponseCode?: string;
  responseText?: string;
  command?: string;
}

const TLS = /ssl|tls|certificate|wrong version number|self.signed|unable to verify|handshake|EPROTO/i;

/** A connection-level failure (DNS, refused, timeout, TLS) or null when the error is something else. */
function networkWords(e: NetError, what: string, host: string, port: number, timeoutMs: number): string | null {
  const code = e.code ?? '';
  const msg = e.message ?? '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EDNS' || /getaddrinfo|ENOTFOUND/.test(msg)) {
    return `Kaon could not find the ${what} server “${host}” (DNS): check the host name.`;
  }
  if (code === 'ECONNREFUSED' || /ECONNREFUSED/.test(msg)) return `The ${what} server ${host} refused the connection on port ${port}: check the port (and that the server is running).`;
  if (code === 'ETIMEDOUT' || code === 'CONNECT_TIMEOUT' || code === 'GREETING_TIMEOUT' || /timed? ?out/i.test(msg)) {
    return `The ${what} server ${host}:${port} did not answer within ${Math.round(timeoutMs / 1000)} s: check the host, the port and the firewall.`;
  }
  if (TLS.test(code) || TLS.test(msg) || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL')) {
    return `The secure connection (TLS) to the ${what} server ${host}:${port} failed (${msg.slice(0, 160)}): check the security setting (TLS or STARTTLS) for this port.`;
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ESOCKET' || code === 'ECONNECTION' || code === 'NoConnection' || /Unexpected close|closed/i.test(msg)) {
    return `The ${what} server ${host}:${port} closed the connection (${msg.slice(0, 160) || code}): check the port and the security setting.`;
  }
  return null;
}

/** An IMAP failure while checking or reading the mailbox. */
export function imapWords(err: unknown, host: string, port: number, user: string, folder: string, timeoutMs: number): string {
  const e = (err ?? {}) as NetError;
  if (e.authenticationFailed || /AUTHENTICATIONFAILED|authentication failed|invalid credentials|LOGIN failed/i.test(`${e.serverResponseCode ?? ''} ${e.responseText ?? ''} ${e.message ?? ''}`)) {
    return `The mail server refused the login for “${user}”: check the user name and the password (some providers need an app password).`;
  }
  if (e.serverResponseCode === 'NONEXISTENT' || /NONEXISTENT|doesn't exist|does not exist|Mailbox doesn't exist|unknown mailbox/i.test(`${e.responseText ?? ''} ${e.message ?? ''}`)) {
    return `The folder “${folder}” does not exist in this mailbox: check its name (usually INBOX).`;
  }
  return networkWords(e, 'IMAP', host, port, timeoutMs) ?? `The IMAP server ${host} answered with an error: ${(e.responseText || e.message || 'unknown error').slice(0, 200)}`;
}

/**
 * An SMTP failure as a SendFailure: 5xx is permanent (the server's words shown on the message),
 * 4xx and connection problems are retried.
 */
export function smtpFailure(err: unknown, host: string, port: number, user: string, timeoutMs: number): SendFailure {
  const e = (err ?? {}) as NetError;
  const answer = (e.response ?? '').replace(/\s+/g, ' ').trim().slice(0, 300);
  if (e.code === 'EAUTH') return new SendFailure(false, `The SMTP server refused the login for “${user}”${answer ? ` (${answer})` : ''}: check the user name and the password.`);
  if (typeof e.responseCode === 'number' && e.responseCode >= 500) return new SendFailure(false, `The mail server refused this mail: ${answer || e.responseCode}`);
  if (typeof e.responseCode === 'number' && e.responseCode >= 400) return new SendFailure(true, `The mail server asked to try again later: ${answer || e.responseCode}`);
  const net = networkWords(e, 'SMTP', host, port, timeoutMs);
  if (net) return new SendFailure(!/DNS|TLS/.test(net), net);
  return new SendFailure(true, `Sending through ${host} failed: ${(e.message ?? 'unknown error').slice(0, 200)}`);
}
