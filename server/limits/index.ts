import { FailureLimiter } from '../auth/rateLimit';
import type { Config } from '../config';
import { OpenCounter, Semaphore } from './semaphore';
import { WindowCounter } from './window';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Visitors remembered as having said hello (so they may upload before their first message). */
const GREETED_MAX = 100_000;

/**
 * Every limit a server instance keeps (in memory, per instance; see docs/SECURITY.md). Sign-in
 * failures count per account and client together (a hard limit that only locks that client),
 * per client, and per account from anywhere (which only slows sign-in down).
 */
export interface Limits {
  login: { pair: FailureLimiter; ip: FailureLimiter; account: FailureLimiter };
  /** scrypt: at most a few at once (libuv has four threads for everything). */
  hashing: Semaphore;
  chat: {
    messagesPerVisitor: WindowCounter;
    messagesPerIp: WindowCounter;
    newVisitorsPerIp: WindowCounter;
    uploadsPerVisitor: WindowCounter;
    uploadsPerIp: WindowCounter;
    uploadBytesPerVisitor: WindowCounter;
    uploadBytesPerIp: WindowCounter;
    streams: OpenCounter;
  };
  /** `<channelId>|<visitorKey>` of visitors who said hello, with when. */
  greeted: GreetedVisitors;
}

export function createLimits(config: Config): Limits {
  return {
    login: {
      pair: new FailureLimiter(config.loginMaxPerEmail, config.loginWindowMs),
      ip: new FailureLimiter(config.loginMaxPerIp, config.loginWindowMs),
      account: new FailureLimiter(config.loginMaxPerEmail, config.loginWindowMs),
    },
    hashing: new Semaphore(config.passwordHashConcurrency, config.passwordHashQueue),
    chat: {
      messagesPerVisitor: new WindowCounter(config.chatMessagesPerMinute, MINUTE),
      messagesPerIp: new WindowCounter(config.chatMessagesPerMinutePerIp, MINUTE),
      newVisitorsPerIp: new WindowCounter(config.chatNewVisitorsPerHourPerIp, HOUR),
      uploadsPerVisitor: new WindowCounter(config.chatUploadsPerHour, HOUR),
      uploadsPerIp: new WindowCounter(config.chatUploadsPerHourPerIp, HOUR),
      uploadBytesPerVisitor: new WindowCounter(config.chatUploadBytesPerHour, HOUR),
      uploadBytesPerIp: new WindowCounter(config.chatUploadBytesPerHourPerIp, HOUR),
      streams: new OpenCounter(),
    },
    greeted: new GreetedVisitors(GREETED_MAX, 24 * HOUR),
  };
}

/**
 * Visitors who opened the chat (hello) on a channel, for a day: uploads need one (or a contact),
 * so a well-formed cookie alone uploads nothing. Bounded: the oldest are forgotten first; a
 * forgotten visitor without a contact reloads the chat page, which says hello again.
 */
export class GreetedVisitors {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly max: number,
    private readonly ttlMs: number,
  ) {}

  add(channelId: string, visitorKey: string, now: number): void {
    const key = `${channelId}|${visitorKey}`;
    this.seen.delete(key);
    this.seen.set(key, now);
    while (this.seen.size > this.max) this.seen.delete(this.seen.keys().next().value!);
  }

  has(channelId: string, visitorKey: string, now: number): boolean {
    const at = this.seen.get(`${channelId}|${visitorKey}`);
    return at !== undefined && at > now - this.ttlMs;
  }
}
