import { expect, test, type Page } from "@playwright/test";
import { ADMIN, AGENT, signIn } from "./helpers";

const SCREENS = "test-results/screens";

/** The app scrolls inside its main area, so a tall viewport is what captures the whole form. */
async function screenshotWholeForm(page: Page, path: string) {
  await page.setViewportSize({ width: 1440, height: 2300 });
  await page.locator("#main-content").evaluate((main) => main.scrollTo(0, 0));
  await page.screenshot({ path });
  await page.setViewportSize({ width: 1280, height: 720 });
}

test("the admin edits the website chat with a live preview, saves, copies the snippet, and reaches out to a live visitor", async ({ page, context }) => {
  // One story across three pages; each step waits on the real server, so it needs more than the default budget.
  test.setTimeout(120_000);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signIn(page, ADMIN);

  await page.getByRole("link", { name: "Channels", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Channels", level: 1 })).toBeVisible();
  await expect(page.getByText(/\/api\/webhooks\/api\//).first()).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/channels.png` });
  await page.getByRole("link", { name: "Edit Website chat" }).click();
  await expect(page.getByRole("heading", { name: "Website chat", level: 1 })).toBeVisible();

  // The demo channel is shared with the widget's own tests: note its look to put it back at the end.
  const original = {
    colour: await page.getByLabel("Theme colour", { exact: true }).inputValue(),
    welcome: await page.getByLabel("Welcome message").inputValue(),
    launcher: await page.getByLabel("Launcher text").inputValue(),
  };

  // The preview follows the form before anything is saved.
  const preview = page.getByTestId("widget-preview");
  const launcher = preview.getByTestId("preview-launcher");
  await page.getByLabel("Theme colour", { exact: true }).fill("#e11d48");
  await expect(launcher).toHaveCSS("background-color", "rgb(225, 29, 72)");
  const welcome = "Hi there! Ask us about sizes, delivery and returns.";
  await page.getByLabel("Welcome message").fill(welcome);
  await expect(preview.getByTestId("preview-welcome")).toHaveText(welcome);
  await page.getByLabel("Launcher text").fill("Need help?");
  await expect(launcher).toHaveText("Need help?");

  // The origin check speaks before the server is asked.
  await page.getByRole("textbox", { name: "Allowed origins" }).fill("https://shop.example.com/checkout");
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await expect(page.getByText("Give an origin like https://shop.example.com (scheme and host, no path).")).toBeVisible();
  await page.getByRole("textbox", { name: "Allowed origins" }).fill("https://shop.example.com");
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await expect(page.getByRole("list", { name: "Allowed origins" })).toContainText("https://shop.example.com");

  await page.getByRole("button", { name: "Offline form" }).click();
  await expect(preview.getByTestId("preview-offline-form")).toBeVisible();
  await page.getByRole("button", { name: "Live chat" }).click();

  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Settings saved", { exact: true })).toBeVisible();
  await expect(page.getByText("All changes saved")).toBeVisible();
  await screenshotWholeForm(page, `${SCREENS}/web-channel-settings-light.png`);

  await page.getByRole("button", { name: "Copy embed snippet" }).click();
  await expect(page.getByText("The embed snippet is on your clipboard.", { exact: true })).toBeVisible();
  const snippet = await page.evaluate(() => navigator.clipboard.readText());
  expect(snippet).toMatch(/^<script src="http:\/\/127\.0\.0\.1:\d+\/widget\.js" data-key="(pk_[A-Za-z0-9_]+)" async><\/script>$/);
  const publicKey = /data-key="([^"]+)"/.exec(snippet)![1]!;

  // Saved for real: a reload shows the stored values.
  await page.reload();
  await expect(page.getByLabel("Welcome message")).toHaveValue(welcome);
  await expect(page.getByLabel("Theme colour", { exact: true })).toHaveValue("#e11d48");
  await page.emulateMedia({ colorScheme: "dark" });
  await expect(page.locator("html")).toHaveClass(/dark/);
  await screenshotWholeForm(page, `${SCREENS}/web-channel-settings-dark.png`);
  await page.emulateMedia({ colorScheme: "light" });

  // Nobody is on the site yet.
  await page.getByRole("link", { name: "Visitors", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Visitors", level: 1 })).toBeVisible();
  await expect(page.getByText("Nobody is on your site right now")).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/visitors-empty.png` });

  // A visitor opens a page with the widget (the session call the embed script makes).
  const session = await page.request.post("/api/widget/session", {
    data: { key: publicKey, pageUrl: "https://shop.example.com/boots/trail-42", pageTitle: "Trail boots – Acme Outfitters" },
  });
  expect(session.status(), await session.text()).toBe(200);
  const { sessionId } = (await session.json()) as { sessionId: string };

  // The list refreshes on its own.
  const row = page.getByTestId(`visitor-${sessionId}`);
  await expect(row).toBeVisible({ timeout: 15_000 });
  await expect(row).toContainText("Anonymous visitor");
  await expect(row).toContainText("Trail boots – Acme Outfitters");
  await expect(row).toContainText("Website chat");
  await page.screenshot({ path: `${SCREENS}/visitors-light.png` });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: `${SCREENS}/visitors-dark.png` });
  await page.emulateMedia({ colorScheme: "light" });

  await row.getByRole("button", { name: "Start chat" }).click();
  const dialog = page.getByRole("dialog", { name: /Start a chat/ });
  await dialog.getByLabel("Message").fill("Hi! Those boots run small: want help choosing a size?");
  await dialog.getByRole("button", { name: "Send and open chat" }).click();

  await expect(page).toHaveURL(/\/inbox\?c=/);
  const thread = page.getByTestId("thread");
  await expect(thread.locator('[data-sender="agent"]').filter({ hasText: "Those boots run small" })).toBeVisible();
  await expect(thread.getByText('reached out to the visitor on "Trail boots – Acme Outfitters"')).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/visitors-proactive-inbox.png` });

  await restoreDemoChannel(page, original);
});

async function restoreDemoChannel(page: Page, original: { colour: string; welcome: string; launcher: string }) {
  await page.getByRole("link", { name: "Channels", exact: true }).click();
  await page.getByRole("link", { name: "Edit Website chat" }).click();
  await page.getByLabel("Theme colour", { exact: true }).fill(original.colour);
  await page.getByLabel("Welcome message").fill(original.welcome);
  await page.getByLabel("Launcher text").fill(original.launcher);
  await page.getByRole("button", { name: "Remove https://shop.example.com" }).click();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("All changes saved")).toBeVisible();
}

test("an agent sees Visitors but not channel settings, which answer 403", async ({ page }) => {
  await signIn(page, AGENT);
  await expect(page.getByRole("link", { name: "Visitors", exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "Channels", exact: true })).toHaveCount(0);
  const response = await page.goto("/settings/channels");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Admins only" })).toBeVisible();
});
