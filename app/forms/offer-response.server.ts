import { data, redirect } from "@remix-run/node";
import type { OfferResult } from "../data/grants.server";
import { deliverInBackground } from "../data/notifications.server";
import { changedSinceOpened, type FormState, type Parsed } from "./form-state";

/**
 * What the offer pages (accept, decline, extend) answer when a form is refused, with what was
 * typed kept: a problem with a field is a 400 with the field's message; a stale copy or an offer no
 * longer open to the change is a 409 with a message about the form.
 */

/** The form did not parse: 400. A missing or garbled version means the page itself is out of date. */
export function offerFormRefused(state: FormState) {
  const { version, ...errors } = state.errors;
  return data<FormState>({ ...state, errors, formError: version ? "This page is out of date: reload it and try again." : undefined }, { status: 400 });
}

/** The write refused it. `what` is the verb for the retry: "accept", "decline", "extend". */
export function refusedOfferResponse(result: Exclude<OfferResult, { kind: "saved" }>, values: FormState["values"], what: string, viewer: { userId: number; name: string }) {
  if (result.kind === "stale") {
    const who =
      result.changedBy && result.changedAt
        ? changedSinceOpened("grant", { changedBy: result.changedBy, changedAt: result.changedAt }, viewer)
        : "This grant has changed since you opened this page";
    return data<FormState>({ values, errors: {}, formError: `${who}. Reload the page, check the offer, then ${what} it again.` }, { status: 409 });
  }
  return data<FormState>(result.field ? { values, errors: { [result.field]: result.message } } : { values, errors: {}, formError: result.message }, { status: result.field ? 400 : 409 });
}

/**
 * An offer page's action once the access check has passed: the form refused (400), or the change
 * written and on to the grant page with `?done=` (the e-mails it queued sent after), or the write's
 * refusal. `what` is the verb for a retry, as for refusedOfferResponse.
 */
export function answerOfferForm<T>(parsed: Parsed<T>, write: (form: T) => OfferResult, to: { grantId: number; done: string; what: string; viewer: { userId: number; name: string } }) {
  if (!parsed.ok) return offerFormRefused(parsed.state);
  const result = write(parsed.data);
  if (result.kind === "saved") {
    deliverInBackground();
    return redirect(`/grants/${to.grantId}?done=${to.done}`);
  }
  return refusedOfferResponse(result, parsed.values, to.what, to.viewer);
}
