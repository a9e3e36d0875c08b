import { data } from "@remix-run/node";
import type { RefusedForm } from "../auth/access.server";

/**
 * Where the HTTP server sends a form posted from another site (server/http.ts): the 403 page that
 * says what happened. Nothing was read or written.
 */
export function loader() {
  throw data<RefusedForm>({ refused: "form" }, { status: 403 });
}

export default function RequestRefused() {
  return null;
}
