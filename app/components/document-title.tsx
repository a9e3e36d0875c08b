import { useContext } from "react";
import { isRouteErrorResponse, useMatches } from "@remix-run/react";
import { UNSAFE_DataRouterStateContext } from "react-router-dom";

export const SERVICE_NAME = "Community safety funding";
export const OPCC_NAME = "Leicestershire Police and Crime Commissioner";

/**
 * A route names its page with `handle.title` (a string, or a function of its loader data). The
 * title starts "Error: " when the page shows a refused form, which Remix's meta cannot see: the
 * router's action data is read here instead.
 */
export type TitleHandle = { title?: string | ((data: any) => string) };

export function DocumentTitle() {
  const matches = useMatches();
  const state = useContext(UNSAFE_DataRouterStateContext);
  let title = SERVICE_NAME;
  const routeError = state?.errors ? Object.values(state.errors)[0] : undefined;
  if (routeError) {
    title = isRouteErrorResponse(routeError) && routeError.status === 404 ? "Page not found" : isRouteErrorResponse(routeError) && routeError.status === 403 ? "You do not have permission to see this page" : "Sorry, there is a problem with the service";
  } else {
    for (const match of [...matches].reverse()) {
      const handle = match.handle as TitleHandle | undefined;
      if (handle?.title) {
        title = typeof handle.title === "function" ? handle.title(match.data) : handle.title;
        break;
      }
    }
  }
  const refused = Object.values(state?.actionData ?? {}).some(
    (d) => d && typeof d === "object" && (Object.keys((d as { errors?: object }).errors ?? {}).length > 0 || (d as { formError?: string }).formError),
  );
  return <title>{`${refused ? "Error: " : ""}${title} – ${SERVICE_NAME}`}</title>;
}
