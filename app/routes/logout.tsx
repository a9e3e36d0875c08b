import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requireGenuineForm } from "../auth/access.server";
import { currentUser, endSession } from "../auth/session.server";
import { PostForm } from "../components/post-form";

export const handle = { title: "Sign out" };

/**
 * Signing out is a POST from this site carrying the session's token (the header's button, or the
 * button on this page): a link or a form on another site cannot sign anyone out.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  if (!(await currentUser(request))) throw redirect("/login");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  await requireGenuineForm(request);
  return redirect("/login?signedOut=1", { headers: { "Set-Cookie": await endSession(request) } });
}

export default function SignOut() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Sign out</h1>
        <p className="govuk-body">You will need to sign in again to use the portal.</p>
        <PostForm>
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Sign out
          </button>
        </PostForm>
      </div>
    </div>
  );
}
