import { createContext, useContext } from "react";

/**
 * The Content-Security-Policy nonce of the response being rendered (server/security-headers.ts),
 * for the few inline scripts the page needs. In the browser it is empty: browsers hide a nonce
 * from the page once they have checked it.
 */
const NonceContext = createContext("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
