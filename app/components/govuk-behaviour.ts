import { Button, Checkboxes, createAll, ErrorSummary, NotificationBanner, ServiceNavigation, SkipLink } from "govuk-frontend";

/**
 * The GOV.UK Frontend components whose behaviour the pages use (their `data-module`s), set up on
 * the page. Only these, not initAll's every component, reach the browser (decision record 041);
 * a page that starts to use another adds it here. Components already set up answer with an error
 * we do not need to hear.
 */
const USED = [Button, Checkboxes, ErrorSummary, NotificationBanner, ServiceNavigation, SkipLink];

export function startGovukComponents() {
  for (const Component of USED) createAll(Component, undefined, { onError: () => {} });
}
