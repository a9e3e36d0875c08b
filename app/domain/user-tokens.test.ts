import { describe, expect, it } from "vitest";
import { tokenExpiresAt, tokenRefusal, tokenStanding } from "./user-tokens";

describe("one-time links", () => {
  const at = new Date("2026-12-01T10:00:00.000Z");

  it("last an hour for a password reset and 7 days for an invitation", () => {
    expect(tokenExpiresAt("password_reset", at)).toBe("2026-12-01T11:00:00.000Z");
    expect(tokenExpiresAt("invitation", at)).toBe("2026-12-08T10:00:00.000Z");
  });

  it("are valid until they expire, are used, or are replaced by a newer one", () => {
    const t = { expiresAt: "2026-12-01T11:00:00.000Z", usedAt: null, replaced: false };
    expect(tokenStanding(t, new Date("2026-12-01T10:59:59.999Z"))).toBe("valid");
    expect(tokenStanding(t, new Date("2026-12-01T11:00:00.000Z"))).toBe("expired");
    expect(tokenStanding({ ...t, usedAt: "2026-12-01T10:30:00.000Z" }, at)).toBe("used");
    expect(tokenStanding({ ...t, replaced: true }, at)).toBe("replaced");
  });

  it("say clearly why a link cannot be used, and what to do", () => {
    expect(tokenRefusal("password_reset", "expired")).toBe("This password reset link has expired: reset links last an hour. Ask for a new link on the “Forgot your password?” page.");
    expect(tokenRefusal("invitation", "used")).toBe("This invitation has already been used. Sign in with the password you set.");
    expect(tokenRefusal("password_reset", "unknown")).toMatch(/^This link is not recognised/);
  });
});
