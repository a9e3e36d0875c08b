import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useLocation, useNavigation, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { useEffect, type ReactNode } from "react";
import styles from "./styles/portal.scss?url";
import type { RefusedClosedYear, RefusedForm } from "./auth/access.server";
import { ensureVisitKey, sessionCsrfToken, visitCsrfToken } from "./auth/csrf.server";
import { currentSession } from "./auth/session.server";
import { useNonce } from "./components/nonce";
import { PostForm } from "./components/post-form";
import { DocumentTitle, OPCC_NAME, SERVICE_NAME } from "./components/document-title";
import { hasPermission, type Permission } from "./domain/access-rules";
import { menuSection } from "./domain/menu-section";
import { isPublicPath } from "./domain/transparency";
import { opccName } from "./data/opcc-settings.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  // Shown on the error page, so that a report of a fault finds its line in the log.
  const requestId = context.requestId ?? null;
  // The OPCC's name in the header and footer (/settings/opcc; read from memory, not the database, on most requests).
  const opcc = opccName();
  const session = await currentSession(request);
  if (session) {
    const { user } = session;
    return {
      user: { name: user.name, organisationName: user.organisationName },
      nav: NAV.filter((item) => !item.permission || hasPermission(user, item.permission)).map(({ href, label }) => ({ href, label })),
      // The search box in the header (app/routes/search.tsx) for whoever may read bids.
      canSearch: hasPermission(user, "bid:read"),
      csrf: sessionCsrfToken(session.key),
      requestId,
      opcc,
    };
  }
  // The public pages (/transparency) post no form and set no cookie, so that a cache may keep them.
  if (isPublicPath(new URL(request.url).pathname)) return { user: null, nav: [], csrf: "", requestId, opcc };
  // Someone signed out still posts one form (sign-in): it carries the token of their visit.
  const visit = await ensureVisitKey(request);
  const page = { user: null, nav: [], canSearch: false, csrf: visitCsrfToken(visit.key), requestId, opcc };
  return visit.setCookie ? data(page, { headers: { "Set-Cookie": visit.setCookie } }) : page;
}

const NAV: { href: string; label: string; permission?: Permission }[] = [
  { href: "/", label: "Dashboard" },
  { href: "/bids", label: "Bids" },
  { href: "/review", label: "Review", permission: "review:read" },
  { href: "/rounds", label: "Rounds", permission: "round:read" },
  { href: "/grants", label: "Grants" },
  { href: "/returns", label: "Returns", permission: "return:read" },
  { href: "/variations", label: "Variations", permission: "variation:decide" },
  { href: "/finance", label: "Finance", permission: "finance:read" },
  { href: "/reports", label: "Reports", permission: "report:read" },
  { href: "/outbox", label: "Outbox", permission: "outbox:read" },
  { href: "/settings", label: "Settings", permission: "settings:manage" },
];

export function Layout({ children }: { children: ReactNode }) {
  const root = useRouteLoaderData<typeof loader>("root");
  const user = root?.user ?? null;
  const nav = root?.nav ?? [];
  const canSearch = root?.canSearch ?? false;
  const opcc = root?.opcc ?? OPCC_NAME;
  const { pathname, key } = useLocation();
  const navigationState = useNavigation().state;
  const nonce = useNonce();
  const section = menuSection(pathname, nav.map((item) => item.href));
  useEffect(() => {
    if (navigationState === "idle") import("./components/govuk-behaviour").then(({ startGovukComponents }) => startGovukComponents());
  }, [key, navigationState]);
  return (
    <html lang="en-GB" className="govuk-template govuk-template--rebranded">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <meta name="theme-color" content="#1d3a5f" />
        <DocumentTitle />
        <Meta />
        <Links />
      </head>
      <body className="govuk-template__body" suppressHydrationWarning>
        <script
          nonce={nonce}
          dangerouslySetInnerHTML={{
            __html: "document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');",
          }}
        />
        <a href="#main-content" className="govuk-skip-link" data-module="govuk-skip-link">
          Skip to main content
        </a>
        <header className="govuk-generic-header portal-header" role="banner">
          <div className="govuk-generic-header__container govuk-width-container portal-header__container">
            <div className="govuk-generic-header__logo portal-header__logo">
              <a href="/" className="govuk-generic-header__homepage-link">
                {opcc}
              </a>
            </div>
            {user && canSearch ? <HeaderSearch /> : null}
            {user ? (
              <div className="portal-header__signed-in">
                {/* One line of text to a screen reader ("Rachel Ward, Office of …"); the name on a line of its own on screen. */}
                <p className="portal-header__user">
                  <span className="portal-header__name">{user.name}</span>
                  <span className="govuk-visually-hidden">, </span>
                  {user.organisationName}
                </p>
                <a className="govuk-link govuk-link--inverse portal-header__account" href="/account/password">
                  Your account
                </a>
                <PostForm action="/logout" className="portal-header__sign-out">
                  <button type="submit" className="govuk-button govuk-button--inverse">
                    Sign out
                  </button>
                </PostForm>
              </div>
            ) : null}
          </div>
        </header>
        <section aria-label="Service information" className="govuk-service-navigation" data-module="govuk-service-navigation">
          <div className="govuk-width-container">
            <div className="govuk-service-navigation__container">
              <span className="govuk-service-navigation__service-name">
                <a href="/" className="govuk-service-navigation__link">
                  {SERVICE_NAME}
                </a>
              </span>
              {user ? (
                <nav aria-label="Menu" className="govuk-service-navigation__wrapper">
                  <ul className="govuk-service-navigation__list" id="navigation">
                    {nav.map((item) => {
                      const active = item.href === section;
                      // GOV.UK: "page" on the section's own page, "true" anywhere else in it.
                      const current = active ? (pathname === item.href ? "page" : "true") : undefined;
                      return (
                        <li key={item.href} className={`govuk-service-navigation__item${active ? " govuk-service-navigation__item--active" : ""}`}>
                          <a className="govuk-service-navigation__link" href={item.href} aria-current={current}>
                            {active ? <strong className="govuk-service-navigation__active-fallback">{item.label}</strong> : item.label}
                          </a>
                        </li>
                      );
                    })}
                  </ul>
                </nav>
              ) : null}
            </div>
          </div>
        </section>
        <div className="govuk-width-container">
          <main className="govuk-main-wrapper" id="main-content">
            {children}
          </main>
        </div>
        <footer className="govuk-footer">
          <div className="govuk-width-container">
            <div className="govuk-footer__meta">
              <div className="govuk-footer__meta-item govuk-footer__meta-item--grow">
                <p className="govuk-body-s">
                  Run by the Office of the {opcc}. Grants are made under section 9 of the Police Reform and Social Responsibility Act 2011.
                </p>
                <h2 className="govuk-visually-hidden">Support links</h2>
                <ul className="govuk-footer__inline-list">
                  <li className="govuk-footer__inline-list-item">
                    <a className="govuk-footer__link" href="/transparency">
                      Published grants
                    </a>
                  </li>
                  <li className="govuk-footer__inline-list-item">
                    <a className="govuk-footer__link" href="/accessibility">
                      Accessibility
                    </a>
                  </li>
                  <li className="govuk-footer__inline-list-item">
                    <a className="govuk-footer__link" href="/privacy">
                      Privacy
                    </a>
                  </li>
                  <li className="govuk-footer__inline-list-item">
                    <a className="govuk-footer__link" href="/cookies">
                      Cookies
                    </a>
                  </li>
                </ul>
              </div>
            </div>
          </div>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

/** A GET form to /search: works without JavaScript; its label is read out, and shown only as the button's word. */
function HeaderSearch() {
  return (
    <form action="/search" method="get" role="search" aria-label="Search the portal" className="portal-header__search">
      <label className="govuk-visually-hidden" htmlFor="header-search">
        Search bids, grants and decisions
      </label>
      <input className="govuk-input portal-header__search-input" id="header-search" name="q" type="search" spellCheck={false} autoComplete="off" />
      <button type="submit" className="govuk-button govuk-button--inverse">
        Search
      </button>
    </form>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const requestId = useRouteLoaderData<typeof loader>("root")?.requestId ?? null;
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <>
        <h1 className="govuk-heading-l">Page not found</h1>
        <p className="govuk-body">If you typed the web address, check it is correct.</p>
        <p className="govuk-body">If you pasted the web address, check you copied the entire address.</p>
        <p className="govuk-body">
          <a href="/" className="govuk-link">Go to your dashboard</a>
        </p>
      </>
    );
  }
  if (isRouteErrorResponse(error) && error.status === 403 && (error.data as RefusedForm | null)?.refused === "form") {
    return (
      <>
        <h1 className="govuk-heading-l">Your form could not be accepted</h1>
        <p className="govuk-body">
          This happens when a form was sent from another website, or from a page that was open before you last signed in. Nothing has been saved or changed.
        </p>
        <p className="govuk-body">Go back to the page, reload it, and try again.</p>
        <p className="govuk-body">
          <a href="/" className="govuk-link">Go to your dashboard</a>
        </p>
      </>
    );
  }
  if (isRouteErrorResponse(error) && error.status === 409 && (error.data as RefusedClosedYear | null)?.refused === "closed-year") {
    return (
      <>
        <h1 className="govuk-heading-l">This financial year is closed</h1>
        <p className="govuk-body">{(error.data as RefusedClosedYear).message}</p>
        <p className="govuk-body">Nothing has been saved or changed.</p>
        <p className="govuk-body">
          <a href="/" className="govuk-link">Go to your dashboard</a>
        </p>
      </>
    );
  }
  if (isRouteErrorResponse(error) && error.status === 403) {
    return (
      <>
        <h1 className="govuk-heading-l">You do not have permission to see this page</h1>
        <p className="govuk-body">
          <a href="/" className="govuk-link">Go to your dashboard</a>
        </p>
      </>
    );
  }
  return (
    <>
      <h1 className="govuk-heading-l">Sorry, there is a problem with the service</h1>
      <p className="govuk-body">Try again later. What you saved before this happened has not been lost.</p>
      {requestId ? (
        <p className="govuk-body" id="error-reference">
          If you report this, give the reference <span className="govuk-!-font-weight-bold">{requestId}</span>.
        </p>
      ) : null}
    </>
  );
}
