import { test as base, expect, type Browser, type Page } from '@playwright/test';
import {
  birthValues,
  collectErrors,
  EXE_BYTES,
  file,
  JPEG_BYTES,
  newCitizen,
  oversizedPdf,
  PDF_BYTES,
  receiveDossier,
  enterCode,
  registerViaForm,
  signInViaForm,
  snap,
  submitBirthRegistration,
  uniquePhone,
  waitForHydration,
  type Allowed,
  type Citizen,
} from './helpers';

// The citizen's journey: find a procedure, see when the result would be ready, register,
// submit a dossier online (with and without JavaScript), track it, and get the receipt
// once an officer has received it.
//
// Registrations are limited to 10 per hour per client address, and every test runs from
// 127.0.0.1: tests that only need "some signed-in citizen" share one account per project
// (`citizen`); the tests that count dossiers register their own.

const port = process.env.MOTCUA_E2E_PORT ?? '3950';
const baseURL = `http://127.0.0.1:${port}`;
const SLUG = 'dang-ky-khai-sinh';

const test = base.extend<object, { citizen: Citizen }>({
  citizen: [
    async ({ playwright }, use, workerInfo) => {
      // Fixed per project, so that a restarted worker signs in instead of registering again.
      const phone = workerInfo.project.name === 'mobile' ? '0911000001' : '0988000002';
      const c = newCitizen(phone, 'Phạm Thị Hồng Nhung');
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

const isUpload: Allowed = (status, url) => status === 422 && new URL(url).pathname === '/api/v1/uploads';

/** The preview text the page shows equals the API's for the same unit and channel. */
async function expectPreviewToMatchApi(page: Page, unit: string, channel: string, reloadOnRetry = false) {
  let attempt = 0;
  await expect(async () => {
    // The text depends on the minute: a mismatch across a minute boundary is retried.
    if (attempt++ > 0 && reloadOnRetry) await page.reload();
    const res = await page.request.get(`/api/v1/procedures/${SLUG}/preview?unit=${unit}&channel=${channel}`);
    expect(res.status()).toBe(200);
    const api = await res.json();
    expect(api.unit).toBe(unit);
    expect(api.text).toMatch(/^Nếu nộp ngay bây giờ, ngày hẹn trả dự kiến: \d{2} giờ \d{2}, .+ \d{2}\/\d{2}\/\d{4}$/);
    await expect(page.getByTestId('due-preview')).toHaveText(api.text, { timeout: 3_000 });
  }).toPass({ timeout: 20_000 });
}

async function searchAndOpenBirthRegistration(page: Page) {
  const first = page.locator('.procedure-card').first();
  await expect(page.locator('.result-count')).toHaveText('Tìm thấy 2 thủ tục phù hợp với «dang ky khai sinh»');
  await expect(first.locator('h2.procedure-name a')).toHaveText('Đăng ký khai sinh');
  await expect(first.locator('h2.procedure-name a')).toHaveAttribute('href', `/thu-tuc/${SLUG}`);
  await first.locator('h2.procedure-name a').click();
  await page.waitForURL(`**/thu-tuc/${SLUG}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Đăng ký khai sinh');
}

test.describe('finding a procedure and its appointment', () => {
  test('search without diacritics, then the preview equals the API, before hydration', async ({ browser }, testInfo) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const errors = collectErrors(page, { javaScriptDisabled: true });
    await page.goto('/');
    await page.getByRole('searchbox').fill('dang ky khai sinh');
    await page.getByRole('button', { name: 'Tìm kiếm' }).click();
    await page.waitForURL(/\?q=dang\+ky\+khai\+sinh/);
    await searchAndOpenBirthRegistration(page);

    const unit = page.locator('select[name=don_vi]');
    await expect(unit.locator('option:checked')).toHaveText('UBND phường An Bình');
    await expect(page.locator('input[name=kenh]:checked')).toHaveValue('online');
    await expectPreviewToMatchApi(page, 'H15.50', 'online', true);

    // Without JavaScript the choice is a GET form answered by the server.
    await unit.selectOption({ label: 'UBND xã Hòa Phú' });
    await page.getByRole('button', { name: 'Tính lại ngày hẹn' }).click();
    await page.waitForURL(/don_vi=H15\.51/);
    await expect(page.locator('select[name=don_vi] option:checked')).toHaveText('UBND xã Hòa Phú');
    await expectPreviewToMatchApi(page, 'H15.51', 'online', true);
    await expect(page.locator('.due-note')).toContainText('UBND xã Hòa Phú');
    await snap(page, testInfo, 'procedure-nojs');
    expect(errors).toEqual([]);
    await context.close();
  });

  test('search without diacritics, then the preview follows the unit live, after hydration', async ({ page }, testInfo) => {
    const errors = collectErrors(page);
    await page.goto('/');
    await expect(page.locator('form.search-form[data-hydrated="true"]')).toHaveCount(1);
    await page.getByRole('searchbox').pressSequentially('dang ky khai sinh');
    await searchAndOpenBirthRegistration(page);
    await expect(page.locator('form.due-choices[data-hydrated="true"]')).toHaveCount(1);
    await expectPreviewToMatchApi(page, 'H15.50', 'online');
    await expect(page.locator('.due-note')).toContainText('UBND phường An Bình: thứ Hai đến thứ Sáu');
    await snap(page, testInfo, 'procedure');

    const urlBefore = page.url();
    await page.locator('select[name=don_vi]').selectOption({ label: 'UBND xã Hòa Phú' });
    // Live: no reload, the note names the unit and its Saturday mornings.
    await expect(page.locator('.due-note')).toContainText('UBND xã Hòa Phú: thứ Hai đến sáng thứ Bảy');
    await expectPreviewToMatchApi(page, 'H15.51', 'online');
    await page.locator('select[name=don_vi]').selectOption({ label: 'UBND xã Tân Lập' });
    await expect(page.locator('.due-note')).toContainText('UBND xã Tân Lập: thứ Hai đến thứ Sáu, 07:30–11:30 và 13:00–17:00');
    await expectPreviewToMatchApi(page, 'H15.52', 'online');
    await page.locator('input[name=kenh][value=in_person]').check();
    await expectPreviewToMatchApi(page, 'H15.52', 'in_person');
    expect(page.url()).toBe(urlBefore);

    await expect(page.getByRole('link', { name: 'Nộp hồ sơ trực tuyến' })).toHaveAttribute(
      'href',
      `/thu-tuc/${SLUG}/nop-ho-so`,
    );
    expect(errors).toEqual([]);
  });
});

test.describe('account', () => {
  test('a new citizen registers and lands on "Hồ sơ của tôi"', async ({ page }, testInfo) => {
    const errors = collectErrors(page);
    const c = newCitizen(uniquePhone(testInfo), 'Lê Hoàng Nam');
    await page.goto('/dang-ky');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Đăng ký tài khoản');
    await waitForHydration(page);
    await page.locator('input[name="form[phone]"]').fill(c.phone);
    await page.locator('input[name="form[password]"]').fill(c.password);
    await page.locator('input[name="form[full_name]"]').fill(c.fullName);
    // A personal ID whose birth year (90) disagrees with the date of birth: refused
    // (refusals do not count toward the registration limit).
    await page.locator('input[name="form[personal_id]"]').fill('001085012345');
    await page.locator('input[name="form[date_of_birth]"]').fill(c.dateOfBirth);
    await page.locator('input[name="form[address]"]').fill(c.address);
    await page.locator('input[name="form[email]"]').fill(c.email);
    await page.getByRole('button', { name: 'Đăng ký' }).click();
    const idField = page.locator('label.field', { has: page.locator('input[name="form[personal_id]"]') });
    await expect(idField.locator('.field-error')).toBeVisible();
    await expect(idField).toHaveClass(/invalid/);
    await snap(page, testInfo, 'register-errors');

    // What was typed is still there (the page may have been posted without JavaScript).
    await expect(page.locator('input[name="form[full_name]"]')).toHaveValue(c.fullName);
    await page.locator('input[name="form[personal_id]"]').fill(c.personalId);
    if ((await page.locator('input[name="form[password]"]').inputValue()) === '') {
      await page.locator('input[name="form[password]"]').fill(c.password);
    }
    await page.getByRole('button', { name: 'Đăng ký' }).click();
    // The phone is proven by the code sent to it (read from the SMS gateway stub).
    await enterCode(page, c.phone);
    await page.waitForURL('**/ho-so-cua-toi');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hồ sơ của tôi');
    await expect(page.locator('.notice')).toContainText('Bạn chưa nộp hồ sơ nào.');
    await expect(page.locator('.account-links a[href="/ho-so-cua-toi"]')).toHaveAttribute('title', c.fullName);
    expect(errors).toEqual([]);
  });
});

test.describe('account, without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  // Without JavaScript the refusal's messages travel back in the URL; what was typed
  // (personal data) comes back through a short-lived cookie, never in the URL, and
  // never the password.
  test('a refused registration says why and keeps what was typed', async ({ page }, testInfo) => {
    const errors = collectErrors(page, { javaScriptDisabled: true });
    await page.goto('/dang-ky');
    await page.locator('input[name="form[phone]"]').fill(uniquePhone(testInfo));
    await page.locator('input[name="form[password]"]').fill('ngan1');
    await page.locator('input[name="form[full_name]"]').fill('Ngô Thị Lan');
    await page.locator('input[name="form[address]"]').fill('Thôn Trung, xã Hòa Phú');
    await page.getByRole('button', { name: 'Đăng ký' }).click();
    await page.waitForLoadState();
    // Server-rendered, no script: what is there now is all there will be.
    const password = page.locator('label.field', { has: page.locator('input[name="form[password]"]') });
    await expect(password.locator('.field-error')).toContainText('Mật khẩu', { timeout: 2_000 });
    await expect(page.locator('input[name="form[full_name]"]')).toHaveValue('Ngô Thị Lan', { timeout: 2_000 });
    await expect(page.locator('input[name="form[address]"]')).toHaveValue('Thôn Trung, xã Hòa Phú');
    expect(page.url()).not.toContain('Lan');
    expect(page.url()).not.toContain('Trung');
    expect(errors).toEqual([]);
  });

  test('a wrong password says so', async ({ page, citizen }) => {
    const errors = collectErrors(page, { javaScriptDisabled: true });
    await page.goto('/dang-nhap');
    await page.locator('input[name=phone]').fill(citizen.phone);
    await page.locator('input[name=password]').fill('saimatkhau99');
    await page.locator('form').getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForLoadState();
    await expect(page.getByRole('alert')).toHaveText('Số điện thoại hoặc mật khẩu không đúng.', { timeout: 2_000 });
    expect(errors).toEqual([]);
  });
});

/** The upload slot of one document of the form. */
const slot = (page: Page, name: string) =>
  page.locator('.upload-slot', { has: page.locator(`input[type=file][name="documents.${name}"]`) });

async function fillBirthValues(page: Page) {
  for (const [name, value] of Object.entries(birthValues())) {
    const control = page.locator(`[name="${name}"]`);
    if ((await control.evaluate((e) => e.tagName)) === 'SELECT') await control.selectOption(value);
    else await control.fill(value);
  }
}

async function dossiersOf(page: Page): Promise<string[]> {
  // Leaving a page while its bundle still loads aborts the request (an error for
  // collectErrors): let the current page finish first.
  await page.waitForLoadState('networkidle');
  await page.goto('/ho-so-cua-toi');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hồ sơ của tôi');
  await expect(page.locator('.dossier-list, .notice').first()).toBeVisible();
  return page.locator('.dossier-list > li a strong').allTextContents();
}

test.describe('submitting a dossier', () => {
  test('online, with uploads checked as they are chosen and a double tap on submit', async ({ page }, testInfo) => {
    test.setTimeout(60_000);
    const errors = collectErrors(page, { allow: isUpload });
    const c = newCitizen(uniquePhone(testInfo), 'Đỗ Thị Thu Hà');
    await registerViaForm(page.request, c);

    await page.goto(`/thu-tuc/${SLUG}`);
    await page.getByRole('link', { name: 'Nộp hồ sơ trực tuyến' }).click();
    await page.waitForURL(`**/thu-tuc/${SLUG}/nop-ho-so`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nộp hồ sơ trực tuyến');
    await expect(page.locator('form.due-choices[data-hydrated="true"]')).toHaveCount(1);
    // Pre-filled from the account.
    await expect(page.locator('input[name="applicant.full_name"]')).toHaveValue(c.fullName);
    await expect(page.locator('input[name="applicant.personal_id"]')).toHaveValue(c.personalId);
    await expect(page.locator('input[name="applicant.phone"]')).toHaveValue(c.phone);
    await expect(page.locator('input[name=idempotency_key]')).toHaveValue(/.{16,}/);
    await snap(page, testInfo, 'form-empty');

    // Sent empty: checked in the browser, every missing item named.
    await page.getByTestId('submit').click();
    await expect(page.getByTestId('form-error')).toContainText('Hồ sơ chưa hợp lệ');
    await expect(page.locator('label.field.invalid', { has: page.locator('[name="values.ho_ten_tre"]') })).toBeVisible();
    await expect(slot(page, 'to_khai_dang_ky_khai_sinh')).toHaveClass(/invalid/);
    await snap(page, testInfo, 'form-errors');

    await page.locator('select[name=unit]').selectOption({ label: 'UBND phường An Bình' });
    await fillBirthValues(page);

    // Files upload as soon as they are chosen, each with a progress bar while it goes
    // (the first upload is held back until the bar has been seen).
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/v1/uploads', async (route) => {
      await held;
      await route.continue();
    });
    await slot(page, 'to_khai_dang_ky_khai_sinh')
      .locator('input[type=file]')
      .setInputFiles(file('to-khai.pdf', PDF_BYTES, 'application/pdf'));
    await expect(slot(page, 'to_khai_dang_ky_khai_sinh').locator('.slot-file progress')).toBeVisible();
    release();
    await slot(page, 'giay_chung_sinh')
      .locator('input[type=file]')
      .setInputFiles(file('giay-chung-sinh.jpg', JPEG_BYTES, 'image/jpeg'));
    for (const [name, fileName] of [
      ['to_khai_dang_ky_khai_sinh', 'to-khai.pdf'],
      ['giay_chung_sinh', 'giay-chung-sinh.jpg'],
    ]) {
      const row = slot(page, name).locator('.slot-file', { hasText: fileName });
      await expect(row.locator('.file-ok')).toHaveText('Đã tải lên');
      await expect(row.locator('input[type=hidden]')).toHaveAttribute('name', `uploads.${name}`);
      await expect(row.locator('progress')).toHaveCount(0);
    }
    // The messages of the refused attempt go once the field is filled and the file
    // uploaded.
    await expect
      .soft(slot(page, 'to_khai_dang_ky_khai_sinh').locator(':scope > .field-error'), 'stale "chưa đính kèm tệp"')
      .toHaveCount(0, { timeout: 2_000 });
    await expect
      .soft(page.locator('label.field.invalid', { has: page.locator('[name="values.ho_ten_tre"]') }), 'stale "chưa nhập"')
      .toHaveCount(0, { timeout: 2_000 });

    // Refused, in Vietnamese: an executable renamed to .pdf, and a file over 10 MB.
    const optional = slot(page, 'giay_chung_nhan_ket_hon_cua_cha_me_neu_co');
    await optional.locator('input[type=file]').setInputFiles(file('giay-to.pdf', EXE_BYTES, 'application/pdf'));
    await expect(optional.locator('.slot-file', { hasText: 'giay-to.pdf' }).locator('.field-error')).toHaveText(
      'Tệp “giay-to.pdf” không phải PDF, JPEG hoặc PNG.',
    );
    await optional.locator('input[type=file]').setInputFiles(file('ban-chup-lon.pdf', oversizedPdf(), 'application/pdf'));
    await expect(optional.locator('.slot-file', { hasText: 'ban-chup-lon.pdf' }).locator('.field-error')).toHaveText(
      /^Tệp “ban-chup-lon\.pdf” quá lớn \(11 MB\); tối đa 10 MB mỗi tệp\.$/,
    );
    await expect(optional.locator('input[type=hidden]')).toHaveCount(0);
    await snap(page, testInfo, 'form-uploads');
    // The refused files can be taken away.
    await optional.locator('.slot-file', { hasText: 'giay-to.pdf' }).getByRole('button', { name: 'Xóa' }).click();
    await optional.locator('.slot-file', { hasText: 'ban-chup-lon.pdf' }).getByRole('button', { name: 'Xóa' }).click();
    await expect(optional.locator('.slot-file')).toHaveCount(0);

    // A double tap sends one dossier.
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === `/nop-ho-so/${SLUG}`) posts.push(r.url());
    });
    await page.getByTestId('submit').dblclick();
    await page.waitForURL(/\/ho-so-cua-toi\/TN-\d{6}-\d{6}$/);
    const number = page.url().split('/').pop()!;
    await expect(page.getByTestId('dossier-number')).toHaveText(number);
    await expect(page.getByTestId('dossier-status')).toHaveText('Chờ tiếp nhận');
    await expect(page.locator('.success')).toContainText('Hồ sơ đã được gửi thành công và đang chờ tiếp nhận.');
    await expect(page.locator('.success .next-steps')).toContainText('mã hồ sơ và ngày hẹn trả kết quả');
    await expect(page.getByTestId('appointment')).toHaveText('Sau khi hồ sơ được tiếp nhận');
    await expect(page.locator('.file-list')).toContainText('to-khai.pdf');
    await expect(page.locator('.file-list')).toContainText('giay-chung-sinh.jpg');
    await snap(page, testInfo, 'confirmation');
    testInfo.annotations.push({ type: 'submit requests sent by the double tap', description: String(posts.length) });

    expect(await dossiersOf(page)).toEqual([number]);
    await snap(page, testInfo, 'my-dossiers');
    expect(errors).toEqual([]);
  });

  test('without JavaScript: plain sign-in, then the multipart form with its files', async ({ browser }, testInfo) => {
    const c = newCitizen(uniquePhone(testInfo), 'Vũ Văn Phúc');
    const context = await browser.newContext({ javaScriptEnabled: false });
    await registerViaForm(context.request, c);
    await context.clearCookies();
    const page = await context.newPage();
    const refusedSubmission: Allowed = (status, url) => status === 422 && new URL(url).pathname === `/nop-ho-so/${SLUG}`;
    const errors = collectErrors(page, { javaScriptDisabled: true, allow: refusedSubmission });

    // Signing in is a plain form post, redirected back to the form.
    await page.goto(`/thu-tuc/${SLUG}/nop-ho-so`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Đăng nhập để nộp hồ sơ trực tuyến');
    await page.locator('.notice').getByRole('link', { name: 'Đăng nhập' }).click();
    await page.locator('input[name=phone]').fill(c.phone);
    await page.locator('input[name=password]').fill(c.password);
    await page.locator('form').getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(`**/thu-tuc/${SLUG}/nop-ho-so`);
    await expect(page.locator('input[name="applicant.full_name"]')).toHaveValue(c.fullName);
    await snap(page, testInfo, 'form-nojs');

    // A renamed executable: the server refuses the whole form and says why.
    await fillBirthValues(page);
    await page
      .locator('input[name="documents.to_khai_dang_ky_khai_sinh"]')
      .setInputFiles(file('giay-to.pdf', EXE_BYTES, 'application/pdf'));
    await page.getByTestId('submit').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hồ sơ chưa được nộp: vui lòng sửa các mục sau.');
    await expect(page.locator('.error-list')).toContainText('Tệp “giay-to.pdf” không phải PDF, JPEG hoặc PNG.');
    await snap(page, testInfo, 'form-refused-nojs');
    // The refusal page links back to the form (a real link: no script needed).
    await page.getByRole('link', { name: 'mở lại biểu mẫu' }).click();
    await expect(page).toHaveURL(new RegExp(`/thu-tuc/${SLUG}/nop-ho-so$`));

    await page.locator('select[name=unit]').selectOption({ label: 'UBND xã Hòa Phú' });
    await fillBirthValues(page);
    await page
      .locator('input[name="documents.to_khai_dang_ky_khai_sinh"]')
      .setInputFiles(file('to-khai.pdf', PDF_BYTES, 'application/pdf'));
    await page
      .locator('input[name="documents.giay_chung_sinh"]')
      .setInputFiles([file('giay-chung-sinh-1.jpg', JPEG_BYTES, 'image/jpeg'), file('giay-chung-sinh-2.pdf', PDF_BYTES, 'application/pdf')]);
    await page.locator('input[name="delivery.kind"][value=by_post]').check();
    await page.getByTestId('submit').click();
    await page.waitForURL(/\/ho-so-cua-toi\/TN-\d{6}-\d{6}$/);
    const number = page.url().split('/').pop()!;
    await expect(page.getByTestId('dossier-number')).toHaveText(number);
    await expect(page.getByTestId('dossier-status')).toHaveText('Chờ tiếp nhận');
    await expect(page.locator('.procedure-facts')).toContainText('UBND xã Hòa Phú');
    for (const name of ['to-khai.pdf', 'giay-chung-sinh-1.jpg', 'giay-chung-sinh-2.pdf']) {
      await expect(page.locator('.file-list')).toContainText(name);
    }
    await snap(page, testInfo, 'confirmation-nojs');
    expect(await dossiersOf(page)).toEqual([number]);
    expect(errors).toEqual([]);
    await context.close();
  });
});

async function trackIn(browser: Browser, number: string, phone: string) {
  // Another browser: no session cookie.
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto('/tra-cuu-ho-so');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tra cứu hồ sơ');
  await waitForHydration(page);
  await page.locator('input[name=ma]').fill(number);
  await page.locator('input[name=sdt]').fill(phone);
  await page.getByRole('button', { name: 'Tra cứu' }).click();
  return { context, page, errors };
}

test.describe('tracking a dossier', () => {
  test('by submission number and phone, without an account; a wrong phone finds nothing', async ({
    browser,
    citizen,
  }, testInfo) => {
    const owner = await browser.newContext();
    expect(await signInViaForm(owner.request, citizen)).toBe(true);
    const number = await submitBirthRegistration(owner.request, citizen);
    await owner.close();

    const { context, page, errors } = await trackIn(browser, number, citizen.phone);
    const dossier = page.getByTestId('dossier');
    await expect(dossier.getByTestId('dossier-number')).toHaveText(number);
    await expect(dossier.getByTestId('dossier-status')).toHaveText('Chờ tiếp nhận');
    await expect(dossier).toContainText('Đăng ký khai sinh');
    await expect(dossier).toContainText('UBND phường An Bình');
    // The phone is not shown in full to whoever knows the number.
    await expect(dossier).not.toContainText(citizen.phone);
    await snap(page, testInfo, 'tracking');

    await page.locator('input[name=sdt]').fill('0987654321');
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    await expect(page.locator('.error')).toContainText('Không tìm thấy hồ sơ');
    await expect(page.getByTestId('dossier')).toHaveCount(0);
    await expect(page.getByText(number, { exact: true })).toHaveCount(0);
    await snap(page, testInfo, 'tracking-not-found');
    expect(errors).toEqual([]);
    await context.close();

    // The same without JavaScript: the receipt's QR code opens the page with the code
    // filled in; the phone goes in a POST, never in the URL.
    const plain = await browser.newContext({ javaScriptEnabled: false });
    const nojs = await plain.newPage();
    const nojsErrors = collectErrors(nojs, { javaScriptDisabled: true });
    const trackPlain = async (phone: string) => {
      await nojs.goto(`/tra-cuu-ho-so?ma=${number}`);
      await expect(nojs.locator('input[name=ma]')).toHaveValue(number);
      await nojs.locator('input[name=sdt]').fill(phone);
      await nojs.getByRole('button', { name: 'Tra cứu' }).click();
      await nojs.waitForLoadState();
      expect(nojs.url()).not.toContain(phone);
    };
    await trackPlain(citizen.phone);
    await expect(nojs.getByTestId('dossier-status')).toHaveText('Chờ tiếp nhận');
    await trackPlain('0987654321');
    await expect(nojs.locator('.error')).toContainText('Không tìm thấy hồ sơ');
    await expect(nojs.getByTestId('dossier')).toHaveCount(0);
    expect(nojsErrors).toEqual([]);
    await plain.close();
  });

  test('once received at the desk: code, appointment and the receipt PDF', async ({ browser, citizen }, testInfo) => {
    const owner = await browser.newContext();
    expect(await signInViaForm(owner.request, citizen)).toBe(true);
    const number = await submitBirthRegistration(owner.request, citizen);

    const { code, due } = receiveDossier(number);
    expect(code).toMatch(/^H15\.50-\d{6}-\d{4}$/);
    const [, yyyy, mm, dd, hh, min] = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(due)!;

    // Tracked by the submission number or by the new code.
    for (const key of [number, code]) {
      const { context, page, errors } = await trackIn(browser, key, citizen.phone);
      await expect(page.getByTestId('dossier-number')).toHaveText(code);
      await expect(page.getByTestId('dossier-status')).not.toHaveText('Chờ tiếp nhận');
      await expect(page.getByTestId('appointment')).toContainText(`${hh} giờ ${min}`);
      await expect(page.getByTestId('appointment')).toContainText(`${dd}/${mm}/${yyyy}`);
      if (key === code) await snap(page, testInfo, 'tracking-received');
      // The receipt is offered only to its owner, signed in: a visitor sees no link.
      await expect(page.locator('a[href$="phieu-tiep-nhan.pdf"]')).toHaveCount(0);
      expect(errors).toEqual([]);
      await context.close();
    }

    const page = await owner.newPage();
    const errors = collectErrors(page);
    await page.goto(`/ho-so-cua-toi/${number}`);
    await expect(page.getByTestId('dossier-number')).toHaveText(code);
    const receipt = page.getByRole('link', { name: 'Tải Giấy tiếp nhận hồ sơ (PDF)' });
    await expect(receipt).toHaveAttribute('href', /^\/ho-so\/[^/]+\/phieu-tiep-nhan\.pdf$/);
    const res = await page.request.get((await receipt.getAttribute('href'))!);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/pdf');
    const pdf = await res.body();
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(1000);
    // A click downloads it too.
    const [download] = await Promise.all([page.waitForEvent('download'), receipt.click()]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    // Only for its owner.
    const stranger = await browser.newContext();
    expect((await stranger.request.get((await receipt.getAttribute('href'))!)).status()).toBe(401);
    await stranger.close();
    expect(errors).toEqual([]);
    await owner.close();
  });
});
