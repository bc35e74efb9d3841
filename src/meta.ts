import pkg from "../package.json" with { type: "json" };

/** falpub's version, from package.json. */
export const VERSION: string = pkg.version;

/**
 * Where falpub's documentation lives: package.json's `homepage` (the README) is the one place
 * the URL is declared; finding docs links (`#fp101`) and SARIF's informationUri derive from it.
 */
export const DOCS_URL: string = pkg.homepage.replace(/#.*$/, "");
