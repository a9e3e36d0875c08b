import { TextInput } from "./form-fields";
import { MIN_PASSWORD_LENGTH } from "../domain/passwords";

/**
 * A new password typed twice, with the NCSC advice as its hint: the reset page and the invitation
 * page. Inside a <FormStateProvider>; the fields are `password` and `confirm`.
 */
export function PasswordPair({ label, confirmLabel }: { label: string; confirmLabel: string }) {
  return (
    <>
      <TextInput
        name="password"
        label={label}
        hint={`At least ${MIN_PASSWORD_LENGTH} characters. Three random words together make a strong password that is easy to remember.`}
        type="password"
        autoComplete="new-password"
      />
      <TextInput name="confirm" label={confirmLabel} type="password" autoComplete="new-password" />
    </>
  );
}

export const PASSWORD_PAIR_ORDER = ["password", "confirm"];
