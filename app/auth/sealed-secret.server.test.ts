import { describe, expect, it } from "vitest";
import { sealingKey, sealWith, unsealWith } from "./sealed-secret.server";

const key = sealingKey("a-session-secret-for-tests");

describe("sealed secrets", () => {
  it("round-trips, with a fresh nonce each time and nothing in the clear", () => {
    const a = sealWith(key, "JBSWY3DPEHPK3PXP");
    const b = sealWith(key, "JBSWY3DPEHPK3PXP");
    expect(a).not.toBe(b);
    expect(a).not.toContain("JBSWY3DPEHPK3PXP");
    expect(unsealWith(key, a)).toBe("JBSWY3DPEHPK3PXP");
  });
  it("refuses a tampered value, another key, or rubbish", () => {
    const sealed = sealWith(key, "secret");
    const raw = Buffer.from(sealed.slice(3), "base64url");
    for (const i of [0, 12, 28, raw.length - 1]) {
      const bent = Buffer.from(raw);
      bent[i] ^= 1;
      expect(unsealWith(key, `v1.${bent.toString("base64url")}`)).toBeNull();
    }
    expect(unsealWith(sealingKey("another secret"), sealed)).toBeNull();
    expect(unsealWith(key, "v1.")).toBeNull();
    expect(unsealWith(key, "secret")).toBeNull();
    expect(unsealWith(key, `v2.${sealed.slice(3)}`)).toBeNull();
  });
});
