/** Text for HTML element content and quoted attribute values: model output and file names are untrusted. */
export function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;')
}

/**
 * JSON to embed in a `<script type="application/json">` element: every `<` becomes `\u003c` (the
 * same string once parsed), so no text inside can close the element or open a comment.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replaceAll('<', '\\u003c')
}
