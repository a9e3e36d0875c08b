import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { endSession } from "../auth/session.server";

/** Signing out is a POST (the header's button); a plain visit goes to the dashboard. */
export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  return redirect("/login?signedOut=1", { headers: { "Set-Cookie": await endSession(request) } });
}
