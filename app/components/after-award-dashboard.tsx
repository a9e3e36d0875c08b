import { Link } from "@remix-run/react";
import { cspFlagTags, FlagTags } from "./finance-flags";
import { daysOverdueText } from "./grant-returns";
import { SecondaryLine } from "./secondary-line";
import { TableRegion } from "./table-region";
import { formatDate } from "../domain/financial-years";
import { formatPence } from "../domain/money";
import { plural } from "../domain/plural";

/**
 * The dashboards' blocks after the award (data: app/data/dashboard.server.ts, shaped in the
 * dashboard's loader): what needs doing, as counts and the first few rows, each linking to where
 * it is done, with a "see all" link to the list.
 */

export interface DashboardReturn {
  returnId: number;
  grantId: number;
  title: string;
  /** Shown to OPCC staff only. */
  cspName?: string;
  period: string;
  dueOn: string;
  daysOverdue: number;
}

const returnHref = (r: { grantId: number; returnId: number }) => `/grants/${r.grantId}/returns/${r.returnId}`;

function ReturnsTable({ label, rows, showCsp, overdue }: { label: string; rows: DashboardReturn[]; showCsp: boolean; overdue: boolean }) {
  return (
    <TableRegion label={label}>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-visually-hidden">{label}</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              Return
            </th>
            {showCsp ? (
              <th scope="col" className="govuk-table__header">
                Partnership
              </th>
            ) : null}
            <th scope="col" className="govuk-table__header">
              Due
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {rows.map((r) => (
            <tr key={r.returnId} className="govuk-table__row">
              <td className="govuk-table__cell">
                <Link className="govuk-link" to={returnHref(r)}>
                  {r.title}
                </Link>
                <SecondaryLine>{r.period}</SecondaryLine>
              </td>
              {showCsp ? <td className="govuk-table__cell">{r.cspName}</td> : null}
              <td className="govuk-table__cell">
                {formatDate(r.dueOn)}
                {overdue ? (
                  <SecondaryLine>
                    <strong className="govuk-tag govuk-tag--red portal-tag--wide">{daysOverdueText(r.daysOverdue)}</strong>
                  </SecondaryLine>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

/** A heading that says how many returns there are, then, if there are any, the first few and a link to them all. */
function ReturnsBlock({
  heading,
  count,
  label,
  rows,
  showCsp,
  overdue = false,
  seeAll,
}: {
  heading: string;
  count: number;
  label: string;
  rows: DashboardReturn[];
  showCsp: boolean;
  overdue?: boolean;
  seeAll?: { to: string; text: string };
}) {
  return (
    <>
      <h3 className="govuk-heading-s">{heading}</h3>
      {count ? (
        <>
          <ReturnsTable label={label} rows={rows} showCsp={showCsp} overdue={overdue} />
          {seeAll ? (
            <p className="govuk-body">
              <Link className="govuk-link" to={seeAll.to}>
                {seeAll.text}
              </Link>
            </p>
          ) : null}
        </>
      ) : null}
    </>
  );
}

function Overdue({ overdue, showCsp }: { overdue: { count: number; rows: DashboardReturn[] }; showCsp: boolean }) {
  return (
    <ReturnsBlock
      heading={overdue.count === 0 ? "No returns are overdue" : `${plural(overdue.count, "return is", "returns are")} overdue`}
      count={overdue.count}
      label="Overdue returns, the most overdue first"
      rows={overdue.rows}
      showCsp={showCsp}
      overdue
      seeAll={{ to: "/returns?overdue=1", text: "See all overdue returns" }}
    />
  );
}

export interface OpccAfterAwardData {
  paymentsDue: {
    count: number;
    outstandingPence: number;
    /** Instalments due but held by an overdue or queried return: not for paying yet. */
    held: { count: number; outstandingPence: number };
    rows: { instalmentId: number; grantId: number; title: string; cspName: string; label: string; dueOn: string; outstandingPence: number }[];
  } | null;
  awaiting: { count: number; rows: DashboardReturn[] } | null;
  overdue: { count: number; rows: DashboardReturn[] } | null;
  flags: { yearLabel: string; flags: Parameters<typeof cspFlagTags>[0] } | null;
}

/** OPCC staff: payments due this month (finance), returns waiting for acceptance (reviewers and finance), flags, overdue returns. */
export function OpccAfterAward({ data, monthName }: { data: OpccAfterAwardData; monthName: string }) {
  const { paymentsDue, awaiting, overdue, flags } = data;
  if (!paymentsDue && !awaiting && !overdue && !flags) return null;
  return (
    <section aria-labelledby="after-award-heading">
      <h2 className="govuk-heading-m" id="after-award-heading">
        Needs your attention
      </h2>
      {paymentsDue ? (
        <>
          <h3 className="govuk-heading-s">
            {paymentsDue.count === 0
              ? `No payments are due by the end of ${monthName}`
              : `${plural(paymentsDue.count, "payment is", "payments are")} due by the end of ${monthName}: ${formatPence(paymentsDue.outstandingPence)}`}
          </h3>
          {paymentsDue.count ? (
            <TableRegion label="Payments due, the earliest first">
              <table className="govuk-table">
                <caption className="govuk-table__caption govuk-visually-hidden">Payments due by the end of {monthName}, the earliest first</caption>
                <thead className="govuk-table__head">
                  <tr className="govuk-table__row">
                    <th scope="col" className="govuk-table__header">
                      Grant
                    </th>
                    <th scope="col" className="govuk-table__header">
                      Partnership
                    </th>
                    <th scope="col" className="govuk-table__header">
                      Due
                    </th>
                    <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                      To pay
                    </th>
                  </tr>
                </thead>
                <tbody className="govuk-table__body">
                  {paymentsDue.rows.map((p) => (
                    <tr key={p.instalmentId} className="govuk-table__row">
                      <td className="govuk-table__cell">
                        <Link className="govuk-link" to={`/grants/${p.grantId}/payments`}>
                          {p.title}
                        </Link>
                        <SecondaryLine>{p.label}</SecondaryLine>
                      </td>
                      <td className="govuk-table__cell">{p.cspName}</td>
                      <td className="govuk-table__cell">{formatDate(p.dueOn)}</td>
                      <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(p.outstandingPence)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableRegion>
          ) : null}
          {paymentsDue.held.count ? (
            <p className="govuk-body">
              {plural(paymentsDue.held.count, "more is", "more are")} held until a return is in or the hold is released ({formatPence(paymentsDue.held.outstandingPence)}): see each grant&apos;s payments.
            </p>
          ) : null}
        </>
      ) : null}
      {awaiting ? (
        <ReturnsBlock
          heading={awaiting.count === 0 ? "No returns are waiting for acceptance" : `${plural(awaiting.count, "return is", "returns are")} waiting for acceptance`}
          count={awaiting.count}
          label="Returns waiting for acceptance, the longest waiting first"
          rows={awaiting.rows}
          showCsp
          seeAll={{ to: "/returns?status=submitted", text: "See all returns waiting for acceptance" }}
        />
      ) : null}
      {overdue ? <Overdue overdue={overdue} showCsp /> : null}
      {flags ? (
        <>
          <h3 className="govuk-heading-s">Flags on grants from {flags.yearLabel} rounds</h3>
          <FlagTags flags={cspFlagTags(flags.flags)} />
          <p className="govuk-body govuk-!-margin-top-3">
            <Link className="govuk-link" to={`/finance?fy=${flags.yearLabel}`}>
              See the reconciliation for {flags.yearLabel}
            </Link>
          </p>
        </>
      ) : null}
    </section>
  );
}

export interface CspAfterAwardData {
  /** For the council's finance officer: returns waiting for its certification. */
  toCertify: { count: number; rows: DashboardReturn[] } | null;
  overdue: { count: number; rows: DashboardReturn[] };
  due: { dueCount: number; next: DashboardReturn[]; queried: DashboardReturn[] };
  offers: { count: number; rows: { grantId: number; title: string; acceptBy: string; lapsed: boolean }[] };
  canRespond: boolean;
  canReadFinance: boolean;
}

/** A partnership: returns due (overdue first, with the days), returns queried, offers waiting for it. */
export function CspAfterAward({ data }: { data: CspAfterAwardData }) {
  const { overdue, due, offers, toCertify } = data;
  if (!toCertify?.count && overdue.count === 0 && due.dueCount === 0 && due.queried.length === 0 && offers.count === 0 && !data.canReadFinance) return null;
  return (
    <section aria-labelledby="after-award-heading">
      <h2 className="govuk-heading-m" id="after-award-heading">
        Returns and offers
      </h2>
      {toCertify?.count ? (
        <ReturnsBlock
          heading={`${plural(toCertify.count, "return is", "returns are")} waiting for your certification`}
          count={toCertify.count}
          label="Returns waiting for your certification, the soonest due first"
          rows={toCertify.rows}
          showCsp={false}
        />
      ) : null}
      {overdue.count ? <Overdue overdue={overdue} showCsp={false} /> : null}
      {due.queried.length ? (
        <ReturnsBlock
          heading={`${plural(due.queried.length, "return has", "returns have")} been queried by the OPCC`}
          count={due.queried.length}
          label="Returns queried by the OPCC"
          rows={due.queried}
          showCsp={false}
        />
      ) : null}
      <ReturnsBlock
        heading={due.dueCount === 0 ? "No returns are coming due" : `Next ${due.next.length === 1 ? "return" : "returns"} due`}
        count={due.dueCount}
        label="Returns coming due, the next first"
        rows={due.next}
        showCsp={false}
        seeAll={{ to: "/returns", text: "See all your returns" }}
      />
      {offers.count ? (
        <>
          <h3 className="govuk-heading-s">{plural(offers.count, "grant offer is", "grant offers are")} waiting for acceptance</h3>
          <ul className="govuk-list">
            {offers.rows.map((o) => (
              <li key={o.grantId}>
                {data.canRespond ? (
                  <Link className="govuk-link" to={`/grants/${o.grantId}/accept`}>
                    {o.title}
                    <span className="govuk-visually-hidden"> (accept or decline the offer)</span>
                  </Link>
                ) : (
                  <Link className="govuk-link" to={`/grants/${o.grantId}`}>
                    {o.title}
                  </Link>
                )}
                <SecondaryLine>
                  {o.lapsed ? <strong className="govuk-tag govuk-tag--red">Lapsed</strong> : null} {o.lapsed ? "Was to be accepted by" : "Accept by"}{" "}
                  {formatDate(o.acceptBy)}
                </SecondaryLine>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {data.canReadFinance ? (
        <p className="govuk-body">
          <Link className="govuk-link" to="/finance">
            See your partnership's reconciliation
          </Link>
        </p>
      ) : null}
    </section>
  );
}
