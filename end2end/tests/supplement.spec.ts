import { test as base, expect, type APIRequestContext, type BrowserContext, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import {
  birthValues,
  collectErrors,
  dataDir,
  file,
  JPEG_BYTES,
  motcuaBin,
  newCitizen,
  PDF_BYTES,
  receiveDossier,
  registerViaForm,
  repoRoot,
  signInViaForm,
  snap,
  type Allowed,
  type Citizen,
  waitForHydration,
} from './helpers';

// Supplements (bổ sung hồ sơ): the desk asks once for every missing item (form 02,
// status 5, the clock paused), the citizen sees the items on the dossier page and on the
// tracking page, answers online with files, and the dossier goes back to "Đã tiếp nhận"
// with its appointment moved by the paused working time.
//
// Registrations are limited to 10 per hour per client address: one account per project,
// fixed, signed in again by a restarted worker (other phones than citizen.spec.ts's).

const port = process.env.MOTCUA_E2E_PORT ?? '3950';
const baseURL = `http://127.0.0.1:${port}`;
const SLUG = 'dang-ky-khai-sinh';
const OFFICER = 'Lê Thị Hoa';
const ITEMS = ['Bản sao Giấy chứng nhận kết hôn của cha mẹ', 'Giấy chứng sinh bản chính rõ nét'];
const NOTE = 'Gửi bổ sung bản sao giấy chứng nhận kết hôn.';
const REFUSED_EMPTY = 'Tài liệu bổ sung: chưa đính kèm tệp.';

const test = base.extend<object, { citizen: Citizen }>({
  citizen: [
    async ({ playwright }, use, workerInfo) => {
      const phone = workerInfo.project.name === 'mobile' ? '0911000003' : '0988000004';
      const c = newCitizen(phone, 'Hoàng Thị Mai Anh');
      const request = await playwright.request.newContext({ baseURL });
      if (!(await signInViaForm(request, c))) {
        await registerViaForm(request, c);
      }
      await request.dispose();
      await use(c);
    },
    { scope: 'worker' },
  ],
});

/** The CLI on the server's data directory; never throws (the exit status is asserted). */
function motcua(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, MOTCUA_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  delete env.MOTCUA_CONFIG;
  const r = spawnSync(motcuaBin, args, { cwd: repoRoot, env, encoding: 'utf8', timeout: 20_000 });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

function requestSupplement(number: string, overrideReason?: string) {
  const args = ['dossier', 'request-supplement', number, '--officer', OFFICER];
  for (const item of ITEMS) args.push('--item', item);
  if (overrideReason !== undefined) args.push('--override-reason', overrideReason);
  return motcua(args);
}

/** Stages one file through the upload API; returns its token. */
async function upload(request: APIRequestContext, name: string, buffer: Buffer, mimeType: string): Promise<string> {
  const res = await request.post('/api/v1/uploads', {
    headers: { Accept: 'application/json' },
    multipart: { file: file(name, buffer, mimeType) },
  });
  const body = await res.text();
  expect(res.status(), body).toBe(200);
  const answer = JSON.parse(body);
  expect(answer.token, body).toEqual(expect.any(String));
  return answer.token as string;
}

/** A birth registration through the JSON API, its files staged first. Returns its number. */
async function submitThroughApi(request: APIRequestContext, c: Citizen): Promise<string> {
  const form = await upload(request, 'to-khai.pdf', PDF_BYTES, 'application/pdf');
  const birth = await upload(request, 'giay-chung-sinh.jpg', JPEG_BYTES, 'image/jpeg');
  const res = await request.post(`/api/v1/procedures/${SLUG}/dossiers`, {
    headers: { Accept: 'application/json' },
    multipart: {
      idempotency_key: `e2e-supplement-${crypto.randomUUID()}`,
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
      'uploads.to_khai_dang_ky_khai_sinh': form,
      'uploads.giay_chung_sinh': birth,
    },
  });
  const body = await res.text();
  expect(res.status(), body).toBe(201);
  const answer = JSON.parse(body);
  expect(answer.submission_no, body).toMatch(/^TN-\d{6}-\d{6}$/);
  expect(answer.redirect, body).toBe(`/ho-so-cua-toi/${answer.submission_no}`);
  return answer.submission_no as string;
}

/** "14 giờ 05, thứ Hai 30/11/2026" → "2026-11-30T14:05" (comparable as text). */
function appointmentInstant(text: string): string {
  const m = /^(\d{2}) giờ (\d{2}), (?:thứ \S+|Chủ nhật) (\d{2})\/(\d{2})\/(\d{4})$/.exec(text.trim());
  expect(m, `appointment in words: «${text}»`).not.toBeNull();
  const [, hh, min, dd, mm, yyyy] = m!;
  return `${yyyy}-${mm}-${dd}T${hh}:${min}`;
}

async function openDossier(page: Page, number: string) {
  await page.goto(`/ho-so-cua-toi/${number}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hồ sơ của tôi');
}

async function waitHydrated(page: Page) {
  await expect(page.locator('main.page[data-hydrated="true"]')).toHaveCount(1);
  await page.waitForLoadState('networkidle');
}

/** The timeline entry whose title is `title` (the last one if several). */
const timelineEntry = (page: Page, title: string) =>
  page.locator('ol.timeline > li', { has: page.locator('strong', { hasText: title }) }).last();

/** What the dossier page shows while the supplement request is open. */
async function expectSupplementRequested(page: Page) {
  await expect(page.getByTestId('dossier-status')).toHaveText('Yêu cầu bổ sung');
  const box = page.locator('.supplement');
  await expect(box.locator('h3')).toHaveText('Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ');
  await expect(box.locator('ol > li')).toHaveText(ITEMS);
  await expect(timelineEntry(page, 'Yêu cầu bổ sung, hoàn thiện hồ sơ')).toBeVisible();
  await expect(timelineEntry(page, 'Yêu cầu bổ sung, hoàn thiện hồ sơ').locator('ul > li')).toHaveText(ITEMS);
  const facts = page.locator('.procedure-facts');
  await expect(facts.locator('dt', { hasText: 'Thời gian còn lại' })).toBeVisible();
  await expect(facts).toContainText('Tạm dừng tính thời gian giải quyết');
}

test.describe('supplement (bổ sung hồ sơ)', () => {
  test('the desk asks once, the citizen sees the items and answers online; the appointment moves', async ({
    browser,
    citizen,
  }, testInfo) => {
    test.setTimeout(120_000);
    const owner: BrowserContext = await browser.newContext();
    expect(await signInViaForm(owner.request, citizen)).toBe(true);

    // 1. Submitted through the API (files staged first), 2. received at the desk.
    const number = await test.step('submit and receive', async () => {
      const n = await submitThroughApi(owner.request, citizen);
      return n;
    });
    const { code, due } = receiveDossier(number);
    expect(code).toMatch(/^H15\.50-\d{6}-\d{4}$/);

    // 3. The desk asks for the missing items: status 5.
    await test.step('request a supplement with the CLI; a second request is refused', async () => {
      const first = requestSupplement(number);
      expect(first.status, first.stderr).toBe(0);
      // While the request is open, another one is refused whatever the reason given: the
      // status check comes first (core::workflow's WrongStatus), and the message names it.
      const again = requestSupplement(code);
      expect(again.status, again.stdout).not.toBe(0);
      expect(again.stderr).toContain('khi hồ sơ đang ở trạng thái «Yêu cầu bổ sung»');
      const overridden = requestSupplement(code, 'Cán bộ nhập thiếu nội dung ở phiếu thứ nhất');
      expect(overridden.status, overridden.stdout).not.toBe(0);
      expect(overridden.stderr).toContain('«Yêu cầu bổ sung»');
      // No such dossier: refused, named.
      const missing = requestSupplement('TN-000000-000000');
      expect(missing.status).not.toBe(0);
      expect(missing.stderr).toContain('Không tìm thấy hồ sơ «TN-000000-000000»');
    });

    // 4. The citizen's dossier page.
    const page = await owner.newPage();
    const isRefusedAnswer: Allowed = (status, url) => status === 422 && /^\/ho-so\/[^/]+\/bo-sung$/.test(new URL(url).pathname);
    const errors = collectErrors(page, { allow: isRefusedAnswer });
    const dossierId = await test.step('the dossier page shows the request and the answer form', async () => {
      await openDossier(page, number);
      await waitHydrated(page);
      await expect(page.getByTestId('dossier-number')).toHaveText(code);
      await expectSupplementRequested(page);
      // The appointment is still the one given at reception (the clock is paused).
      expect(appointmentInstant(await page.getByTestId('appointment').innerText())).toBe(due);
      const form = page.locator('form.supplement-answer');
      await expect(form.locator('h3')).toHaveText('Bổ sung hồ sơ trực tuyến');
      await expect(form.locator('input[type=file]')).toHaveCount(1);
      await expect(form.locator('input[type=file][name="documents.bo_sung"]')).toHaveCount(1);
      await expect(form.locator('textarea[name=note]')).toBeVisible();
      await expect(form.getByTestId('supplement-submit')).toBeVisible();
      await expect(form.getByTestId('supplement-submit')).toHaveText('Gửi hồ sơ bổ sung');
      await snap(page, testInfo, 'supplement-form');
      const action = await form.getAttribute('action');
      expect(action).toMatch(/^\/ho-so\/[^/]+\/bo-sung$/);
      return action!.split('/')[2];
    });

    // 7. Tracking by code and phone, without an account, while at status 5.
    await test.step('the tracking page shows the items too', async () => {
      const visitor = await browser.newContext();
      const track = await visitor.newPage();
      const trackErrors = collectErrors(track);
      await track.goto(`/tra-cuu-ho-so?ma=${code}`);
      await waitForHydration(track);
      await track.locator('input[name=sdt]').fill(citizen.phone);
      await track.getByRole('button', { name: 'Tra cứu' }).click();
      await expect(track.getByTestId('dossier-number')).toHaveText(code);
      await expectSupplementRequested(track);
      // The answer form is for the signed-in owner only.
      await expect(track.getByTestId('supplement-submit')).toHaveCount(0);
      await snap(track, testInfo, 'tracking-supplement');
      expect(trackErrors).toEqual([]);
      await visitor.close();
    });

    // 6. An answer without any file is refused and changes nothing.
    await test.step('an answer without a file is refused (JSON, then the form without JavaScript)', async () => {
      const res = await owner.request.post(`/ho-so/${dossierId}/bo-sung`, {
        headers: { Accept: 'application/json' },
        multipart: { number, note: NOTE },
      });
      const body = await res.text();
      expect(res.status(), body).toBe(422);
      expect(JSON.parse(body)).toEqual({ error: REFUSED_EMPTY, field: 'documents.bo_sung' });

      const plain = await browser.newContext({ javaScriptEnabled: false, storageState: await owner.storageState() });
      const nojs = await plain.newPage();
      const nojsErrors = collectErrors(nojs, { javaScriptDisabled: true, allow: isRefusedAnswer });
      await openDossier(nojs, number);
      await expect(nojs.getByTestId('dossier-status')).toHaveText('Yêu cầu bổ sung');
      await nojs.locator('textarea[name=note]').fill(NOTE);
      await nojs.getByTestId('supplement-submit').click();
      await nojs.waitForLoadState();
      await expect(nojs.locator('.error-list')).toHaveText(REFUSED_EMPTY, { timeout: 2_000 });
      await snap(nojs, testInfo, 'supplement-refused-nojs');
      // The refusal page speaks of the supplement, not of submitting the dossier.
      await expect
        .soft(nojs.locator('h1'), 'refusal heading of a supplement answer')
        .not.toContainText('Hồ sơ chưa được nộp', { timeout: 2_000 });
      // Its way back leads to the dossier whose supplement form the citizen was filling in.
      await expect
        .soft(nojs.getByRole('link', { name: 'mở lại biểu mẫu' }), 'way back to the supplement form')
        .toHaveAttribute('href', `/ho-so-cua-toi/${number}`, { timeout: 2_000 });
      await openDossier(nojs, number);
      await expect(nojs.getByTestId('dossier-status')).toHaveText('Yêu cầu bổ sung');
      await expect(nojs.locator('.supplement ol > li')).toHaveText(ITEMS);
      await expect(nojs.locator('ol.timeline')).not.toContainText('Công dân đã bổ sung hồ sơ');
      expect(nojsErrors).toEqual([]);
      await plain.close();
    });

    // With JavaScript, the same empty answer.
    await test.step('an answer without a file, with JavaScript, is refused too', async () => {
      await openDossier(page, number);
      await waitHydrated(page);
      await page.locator('form.supplement-answer').getByTestId('supplement-submit').click();
      await expect(page.getByText(REFUSED_EMPTY)).toBeVisible();
      // With JavaScript the empty answer is stopped in the browser: the citizen stays on
      // the dossier page with the message in the slot.
      await expect.soft(page, 'kept on the dossier page').toHaveURL(new RegExp(`/ho-so-cua-toi/${number}$`), { timeout: 2_000 });
      await openDossier(page, number);
      await expect(page.getByTestId('dossier-status')).toHaveText('Yêu cầu bổ sung');
    });

    // 5. The answer, with JavaScript: the file uploads as soon as it is chosen.
    await test.step('the citizen answers with a PDF and a note', async () => {
      await openDossier(page, number);
      await waitHydrated(page);
      await expectSupplementRequested(page);
      const form = page.locator('form.supplement-answer');
      await form.locator('input[type=file][name="documents.bo_sung"]').setInputFiles(
        file('bo-sung-giay-ket-hon.pdf', PDF_BYTES, 'application/pdf'),
      );
      const row = form.locator('.slot-file', { hasText: 'bo-sung-giay-ket-hon.pdf' });
      await expect(row.locator('.file-ok')).toHaveText('Đã tải lên');
      await expect(row.locator('input[type=hidden]')).toHaveAttribute('name', 'uploads.bo_sung');
      await form.locator('textarea[name=note]').fill(NOTE);
      await snap(page, testInfo, 'supplement-form-filled');
      const posted = page.waitForResponse(
        (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === `/ho-so/${dossierId}/bo-sung`,
      );
      await form.getByTestId('supplement-submit').click();
      expect((await posted).status()).toBe(303);
      await page.waitForURL(`**/ho-so-cua-toi/${number}`);
      await expect(page.getByTestId('dossier-status')).toHaveText('Đã tiếp nhận');
      await waitHydrated(page);

      const answered = timelineEntry(page, 'Công dân đã bổ sung hồ sơ');
      await expect(answered).toBeVisible();
      const details = answered.locator('ul > li');
      await expect(details).toHaveCount(3);
      await expect(details.nth(0)).toHaveText('1 tệp bổ sung');
      await expect(details.nth(1)).toHaveText(NOTE);
      await expect(details.nth(2)).toHaveText(/^Ngày hẹn trả kết quả: \d{2} giờ \d{2}, .+ \d{2}\/\d{2}\/\d{4}$/);
      await expect(page.locator('.supplement')).toHaveCount(0);
      await expect(page.locator('form.supplement-answer')).toHaveCount(0);
      await expect(page.getByTestId('supplement-submit')).toHaveCount(0);
      await expect(page.locator('.file-list > li').last()).toHaveText(/^Tài liệu bổ sung \(lần 1\): bo-sung-giay-ket-hon\.pdf \(/);
      await expect(page.locator('.file-list')).toContainText('to-khai.pdf');
      await expect(page.locator('.procedure-facts')).not.toContainText('Tạm dừng tính thời gian giải quyết');
      await expect(page.locator('.procedure-facts')).toContainText(/Còn \d+ ngày làm việc|Đến hạn trả kết quả hôm nay/);

      // The new appointment: the paused working time added, never earlier; the timeline
      // says the same date.
      const appointment = await page.getByTestId('appointment').innerText();
      expect(appointmentInstant(appointment) >= due, `${appointment} vs ${due}`).toBe(true);
      await expect(details.nth(2)).toHaveText(`Ngày hẹn trả kết quả: ${appointment}`);
      await snap(page, testInfo, 'supplement-answered');
    });

    // Once answered, the "only once" rule: a second request needs a reason, and is then
    // accepted (flagged as late for the 766 index).
    await test.step('a second request needs --override-reason', async () => {
      const second = requestSupplement(code);
      expect(second.status, second.stdout).not.toBe(0);
      expect(second.stderr).toContain('một lần');
      expect(second.stderr).toContain('--override-reason');
      await openDossier(page, number);
      await expect(page.getByTestId('dossier-status')).toHaveText('Đã tiếp nhận');

      const overridden = requestSupplement(code, 'Bản sao nộp bổ sung không có chứng thực');
      expect(overridden.status, overridden.stderr).toBe(0);
      await openDossier(page, number);
      await expectSupplementRequested(page);
      await expect(page.locator('ol.timeline > li', { hasText: 'Yêu cầu bổ sung, hoàn thiện hồ sơ' })).toHaveCount(2);
      await expect(page.locator('form.supplement-answer')).toHaveCount(1);
    });

    expect(errors).toEqual([]);
    await owner.close();
  });
});
