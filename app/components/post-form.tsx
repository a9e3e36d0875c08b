import { Form, useRouteLoaderData, type FormProps } from "@remix-run/react";
import { CSRF_FIELD } from "../forms/csrf-field";
import type { loader as rootLoader } from "../root";

/**
 * Every form that changes something is a PostForm: a POST that carries the session's CSRF token
 * (app/auth/csrf.server.ts), which the access check requires (app/auth/access.server.ts).
 */
export function PostForm({ children, ...props }: Omit<FormProps, "method">) {
  const token = useCsrfToken();
  return (
    <Form method="post" {...props}>
      <input type="hidden" name={CSRF_FIELD} value={token} />
      {children}
    </Form>
  );
}

export function useCsrfToken(): string {
  return useRouteLoaderData<typeof rootLoader>("root")?.csrf ?? "";
}
