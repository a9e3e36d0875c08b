import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { ReactNode } from "react";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { notFound, parseId, requireUser } from "../auth/access.server";
import { ErrorSummary, FormStateProvider } from "../components/form-fields";
import { PersonRoleFields } from "../components/person-role-fields";
import { PersonStatusTag } from "../components/person-status-tag";
import { PostForm } from "../components/post-form";
import { SuccessBanner } from "../components/success-banner";
import { listCsps } from "../data/reference.server";
import { partnershipLabel } from "../domain/partnerships";
import { changeRole, deactivatePerson, findPerson, reactivatePerson, resendInvitation, type PersonChangeResult } from "../data/people.server";
import { formatDateTime } from "../domain/financial-years";
import { lookup } from "../domain/lookup";
import { choiceOfRole } from "../domain/people-rules";
import { parseForm, readForm, type FormState } from "../forms/form-state";
import { changeRoleSchema, versionSchema } from "../forms/people";

/**
 * /settings/people/:id: one person (decision record 034): their details and standing, changing
 * their role, deactivating them (their sessions end at once; their history stays), reactivating
 * them, and sending their invitation again. Each form carries the version the page showed; a stale
 * copy, or a change that would leave no active administrator, is refused with the error summary.
 */

export const handle = { title: (d: { person?: { name: string } } | undefined) => d?.person?.name ?? "Person" };

type Intent = "change-role" | "deactivate" | "reactivate" | "resend";
const INTENTS: Record<Intent, Intent> = { "change-role": "change-role", deactivate: "deactivate", reactivate: "reactivate", resend: "resend" };
type PageState = FormState & { intent: Intent };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireUser(request, "settings:manage");
  const p = findPerson(parseId(params.userId));
  if (!p) notFound();
  return {
    person: {
      id: p.id,
      name: p.name,
      email: p.email,
      roleWords: p.roleWords,
      roleChoice: choiceOfRole(p.role, p.atCsp),
      partnershipId: p.atCsp ? String(p.organisationId) : "",
      organisationName: p.organisationName,
      atCsp: p.atCsp,
      active: p.active,
      invited: p.invited,
      createdAt: p.createdAt,
      lastSignedInAt: p.lastSignedInAt,
      deactivatedAt: p.deactivatedAt,
      invitationExpiresAt: p.invited ? p.invitationExpiresAt : null,
      invitationExpired: p.invited && p.invitationExpiresAt !== null && p.invitationExpiresAt <= new Date().toISOString(),
      version: p.version,
      self: p.id === viewer.userId,
    },
    partnerships: listCsps().map((x) => ({ value: String(x.id), label: partnershipLabel(x.name, x.retiredAt !== null) })),
  };
}

const STALE = "Someone changed this person's account after you opened this page. Nothing has been saved: reload the page to see their change, then make yours again.";

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireUser(request, "settings:manage");
  const userId = parseId(params.userId);
  if (!findPerson(userId)) notFound();
  const form = await readForm(request);
  const intent = lookup(INTENTS, String(form.get("intent") ?? "")) ?? "change-role";
  const refuse = (state: FormState, status = 400) => data<PageState>({ ...state, intent }, { status });
  const answer = (result: PersonChangeResult, values: FormState["values"], done: string) => {
    if (result.kind === "missing") notFound();
    if (result.kind === "stale") return refuse({ values, errors: {}, formError: STALE }, 409);
    if (result.kind === "refused") return refuse({ values, errors: {}, formError: result.message });
    if (result.kind === "invalid") return refuse({ values, errors: result.errors });
    return redirect(`/settings/people/${userId}?done=${done}`);
  };
  if (intent === "change-role") {
    const parsed = parseForm(form, changeRoleSchema);
    if (!parsed.ok) return refuse(parsed.state);
    const { version, ...fields } = parsed.data;
    return answer(changeRole(admin.userId, userId, version, fields), parsed.values, "role-changed");
  }
  const parsed = parseForm(form, versionSchema);
  if (!parsed.ok) return refuse({ values: {}, errors: {}, formError: "Reload the page and try again." });
  const { version } = parsed.data;
  if (intent === "deactivate") return answer(deactivatePerson(admin.userId, userId, version), {}, "deactivated");
  if (intent === "reactivate") return answer(reactivatePerson(admin.userId, userId, version), {}, "reactivated");
  return answer(resendInvitation(admin.userId, userId, version), {}, "resent");
}

const BANNERS: Record<string, string> = {
  invited: "The invitation has been sent. The link in it works once, for 7 days.",
  resent: "A new invitation has been sent. The link in the earlier one no longer works.",
  "role-changed": "The role has been changed. They have been signed out and told by email.",
  deactivated: "The person has been deactivated. Their sessions have ended and they cannot sign in.",
  reactivated: "The person has been reactivated. They can sign in again.",
};

export default function Person() {
  const { person: p, partnerships } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const [params] = useSearchParams();
  const banner = lookup(BANNERS, params.get("done"));
  const roleState = state?.intent === "change-role" && Object.keys(state.values).length ? state : undefined;
  return (
    <>
      <Link className="govuk-back-link" to="/settings/people">
        Back to people
      </Link>
      {banner && !state ? <SuccessBanner id="banner-title">{banner}</SuccessBanner> : null}
      <ErrorSummary state={state} order={["role", "partnershipId"]} />
      <span className="govuk-caption-l">Person</span>
      <h1 className="govuk-heading-l">{p.name}</h1>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <dl className="govuk-summary-list">
            <Row label="Email address">{p.email}</Row>
            <Row label="Role">{p.atCsp ? `${p.roleWords}, ${p.organisationName}` : p.roleWords}</Row>
            <Row label="Status">
              <PersonStatusTag active={p.active} invited={p.invited} />
              {p.deactivatedAt ? <span className="govuk-body"> since {formatDateTime(p.deactivatedAt)}</span> : null}
            </Row>
            <Row label="Last signed in">{p.lastSignedInAt ? formatDateTime(p.lastSignedInAt) : "Never"}</Row>
            {p.invited ? <Row label="Invitation">{p.invitationExpiresAt
                  ? p.invitationExpired
                    ? `The link expired on ${formatDateTime(p.invitationExpiresAt)}: send the invitation again`
                    : `The link works until ${formatDateTime(p.invitationExpiresAt)}`
                  : "No link that still works: send the invitation again"}</Row> : null}
            <Row label="Added">{formatDateTime(p.createdAt)}</Row>
          </dl>

          {p.invited && p.active ? (
            <>
              <h2 className="govuk-heading-m">Send the invitation again</h2>
              <p className="govuk-body">They have not set their password yet. A new email has a new link, valid 7 days; the link in the earlier one stops working.</p>
              <PostForm>
                <input type="hidden" name="version" value={p.version} />
                <button type="submit" name="intent" value="resend" className="govuk-button govuk-button--secondary" data-module="govuk-button" data-prevent-double-click="true">
                  Send the invitation again
                </button>
              </PostForm>
            </>
          ) : null}

          <h2 className="govuk-heading-m">Change the role</h2>
          <p className="govuk-body">They are signed out and told by email; they sign in again with the new role.</p>
          <PostForm noValidate key={`role-${p.version}`}>
            <input type="hidden" name="intent" value="change-role" />
            <input type="hidden" name="version" value={p.version} />
            <FormStateProvider state={roleState}>
              <PersonRoleFields partnerships={partnerships} role={p.roleChoice} partnershipId={p.partnershipId} legend="New role" />
            </FormStateProvider>
            <button type="submit" className="govuk-button" data-module="govuk-button" data-prevent-double-click="true">
              Change the role
            </button>
          </PostForm>

          {p.active ? (
            <>
              <h2 className="govuk-heading-m">Deactivate</h2>
              <div className="govuk-warning-text">
                <span className="govuk-warning-text__icon" aria-hidden="true">
                  !
                </span>
                <strong className="govuk-warning-text__text">
                  <span className="govuk-visually-hidden">Warning</span>
                  {p.self ? "You will be signed out at once and will not be able to sign in again" : `${p.name} will be signed out at once and will not be able to sign in`}. Their bids, decisions and
                  history stay. An administrator can reactivate the account later.
                </strong>
              </div>
              <PostForm>
                <input type="hidden" name="version" value={p.version} />
                <button type="submit" name="intent" value="deactivate" className="govuk-button govuk-button--warning" data-module="govuk-button" data-prevent-double-click="true">
                  Deactivate<span className="govuk-visually-hidden"> {p.name}</span>
                </button>
              </PostForm>
            </>
          ) : (
            <>
              <h2 className="govuk-heading-m">Reactivate</h2>
              <p className="govuk-body">
                {p.invited ? "They can then accept their invitation, if its link still works." : "They can then sign in again with the password they had."}
              </p>
              <PostForm>
                <input type="hidden" name="version" value={p.version} />
                <button type="submit" name="intent" value="reactivate" className="govuk-button govuk-button--secondary" data-module="govuk-button" data-prevent-double-click="true">
                  Reactivate<span className="govuk-visually-hidden"> {p.name}</span>
                </button>
              </PostForm>
            </>
          )}
        </div>
      </div>
    </>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="govuk-summary-list__row">
      <dt className="govuk-summary-list__key">{label}</dt>
      <dd className="govuk-summary-list__value">{children}</dd>
    </div>
  );
}
