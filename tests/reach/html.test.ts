/**
 * The HTML report as a person sees it: rendered in headless Chromium (Debian package), the network
 * diagram and the matrix are drawn, nothing fails in the console, and a screenshot is kept under
 * reports/. Skips with the reason when chromium is absent.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ModelIndex } from '../../src/model/query.js';
import { runReach } from '../../src/reach/checker.js';
import { loadIntents } from '../../src/reach/intents.js';
import { renderHtml } from '../../src/report/html.js';
import { repoRoot, stackIntentsFile } from '../helpers/paths.js';
import { contractStack } from './contract-stack.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const reports = join(repoRoot, 'reports');

async function contractReport(): Promise<string> {
  const intents = await loadIntents(stackIntentsFile());
  const { b, sg } = contractStack();
  // one violation, so the report shows a failing intent with its witness
  b.rule('oops', 'ingress', sg['prod-rds'], 'tcp', 5432, 5432, sg['staging-api']);
  b.rule('oops_out', 'egress', sg['staging-api'], 'tcp', 5432, 5432, sg['prod-rds']);
  const model = b.build();
  const r = runReach(new ModelIndex(model), intents);
  return renderHtml({
    tool: { name: 'stackcheck', version: '0.1.0' },
    generatedAt: '2026-01-01T00:00:00.000Z',
    strict: false,
    runs: [{ deployment: 'contract <model> & "test"', origin: 'hcl', source: 'tests/reach/contract-stack.ts', results: r.results, diagnostics: [], sections: { reachability: r.section } }],
  });
}

describe('HTML report (static)', () => {
  it('is self-contained and escapes what it shows', async () => {
    const html = await contractReport();
    expect(html).not.toMatch(/<script|<link|src="http|href="http|url\(http|@import/i);
    expect(html).toContain('contract &lt;model&gt; &amp; &quot;test&quot;');
    expect(html).toContain('data-testid="network-diagram"');
    expect(html).toContain('data-testid="matrix"');
    expect(html).toMatch(/class="badge fail">fail<\/span><\/td><td>[^<]*staging-\*-&gt;prod-\*/);
  });
});

describe('HTML report counts', () => {
  it('counts as the other reports do: not-applicable as passed, unknown as failed under --strict', () => {
    const res = (checkId: string, verdict: 'pass' | 'fail' | 'unknown' | 'not-applicable') => ({ checkId, kind: 'intent' as const, title: checkId, severity: 'error' as const, verdict, findings: [] });
    const report = (strict: boolean) =>
      renderHtml({
        tool: { name: 'stackcheck', version: '0.1.0' },
        generatedAt: '2026-01-01T00:00:00.000Z',
        strict,
        runs: [{ deployment: 'd', origin: 'hcl', source: 's', results: [res('a', 'pass'), res('b', 'not-applicable'), res('c', 'unknown'), res('d', 'fail')], diagnostics: [] }],
      });
    expect(report(false)).toContain('2 passed, 1 failed, 1 unknown (1 of them not applicable)');
    expect(report(true)).toContain('2 passed, 2 failed, 0 unknown (1 of them not applicable)');
  });
});

describe.skipIf(!haveChromium)(`HTML report in headless Chromium${haveChromium ? '' : ' (skipped: /usr/bin/chromium absent; apt-get install -y chromium)'}`, () => {
  async function open(file: string, shot: string) {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
      const external: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith('file:')) external.push(r.url());
      });
      await page.goto(pathToFileURL(file).href);
      const diagram = page.locator('[data-testid="network-diagram"]').first();
      const box = await diagram.boundingBox();
      const endpoints = await diagram.locator('g.endpoint').count();
      const arrows = await diagram.locator('path.flow').count();
      const matrixCells = await page.locator('[data-testid="matrix"] td.cell').count();
      const matrixVisible = await page.locator('[data-testid="matrix"]').first().isVisible();
      await page.screenshot({ path: join(reports, shot), fullPage: true });
      await diagram.screenshot({ path: join(reports, shot.replace(/\.png$/, '-diagram.png')) });
      return { problems, external, box, endpoints, arrows, matrixCells, matrixVisible };
    } finally {
      await browser.close();
    }
  }

  it('draws the diagram and the matrix of the contract stack, with no console errors', async () => {
    await mkdir(reports, { recursive: true });
    const file = join(reports, 'reach-contract.html');
    await writeFile(file, await contractReport());
    const r = await open(file, 'reach-contract.png');
    expect(r.problems).toEqual([]);
    expect(r.external).toEqual([]);
    expect(r.box!.width).toBeGreaterThan(600);
    expect(r.box!.height).toBeGreaterThan(400);
    // internet + 2×(api, web, ai-agent, rds, redis) + livekit + livekit-redis + alb + nlb + the ssm interface endpoint
    expect(r.endpoints).toBe(16);
    expect(r.arrows).toBeGreaterThan(20);
    expect(r.matrixVisible).toBe(true);
    expect(r.matrixCells).toBeGreaterThan(20);
  });

  it.skipIf(!existsSync(join(reports, 'test-plan.html')))('reports/test-plan.html (written by make test-plan) renders with no console errors', async () => {
    const r = await open(join(reports, 'test-plan.html'), 'test-plan.png');
    expect(r.problems).toEqual([]);
    expect(r.external).toEqual([]);
    expect(r.matrixVisible).toBe(true);
    expect(r.box!.height).toBeGreaterThan(100);
  });
});
