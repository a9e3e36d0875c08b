/**
 * When a sign-in attempt is refused before its password is checked (decision record 011).
 *
 * Each limit allows at most so many *counted failures* in any window of its length. A failure is
 * an attempt whose address or password was wrong (or whose account is switched off); it stops
 * counting once the same account signs in successfully from the same client (or, for the device
 * limits, on the same device) after it, so the owner's own typos never hold them back once they
 * are in. Once a limit is reached, attempts it
 * applies to are refused, unchecked and uncounted, until the oldest of those failures leaves the
 * window.
 *
 * - pair: one account from one client, 5 per 15 minutes and 20 per day. A stranger elsewhere
 *   cannot use up the owner's allowance, and no single client can reach the account ceiling.
 * - client: one client across every account, 10 per 15 minutes. Stops password spraying.
 * - account: one account across every client, 10 per 15 minutes and 30 per day. Stops a guessing
 *   attack spread over many clients.
 * - device: one account on one device, 5 per 15 minutes and 20 per day, for a *known* device only.
 *
 * A *known device* is a browser whose device cookie (app/auth/device.server.ts) this account has
 * signed in with successfully within the last 90 days. An attempt on a known device is held only
 * to the device limits, whatever its client: a stranger elsewhere, however many addresses they
 * use, cannot keep the owner out of a browser they have signed in with before, and a stolen
 * device cookie still gives only so many guesses. Its failures count only against those limits,
 * never towards the pair, client or account limits, so the owner's own typos never hold back
 * their other devices.
 *
 * Otherwise the client and account limits do not apply to an account at a client it has signed
 * in from successfully within the last day (a *known* client): there only the pair limits apply,
 * so an attack from elsewhere, or a neighbour's typos at a shared address, cannot keep the owner
 * out.
 */

export type Counts = "pair" | "client" | "account" | "device";

export interface Limit {
  /** Which failures the limit counts. */
  counts: Counts;
  failures: number;
  minutes: number;
}

const DAY_MINUTES = 24 * 60;

export const LIMITS = {
  pair: { counts: "pair", failures: 5, minutes: 15 },
  pairDay: { counts: "pair", failures: 20, minutes: DAY_MINUTES },
  client: { counts: "client", failures: 10, minutes: 15 },
  account: { counts: "account", failures: 10, minutes: 15 },
  accountDay: { counts: "account", failures: 30, minutes: DAY_MINUTES },
  device: { counts: "device", failures: 5, minutes: 15 },
  deviceDay: { counts: "device", failures: 20, minutes: DAY_MINUTES },
} as const satisfies Record<string, Limit>;

export type LimitName = keyof typeof LIMITS;
export const LIMIT_NAMES = Object.keys(LIMITS) as LimitName[];

/** How long a successful sign-in makes its client known to the account. */
export const KNOWN_CLIENT_MINUTES = DAY_MINUTES;

/** How long a successful sign-in makes its device known to the account. */
export const KNOWN_DEVICE_MINUTES = 90 * DAY_MINUTES;

const LONGEST_WINDOW_MINUTES = Math.max(...LIMIT_NAMES.map((name) => LIMITS[name].minutes));

/** Failures older than this count for nothing and may be deleted. */
export const KEEP_FAILURES_MINUTES = LONGEST_WINDOW_MINUTES;

/**
 * Successes older than this make nothing known and may be deleted. Whether a failure was made on
 * a known device is read from the successes before it, and a failure counts for up to the longest
 * window, so successes are kept that much longer than a device is known.
 */
export const KEEP_SUCCESSES_MINUTES = Math.max(KNOWN_CLIENT_MINUTES, KNOWN_DEVICE_MINUTES + LONGEST_WINDOW_MINUTES);

const minutes = (n: number) => n * 60_000;

/** Failures at or before this time are outside the window. */
export const windowStart = (windowMinutes: number, now: Date) => new Date(now.getTime() - minutes(windowMinutes));

/** The counted failures of one limit within its window. */
export interface Tally {
  failures: number;
  /**
   * ISO time of the limit's n-th most recent counted failure in the window (n being the limit's
   * `failures`), or null when there are fewer: the limit holds until that failure leaves the window.
   */
  nthLatestAt: string | null;
}

export interface Standing {
  tallies: Record<LimitName, Tally>;
  /** The account signed in successfully from this client within the last day. */
  knownClient: boolean;
  /** The attempt carries a device cookie the account signed in with within the last 90 days. */
  knownDevice: boolean;
}

/**
 * How a refusal is explained: the client's attempts across accounts ("client"), the account's
 * ("account"), or the account's on this known device ("device"). Only the first two can be caused
 * by someone else, and a known device gets round both.
 */
export type RefusedScope = "client" | "account" | "device";

export interface Refusal {
  until: Date;
  scope: RefusedScope;
  /** The limit that holds longest. */
  limit: LimitName;
}

/** Whether a limit holds back an attempt: on a known device only the device limits do. */
export function limitApplies(limit: Limit, { knownClient, knownDevice }: Pick<Standing, "knownClient" | "knownDevice">): boolean {
  if (knownDevice) return limit.counts === "device";
  if (limit.counts === "device") return false;
  return limit.counts === "pair" || !knownClient;
}

const scopeOf = (limit: Limit): RefusedScope => (limit.counts === "client" ? "client" : limit.counts === "device" ? "device" : "account");

/** When one limit stops holding, or null when it does not hold at `now`. */
export function heldUntil(limit: Limit, tally: Tally, now: Date): Date | null {
  if (tally.failures < limit.failures || !tally.nthLatestAt) return null;
  const until = new Date(new Date(tally.nthLatestAt).getTime() + minutes(limit.minutes));
  return until > now ? until : null;
}

/**
 * Whether an attempt is refused, and until when: the latest end of every limit that holds, so
 * that trying again at that time is not refused by another.
 */
export function refusal(standing: Standing, now: Date): Refusal | null {
  let found: Refusal | null = null;
  for (const name of LIMIT_NAMES) {
    const limit = LIMITS[name];
    if (!limitApplies(limit, standing)) continue;
    const until = heldUntil(limit, standing.tallies[name], now);
    if (until && (!found || until > found.until)) {
      found = { until, scope: scopeOf(limit), limit: name };
    }
  }
  return found;
}

/**
 * The client an attempt is counted against. IPv6 addresses are grouped by their /64 network,
 * which one household or office is usually given whole (otherwise a single machine could count
 * as billions of clients); IPv4-mapped IPv6 is read as IPv4. Anything unreadable is kept as typed.
 */
export function clientKey(address: string): string {
  let a = address.trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed) a = bracketed[1];
  a = a.replace(/%.*$/, "");
  const ipv4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3})(?::\d+)?$/.exec(a);
  if (ipv4WithPort) return ipv4WithPort[1];
  if (a.includes(":")) {
    const groups = ipv6Groups(a);
    if (groups) {
      if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
        return [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff].join(".");
      }
      return `${groups.slice(0, 4).map((g) => g.toString(16)).join(":")}::/64`;
    }
  }
  return a || "unknown";
}

/** The eight 16-bit groups of an IPv6 address, or null if it is not one. */
function ipv6Groups(address: string): number[] | null {
  let text = address;
  const v4 = /(?:^|:)(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const bytes = v4.slice(1).map(Number);
    if (bytes.some((b) => b > 255)) return null;
    const tail = `${((bytes[0] << 8) | bytes[1]).toString(16)}:${((bytes[2] << 8) | bytes[3]).toString(16)}`;
    text = text.slice(0, text.length - v4[0].length) + (v4[0].startsWith(":") ? ":" : "") + tail;
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const parse = (part: string) => (part === "" ? [] : part.split(":"));
  const head = parse(halves[0]);
  const tail = halves.length === 2 ? parse(halves[1]) : [];
  if (![...head, ...tail].every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  return [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail].map((g) => parseInt(g, 16));
}
