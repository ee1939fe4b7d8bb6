/**
 * What every browser test file starts with: the portal, Chromium, and a page
 * signed in as guest on the catalog.
 */
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { APP_URL, BACKEND_URL, startPortal, type Portal } from './portal.ts';

export interface Session {
  portal: Portal;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

export async function openSignedInSession(viewport: {
  width: number;
  height: number;
}): Promise<Session> {
  const portal = await startPortal();
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await portal.stop();
  };
  try {
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport });
    await signInAsGuest(page);
    await page
      .getByText('All components')
      .or(page.getByText('Owned'))
      .first()
      .waitFor();
    return { portal, browser, page, close };
  } catch (e) {
    // The test file's after() gets no session to close: stop the portal
    // here, or it keeps running and holds the e2e lock.
    await close();
    throw e;
  }
}

/**
 * Signs in on the guest sign-in page with the keyboard, as the README says:
 * Enter, without clicking or focusing anything first.
 */
export async function signInAsGuest(page: Page): Promise<void> {
  await page.goto(APP_URL);
  await page.getByRole('button', { name: 'Enter' }).waitFor();
  await page.keyboard.press('Enter');
}

/** A guest's Backstage token, for calling the backend's APIs directly. */
export async function guestToken(): Promise<string> {
  const res = await fetch(`${BACKEND_URL}/api/auth/guest/refresh`, {
    method: 'POST',
  });
  if (res.status !== 200) {
    throw new Error(`guest sign-in answered ${res.status}`);
  }
  const body = await res.json();
  return body.backstageIdentity.token;
}
