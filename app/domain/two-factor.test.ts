import { generateSecret, generateSync } from "otplib";
import { describe, expect, it } from "vitest";
import { checkAppCode, formatRecoveryCode, looksLikeAppCode, mustUseTwoFactor, normaliseRecoveryCode, recoveryCodeFrom, RECOVERY_ALPHABET } from "./two-factor";

const secret = generateSecret();
const at = Date.parse("2026-12-01T12:00:10Z");
const codeAt = (ms: number) => generateSync({ secret, epoch: Math.floor(ms / 1000) });
const step = (ms: number) => Math.floor(ms / 30_000);

describe("checkAppCode", () => {
  it("accepts the current code and says its step", () => {
    expect(checkAppCode(secret, codeAt(at), at, null)).toEqual({ ok: true, step: step(at) });
  });
  it("accepts the step before and after, not two away", () => {
    expect(checkAppCode(secret, codeAt(at - 30_000), at, null)).toEqual({ ok: true, step: step(at) - 1 });
    expect(checkAppCode(secret, codeAt(at + 30_000), at, null)).toEqual({ ok: true, step: step(at) + 1 });
    expect(checkAppCode(secret, codeAt(at - 60_000), at, null)).toEqual({ ok: false, reason: "wrong" });
    expect(checkAppCode(secret, codeAt(at + 60_000), at, null)).toEqual({ ok: false, reason: "wrong" });
  });
  it("refuses a replay: a step at or before the last used", () => {
    expect(checkAppCode(secret, codeAt(at), at, step(at))).toEqual({ ok: false, reason: "replay" });
    expect(checkAppCode(secret, codeAt(at - 30_000), at, step(at))).toEqual({ ok: false, reason: "replay" });
    expect(checkAppCode(secret, codeAt(at + 30_000), at, step(at))).toEqual({ ok: true, step: step(at) + 1 });
  });
  it("takes spaces out and refuses anything not six digits", () => {
    const code = codeAt(at);
    expect(checkAppCode(secret, `${code.slice(0, 3)} ${code.slice(3)}`, at, null).ok).toBe(true);
    for (const typed of ["", "12345", "1234567", "abcdef", "12345x"]) expect(checkAppCode(secret, typed, at, null)).toEqual({ ok: false, reason: "wrong" });
  });
  it("refuses another secret's code", () => {
    expect(checkAppCode(generateSecret(), codeAt(at), at, null).ok).toBe(false);
  });
});

describe("recovery codes", () => {
  it("are ten characters of the unambiguous alphabet, shown in groups", () => {
    const code = recoveryCodeFrom(new Uint8Array([0, 1, 2, 30, 31, 255, 100, 7, 8, 9]));
    expect(code).toHaveLength(10);
    expect([...code].every((c) => RECOVERY_ALPHABET.includes(c))).toBe(true);
    expect(formatRecoveryCode("abcdefghjk")).toBe("abcd-efgh-jk");
    expect(normaliseRecoveryCode(" ABCD-efgh jk ")).toBe("abcdefghjk");
    expect(looksLikeAppCode("123 456")).toBe(true);
    expect(looksLikeAppCode("abcd-efgh-jk")).toBe(false);
  });
});

describe("mustUseTwoFactor", () => {
  it("holds administrators and OPCC staff when required, never partnerships", () => {
    expect(mustUseTwoFactor({ role: "admin", organisationKind: "opcc" }, true)).toBe(true);
    expect(mustUseTwoFactor({ role: "finance", organisationKind: "opcc" }, true)).toBe(true);
    expect(mustUseTwoFactor({ role: "opcc_reviewer", organisationKind: "opcc" }, true)).toBe(true);
    expect(mustUseTwoFactor({ role: "finance", organisationKind: "csp" }, true)).toBe(false);
    expect(mustUseTwoFactor({ role: "csp_lead", organisationKind: "csp" }, true)).toBe(false);
    expect(mustUseTwoFactor({ role: "admin", organisationKind: "opcc" }, false)).toBe(false);
  });
});
