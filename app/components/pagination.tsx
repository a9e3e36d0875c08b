/** GOV.UK pagination: previous, numbered pages around the current one, next. Plain links. */
export function Pagination({ page, pages, hrefFor, label = "Pages of results" }: { page: number; pages: number; hrefFor: (page: number) => string; label?: string }) {
  if (pages <= 1) return null;
  const numbers = [...new Set([1, page - 1, page, page + 1, pages])].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
  const items: (number | "gap")[] = [];
  numbers.forEach((n, i) => {
    if (i > 0 && n - numbers[i - 1] > 1) items.push("gap");
    items.push(n);
  });
  return (
    <nav className="govuk-pagination" aria-label={label}>
      {page > 1 ? (
        <div className="govuk-pagination__prev">
          <a className="govuk-link govuk-pagination__link" href={hrefFor(page - 1)} rel="prev">
            <span className="govuk-pagination__link-title">
              Previous<span className="govuk-visually-hidden"> page</span>
            </span>
          </a>
        </div>
      ) : null}
      <ul className="govuk-pagination__list">
        {items.map((item, i) =>
          item === "gap" ? (
            <li key={`gap-${i}`} className="govuk-pagination__item govuk-pagination__item--ellipses">
              &ctdot;
            </li>
          ) : (
            <li key={item} className={`govuk-pagination__item${item === page ? " govuk-pagination__item--current" : ""}`}>
              <a className="govuk-link govuk-pagination__link" href={hrefFor(item)} aria-label={`Page ${item}`} aria-current={item === page ? "page" : undefined}>
                {item}
              </a>
            </li>
          ),
        )}
      </ul>
      {page < pages ? (
        <div className="govuk-pagination__next">
          <a className="govuk-link govuk-pagination__link" href={hrefFor(page + 1)} rel="next">
            <span className="govuk-pagination__link-title">
              Next<span className="govuk-visually-hidden"> page</span>
            </span>
          </a>
        </div>
      ) : null}
    </nav>
  );
}
