import { describe, expect, it } from "vitest";
import { passwordProblem } from "./passwords";

describe("the password rules (NCSC: length over composition)", () => {
  it("accepts three random words, with no rules about kinds of character", () => {
    expect(passwordProblem("marble kettle orchard")).toBeNull();
    expect(passwordProblem("correcthorsebattery")).toBeNull();
  });

  it("needs at least 12 characters, counting characters rather than bytes", () => {
    expect(passwordProblem("")).toBe("Enter a new password");
    expect(passwordProblem("Tr0ub4dor&3")).toMatch(/^Your password must be at least 12 characters long/);
    expect(passwordProblem("ééééé ééééé ")).toBeNull();
  });

  it("refuses the most common long passwords and simple patterns, whatever their case or punctuation", () => {
    for (const p of ["Password1234", "password-1234", "123456789012", "qwertyuiop123", "abcabcabcabc", "zzzzzzzzzzzz", "23456789abcd"]) {
      expect(passwordProblem(p), p).toMatch(/^Choose a password that is harder to guess/);
    }
  });

  it("refuses one built from the service's name, the user's e-mail address or their name", () => {
    expect(passwordProblem("CommunitySafety1!")).toMatch(/name of this service/);
    expect(passwordProblem("jo.bloggs.melton!", { email: "jo.bloggs@melton.gov.uk" })).toBe("Your password must not contain your email address");
    expect(passwordProblem("Bloggs2024!!", { name: "Jo Bloggs" })).toBe("Your password must not be mostly your name");
    expect(passwordProblem("bloggs walks the long way home", { name: "Jo Bloggs" })).toBeNull();
  });

  it("has an upper limit that no passphrase reaches", () => {
    expect(passwordProblem("a b ".repeat(60))).toBe("Your password must be 200 characters or fewer");
  });
});
