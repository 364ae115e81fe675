import { test, expect, type Page } from '@playwright/test';
import * as path from 'node:path';

// Every console error, uncaught exception, failed request and HTTP error of a page, so
// each test can require none. With JavaScript disabled, Chromium still starts the
// <link rel="modulepreload"> of the bundle and then blocks it ("csp" or "net::ERR_ABORTED"):
// that failure, of the bundle only, is expected.
function collectErrors(page: Page, options: { javaScriptDisabled?: boolean } = {}): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
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
    if (res.status() >= 400) errors.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  return errors;
}

const screenshotDir = path.resolve(__dirname, '../../target/screenshots');

test.describe('home page, with JavaScript', () => {
  test('renders the portal and the catalogue from the server', async ({ page }) => {
    const errors = collectErrors(page);
    await page.goto('/');
    await expect(page).toHaveTitle(/Tra cứu thủ tục hành chính · Cổng dịch vụ công/);
    await expect(page.locator('.brand-title')).toHaveText('Cổng dịch vụ công');
    await expect(page.locator('.brand-jurisdiction')).toHaveText('Tỉnh Mẫu');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tra cứu thủ tục hành chính');
    await expect(page.locator('.procedure-card')).toHaveCount(16);
    await expect(page.locator('.result-count')).toHaveText('Danh mục gồm 16 thủ tục hành chính');
    const permit = page.locator('.procedure-card', { hasText: 'Cấp đổi giấy phép lái xe' });
    await expect(permit.locator('.badge-time')).toHaveText('Thời hạn: 05 ngày làm việc');
    await expect(page.locator('form.search[data-hydrated="true"]')).toHaveCount(1);
    await page.screenshot({
      path: path.join(screenshotDir, `home-${test.info().project.name}.png`),
      fullPage: false,
    });
    expect(errors).toEqual([]);
  });

  test('filters as the citizen types, once hydrated, without diacritics', async ({ page }) => {
    const errors = collectErrors(page);
    await page.goto('/');
    // Set by an effect, which runs only in the browser after hydration.
    await expect(page.locator('form.search[data-hydrated="true"]')).toHaveCount(1);
    const urlBefore = page.url();
    await page.getByRole('searchbox').pressSequentially('dang ky khai sinh');
    // No Enter pressed, no navigation: only the hydrated page can do this.
    await expect(page.locator('.result-count')).toHaveText(
      'Tìm thấy 2 thủ tục phù hợp với «dang ky khai sinh»',
    );
    await expect(page.locator('.procedure-card')).toHaveCount(2);
    await expect(page.locator('.procedure-card').first()).toContainText('khai sinh');
    expect(page.url()).toBe(urlBefore);

    await page.getByRole('searchbox').fill('không có thủ tục này');
    await expect(page.locator('.result-count')).toContainText('Không tìm thấy thủ tục nào');
    await expect(page.locator('.procedure-card')).toHaveCount(0);
    await page.screenshot({
      path: path.join(screenshotDir, `home-empty-${test.info().project.name}.png`),
    });
    expect(errors).toEqual([]);
  });

  test('an unknown address shows the not-found page', async ({ page }) => {
    const response = await page.goto('/khong-co-trang-nay');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Không tìm thấy trang');
  });
});

test.describe('home page, without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the same search works as a plain form', async ({ page }) => {
    const errors = collectErrors(page, { javaScriptDisabled: true });
    await page.goto('/');
    await expect(page.locator('.procedure-card')).toHaveCount(16);
    await page.getByRole('searchbox').fill('dang ky khai sinh');
    await page.getByRole('button', { name: 'Tìm kiếm' }).click();
    await page.waitForURL(/\?q=dang\+ky\+khai\+sinh/);
    await expect(page.locator('.result-count')).toHaveText(
      'Tìm thấy 2 thủ tục phù hợp với «dang ky khai sinh»',
    );
    await expect(page.locator('.procedure-card', { hasText: 'Đăng ký khai sinh' })).toHaveCount(2);
    await expect(page.getByRole('searchbox')).toHaveValue('dang ky khai sinh');
    await page.screenshot({
      path: path.join(screenshotDir, `home-nojs-${test.info().project.name}.png`),
      fullPage: true,
    });
    expect(errors).toEqual([]);
  });
});
