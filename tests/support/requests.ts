import type { AppLoadContext } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { CSRF_FIELD, ensureVisitKey, sessionCsrfToken, visitCsrfToken, visitKeyOf } from "../../app/auth/csrf.server";
import { currentSession, startSession } from "../../app/auth/session.server";
import { db } from "../../app/data/db.server";
import { users } from "../../db/schema";

/**
 * Calls route loaders and actions as Remix would, signed in as a demo user (or not at all).
 * Thrown Responses (redirects, 404s) and `data()` results are both turned into { status, ... }.
 */

export const DEMO = {
  meltonLead: "lead.melton@demo.opcc.test",
  charnwoodLead: "lead.charnwood@demo.opcc.test",
  reviewer: "reviewer@demo.opcc.test",
  finance: "finance@demo.opcc.test",
  meltonFinance: "finance.melton@demo.opcc.test",
  admin: "admin@demo.opcc.test",
} as const;
export type DemoUser = keyof typeof DEMO;

/** Demo users the access matrices do not go through one by one (they hold the same role as one that is). */
export const MORE_DEMO = { secondReviewer: "reviewer.two@demo.opcc.test" } as const;
export type AnyDemoUser = DemoUser | keyof typeof MORE_DEMO;
const ALL_DEMO: Record<AnyDemoUser, string> = { ...DEMO, ...MORE_DEMO };

export function userId(who: AnyDemoUser): number {
  return db().select({ id: users.id }).from(users).where(eq(users.email, ALL_DEMO[who])).get()!.id;
}

export async function cookieFor(who: AnyDemoUser | null): Promise<string | undefined> {
  if (!who) return undefined;
  const setCookie = await startSession(userId(who));
  return setCookie.split(";")[0];
}

/**
 * A GET, or a POST of the form as a browser on the portal's own page would send it: with the
 * session's CSRF token (or, signed out, a visit cookie and its token) unless `csrf: false`.
 */
export async function request(
  who: AnyDemoUser | null,
  path: string,
  form?: Record<string, string | string[]>,
  { csrf = true }: { csrf?: boolean } = {},
): Promise<Request> {
  const headers = new Headers();
  const cookie = await cookieFor(who);
  if (cookie) headers.set("Cookie", cookie);
  if (!form) return new Request(`http://localhost${path}`, { headers });
  const body = new URLSearchParams();
  if (csrf) body.append(CSRF_FIELD, await formTokenFor(headers));
  for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  headers.set("Content-Type", "application/x-www-form-urlencoded");
  return new Request(`http://localhost${path}`, { method: "POST", headers, body });
}

/**
 * The token the portal's pages would put in a form for these cookies. Signed out, a visit cookie
 * is added to the headers first, as the sign-in page would have set it.
 */
export async function formTokenFor(headers: Headers): Promise<string> {
  if (!headers.get("Cookie")) {
    const visit = await ensureVisitKey(new Request("http://localhost/login"));
    headers.set("Cookie", visit.setCookie!.split(";")[0]);
  }
  // As the root loader works it out for the page's forms.
  const page = new Request("http://localhost/", { headers });
  const session = await currentSession(page);
  return session ? sessionCsrfToken(session.key) : visitCsrfToken((await visitKeyOf(page))!);
}

export interface Outcome<T = unknown> {
  status: number;
  location?: string | null;
  data?: T;
  headers?: Headers;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = (args: any) => unknown;

/** Runs a loader or action and reports what the browser would get. */
export async function run<T = any>(handler: Handler, req: Request, params: Record<string, string> = {}, context: AppLoadContext = {}): Promise<Outcome<T>> {
  try {
    return normalise<T>(await handler({ request: req, params, context }));
  } catch (thrown) {
    return normalise<T>(thrown);
  }
}

function normalise<T>(value: unknown): Outcome<T> {
  if (value instanceof Response) {
    return { status: value.status, location: value.headers.get("Location"), headers: value.headers };
  }
  // Remix's data() returns a DataWithResponseInit
  if (value && typeof value === "object" && (value as { type?: string }).type === "DataWithResponseInit") {
    const d = value as unknown as { data: T; init: ResponseInit | null };
    return { status: d.init?.status ?? 200, data: d.data, headers: new Headers(d.init?.headers) };
  }
  if (value instanceof Error) throw value;
  return { status: 200, data: value as T };
}
