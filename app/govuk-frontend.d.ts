declare module "govuk-frontend" {
  export function initAll(config?: unknown): void;
}
