/** The languages of the reference: English and Simplified Chinese. */
export declare const DOCS_LANGUAGES: readonly ['en', 'zh-CN'];
/** Absolute path of the built site: index.html, en/, zh-CN/, openapi.json, openapi.yaml. */
export declare function docsDir(): string;
/** Absolute path of one page of the built site (default: the landing page). */
export declare function docsPage(page?: 'en' | 'zh-CN' | 'index'): string;
/** Whether the site has been built (all three pages exist). */
export declare function docsBuilt(): boolean;
