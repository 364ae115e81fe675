import { test, expect } from '@playwright/test';
import * as path from 'node:path';
import { collectErrors, screenshotDir } from './helpers';

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
    await expect(page.locator('form.search-form[data-hydrated="true"]')).toHaveCount(1);
    await expect(page.locator('form.search-form div.search').getByRole('searchbox')).toBeVisible();
    await page.screenshot({
      path: path.join(screenshotDir, `home-${test.info().project.name}.png`),
      fullPage: false,
    });
    await page.screenshot({
      path: path.join(screenshotDir, `home-${test.info().project.name}-full.png`),
      fullPage: true,
    });
    expect(errors).toEqual([]);
  });

  test('filters as the citizen types, once hydrated, without diacritics', async ({ page }) => {
    const errors = collectErrors(page);
    await page.goto('/');
    // Set by an effect, which runs only in the browser after hydration.
    await expect(page.locator('form.search-form[data-hydrated="true"]')).toHaveCount(1);
    const urlBefore = page.url();
    await page.getByRole('searchbox').pressSequentially('dang ky khai sinh');
    // No Enter pressed, no navigation: only the hydrated page can do this.
    await expect(page.locator('.result-count')).toHaveText(
      'Tìm thấy 2 thủ tục phù hợp với «dang ky khai sinh»',
    );
    await expect(page.locator('.procedure-card')).toHaveCount(2);
    // Ranked: the procedure named exactly so comes first; each card links to its page.
    const links = page.locator('.procedure-card h2.procedure-name a');
    await expect(links.first()).toHaveText('Đăng ký khai sinh');
    await expect(links.first()).toHaveAttribute('href', '/thu-tuc/dang-ky-khai-sinh');
    await expect(links.nth(1)).toHaveAttribute('href', /^\/thu-tuc\/lien-thong-.*khai-sinh/);
    expect(page.url()).toBe(urlBefore);

    await page.getByRole('searchbox').fill('không có thủ tục này');
    await expect(page.locator('.result-count')).toContainText('Không tìm thấy thủ tục nào');
    await expect(page.locator('.procedure-card')).toHaveCount(0);
    await page.screenshot({
      path: path.join(screenshotDir, `home-empty-${test.info().project.name}.png`),
    });
    expect(errors).toEqual([]);
  });

  test('the filters narrow the list live', async ({ page }) => {
    const errors = collectErrors(page);
    await page.goto('/');
    await expect(page.locator('form.search-form[data-hydrated="true"]')).toHaveCount(1);
    await page.locator('details.filters summary').click();
    await page.locator('details.filters select[name=cap]').selectOption({ label: 'Cấp xã' });
    const api = await (await page.request.get('/api/v1/procedures?level=commune')).json();
    await expect(page.locator('.procedure-card')).toHaveCount(api.total);
    await page.locator('details.filters select[name=linh_vuc]').selectOption('Hộ tịch');
    const civil = await (await page.request.get(`/api/v1/procedures?level=commune&field=${encodeURIComponent('Hộ tịch')}`)).json();
    await expect(page.locator('.procedure-card')).toHaveCount(civil.total);
    await expect(page.locator('.procedure-card .procedure-meta').first()).toContainText('Hộ tịch');
    await page.screenshot({
      path: path.join(screenshotDir, `home-filters-${test.info().project.name}.png`),
    });
    expect(errors).toEqual([]);
  });

  test('a query over 200 characters is refused with a message, not cut short', async ({ page }) => {
    const errors = collectErrors(page);
    await page.goto(`/?q=${'a'.repeat(201)}`);
    await expect(page.locator('form.search-form[data-hydrated="true"]')).toHaveCount(1);
    await expect(page.locator('.results .error')).toHaveText('Từ khóa tìm kiếm quá dài (tối đa 200 ký tự).');
    await expect(page.locator('.procedure-card')).toHaveCount(0);
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

  test('a query over 200 characters gets the same message from the server', async ({ page }) => {
    const errors = collectErrors(page, { javaScriptDisabled: true });
    await page.goto(`/?q=${'a'.repeat(201)}`);
    await expect(page.locator('.results .error')).toHaveText('Từ khóa tìm kiếm quá dài (tối đa 200 ký tự).');
    await expect(page.locator('.procedure-card')).toHaveCount(0);
    // 200 characters are still a search (that finds nothing here).
    await page.goto(`/?q=${'a'.repeat(200)}`);
    await expect(page.locator('.result-count')).toContainText('Không tìm thấy thủ tục nào');
    expect(errors).toEqual([]);
  });
});
