import type { LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "../auth/access.server";
import { ErrorSummary, FormStateProvider, Select } from "../components/form-fields";
import { Pagination } from "../components/pagination";
import { SecondaryLine } from "../components/secondary-line";
import { PersonStatusTag } from "../components/person-status-tag";
import { TableRegion } from "../components/table-region";
import { PartnershipFilterField } from "../components/partnership-filter";
import { partnershipFilter } from "../data/partnership-filter.server";
import { listPeople, type PeopleFilters } from "../data/people.server";
import { formatDateTime } from "../domain/financial-years";
import { ROLE_LABELS } from "../domain/people-rules";
import { errorsFromZod } from "../forms/form-state";
import { partnershipText } from "../forms/partnership-text";
import { ROLES } from "../domain/roles";

/**
 * /settings/people: everyone who can sign in, or has been invited to, by name, fifty to a page,
 * narrowed by role, partnership and status. The partnership filter is the other lists' (decision
 * record 045: `csp=` an id; above 40 partnerships, `partnership=` part of a name). A filter value
 * the form could not have sent is refused (400) with the error summary, and the list shown unfiltered.
 */

export const handle = { title: (d: { errors?: Record<string, string> } | undefined) => (d?.errors && Object.keys(d.errors).length ? "Error: People" : "People") };

const PEOPLE_STATUSES = ["active", "invited", "deactivated"] as const;
const STATUS_LABELS: Record<(typeof PEOPLE_STATUSES)[number], string> = { active: "Active", invited: "Invited", deactivated: "Deactivated" };

const blankIsMissing = (v: unknown) => (v === "" ? undefined : v);
const querySchema = z.object({
  role: z.preprocess(blankIsMissing, z.enum(ROLES, { errorMap: () => ({ message: "Choose a role from the list" }) }).optional()),
  csp: z.preprocess(blankIsMissing, z.string().regex(/^[1-9]\d{0,9}$/, "Choose a partnership from the list").transform(Number).optional()),
  partnership: partnershipText,
  status: z.preprocess(blankIsMissing, z.enum(PEOPLE_STATUSES, { errorMap: () => ({ message: "Choose a status from the list" }) }).optional()),
  page: z.preprocess(blankIsMissing, z.string().regex(/^[1-9]\d{0,5}$/, "Choose a page from the list").transform(Number).optional()),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "settings:manage");
  const url = new URL(request.url);
  const raw: Record<string, string> = {};
  for (const key of ["role", "csp", "partnership", "status", "page"]) {
    const v = url.searchParams.get(key);
    if (v !== null) raw[key] = v;
  }
  const parsed = querySchema.safeParse(raw);
  const query = parsed.success ? parsed.data : {};
  const partnership = partnershipFilter(url, query);
  const filters: PeopleFilters = { role: query.role, organisationId: partnership.cspId, active: query.status, page: query.page ?? 1 };
  const page = {
    query: { role: query.role ?? "", csp: partnership.cspId ? String(partnership.cspId) : "", status: query.status ?? "" },
    result: listPeople(filters),
    partnership,
    errors: parsed.success ? {} : errorsFromZod(parsed.error),
  };
  return parsed.success ? page : data(page, { status: 400 });
}

export default function People() {
  const { query, result, partnership, errors } = useLoaderData<typeof loader>();
  const filtered = Boolean(query.role || query.csp || query.status);
  const href = (n: number | null, csp = query.csp) => {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...query, csp })) if (v) search.set(k, v);
    if (n !== null) search.set("page", String(n));
    return `/settings/people?${search.toString()}`;
  };
  const state = Object.keys(errors).length ? { values: {}, errors } : undefined;
  return (
    <>
      <Link className="govuk-back-link" to="/settings">
        Back to settings
      </Link>
      <ErrorSummary state={state} order={["role", "csp", "status", "page"]} />
      <h1 className="govuk-heading-l">People</h1>
      <p className="govuk-body">
        Everyone who can sign in to the portal, and everyone invited to. Invite someone by email; change their role; deactivate them, which ends their sessions at once and keeps
        their history.
      </p>
      <Link className="govuk-button" data-module="govuk-button" to="/settings/people/invite">
        Invite someone
      </Link>
      <form method="get" action="/settings/people" className="govuk-!-margin-bottom-6">
        <FormStateProvider state={state ? { values: query, errors } : undefined}>
          <div className="govuk-grid-row">
            <div className="govuk-grid-column-one-third">
              <Select name="role" label="Role" defaultValue={query.role} options={[{ value: "", label: "All roles" }, ...ROLES.map((r) => ({ value: r, label: r === "finance" ? "Finance (OPCC or council)" : ROLE_LABELS[r] }))]} />
            </div>
            <div className="govuk-grid-column-one-third">
              <PartnershipFilterField id="csp" filter={partnership} hrefFor={(csp) => href(null, String(csp))} allLabel="All, and the OPCC" error={errors.csp} />
            </div>
            <div className="govuk-grid-column-one-third">
              <Select name="status" label="Status" defaultValue={query.status} options={[{ value: "", label: "Any status" }, ...PEOPLE_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))]} />
            </div>
          </div>
        </FormStateProvider>
        <div className="govuk-button-group">
          <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
            Apply filters
          </button>
          {filtered ? (
            <a className="govuk-link" href="/settings/people">
              Clear filters
            </a>
          ) : null}
        </div>
      </form>
      {result.rows.length === 0 ? (
        <p className="govuk-body" id="people-count">
          Nobody matches these filters.
        </p>
      ) : (
        <TableRegion label="People">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-table__caption--m" id="people-count">
              {result.count === 1 ? "1 person" : `${result.count.toLocaleString("en-GB")} people`}
              {result.pages > 1 ? `, page ${result.page} of ${result.pages}` : ""}
            </caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Name</th>
                <th scope="col" className="govuk-table__header">Role</th>
                <th scope="col" className="govuk-table__header">Status</th>
                <th scope="col" className="govuk-table__header">Last signed in</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {result.rows.map((p) => (
                <tr key={p.id} className="govuk-table__row">
                  <td className="govuk-table__cell">
                    <Link className="govuk-link" to={`/settings/people/${p.id}`}>
                      {p.name}
                    </Link>
                    <SecondaryLine>{p.email}</SecondaryLine>
                  </td>
                  <td className="govuk-table__cell">
                    {p.roleWords}
                    {p.atCsp ? <SecondaryLine>{p.organisationName}</SecondaryLine> : null}
                  </td>
                  <td className="govuk-table__cell">
                    <PersonStatusTag active={p.active} invited={p.invited} />
                  </td>
                  <td className="govuk-table__cell">{p.lastSignedInAt ? formatDateTime(p.lastSignedInAt) : "Never"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      <Pagination page={result.page} pages={result.pages} hrefFor={href} label="Pages of people" />
    </>
  );
}
