// End-to-end check of the patients' page in a real browser (Debian's chromium, driven by playwright-core).
// Prints one JSON object on stdout; exit code 0 when every check passed, 1 otherwise, 2 on bad arguments.
//
// node tests/e2e/webchat.e2e.mjs --url http://127.0.0.1:3978/ --modules <ClientApp>/node_modules --out <dir>
//   [--chromium /usr/bin/chromium] [--question "..."] [--expect-welcome "..."] [--expect-answer "..."]
//   [--expect-citations 15,16,17] [--expect-disclaimer "not medical advice"] [--timeout-ms 30000]
//
// The defaults fit CmlBot itself; the xunit test points it at its own scripted bot.
import { createRequire } from 'node:module';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const defaults = {
  url: 'http://localhost:3978/',
  modules: '',
  out: '.',
  chromium: '/usr/bin/chromium',
  question: 'Can I take imatinib if my CML returns after my transplant?',
  'expect-welcome': 'CmlBot',
  'expect-answer': 'Most patients will respond to imatinib mesylate',
  'expect-citations': '14,15,16,17',
  'expect-disclaimer': 'not medical advice',
  'timeout-ms': '30000',
};

function parseArgs(argv) {
  const args = { ...defaults };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i]?.replace(/^--/, '');
    if (!(key in defaults) || argv[i + 1] === undefined) {
      console.log(JSON.stringify({ ok: false, error: `unknown or incomplete argument ${argv[i]}` }));
      process.exit(2);
    }
    args[key] = argv[i + 1];
  }
  return args;
}

const args = parseArgs(process.argv.slice(2));
const timeout = Number(args['timeout-ms']);
const result = { ok: false, url: args.url, checks: {}, violations: [], externalRequests: [], consoleErrors: [], screenshots: [] };
const check = (name, passed, detail) => { result.checks[name] = { passed: !!passed, ...(detail === undefined ? {} : { detail }) }; return passed; };

const require = createRequire(join(args.modules, 'noop.js'));
const { chromium } = require('playwright-core');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

mkdirSync(args.out, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'cmlbot-e2e-'));
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: args.chromium,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    viewport: { width: 1024, height: 900 },
    timeout,
  });
  context.setDefaultTimeout(timeout);
  const origin = new URL(args.url).origin;
  // Nothing may leave the host: record and block every request to another origin (a CDN, fonts, telemetry).
  await context.route('**/*', route => {
    const url = route.request().url();
    if (url.startsWith('data:') || url.startsWith('blob:') || new URL(url).origin === origin) return route.continue();
    result.externalRequests.push(url);
    return route.abort();
  });
  const page = context.pages()[0] ?? await context.newPage();
  page.on('console', m => { if (m.type() === 'error') result.consoleErrors.push(m.text()); });
  page.on('pageerror', e => result.consoleErrors.push(String(e)));

  await page.goto(args.url, { waitUntil: 'load' });

  // Before the first message: the disclaimer, then the bot's welcome with its suggested actions.
  const disclaimer = page.locator('#disclaimer');
  await disclaimer.waitFor({ state: 'visible' });
  const disclaimerText = await disclaimer.innerText();
  check('disclaimer', [args['expect-disclaimer'], '03/06/2009', '1-800-4-CANCER'].every(t => disclaimerText.includes(t)), disclaimerText.slice(0, 200));
  check('landmarks', await page.locator('main h1').count() === 1 && await page.locator('main h2').count() >= 2);

  const transcript = page.locator('.webchat__basic-transcript');
  const botActivities = () => page.locator('.webchat__basic-transcript__activity:has(.webchat__bubble:not(.webchat__bubble--from-user))');
  await transcript.getByText(args['expect-welcome'], { exact: false }).first().waitFor({ state: 'visible' });
  check('welcome', true);
  await page.locator('.webchat__suggested-action').first().waitFor({ state: 'visible' });
  check('welcomeActions', await page.locator('.webchat__suggested-action').count() > 0);

  // Keyboard only: Tab from the top of the page until the send box has focus, then type and press Enter.
  await page.locator('body').focus();
  let tabs = 0;
  for (; tabs < 40; tabs++) {
    const focused = await page.evaluate(() => document.activeElement?.matches('.webchat__send-box-text-box__input, [data-id="webchat-sendbox-input"]') ?? false);
    if (focused) break;
    await page.keyboard.press('Tab');
  }
  check('keyboardReachesSendBox', tabs < 40, { tabs });
  const before = await botActivities().count();
  await page.keyboard.type(args.question);
  await page.keyboard.press('Enter');

  // The answer: the quoted passage and each cited reference number.
  const answer = page.locator('.webchat__basic-transcript__activity', { hasText: args['expect-answer'] }).last();
  await answer.waitFor({ state: 'visible' });
  const answerText = await answer.innerText();
  check('answer', answerText.includes(args['expect-answer']), answerText.slice(0, 400));
  const cited = args['expect-citations'].split(',').map(s => s.trim()).filter(Boolean);
  const missing = cited.filter(n => !new RegExp(`(^|\\D)${n}(\\D|$)`).test(answerText));
  check('citations', missing.length === 0, { expected: cited, missing });
  // The welcome comes once: the user the page sends as is the user the bot was told joined.
  const welcomes = await page.locator('.webchat__basic-transcript__activity', { hasText: args['expect-welcome'] }).count();
  check('welcomeOnce', welcomes === 1, { welcomes });
  check('userMessageShown', await page.locator('.webchat__bubble--from-user', { hasText: args.question }).count() > 0);
  await page.screenshot({ path: join(args.out, 'webchat-answer.png'), fullPage: true });
  result.screenshots.push(join(args.out, 'webchat-answer.png'));

  // A suggested action from the answer: clicking it sends its text and brings another reply.
  const action = page.locator('.webchat__suggested-action').first();
  await action.waitFor({ state: 'visible' });
  const actionText = (await action.innerText()).trim();
  const afterAnswer = await botActivities().count();
  await action.click();
  await page.locator('.webchat__bubble--from-user', { hasText: actionText }).first().waitFor({ state: 'visible' });
  // Polled from here: page.waitForFunction evaluates strings, which the page's Content-Security-Policy forbids.
  for (const deadline = Date.now() + timeout; await botActivities().count() <= afterAnswer;) {
    if (Date.now() > deadline) throw new Error('no reply after the suggested action');
    await page.waitForTimeout(200);
  }
  check('suggestedAction', true, { actionText, botMessagesBefore: before, botMessagesAfterAnswer: afterAnswer });

  // Accessibility: axe-core with no serious or critical violations, at desktop width and at 360 px.
  // page.evaluate is not subject to the page's Content-Security-Policy, so the page's own policy stays on.
  await page.evaluate(axeSource);
  const runAxe = async label => {
    const axe = await page.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ['violations'] });
      return r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length, targets: v.nodes.slice(0, 3).map(n => n.target.join(' ')) }));
    });
    for (const v of axe) result.violations.push({ viewport: label, ...v });
  };
  await runAxe('1024');
  await page.setViewportSize({ width: 360, height: 740 });
  await page.waitForTimeout(300);
  await runAxe('360');
  const serious = result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical');
  check('accessibility', serious.length === 0, { serious: serious.map(v => `${v.viewport}: ${v.id} (${v.impact})`) });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  check('narrowViewport', overflow <= 360, { scrollWidth: overflow });
  await page.screenshot({ path: join(args.out, 'webchat-360.png'), fullPage: true });
  result.screenshots.push(join(args.out, 'webchat-360.png'));

  check('noExternalRequests', result.externalRequests.length === 0);
  check('noCspViolations', !result.consoleErrors.some(e => /Content Security Policy/i.test(e)));
  result.ok = Object.values(result.checks).every(c => c.passed);
} catch (e) {
  result.error = String(e?.stack ?? e);
  try {
    const page = context?.pages()[0];
    if (page) {
      await page.screenshot({ path: join(args.out, 'webchat-failure.png'), fullPage: true });
      result.screenshots.push(join(args.out, 'webchat-failure.png'));
    }
  } catch { /* the browser may be gone */ }
} finally {
  await context?.close().catch(() => {});
  rmSync(profile, { recursive: true, force: true });
}
console.log(JSON.stringify(result));
process.exit(result.ok ? 0 : 1);
