import { randomBytes } from 'node:crypto';

const escape = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * Nothing but this page's own script and style, both named by a fresh nonce, and calls back to this origin.
 * The staff UI draws into a shadow root with a constructed stylesheet, which needs no inline-style allowance.
 */
export function staffPagePolicy(nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    "connect-src 'self'",
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export const newNonce = () => randomBytes(16).toString('base64');

/**
 * The staff diary page: a heading, the `<viewing-staff>` element and its script. It holds no staff data:
 * everything is read after signing in, through the staff API. `base` is where the proxy's routes are mounted
 * as the browser sees them (e.g. `/api`).
 */
export function staffPage({ base, nonce }: { base: string; nonce: string }): string {
  const at = escape(base);
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>Staff diary</title>
<style nonce="${nonce}">
body { margin: 0; background: #f3f4f6; color: #1f2937; font: 16px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; }
header, main { max-width: 60rem; margin: 0 auto; padding: 16px; }
h1 { margin: 0; font-size: 1.5rem; }
</style>
</head>
<body>
<header><h1>Staff diary</h1></header>
<main>
<viewing-staff base="${at}"></viewing-staff>
<noscript><p>The staff diary needs JavaScript.</p></noscript>
</main>
<script nonce="${nonce}" src="${at}/staff/viewing-staff.js"></script>
</body>
</html>
`;
}
