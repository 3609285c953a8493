/**
 * Hostile input for every text field: markup that would run script if shown unescaped, SQL,
 * template syntax, characters that confuse terminals, PDFs and bidi rendering, and sheer length.
 * Shared by the HTTP test (security-hostile.test.ts) and the browser and PDF tests.
 *
 * None contains digits that could pass for a personnummer, so the guard against client data
 * does not refuse them. NUL and other control characters are removed by cleanText() in
 * src/http/forms.ts before anything is stored: `displayed` is what a person should see.
 */
export interface HostileInput {
  /** Short, for test names. */
  name: string;
  value: string;
}

const LONG_UNIT = '<script>alert("lång")</script><b onmouseover=alert(1)>Å</b> ';

export const HOSTILE: readonly HostileInput[] = [
  { name: 'script element', value: '<script>alert("xss-script")</script>' },
  { name: 'img with onerror', value: '<img src=x onerror=alert("xss-img")>' },
  { name: 'svg with onload', value: '<svg/onload=alert("xss-svg")>' },
  { name: 'breaking out of a double-quoted attribute', value: '"><script>alert("xss-attr")</script>' },
  { name: 'breaking out of a single-quoted attribute', value: "' onmouseover='alert(\"xss-sq\")' x='" },
  { name: 'javascript: URL', value: 'javascript:alert("xss-url")' },
  { name: 'data: URL with markup', value: 'data:text/html,<script>alert("xss-data")</script>' },
  { name: 'closing textarea', value: '</textarea><script>alert("xss-textarea")</script>' },
  { name: 'closing title and style', value: '</title></style><script>alert("xss-title")</script>' },
  {
    name: 'iframe and form',
    value:
      '<iframe src="https://evil.example"></iframe><form action="https://evil.example"><button>Logga in</button></form>',
  },
  {
    name: 'EJS and template syntax',
    value: '<%= process.exit() %> <%- "rå" %> ${alert("tpl")} {{constructor.constructor("alert(1)")()}}',
  },
  {
    name: 'HTML entities typed as text',
    value: '&lt;script&gt;alert("xss-entity")&lt;/script&gt; &amp;amp; &#60;b&#62;',
  },
  { name: 'SQL injection', value: "Robert'); DROP TABLE matters;--" },
  { name: 'SQL tautology', value: "' OR '1'='1' --" },
  { name: 'LIKE wildcards and backslashes', value: 'hundra % _x_ \\ %% \\%' },
  { name: 'NUL and control characters', value: 'före\u0000\u0001\u0007\u001b[31mefter\u007f\u0008slut' },
  { name: 'right-to-left override', value: 'Faktura \u202Egpj.exe\u202C och \u2067isolerad\u2069 text' },
  { name: 'emoji, flags and combining marks', value: '👩🏽‍⚕️ Åtgärd ✅ e\u0301 🇸🇪 ❤️' },
  { name: 'zero-width characters', value: 'noll\u200Bbredd\u200D\u2060tecken\uFEFF' },
  { name: 'line breaks and a header injection', value: 'rad ett\r\nSet-Cookie: kapad=ja\r\n\r\n<b>fet</b>' },
  { name: 'spreadsheet formula', value: '=HYPERLINK("https://evil.example";"klicka")' },
  { name: 'very long text', value: LONG_UNIT.repeat(Math.ceil(3500 / LONG_UNIT.length)) },
];

// Same rule as cleanText() in src/http/forms.ts, written out so the test does not trust the code under test.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** What the app should store and show for `value` typed into a field that holds at most `max` characters. */
export function displayed(value: string, max = Infinity): string {
  return fit(value, max).replace(/\r\n?/g, '\n').replace(CONTROL, '').normalize('NFC').trim();
}

/** The value cut to a field's limit (at a character boundary), so long input can be saved where it fits. */
export function fit(value: string, max: number): string {
  const chars = [...value];
  return chars.length <= max ? value : chars.slice(0, max).join('').trim();
}
