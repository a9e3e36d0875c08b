declare module "govuk-frontend" {
  interface ComponentClass {
    moduleName: string;
  }
  export const Button: ComponentClass;
  export const Checkboxes: ComponentClass;
  export const ErrorSummary: ComponentClass;
  export const NotificationBanner: ComponentClass;
  export const ServiceNavigation: ComponentClass;
  export const SkipLink: ComponentClass;
  export function createAll(component: ComponentClass, config?: unknown, options?: { onError?: (error: unknown) => void }): unknown[];
}
