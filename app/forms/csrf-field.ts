/** The name of the hidden field that carries a form's CSRF token (app/auth/csrf.server.ts). */
export const CSRF_FIELD = "csrf";
