import { useLocation } from "@remix-run/react";

/** Query parameters of a list page that are not filters: the download leaves them off. */
const NOT_FILTERS = ["page", "done"];

/** The address of a list's CSV with the page's current filters (and sort), whatever page is shown. */
export function csvHref(path: string, search: string): string {
  const params = new URLSearchParams(search);
  for (const p of NOT_FILTERS) params.delete(p);
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/**
 * "Download as CSV" for a list: a plain link (it works without JavaScript, and is not a client
 * navigation) to the list's CSV with the filters the page shows, of every page.
 */
export function CsvDownloadLink({ path, what }: { path: string; what: string }) {
  const { search } = useLocation();
  return (
    <p className="govuk-body">
      <a className="govuk-link" href={csvHref(path, search)} download>
        Download as CSV<span className="govuk-visually-hidden"> ({what}, every page)</span>
      </a>
    </p>
  );
}
