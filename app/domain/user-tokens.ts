import type { UserTokenPurpose } from "../../db/schema/users";

/**
 * One-time links (decision record 031): an invitation is valid for 7 days, a password reset for an
 * hour. A link is used once; a newer link of the same purpose replaces the older one.
 */

export const TOKEN_LIFETIME_MS: Record<UserTokenPurpose, number> = {
  invitation: 7 * 24 * 3600_000,
  password_reset: 3600_000,
};

/** How many reset e-mails one account is sent in an hour, at most: more would let anyone flood an inbox. */
export const MAX_RESETS_AN_HOUR = 3;

export const tokenExpiresAt = (purpose: UserTokenPurpose, createdAt: Date): string => new Date(createdAt.getTime() + TOKEN_LIFETIME_MS[purpose]).toISOString();

export type TokenStanding = "valid" | "used" | "expired" | "replaced";

export function tokenStanding(t: { expiresAt: string; usedAt: string | null; replaced: boolean }, now: Date): TokenStanding {
  if (t.usedAt) return "used";
  if (t.replaced) return "replaced";
  if (t.expiresAt <= now.toISOString()) return "expired";
  return "valid";
}

/** What the page says about a link that cannot be used, in words for the person holding it. */
export function tokenRefusal(purpose: UserTokenPurpose, standing: Exclude<TokenStanding, "valid"> | "deactivated" | "unknown"): string {
  const again = purpose === "invitation" ? "Ask your administrator to send you a new invitation." : "Ask for a new link on the “Forgot your password?” page.";
  const what = purpose === "invitation" ? "invitation" : "password reset link";
  switch (standing) {
    case "used":
      return `This ${what} has already been used. ${purpose === "invitation" ? "Sign in with the password you set." : "If you did not use it, ask for a new link."}`;
    case "expired":
      return `This ${what} has expired: ${purpose === "invitation" ? "invitations last 7 days" : "reset links last an hour"}. ${again}`;
    case "replaced":
      return `A newer ${what} has been sent: use the link in the latest e-mail. ${again}`;
    case "deactivated":
      return `This ${what} no longer works because the account it was for has been deactivated. If you still need to use the portal, ask your administrator to reactivate it.`;
    default:
      return `This link is not recognised: check you copied the whole address from the e-mail. ${again}`;
  }
}
