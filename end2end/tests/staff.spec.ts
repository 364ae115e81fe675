import { test, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import {
  collectErrors,
  DESKTOP,
  enterCode,
  fetchPdf,
  file,
  JPEG_BYTES,
  newCitizen,
  offeredActions,
  openStaffDossier,
  PDF_BYTES,
  PHONE,
  signInViaForm,
  snap,
  snapSized,
  staffAct,
  staffHydrated,
  staffOutcome,
  staffSignIn,
  STAFF_PASSWORD,
  uniquePhone,
  vietnamDate,
  waitForHydration,
  wellFormedPdf,
  type Citizen,
} from './helpers';

// The staff side (issue 5) in a real browser: one whole life of an online dossier, from
// the citizen's phone through the one-stop desk of the provincial centre (H15.01), the
// Department of Justice (H15.10: head of division, specialist, director) and the
// provincial police (H15.20, liên thông), back to the citizen; two desk officers acting
// on one dossier at once; and the staff forms without JavaScript.
//
// The procedure is provincial: received at the centre, processed by the Department of
// Justice, so that a transfer to another agency makes sense.

const port = process.env.MOTCUA_E2E_PORT ?? '3950';
const baseURL = `http://127.0.0.1:${port}`;
const SLUG = 'cap-phieu-ly-lich-tu-phap-cho-cong-dan-viet-nam';
const PROCEDURE = 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam';
const DOCS = {
  form: 'to_khai_yeu_cau_cap_phieu_ly_lich_tu_phap',
  id: 'ban_chup_the_can_cuoc',
} as const;

const DESK = 'ttpvhcc.motcua'; // Lê Thị Hoa, centre H15.01
const HEAD_OF_DIVISION = 'stp.lanhdaophong'; // Trần Văn Bình, H15.10
const SPECIALIST = 'stp.chuyenvien'; // Phạm Thu Trang, H15.10
const SPECIALIST_NAME = 'Phạm Thu Trang';
const DIRECTOR = 'stp.giamdoc'; // Nguyễn Đức Minh, H15.10
const POLICE = 'ca.chuyenvien'; // Bùi Thị Lan, H15.20

const ITEMS = ['Bản chụp thẻ căn cước mặt sau rõ nét', 'Tờ khai ghi rõ nơi cư trú trước khi đủ 14 tuổi'];
const CODE = /^H15\.01-\d{6}-\d{4}$/;
const DUE = /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/;
const CONFLICT = 'Hồ sơ đã được cập nhật bởi người khác';

/**
 * The citizen of the life test. Registrations are limited to 10 per hour per client
 * address and the other spec files use all ten: this is the account citizen.spec.ts's
 * desktop project uses, registered through the page by whichever file meets it first
 * and signed in by the other.
 */
const LIFE_CITIZEN: Citizen = newCitizen('0988000002', 'Phạm Thị Hồng Nhung');

interface Person {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

/** A desktop browser signed in as `username`. */
async function officer(browser: Browser, username: string): Promise<Person> {
  const context = await browser.newContext(DESKTOP);
  const page = await context.newPage();
  const errors = collectErrors(page);
  await staffSignIn(page, username);
  return { context, page, errors };
}

/** The queue `hang`, searched for `q`: the link of the one line found. */
async function findInQueue(page: Page, hang: string, q: string) {
  await page.goto(`/can-bo?hang=${hang}&q=${encodeURIComponent(q)}`);
  await staffHydrated(page);
  const link = page.locator('table.queue a.ref', { hasText: q });
  await expect(link, `${q} in queue ${hang}`).toHaveCount(1);
  return link;
}

/** The count on a queue tab of the nav bar. */
async function tabCount(page: Page, label: string): Promise<number> {
  const tab = page.locator('nav.staff-tabs a.staff-tab', { hasText: label });
  await expect(tab).toHaveCount(1);
  return Number((await tab.locator('.count').innerText()).trim());
}

/** A fact of the dossier header ("Người đang xử lý", …). */
const fact = (page: Page, label: string) =>
  page.locator('.dossier-head dl.facts dt', { hasText: label }).locator('xpath=following-sibling::dd[1]');

const staffTimeline = (page: Page) => page.locator('ol.timeline > li > strong');

async function expectSlipPdf(page: Page, form: string): Promise<Buffer> {
  const link = page.locator('.slip-list a', { hasText: `mẫu ${form}` });
  await expect(link).toHaveCount(1);
  const href = (await link.getAttribute('href'))!;
  expect(href).toMatch(new RegExp(`^/can-bo/ho-so/[^/]+/phieu/${form}\\.pdf$`));
  return fetchPdf(page, href);
}

async function openCitizenDossier(page: Page, number: string) {
  await page.goto(`/ho-so-cua-toi/${number}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hồ sơ của tôi');
  await expect(page.locator('main.page[data-hydrated="true"]')).toHaveCount(1);
  await page.waitForLoadState('networkidle');
}

test.describe('one full life of a dossier', () => {
  test('submitted online, received, assigned, supplemented, transferred, apologised, signed, decided, returned, verified', async ({
    browser,
    playwright,
  }, testInfo) => {
    test.skip(testInfo.project.name !== 'desktop', 'one life with its own sizes: staff 1280×800, citizen 390×844');
    test.setTimeout(300_000);
    const people: Person[] = [];
    const signIn = async (username: string) => {
      const p = await officer(browser, username);
      people.push(p);
      return p;
    };

    // The desk is at work before the dossier arrives: its inbox count goes up by one.
    const desk = await signIn(DESK);
    await desk.page.goto('/can-bo?hang=cho-tiep-nhan');
    await staffHydrated(desk.page);
    const inboxBefore = await tabCount(desk.page, 'Chờ tiếp nhận');

    // 1. The citizen, on a phone.
    const citizenContext = await browser.newContext(PHONE);
    const citizen = await citizenContext.newPage();
    const citizenErrors = collectErrors(citizen);
    const c = LIFE_CITIZEN;
    const number = await test.step('1. the citizen registers (or signs in) and submits online on a phone', async () => {
      const probe = await playwright.request.newContext({ baseURL });
      const exists = await signInViaForm(probe, c);
      await probe.dispose();
      if (exists) {
        await citizen.goto('/dang-nhap?next=/ho-so-cua-toi');
        await waitForHydration(citizen);
        await citizen.locator('input[name=phone]').fill(c.phone);
        await citizen.locator('input[name=password]').fill(c.password);
        await citizen.locator('form').getByRole('button', { name: 'Đăng nhập' }).click();
      } else {
        await citizen.goto('/dang-ky');
        await waitForHydration(citizen);
        for (const [name, value] of Object.entries({
          phone: c.phone,
          password: c.password,
          full_name: c.fullName,
          personal_id: c.personalId,
          date_of_birth: c.dateOfBirth,
          address: c.address,
          email: c.email,
        })) {
          await citizen.locator(`input[name="form[${name}]"]`).fill(value);
        }
        await citizen.getByRole('button', { name: 'Đăng ký' }).click();
        await enterCode(citizen, c.phone);
      }
      await citizen.waitForURL('**/ho-so-cua-toi');
      await expect(citizen.getByRole('heading', { level: 1 })).toHaveText('Hồ sơ của tôi');
      await expect(citizen.locator('.dossier-list, .notice').first()).toBeVisible();
      await citizen.waitForLoadState('networkidle');

      await citizen.goto(`/thu-tuc/${SLUG}`);
      await expect(citizen.getByRole('heading', { level: 1 })).toHaveText(PROCEDURE);
      await citizen.getByRole('link', { name: 'Nộp hồ sơ trực tuyến' }).click();
      await citizen.waitForURL(`**/thu-tuc/${SLUG}/nop-ho-so`);
      await expect(citizen.locator('form.due-choices[data-hydrated="true"]')).toHaveCount(1);
      await citizen.waitForLoadState('networkidle');
      await expect(citizen.locator('input[name="applicant.full_name"]')).toHaveValue(c.fullName);
      await citizen.locator('select[name="values.loai_phieu"]').selectOption('Phiếu số 1');
      await citizen.locator('[name="values.muc_dich"]').fill('Bổ sung hồ sơ xin việc');
      await citizen.locator('[name="values.so_luong_phieu"]').fill('1');
      for (const [slot, name, bytes, mime] of [
        [DOCS.form, 'to-khai-ly-lich.pdf', PDF_BYTES, 'application/pdf'],
        [DOCS.id, 'can-cuoc.jpg', JPEG_BYTES, 'image/jpeg'],
      ] as const) {
        const s = citizen.locator('.upload-slot', { has: citizen.locator(`input[type=file][name="documents.${slot}"]`) });
        await s.locator('input[type=file]').setInputFiles(file(name, bytes, mime));
        await expect(s.locator('.slot-file', { hasText: name }).locator('.file-ok')).toHaveText('Đã tải lên');
      }
      await citizen.locator('input[name="delivery.kind"][value=electronic]').check();
      await snapSized(citizen, 'life-citizen-form');
      await citizen.getByTestId('submit').click();
      await citizen.waitForURL(/\/ho-so-cua-toi\/TN-\d{6}-\d{6}$/);
      await expect(citizen.getByTestId('dossier-status')).toHaveText('Chờ tiếp nhận');
      await citizen.waitForLoadState('networkidle');
      await snapSized(citizen, 'life-citizen-submitted');
      return citizen.url().split('/').pop()!;
    });

    // 2. Reception at the centre's desk.
    const { id, code } = await test.step('2. the desk finds it in the inbox and receives it; form 01', async () => {
      await desk.page.reload();
      await staffHydrated(desk.page);
      await expect.poll(() => tabCount(desk.page, 'Chờ tiếp nhận')).toBe(inboxBefore + 1);
      await expect(desk.page.locator('table.queue a.ref', { hasText: number })).toHaveCount(1);
      await snapSized(desk.page, 'life-desk-inbox');
      const link = await findInQueue(desk.page, 'cho-tiep-nhan', number);
      await link.click();
      await desk.page.waitForURL(/\/can-bo\/ho-so\/[^/?]+$/);
      await staffHydrated(desk.page);
      const dossierId = new URL(desk.page.url()).pathname.split('/').pop()!;
      await expect(desk.page.getByTestId('dossier-reference')).toHaveText(number);
      await expect(desk.page.getByTestId('dossier-status')).toHaveText('Chờ tiếp nhận');
      await expect(desk.page.locator('.dossier-head h1')).toHaveText(PROCEDURE);
      await expect(desk.page.locator('.file-list')).toContainText('to-khai-ly-lich.pdf');
      await snapSized(desk.page, 'life-desk-awaiting');

      expect(await staffAct(desk.page, 'receive')).toBe('Đã thực hiện: Tiếp nhận (Đã tiếp nhận)');
      const reference = (await desk.page.getByTestId('dossier-reference').innerText()).trim();
      expect(reference).toMatch(CODE);
      await expect(desk.page.getByTestId('dossier-status')).toHaveText('Đã tiếp nhận');
      const due = desk.page.locator('.head-key > div', { hasText: 'Ngày hẹn trả kết quả' }).locator('.key-value');
      await expect(due).toHaveText(DUE);
      await expect(fact(desk.page, 'Số hồ sơ tạm')).toHaveText(number);
      await expectSlipPdf(desk.page, '01');
      await snapSized(desk.page, 'life-desk-received');
      // The inbox is one shorter again.
      expect(await tabCount(desk.page, 'Chờ tiếp nhận')).toBe(inboxBefore);
      return { id: dossierId, code: reference };
    });

    await test.step('the citizen sees the code and the appointment', async () => {
      await openCitizenDossier(citizen, number);
      await expect(citizen.getByTestId('dossier-number')).toHaveText(code);
      await expect(citizen.getByTestId('dossier-status')).toHaveText('Đã tiếp nhận');
      await expect(citizen.getByTestId('appointment')).toHaveText(/\d{2} giờ \d{2}, .+ \d{2}\/\d{2}\/\d{4}$/);
    });

    // 3. To processing, assigned.
    await test.step('3. the desk sends it to processing; the head of division assigns it', async () => {
      expect(
        await staffAct(desk.page, 'send_to_processing', (f) => f.locator('textarea[name=note]').fill('Hồ sơ đủ thành phần.')),
      ).toBe('Đã thực hiện: Chuyển xử lý (Đang xử lý)');
      await expect(desk.page.getByTestId('dossier-status')).toHaveText('Đang xử lý');
      await expect(fact(desk.page, 'Bước hiện tại')).toHaveText('Phân công xử lý');

      const head = await signIn(HEAD_OF_DIVISION);
      await (await findInQueue(head.page, 'cua-toi', code)).click();
      await staffHydrated(head.page);
      await expect(head.page.locator('ol.route li.current .route-name')).toHaveText('Phân công xử lý');
      const choice = head.page.locator('details.action-card[data-action="assign"] select[name=to]');
      await expect(choice.locator('option', { hasText: SPECIALIST_NAME })).toHaveCount(1);
      await snapSized(head.page, 'life-head-of-division');
      expect(
        await staffAct(head.page, 'assign', async (f) => {
          await f.locator('select[name=to]').selectOption({ label: SPECIALIST_NAME });
          await f.locator('textarea[name=note]').fill('Đề nghị thẩm định trong 5 ngày.');
        }),
      ).toBe('Đã thực hiện: Phân công (Đang xử lý)');
      await expect(fact(head.page, 'Người đang xử lý')).toHaveText(SPECIALIST_NAME);
      await expect(head.page.locator('ol.route li.current .route-name')).toHaveText('Thẩm định hồ sơ, dự thảo kết quả');
      await head.context.close();
    });

    // 4. A supplement during processing.
    const specialist = await signIn(SPECIALIST);
    await test.step('4. the specialist asks for a supplement, one item per line', async () => {
      await (await findInQueue(specialist.page, 'cua-toi', code)).click();
      await staffHydrated(specialist.page);
      await expect(fact(specialist.page, 'Người đang xử lý')).toHaveText(SPECIALIST_NAME);
      expect(await offeredActions(specialist.page)).toEqual(
        expect.arrayContaining(['forward', 'transfer', 'request_supplement', 'send_back']),
      );
      await snapSized(specialist.page, 'life-specialist');
      expect(
        await staffAct(specialist.page, 'request_supplement', async (f) => {
          await f.locator('textarea[name=items]').fill(ITEMS.join('\n'));
          await f.locator('textarea[name=reason]').fill('Thông tin chưa đủ để tra cứu lý lịch.');
        }),
      ).toBe('Đã thực hiện: Yêu cầu bổ sung, hoàn thiện hồ sơ (Yêu cầu bổ sung)');
      await expect(specialist.page.getByTestId('dossier-status')).toHaveText('Yêu cầu bổ sung');
      await expect(specialist.page.locator('.flags')).toContainText('Đã yêu cầu bổ sung một lần');
      const requested = specialist.page.locator('ol.timeline > li', {
        has: specialist.page.locator('strong', { hasText: 'Yêu cầu bổ sung' }),
      });
      await expect(requested.first().locator('ul > li', { hasText: ITEMS[0] })).toHaveCount(1);
      await expectSlipPdf(specialist.page, '02');
      await snapSized(specialist.page, 'life-specialist-supplement');
    });

    await test.step('the citizen sees the request on the phone and answers with a file', async () => {
      await openCitizenDossier(citizen, number);
      await expect(citizen.getByTestId('dossier-status')).toHaveText('Yêu cầu bổ sung');
      await expect(citizen.locator('.supplement ol > li')).toHaveText(ITEMS);
      const form = citizen.locator('form.supplement-answer');
      await form
        .locator('input[type=file][name="documents.bo_sung"]')
        .setInputFiles(file('bo-sung-can-cuoc.pdf', PDF_BYTES, 'application/pdf'));
      await expect(form.locator('.slot-file', { hasText: 'bo-sung-can-cuoc.pdf' }).locator('.file-ok')).toHaveText('Đã tải lên');
      await form.locator('textarea[name=note]').fill('Gửi bản chụp mặt sau và tờ khai bổ sung.');
      await snapSized(citizen, 'life-citizen-supplement');
      await form.getByTestId('supplement-submit').click();
      await citizen.waitForURL(`**/ho-so-cua-toi/${number}`);
      await expect(citizen.getByTestId('dossier-status')).toHaveText('Đang xử lý');
      await expect(citizen.locator('.file-list')).toContainText('bo-sung-can-cuoc.pdf');
      await expect(citizen.locator('form.supplement-answer')).toHaveCount(0);
      await citizen.waitForLoadState('networkidle');
    });

    await test.step('back at the specialist: processing again, the supplement in the files', async () => {
      await openStaffDossier(specialist.page, id);
      await expect(specialist.page.getByTestId('dossier-status')).toHaveText('Đang xử lý');
      await expect(fact(specialist.page, 'Người đang xử lý')).toHaveText(SPECIALIST_NAME);
      await expect(specialist.page.locator('.file-list')).toContainText('bo-sung-can-cuoc.pdf');
      await expect(staffTimeline(specialist.page).first()).toHaveText('Nhận hồ sơ bổ sung');
      expect(await offeredActions(specialist.page)).toContain('transfer');
    });

    // 5. Liên thông with the provincial police.
    await test.step('5. transferred to Công an tỉnh, returned by its specialist, forwarded appraised', async () => {
      const choice = specialist.page.locator('details.action-card[data-action="transfer"] select[name=to_unit]');
      await expect(choice.locator('option[value="H15.20"]')).toHaveText('Công an tỉnh');
      expect(
        await staffAct(specialist.page, 'transfer', async (f) => {
          await f.locator('select[name=to_unit]').selectOption('H15.20');
          await f.locator('textarea[name=note]').fill('Đề nghị xác minh tiền án, tiền sự.');
        }),
      ).toBe('Đã thực hiện: Chuyển liên thông (Đang xử lý)');
      await expect(fact(specialist.page, 'Cơ quan phối hợp (liên thông)')).toHaveText('Công an tỉnh');
      // While the police hold it, the department cannot move it.
      expect(await offeredActions(specialist.page)).not.toContain('forward');

      // Once returned, the police no longer co-ordinate the dossier: the page they come
      // back to says what happened instead of "Không tìm thấy hồ sơ" (HTTP 404).
      const police = await signIn(POLICE);
      await (await findInQueue(police.page, 'don-vi', code)).click();
      await staffHydrated(police.page);
      await expect(fact(police.page, 'Cơ quan phối hợp (liên thông)')).toHaveText('Công an tỉnh');
      expect(await offeredActions(police.page)).toEqual(['return_from_transfer']);
      await snapSized(police.page, 'life-police');
      expect(
        await staffAct(police.page, 'return_from_transfer', (f) => f.locator('textarea[name=note]').fill('Không có án tích.')),
      ).toBe('Đã thực hiện: Trả về từ liên thông (Đang xử lý)');
      await expect(police.page.getByRole('heading', { level: 1 })).toHaveText('Hồ sơ đã chuyển khỏi đơn vị của bạn');
      await snapSized(police.page, 'life-police-returned');
      await police.context.close();

      await openStaffDossier(specialist.page, id);
      await expect(fact(specialist.page, 'Cơ quan phối hợp (liên thông)')).toHaveCount(0);
      await expect(staffTimeline(specialist.page).first()).toHaveText('Trả về từ liên thông');
      expect(
        await staffAct(specialist.page, 'forward', (f) =>
          f.locator('textarea[name=note]').fill('Đã thẩm định, đủ điều kiện cấp phiếu.'),
        ),
      ).toBe('Đã thực hiện: Chuyển bước tiếp theo (Đang xử lý)');
      await expect(fact(specialist.page, 'Bước hiện tại')).toHaveText('Phê duyệt, ký kết quả');
      // Form 06 has a row per hand-over, the police's included.
      await expect(specialist.page.locator('table.trail').first()).toContainText('Công an tỉnh');
      await snapSized(specialist.page, 'life-specialist-forwarded');
    });

    // 6. The director: apology with a new date, then the decision.
    const director = await signIn(DIRECTOR);
    const newDue = `${vietnamDate(30)}T10:00`;
    await test.step('6. the director issues form 04 with a new date', async () => {
      await (await findInQueue(director.page, 'cua-toi', code)).click();
      await staffHydrated(director.page);
      await snapSized(director.page, 'life-director');
      expect(
        await staffAct(director.page, 'apologize', async (f) => {
          await f.locator('textarea[name=reason]').fill('Chờ kết quả xác minh của cơ quan phối hợp.');
          await f.locator('input[name=new_due]').fill(newDue);
        }),
      ).toBe('Đã thực hiện: Lập Phiếu xin lỗi và hẹn lại ngày trả (Đang xử lý)');
      const [y, m, d] = newDue.slice(0, 10).split('-');
      const due = director.page.locator('.head-key > div', { hasText: 'Ngày hẹn trả kết quả' }).locator('.key-value');
      await expect(due).toHaveText(`${d}/${m}/${y} 10:00`);
      await expect(director.page.locator('.flags')).toContainText('Phiếu xin lỗi');
      // Only once.
      expect(await offeredActions(director.page)).not.toContain('apologize');
      await expectSlipPdf(director.page, '04');
    });

    const verification = await test.step('6. … uploads the result (PDF) and signs it', async () => {
      const panel = director.page.locator('section.result-panel');
      await expect(panel.locator('h2')).toHaveText('Kết quả giải quyết');
      const original = wellFormedPdf(['PHIEU LY LICH TU PHAP SO 1', `Ho so: ${code}`, 'Nguoi duoc cap: Pham Thi Hong Nhung']);
      await panel.locator('input[type=file][name=tep]').setInputFiles(file('phieu-ly-lich-tu-phap.pdf', original, 'application/pdf'));
      await panel.getByRole('button', { name: 'Tải lên và ký số' }).click();
      await director.page.waitForURL((u) => u.searchParams.has('thong_bao') || u.searchParams.has('loi'));
      await staffHydrated(director.page);
      await expect(staffOutcome(director.page)).toHaveText(/^Đã ký số văn bản kết quả\. Mã xác thực: [0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      const shown = (await panel.getByTestId('verification-code').innerText()).trim();
      expect(await staffOutcome(director.page).innerText()).toContain(shown);
      await expect(panel.locator('.result-facts')).toContainText('Nguyễn Đức Minh');
      const href = (await panel.locator('.result-facts a', { hasText: 'phieu-ly-lich-tu-phap.pdf' }).getAttribute('href'))!;
      expect(href).toBe(`/can-bo/ho-so/${id}/ket-qua.pdf`);
      const signed = await fetchPdf(director.page, href);
      // The stamp page is an incremental update: the original bytes come first, unchanged.
      expect(signed.length).toBeGreaterThan(original.length);
      expect(signed.subarray(0, original.length).equals(original)).toBe(true);
      expect(signed.toString('latin1')).toContain(shown);
      await snapSized(director.page, 'life-director-signed');
      return { code: shown, signed };
    });

    await test.step('6. … and completes it', async () => {
      expect(await staffAct(director.page, 'decide', (f) => f.locator('textarea[name=note]').fill('Đồng ý cấp phiếu.'))).toBe(
        'Đã thực hiện: Hoàn thành xử lý (Đã xử lý xong)',
      );
      await expect(director.page.getByTestId('dossier-status')).toHaveText('Đã xử lý xong');
      await expect(director.page.locator('ol.route li.current .route-name')).toHaveText('Trả kết quả');
      await snapSized(director.page, 'life-director-decided');
    });

    // 7. Back to the desk, returned electronically.
    await test.step('7. the desk returns it electronically; the citizen sees it returned', async () => {
      await (await findInQueue(desk.page, 'cua-toi', code)).click();
      await staffHydrated(desk.page);
      expect(
        await staffAct(desk.page, 'return', (f) => f.locator('select[name=method]').selectOption('electronic')),
      ).toBe('Đã thực hiện: Trả kết quả (Đã trả kết quả)');
      await expect(desk.page.getByTestId('dossier-status')).toHaveText('Đã trả kết quả');
      await expect(desk.page.locator('.actions-panel .muted-inline')).toHaveText(
        'Bạn không có thao tác nào với hồ sơ ở trạng thái này.',
      );
      await snapSized(desk.page, 'life-desk-returned');

      await openCitizenDossier(citizen, number);
      await expect(citizen.getByTestId('dossier-status')).toHaveText('Đã trả kết quả');
      await expect(citizen.getByTestId('result-code')).toHaveText(verification.code);
      await snapSized(citizen, 'life-citizen-returned');
    });

    const downloaded = await test.step('7. … and downloads the signed result on the phone', async () => {
      const link = citizen.getByTestId('result-download');
      await expect(link).toHaveAttribute('href', /^\/ho-so\/[^/]+\/ket-qua\.pdf$/);
      const [download] = await Promise.all([citizen.waitForEvent('download'), link.click()]);
      expect(download.suggestedFilename()).toMatch(/\.pdf$/);
      const bytes = await fetchPdf(citizen, (await link.getAttribute('href'))!);
      expect(bytes.equals(verification.signed), 'the citizen gets the file the director signed').toBe(true);
      return { name: download.suggestedFilename(), bytes };
    });

    // 8. Anyone can check it on /verify: by the code, and by the file.
    await test.step('8. /verify: the code and the downloaded file are valid; a modified copy is not', async () => {
      await citizen.goto('/verify');
      await expect(citizen.getByRole('heading', { level: 1 })).toHaveText('Xác thực văn bản kết quả');
      await expect(citizen.locator('main.page[data-hydrated="true"]')).toHaveCount(1);
      await citizen.waitForLoadState('networkidle');
      await citizen.locator('input[name=ma]').fill(verification.code.toLowerCase());
      await citizen.getByRole('button', { name: 'Kiểm tra mã' }).click();
      await citizen.waitForURL(/\/verify\?ma=/);
      const valid = citizen.getByTestId('verify-valid');
      await expect(valid.locator('h2')).toHaveText('✓ Chữ ký hợp lệ');
      await expect(valid).toContainText(code);
      await expect(valid).toContainText('Sở Tư pháp');
      await expect(valid).toContainText('Nguyễn Đức Minh');
      await snapSized(citizen, 'life-verify-code');

      await citizen.locator('input[type=file][name=tep]').setInputFiles(file(downloaded.name, downloaded.bytes, 'application/pdf'));
      await citizen.getByRole('button', { name: 'Kiểm tra tệp' }).click();
      await citizen.waitForURL(`**/verify?ma=${verification.code}`);
      await expect(citizen.getByTestId('verify-valid').locator('h2')).toHaveText('✓ Chữ ký hợp lệ');
      await expect(citizen.getByTestId('verify-valid')).toContainText(verification.code);
      await snapSized(citizen, 'life-verify-file');

      // One byte more at the end: the same code inside, but not the signed file.
      const modified = Buffer.concat([downloaded.bytes, Buffer.from('\n', 'latin1')]);
      await citizen.locator('input[type=file][name=tep]').setInputFiles(file('sua-doi.pdf', modified, 'application/pdf'));
      await citizen.getByRole('button', { name: 'Kiểm tra tệp' }).click();
      await citizen.waitForURL(/\/verify\?loi=/);
      await expect(citizen.getByTestId('verify-refusal')).toContainText('đã bị thay đổi sau khi ký');
      await expect(citizen.getByTestId('verify-valid')).toHaveCount(0);
    });

    for (const p of people) {
      expect(p.errors, 'staff page errors').toEqual([]);
      await p.context.close();
    }
    expect(citizenErrors).toEqual([]);
    await citizenContext.close();
  });
});

/** Fills and posts the desk's paper intake form; returns the new dossier's id and code. */
async function intakePaperDossier(page: Page, applicant: Citizen, javaScript = true): Promise<{ id: string; code: string }> {
  await page.goto(`/can-bo/tiep-nhan?thu-tuc=${SLUG}`);
  if (javaScript) await staffHydrated(page);
  const form = page.locator('form.intake-form');
  await expect(form.locator('h2')).toHaveText(`2. Nhập hồ sơ: ${PROCEDURE}`);
  await form.locator('input[name=full_name]').fill(applicant.fullName);
  await form.locator('input[name=personal_id]').fill(applicant.personalId);
  await form.locator('input[name=date_of_birth]').fill(applicant.dateOfBirth);
  await form.locator('input[name=phone]').fill(applicant.phone);
  await form.locator('input[name=address]').fill(applicant.address);
  await form.locator(`input[name="doc.${DOCS.form}"]`).setInputFiles(file('to-khai.pdf', PDF_BYTES, 'application/pdf'));
  await form
    .locator(`input[name="doc.${DOCS.id}"]`)
    .setInputFiles([file('cccd-mat-truoc.jpg', JPEG_BYTES, 'image/jpeg'), file('cccd-mat-sau.jpg', JPEG_BYTES, 'image/jpeg')]);
  await snapSized(page, javaScript ? 'staff-intake-form' : 'staff-intake-form-nojs');
  await form.getByRole('button', { name: 'Tiếp nhận và in Giấy tiếp nhận (mẫu 01)' }).click();
  await page.waitForURL(/\/can-bo\/ho-so\/[^/?]+\?thong_bao=/);
  await expect(staffOutcome(page)).toHaveText(/^Đã tiếp nhận hồ sơ H15\.01-\d{6}-\d{4}$/);
  const code = (await page.getByTestId('dossier-reference').innerText()).trim();
  expect(code).toMatch(CODE);
  return { id: new URL(page.url()).pathname.split('/').pop()!, code };
}

test.describe('two desk officers', () => {
  test('act on the same dossier at once: one succeeds, the other is told and sees the fresh state', async ({
    browser,
  }, testInfo) => {
    test.setTimeout(120_000);
    const project = testInfo.project.name;
    const size = project === 'mobile' ? PHONE : DESKTOP;

    // A second officer at the centre, created by the system administrator.
    const second = `ttpvhcc.e2e${project[0]}${String(Date.now() % 100_000).padStart(5, '0')}`;
    await test.step('the administrator creates a second desk officer', async () => {
      const context = await browser.newContext(size);
      const page = await context.newPage();
      const errors = collectErrors(page);
      await staffSignIn(page, 'quantri');
      await page.goto('/can-bo/quan-tri');
      await staffHydrated(page);
      const form = page.locator('form[action="/can-bo/quan-tri/tai-khoan"]');
      await form.locator('input[name=username]').fill(second);
      await form.locator('input[name=full_name]').fill('Đặng Thu Hà');
      await form.locator('select[name=unit_code]').selectOption('H15.01');
      await form.locator('select[name=role]').selectOption('one_stop_officer');
      await form.locator('input[name=email]').fill(`${second}@tinhmau.example.vn`);
      await form.locator('input[name=password]').fill(STAFF_PASSWORD);
      await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
      await page.waitForURL(/thong_bao=/);
      await expect(staffOutcome(page)).toHaveText(`Đã tạo tài khoản ${second}`);
      await expect(page.locator('table.accounts code', { hasText: second })).toHaveCount(1);
      await snap(page, testInfo, 'staff-admin');
      expect(errors).toEqual([]);
      await context.close();
    });

    const one = await browser.newContext(size);
    const two = await browser.newContext(size);
    const a = await one.newPage();
    const b = await two.newPage();
    const aErrors = collectErrors(a);
    const bErrors = collectErrors(b);
    await staffSignIn(a, 'ttpvhcc.motcua');
    await staffSignIn(b, second);
    await expect(b.locator('.staff-who strong')).toHaveText('Đặng Thu Hà');

    const { id, code } = await test.step('a paper dossier taken in at the desk (received at once, form 01)', async () => {
      const applicant = newCitizen(uniquePhone(testInfo), 'Ngô Văn Toàn');
      const made = await intakePaperDossier(a, applicant);
      await expect(a.getByTestId('dossier-status')).toHaveText('Đã tiếp nhận');
      await expect(fact(a, 'Kênh nộp')).toHaveText('Trực tiếp');
      await expectSlipPdf(a, '01');
      await snap(a, testInfo, 'staff-intake-done');
      return made;
    });

    await test.step('both open it and both send it to processing', async () => {
      await openStaffDossier(a, id);
      // The second officer finds it in "Việc của tôi" (the desk's: received, to be sent on).
      await b.goto(`/can-bo?hang=cua-toi&q=${encodeURIComponent(code)}`);
      await staffHydrated(b);
      await expect(b.locator('table.queue tbody tr')).toHaveCount(1);
      await snap(b, testInfo, 'staff-queue');
      await b.locator('table.queue a.ref', { hasText: code }).click();
      await b.waitForURL(`**/can-bo/ho-so/${id}`);
      await staffHydrated(b);
      for (const [page, who] of [
        [a, 'Lê Thị Hoa'],
        [b, 'Đặng Thu Hà'],
      ] as const) {
        const card = page.locator('details.action-card[data-action="send_to_processing"]');
        await card.locator('summary').click();
        await card.locator('textarea[name=note]').fill(`Chuyển xử lý (${who})`);
      }
      const confirm = (page: Page) =>
        page
          .locator('details.action-card[data-action="send_to_processing"]')
          .getByRole('button', { name: /^Xác nhận: / })
          .click();
      await Promise.all([confirm(a), confirm(b)]);
      for (const page of [a, b]) {
        await page.waitForURL((u) => u.searchParams.has('thong_bao') || u.searchParams.has('loi'));
        await staffHydrated(page);
      }
      const outcomes = [(await staffOutcome(a).innerText()).trim(), (await staffOutcome(b).innerText()).trim()];
      expect([...outcomes].sort()).toEqual(['Đã thực hiện: Chuyển xử lý (Đang xử lý)', CONFLICT].sort());
      const loser = outcomes[0] === CONFLICT ? a : b;
      const winner = loser === a ? b : a;
      await expect(staffOutcome(loser)).toHaveClass(/error/);
      // The loser sees the fresh state: processing, and nothing left for the desk to do.
      for (const page of [winner, loser]) {
        await expect(page.getByTestId('dossier-reference')).toHaveText(code);
        await expect(page.getByTestId('dossier-status')).toHaveText('Đang xử lý');
        await expect(fact(page, 'Bước hiện tại')).toHaveText('Phân công xử lý');
        expect(await offeredActions(page)).not.toContain('send_to_processing');
      }
      // Exactly one hand-over to processing in the history.
      await expect(loser.locator('ol.timeline > li > strong', { hasText: 'Chuyển cơ quan xử lý' })).toHaveCount(1);
      await snap(loser, testInfo, 'staff-race-loser');
      await snap(winner, testInfo, 'staff-race-winner');
    });

    expect(aErrors).toEqual([]);
    expect(bErrors).toEqual([]);
    await one.close();
    await two.close();
  });
});

test.describe('the staff forms without JavaScript', () => {
  test('sign-in, paper intake and an action are plain posts; the hydrated page offers the same forms', async ({
    browser,
  }, testInfo) => {
    test.setTimeout(90_000);
    const size = testInfo.project.name === 'mobile' ? PHONE : DESKTOP;
    const plain = await browser.newContext({ ...size, javaScriptEnabled: false });
    const page = await plain.newPage();
    const errors = collectErrors(page, { javaScriptDisabled: true });

    await staffSignIn(page, 'ttpvhcc.motcua');
    await snap(page, testInfo, 'staff-queue-nojs');
    const applicant = newCitizen(uniquePhone(testInfo), 'Lý Thị Ngọc');
    const { id, code } = await intakePaperDossier(page, applicant, false);
    await snap(page, testInfo, 'staff-dossier-nojs');
    const before = await offeredActions(page);
    expect(before).toEqual(expect.arrayContaining(['send_to_processing', 'request_supplement', 'stop', 'withdraw']));

    // The same page with JavaScript: hydrated without a console error, the same forms.
    const live = await browser.newContext({ ...size, storageState: await plain.storageState() });
    const hydrated = await live.newPage();
    const liveErrors = collectErrors(hydrated);
    await openStaffDossier(hydrated, id);
    await expect(hydrated.getByTestId('dossier-reference')).toHaveText(code);
    expect(await offeredActions(hydrated)).toEqual(before);
    await snap(hydrated, testInfo, 'staff-dossier');

    // An action without JavaScript: a plain multipart post, redirected back with the outcome.
    expect(
      await staffAct(page, 'send_to_processing', (f) => f.locator('textarea[name=note]').fill('Gửi Sở Tư pháp.'), false),
    ).toBe('Đã thực hiện: Chuyển xử lý (Đang xử lý)');
    await expect(page.getByTestId('dossier-status')).toHaveText('Đang xử lý');
    // The hydrated page, left open, is now stale: its post is refused and shows the fresh state.
    const card = hydrated.locator('details.action-card[data-action="request_supplement"]');
    await card.locator('summary').click();
    await card.locator('textarea[name=items]').fill('Bản sao có chứng thực');
    await card.getByRole('button', { name: /^Xác nhận: / }).click();
    await hydrated.waitForURL(/loi=/);
    await expect(staffOutcome(hydrated)).toHaveText(CONFLICT);
    await expect(hydrated.getByTestId('dossier-status')).toHaveText('Đang xử lý');

    expect(errors).toEqual([]);
    expect(liveErrors).toEqual([]);
    await live.close();
    await plain.close();
  });
});
