import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";

/**
 * SESSION_SECRET signs the session cookie. It is required in production; elsewhere one is made
 * once and kept in data/session-secret so that sign-ins survive a restart.
 */
export function sessionSecret(): string {
  const fromEnv = process.env.SESSION_SECRET;
  if (fromEnv) return fromEnv;
  if (process.env.NODE_ENV === "production") {
    throw new Error("SESSION_SECRET must be set when NODE_ENV=production");
  }
  return developmentSecret(path.dirname(path.resolve(process.env.DATABASE_PATH ?? "data/portal.db")));
}

export function developmentSecret(dir: string): string {
  const file = path.join(dir, "session-secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(dir, { recursive: true });
    const secret = randomBytes(32).toString("hex");
    fs.writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}
