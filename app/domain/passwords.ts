/**
 * Password rules, as the NCSC advises: length over composition rules — at least 12 characters, no
 * rules about kinds of character, no expiry — and a deny list of passwords people commonly choose,
 * with the service's own words, the user's e-mail address and name, and repeated or sequential
 * runs refused. Checked on the server for every password set (reset, invitation, change).
 */

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

/**
 * Common choices of 12 characters or more (shorter ones fail on length), from published lists of
 * breached passwords, compared without case, spaces or punctuation.
 */
const COMMON = new Set(
  [
    "123456789012", "1234567890123", "12345678901234", "123456789101", "1234567891011", "111111111111", "000000000000", "123123123123",
    "qwertyuiopas", "qwertyuiop12", "qwertyuiop123", "qwerty123456", "qwertyqwerty", "1q2w3e4r5t6y", "1qaz2wsx3edc", "zaq12wsxcde3", "asdfghjkl123", "azertyuiop12",
    "password1234", "password12345", "password123456", "passwordpassword", "mypassword123", "thisismypassword", "password1password", "passw0rd1234", "p4ssw0rd1234",
    "iloveyou1234", "iloveyouforever", "letmein12345", "welcome12345", "welcome123456", "changeme1234", "trustno11234", "administrator", "administrator1",
    "football1234", "liverpool1234", "manchesterunited", "arsenal12345", "chelsea12345", "leicestercity", "leicester1234", "baseball1234", "superman1234",
    "sunshine1234", "princess1234", "starwars1234", "pokemon12345", "dragon123456", "monkey123456", "shadow123456", "master123456", "michael12345",
    "abcdefghijkl", "abcdefgh1234", "abc123456789", "abcd12345678", "aaaaaaaaaaaa", "0987654321qw", "987654321012", "147258369123", "159753456852",
    "correcthorsebatterystaple", "summer2024summer", "winter2024winter", "spring2025spring", "autumn2025autumn", "september2024", "christmas2024",
  ].map((p) => normalise(p)),
);

/** The portal's own words: a password made of them is guessed first. */
const SERVICE_WORDS = ["communitysafety", "policeandcrime", "commissioner", "opccportal", "fundingportal", "safercommunities"];

function normalise(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/** True when the whole password is one short run repeated ("abcabcabcabc") or a run of consecutive characters ("3456789abcde"). */
function isRepetitive(p: string): boolean {
  for (let size = 1; size <= 4; size++) {
    const unit = p.slice(0, size);
    if (unit.repeat(Math.ceil(p.length / size)).slice(0, p.length) === p) return true;
  }
  let ascending = 0;
  let descending = 0;
  for (let i = 1; i < p.length; i++) {
    const step = p.charCodeAt(i) - p.charCodeAt(i - 1);
    ascending = step === 1 ? ascending + 1 : 0;
    descending = step === -1 ? descending + 1 : 0;
    if (ascending >= 7 || descending >= 7) return true;
  }
  return false;
}

/** What is wrong with a new password, or null when it may be used. */
export function passwordProblem(password: string, about: { email?: string; name?: string } = {}): string | null {
  if (password.length === 0) return "Enter a new password";
  if ([...password].length < MIN_PASSWORD_LENGTH) return `Your password must be at least ${MIN_PASSWORD_LENGTH} characters long: three random words together make a strong one`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Your password must be ${MAX_PASSWORD_LENGTH} characters or fewer`;
  const plain = normalise(password);
  if (COMMON.has(plain) || (plain.length > 0 && isRepetitive(plain)) || isRepetitive(password)) return "Choose a password that is harder to guess: this one is among the most common, or a simple pattern";
  if (SERVICE_WORDS.some((w) => plain.includes(w) && plain.length - w.length < 6)) return "Choose a password that is harder to guess: do not build it from the name of this service";
  const local = normalise(about.email?.split("@")[0] ?? "");
  if (local.length >= 4 && plain.includes(local)) return "Your password must not contain your email address";
  const names = (about.name ?? "").toLowerCase().split(/\s+/).map(normalise).filter((n) => n.length >= 4);
  if (names.some((n) => plain.includes(n) && plain.length - n.length < 6)) return "Your password must not be mostly your name";
  return null;
}
