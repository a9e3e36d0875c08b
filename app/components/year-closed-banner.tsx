/**
 * Says that the page's financial year is closed, who closed it and when (decision record 022): the
 * page offers no change while it is. The loader sends `yearClosedMessage(closure)` or null.
 */
export function YearClosedBanner({ message, id = "year-closed" }: { message: string | null; id?: string }) {
  if (!message) return null;
  return (
    <div className="govuk-notification-banner" role="region" aria-labelledby={id} data-module="govuk-notification-banner">
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id={id}>
          Year closed
        </h2>
      </div>
      <div className="govuk-notification-banner__content">
        <p className="govuk-notification-banner__heading">{message}</p>
      </div>
    </div>
  );
}
