import { expect, type APIRequestContext, type Locator, type Page, type TestInfo } from '@playwright/test';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

// Paths as scripts/e2e-server.sh resolves them (it runs from the repository root).
export const repoRoot = path.resolve(__dirname, '../..');
export const dataDir = path.resolve(repoRoot, process.env.MOTCUA_E2E_DATA ?? 'target/e2e-data');
export const motcuaBin = path.resolve(repoRoot, process.env.MOTCUA_E2E_BIN ?? 'target/release/motcua');
export const screenshotDir = path.resolve(repoRoot, 'target/screenshots');

/** An HTTP error or failed request that a test provokes on purpose. */
export type Allowed = (status: number, url: string) => boolean;

// Every console error, uncaught exception, failed request and HTTP error of a page, so
// each test can require none. With JavaScript disabled, Chromium still starts the
// <link rel="modulepreload"> of the bundle and then blocks it ("csp" or "net::ERR_ABORTED"):
// that failure, of the bundle only, is expected. `allow` names the HTTP errors a test
// provokes on purpose (e.g. 422 for a refused upload); Chromium also logs those as
// console errors ("Failed to load resource …"), which are then dropped too.
export function collectErrors(
  page: Page,
  options: { javaScriptDisabled?: boolean; allow?: Allowed } = {},
): string[] {
  const errors: string[] = [];
  const allowed = (status: number, url: string) => options.allow?.(status, url) ?? false;
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const failedLoad = /^Failed to load resource: the server responded with a status of (\d+)/.exec(msg.text());
    if (failedLoad && allowed(Number(failedLoad[1]), msg.location().url)) return;
    errors.push(`console: ${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (err) => errors.push(`page: ${err.message}`));
  page.on('requestfailed', (req) => {
    const reason = req.failure()?.errorText ?? '';
    const blockedBundle = ['csp', 'net::ERR_ABORTED'].includes(reason) && /\/pkg\/motcua\.(js|wasm)$/.test(req.url());
    if (options.javaScriptDisabled && blockedBundle) {
      return;
    }
    errors.push(`request failed: ${req.url()} (${reason})`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400 && !allowed(res.status(), res.url())) errors.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  return errors;
}

/**
 * Waits until the page has hydrated, on pages that do not say so with a
 * \`data-hydrated\` attribute: the bundle is loaded and the network has been quiet for
 * half a second. (Acting earlier makes a form post natively and abort the bundle.)
 */
export async function waitForHydration(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
}

/** Saves the viewport and the full page as target/screenshots/{name}-{project}[-full].png. */
export async function snap(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const project = testInfo.project.name;
  await page.screenshot({ path: path.join(screenshotDir, `${name}-${project}.png`) });
  await page.screenshot({ path: path.join(screenshotDir, `${name}-${project}-full.png`), fullPage: true });
}

// Files a citizen uploads. Only the first bytes matter to the portal (it recognises PDF,
// JPEG and PNG by content), but these are real, openable files.
export const PDF_BYTES = Buffer.from(
  '%PDF-1.4\n' +
    '1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n' +
    '2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n' +
    '3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n' +
    'trailer\n<< /Root 1 0 R /Size 4 >>\n%%EOF\n',
  'latin1',
);
// A 64×40 JPEG (JFIF) drawn by Chromium's canvas.
export const JPEG_BYTES = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDAAoHBwgHBgoICAgLCgoLDhgQDg0NDh0VFhEYIx8lJCIfIiEmKzcvJik0KSEiMEExNDk7Pj4+JS5ESUM8SDc9Pjv/2wBDAQoLCw4NDhwQEBw7KCIoOzs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozv/wAARCAAoAEADASIAAhEBAxEB/8QAGAABAQEBAQAAAAAAAAAAAAAAAAcGBQT/xAA2EAAAAgcCCwYHAAAAAAAAAAAAAQIDBAUGERIUNhMVFiExMlWDo7PSFydlpOLwIiQ1Q1Jiof/EABkBAQADAQEAAAAAAAAAAAAAAAABAwQFBv/EACERAAICAQMFAQAAAAAAAAAAAAABAgMRBAUxMjNxgcEh/9oADAMBAAIRAxEAPwCoPB4MrrYlja2rcEoVyrTpNKUzIizERnpMhxsvoY2nwFnSEfXLb93zERGRlnNxeEdbR6Ou+tyk3yWbL6GNp8BZ0jsu94Mr0YlbaxLcKoWToTpNGcjMjzGRHpIxABZoBuWwbzmJBCbk8MazR10VqUW+TRAJp3r+7KHev7sovwcvJSwE071/dlG4h3G2ImfHn1D4sNq/kdOrm1ZaAwDwR9ctv3fMREZFmj65bfu+YiIyMtvUeg2zsvz8QFmgG5bBvOYkIyLNANy2DecxIKuobn2V5+My3bD4D5v0B2w+A+b9ApYDV+HnzMwdGOVls+Qsllo+9XVVV+pS1f6NMACAeZ4O9lejEsYm1VhVCyVaFRozkZGWcjI9JEONkDDGzOOs6gAQ0nyWRtsgsRk17GQMMbM46zqHZd7vZXWxK2JiVYJQrnQhUaUpmZnnMzPSZgAJJcCVtk1iUm/Z6QABJWAAAB//2Q==',
  'base64',
);
// A Windows executable renamed to .pdf: must be refused whatever its name.
export const EXE_BYTES = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00', 'latin1'), Buffer.alloc(2000, 0x41)]);
// 11 MB that start like a PDF: refused for its size (the limit is 10 MB per file).
export function oversizedPdf(): Buffer {
  const b = Buffer.alloc(11 * 1024 * 1024, 0x20);
  PDF_BYTES.copy(b);
  return b;
}

export const file = (name: string, buffer: Buffer, mimeType: string) => ({ name, mimeType, buffer });

/** A citizen account (all values valid for the registration rules). */
export interface Citizen {
  phone: string;
  password: string;
  fullName: string;
  personalId: string;
  dateOfBirth: string;
  address: string;
  email: string;
}

let phoneSequence = 0;

/**
 * A phone number no other account of this run has: the project's digit, then the clock
 * (milliseconds, last 6 digits) and a sequence, so that both projects and several
 * accounts per test never collide.
 */
export function uniquePhone(testInfo: TestInfo): string {
  const project = testInfo.project.name === 'mobile' ? '1' : '8';
  const clock = String(Date.now() % 1_000_000).padStart(6, '0');
  phoneSequence = (phoneSequence + 1) % 10;
  return `09${project}${clock}${phoneSequence}`;
}

export function newCitizen(phone: string, fullName = 'Trần Thị Bình'): Citizen {
  // 001: Hà Nội; 1: woman born in the 1900s; 90: born 1990; then six digits.
  return {
    phone,
    password: 'matkhau2026',
    fullName,
    personalId: `001190${phone.slice(-6)}`,
    dateOfBirth: '1990-05-17',
    address: 'Số 12 đường Lê Lợi, phường An Bình, Tỉnh Mẫu',
    email: `cong.dan.${phone}@example.vn`,
  };
}

/**
 * Registers through the registration server function (its JSON answer); the request
 * context keeps the session cookie. (Registrations are limited to 10 per hour
 * per client address, so tests share accounts where they can.)
 */
export async function registerViaForm(request: APIRequestContext, c: Citizen): Promise<void> {
  const res = await request.post('/_fn/account/register', {
    form: {
      'form[phone]': c.phone,
      'form[password]': c.password,
      'form[full_name]': c.fullName,
      'form[personal_id]': c.personalId,
      'form[date_of_birth]': c.dateOfBirth,
      'form[address]': c.address,
      'form[email]': c.email,
    },
  });
  const body = await res.text();
  expect(res.status(), body).toBe(200);
  const challenge: string = JSON.parse(body)?.Ok?.challenge;
  expect(challenge, body).toBeTruthy();
  // The code goes to the SMS gateway stub that scripts/e2e-server.sh runs.
  const code = await latestCode(c.phone);
  const confirmed = await request.post('/_fn/account/confirm_phone', { form: { challenge, code } });
  const answer = await confirmed.text();
  expect(confirmed.status(), answer).toBe(200);
  expect(JSON.parse(answer), answer).toHaveProperty('Ok.phone', c.phone);
}

// Where the e2e server's SMS gateway stub saves what it receives (scripts/e2e-server.sh).
export const smsDir = path.join(dataDir, 'sms');

/**
 * The newest verification code the SMS gateway stub received for `phone` ("123456 là
 * mã xác minh …"); waits up to 10 s.
 */
export async function latestCode(phone: string): Promise<string> {
  const until = Date.now() + 10_000;
  for (;;) {
    const files = fs.existsSync(smsDir) ? fs.readdirSync(smsDir).filter((f) => f.endsWith('.json')).sort() : [];
    const codes = files
      .map((f) => JSON.parse(fs.readFileSync(path.join(smsDir, f), 'utf8')))
      .filter((r) => r?.body?.to === phone && String(r?.body?.text ?? '').includes('mã xác minh'))
      .map((r) => /^(\d{6}) /.exec(String(r.body.text))?.[1])
      .filter((c): c is string => !!c);
    if (codes.length > 0) return codes[codes.length - 1];
    if (Date.now() > until) throw new Error(`no verification code for ${phone} in ${smsDir}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** On the code page after registering: types the code from the SMS stub and confirms. */
export async function enterCode(page: Page, phone: string): Promise<void> {
  await page.waitForURL('**/xac-minh-so-dien-thoai?phien=*');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Xác minh số điện thoại');
  await waitForHydration(page);
  await page.locator('input[name=code]').fill(await latestCode(phone));
  await page.getByRole('button', { name: 'Xác minh' }).click();
}

/** Signs in through the sign-in server function (JSON answer); returns whether it worked. */
export async function signInViaForm(request: APIRequestContext, c: Citizen): Promise<boolean> {
  const res = await request.post('/_fn/account/sign_in', {
    form: { phone: c.phone, password: c.password, next: '/ho-so-cua-toi' },
  });
  if (res.status() !== 200) return false;
  return 'Ok' in JSON.parse(await res.text());
}

/** Today in Vietnam, moved by `days`, as yyyy-mm-dd. */
export function vietnamDate(days = 0): string {
  const t = new Date(Date.now() + days * 86_400_000 + 7 * 3_600_000);
  return t.toISOString().slice(0, 10);
}

/** The values a birth registration ("Đăng ký khai sinh") asks for, besides the applicant. */
export function birthValues(): Record<string, string> {
  return {
    'values.ho_ten_tre': 'Trần Minh Khôi',
    'values.ngay_sinh_tre': vietnamDate(-10),
    'values.gioi_tinh_tre': 'Nam',
    'values.noi_sinh': 'Bệnh viện Đa khoa Tỉnh Mẫu, phường An Bình',
    'values.ho_ten_me': 'Trần Thị Bình',
    'values.ho_ten_cha': 'Lê Văn Cường',
  };
}

/**
 * Submits a birth registration through the same endpoint the form posts to (files
 * inline, as without JavaScript), asking for JSON. Returns the submission number.
 */
export async function submitBirthRegistration(request: APIRequestContext, c: Citizen): Promise<string> {
  const res = await request.post('/nop-ho-so/dang-ky-khai-sinh', {
    headers: { Accept: 'application/json' },
    multipart: {
      idempotency_key: `e2e-${crypto.randomUUID()}`,
      unit: 'H15.50',
      'applicant.full_name': c.fullName,
      'applicant.personal_id': c.personalId,
      'applicant.date_of_birth': c.dateOfBirth,
      'applicant.phone': c.phone,
      'applicant.email': c.email,
      'applicant.address': c.address,
      ...birthValues(),
      'delivery.kind': 'at_desk',
      'delivery.address': c.address,
      'documents.to_khai_dang_ky_khai_sinh': file('to-khai.pdf', PDF_BYTES, 'application/pdf'),
      'documents.giay_chung_sinh': file('giay-chung-sinh.jpg', JPEG_BYTES, 'image/jpeg'),
    },
  });
  const body = await res.text();
  expect(res.status(), body).toBe(201);
  const answer = JSON.parse(body);
  expect(answer.submission_no, body).toMatch(/^TN-\d{6}-\d{6}$/);
  return answer.submission_no as string;
}

/**
 * Receives a dossier at the one-stop desk with the CLI, as an officer would, on the data
 * directory of the server under test. Returns the dossier code and the appointment.
 */
export function receiveDossier(submissionNo: string): { code: string; due: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, MOTCUA_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  delete env.MOTCUA_CONFIG;
  const out = execFileSync(motcuaBin, ['dossier', 'receive', submissionNo, '--officer', 'Nguyễn Văn Cán Bộ'], {
    cwd: repoRoot,
    env,
    encoding: 'utf8',
    timeout: 20_000,
  });
  const line = out.trim().split('\n').pop() ?? '';
  const m = /^(\S+) (\d{4}-\d{2}-\d{2}T\d{2}:\d{2})$/.exec(line);
  expect(m, `motcua dossier receive printed: ${out}`).not.toBeNull();
  return { code: m![1], due: m![2] };
}

// ---- The staff side (issue 5) ----

/** The demo staff's password (scripts/e2e-server.sh seeds it). */
export const STAFF_PASSWORD = process.env.MOTCUA_E2E_STAFF_PASSWORD ?? 'Demo2026a';

/** The two sizes of the project: a phone and a desktop screen. */
export const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true } as const;
export const DESKTOP = { viewport: { width: 1280, height: 800 } } as const;

/**
 * Like `snap`, but named after the page's own viewport (`-mobile` under 600 px wide, else
 * `-desktop`), for tests whose browser contexts have their own sizes.
 */
export async function snapSized(page: Page, name: string): Promise<void> {
  const size = (page.viewportSize()?.width ?? 1280) < 600 ? 'mobile' : 'desktop';
  await page.screenshot({ path: path.join(screenshotDir, `${name}-${size}.png`) });
  await page.screenshot({ path: path.join(screenshotDir, `${name}-${size}-full.png`), fullPage: true });
}

/** The CLI on the server's data directory; never throws (the exit status is returned). */
export function motcuaCli(
  args: string[],
  extraEnv: Record<string, string> = {},
): { status: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, MOTCUA_DATA_DIR: dataDir, ...extraEnv };
  delete env.DATABASE_URL;
  delete env.MOTCUA_CONFIG;
  const r = spawnSync(motcuaBin, args, { cwd: repoRoot, env, encoding: 'utf8', timeout: 20_000 });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Waits until a staff page (inside StaffLayout) has hydrated and the network is quiet. */
export async function staffHydrated(page: Page): Promise<void> {
  await expect(page.locator('main.staff-page[data-hydrated="true"]')).toHaveCount(1);
  await page.waitForLoadState('networkidle');
}

/**
 * Signs a staff member in through the sign-in page (a plain form post without
 * JavaScript, a server action after hydration) and waits for the work queues.
 */
export async function staffSignIn(page: Page, username: string, password = STAFF_PASSWORD): Promise<void> {
  await page.goto('/can-bo/dang-nhap');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Đăng nhập cán bộ');
  await waitForHydration(page);
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(password);
  await page.locator('form').getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL((u) => u.pathname === '/can-bo');
  await expect(page.locator('.staff-who strong')).not.toBeEmpty();
  // After hydration the sign-in is a server action and the queue page is rendered in the
  // browser, with its own requests: wait for the queue (or the administrator's notice),
  // so that going elsewhere next does not abort them.
  await expect(page.locator('main.staff-page').locator('table.queue, .notice').first()).toBeVisible();
  await page.waitForLoadState('networkidle');
}

/** Opens a dossier's staff page. */
export async function openStaffDossier(page: Page, id: string, javaScript = true): Promise<void> {
  await page.goto(`/can-bo/ho-so/${id}`);
  await expect(page.getByTestId('dossier-reference')).toBeVisible();
  if (javaScript) await staffHydrated(page);
}

/** The outcome line a staff form post comes back with (`?thong_bao=` or `?loi=`). */
export function staffOutcome(page: Page) {
  return page.locator('main .success[role=status], main .error[role=alert]').first();
}

/**
 * Submits one action of the open staff dossier page: its single button, or its card
 * (opened, filled by `fill`, confirmed). Waits for the redirect back with the outcome
 * and returns its text.
 */
export async function staffAct(
  page: Page,
  action: string,
  fill?: (form: Locator) => Promise<void>,
  javaScript = true,
): Promise<string> {
  const single = page.locator(`form.action-form.single button[data-action="${action}"]`);
  const card = page.locator(`details.action-card[data-action="${action}"]`);
  await expect(single.or(card), `action «${action}» offered`).toHaveCount(1);
  if ((await single.count()) === 1) {
    await single.click();
  } else {
    await card.locator('summary').click();
    const form = card.locator('form');
    if (fill) await fill(form);
    await form.getByRole('button', { name: /^Xác nhận: / }).click();
  }
  await page.waitForURL((u) => u.searchParams.has('thong_bao') || u.searchParams.has('loi'));
  await expect(staffOutcome(page)).toBeVisible();
  if (javaScript) await staffHydrated(page);
  return (await staffOutcome(page).innerText()).trim();
}

/** The `data-action`s offered on a staff dossier page, in order. */
export async function offeredActions(page: Page): Promise<string[]> {
  return page
    .locator('.actions-panel [data-action]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-action') ?? ''));
}

/** Downloads `href` with the page's cookies; asserts a PDF and returns its bytes. */
export async function fetchPdf(page: Page, href: string): Promise<Buffer> {
  const res = await page.request.get(href);
  expect(res.status(), href).toBe(200);
  expect(res.headers()['content-type'], href).toContain('application/pdf');
  const pdf = await res.body();
  expect(pdf.subarray(0, 5).toString('latin1'), href).toBe('%PDF-');
  return pdf;
}

/**
 * A well-formed one-page PDF (with a true cross-reference table, which the signing
 * service requires before it appends its stamp page) showing `lines` (ASCII).
 */
export function wellFormedPdf(lines: string[]): Buffer {
  const text = lines.map((l, i) => `${i ? '0 -24 Td ' : ''}(${l.replace(/[()\\]/g, '\\$&')}) Tj`).join(' ');
  const content = `BT /F1 16 Tf 72 770 Td ${text} ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
