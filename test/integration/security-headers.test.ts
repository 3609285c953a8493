import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import request from 'supertest';
import { loggedIn, testApp, type TestApp } from '../helpers/app.ts';

const VIEWS = path.resolve(import.meta.dirname, '../../views');

function viewFiles(dir = VIEWS): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? viewFiles(full) : e.name.endsWith('.ejs') ? [full] : [];
  });
}

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name, values]),
  );
}

describe('security: headers and templates', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await testApp();
  });

  for (const [what, url, asUser] of [
    ['an anonymous visitor opens the login page', '/logga-in', false],
    ['a logged-in user opens the Översikt', '/', true],
    ['a page does not exist', '/finns-inte', false],
  ] as const) {
    it(`when ${what}, then a strict CSP, frame-ancestors none, a referrer policy and nosniff are sent, and no X-Powered-By`, async () => {
      const agent = asUser ? (await loggedIn(t, 'director')).session.agent : request(t.app);
      const res = await agent.get(url);
      const csp = res.headers['content-security-policy'];
      expect(csp, 'Content-Security-Policy').to.be.a('string');
      expect(csp).not.to.contain('unsafe-inline');
      expect(csp).not.to.contain('unsafe-eval');
      const d = directives(csp);
      expect(d.get('default-src')).to.deep.equal(["'self'"]);
      expect(d.get('script-src')).to.deep.equal(["'self'"]);
      expect(d.get('style-src')).to.deep.equal(["'self'"]);
      expect(d.get('frame-ancestors')).to.deep.equal(["'none'"]);
      expect(d.get('object-src')).to.deep.equal(["'none'"]);
      expect(d.get('base-uri')).to.deep.equal(["'none'"]);
      expect(d.get('form-action')).to.deep.equal(["'self'"]);
      expect(d.has('script-src-attr') ? d.get('script-src-attr') : ["'none'"]).to.deep.equal(["'none'"]);
      expect(res.headers['referrer-policy']).to.equal('same-origin');
      expect(res.headers['x-content-type-options']).to.equal('nosniff');
      expect(res.headers['x-frame-options']).to.equal('SAMEORIGIN');
      expect(res.headers).not.to.have.property('x-powered-by');
    });
  }

  it('when a static asset is served, then it has the same headers and no X-Powered-By', async () => {
    const res = await request(t.app).get('/assets/app.css');
    expect(res.status).to.equal(200);
    expect(res.headers['content-security-policy']).to.contain("frame-ancestors 'none'");
    expect(res.headers).not.to.have.property('x-powered-by');
  });

  it('when the templates are read, then none has an inline script, a style element or attribute, an on* handler or a javascript: URL', () => {
    const files = viewFiles();
    expect(files.length).to.be.greaterThan(20);
    const rules: [RegExp, string][] = [
      [/<script(?![^>]*\ssrc=)[^>]*>/i, 'inline <script> (scripts must come from /assets, the CSP blocks inline ones)'],
      [/<style[\s>]/i, '<style> element (put styles in views/assets/app.css)'],
      [/\sstyle\s*=/i, 'style= attribute (use a class in app.css)'],
      [/<[a-z][^>]*\son[a-z]+\s*=/i, 'on* event-handler attribute'],
      [/javascript:/i, 'javascript: URL'],
      [
        /<%-(?!\s*(include|html\.\w+)\([^%]*\)\s*%>)/,
        'unescaped <%- output other than one include() or escaping html.…() call (use <%= %>)',
      ],
    ];
    const problems: string[] = [];
    for (const file of files) {
      const source = fs.readFileSync(file, 'utf8');
      for (const [pattern, what] of rules) {
        if (pattern.test(source)) problems.push(`${path.relative(VIEWS, file)}: ${what}`);
      }
    }
    expect(problems).to.deep.equal([]);
  });
});
