import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { sessionSecret } from "./session-secret.server";

/**
 * Secrets the portal must keep but never store in the clear (a two-factor secret): sealed with
 * AES-256-GCM under a key derived from SESSION_SECRET by HKDF-SHA256, each with a fresh 12-byte
 * nonce. A sealed value is "v1." then base64url of nonce, tag and ciphertext. Anything altered,
 * or sealed under another SESSION_SECRET, is refused (null), never half-read.
 */

const VERSION = "v1.";
const INFO = "opcc-portal two-factor secret v1";

export function sealingKey(secret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "opcc-portal sealing", INFO, 32));
}

let cachedKey: { from: string; key: Buffer } | undefined;
function portalKey(): Buffer {
  const from = sessionSecret();
  if (cachedKey?.from !== from) cachedKey = { from, key: sealingKey(from) };
  return cachedKey.key;
}

export function sealWith(key: Buffer, plain: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return VERSION + Buffer.concat([nonce, cipher.getAuthTag(), body]).toString("base64url");
}

export function unsealWith(key: Buffer, sealed: string): string | null {
  if (!sealed.startsWith(VERSION)) return null;
  const raw = Buffer.from(sealed.slice(VERSION.length), "base64url");
  if (raw.length < 28) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

export const seal = (plain: string) => sealWith(portalKey(), plain);
export const unseal = (sealed: string) => unsealWith(portalKey(), sealed);
