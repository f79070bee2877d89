import { expect, test, type Page } from "@playwright/test";
import { AGENT, signIn } from "./helpers";

const SCREENS = "test-results/screens";

/** The demo shop page with its chat open; returns the chat inside the widget iframe. */
async function openChat(page: Page) {
  await page.goto("/demo");
  await expect(page.getByRole("heading", { name: "Gear for every trail" })).toBeVisible();
  await page.getByRole("button", { name: "Chat with us" }).click();
  const chat = page.frameLocator('iframe[title="Chat with us"]');
  await expect(chat.getByRole("heading", { name: "Acme Outfitters" })).toBeVisible();
  return chat;
}

test("a customer gets a streamed, cited answer, asks for a person, chats with an agent and rates the chat", async ({ page, browser }) => {
  test.setTimeout(150_000);
  await page.setViewportSize({ width: 1280, height: 860 });
  const chat = await openChat(page);
  const message = chat.getByRole("textbox", { name: "Message" });
  await expect(message).toBeFocused();

  // A question the knowledge base answers: the answer streams in with its source.
  const firstSend = page.waitForResponse((response) => response.url().includes("/api/widget/messages") && response.request().method() === "POST");
  await message.fill("How long does standard shipping take?");
  await message.press("Enter");
  const conversationId = (await firstSend).headers()["x-switchboard-conversation-id"]!;
  expect(conversationId).toBeTruthy();
  const answer = chat.locator(".msg.from-bot").last();
  await expect(answer).toContainText(/business days/);
  const citation = answer.getByRole("link", { name: /Shipping times and costs/ });
  await expect(citation).toBeVisible();
  expect(await citation.getAttribute("href")).toMatch(/\/help\/acme\/shipping-times-and-costs$/);
  await page.screenshot({ path: `${SCREENS}/widget-desktop.png` });

  // Asking for a person hands off and starts the wait.
  await chat.getByRole("button", { name: "Talk to a person" }).click();
  await expect(chat.getByText("Connecting you to a person")).toBeVisible();
  await expect(chat.locator(".countdown")).toHaveText(/^[0-3]:\d\d$/);
  await page.screenshot({ path: `${SCREENS}/widget-handoff.png` });

  // An agent opens the conversation in the inbox, types and replies.
  const agentContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const agent = await agentContext.newPage();
  await signIn(agent, AGENT);
  await agent.goto(`/inbox?c=${conversationId}`);
  const thread = agent.getByTestId("thread");
  await expect(thread.locator('[data-sender="contact"]').filter({ hasText: "How long does standard shipping take?" })).toBeVisible();
  await expect(agent.getByRole("status").filter({ hasText: "Live" })).toBeVisible();

  const composer = agent.getByTestId("composer");
  await composer.click();
  await composer.pressSequentially("Hi, this is Priya", { delay: 30 });
  await expect(chat.getByText("Priya is typing…")).toBeVisible();
  await composer.pressSequentially(" from Acme. I can help with your order.", { delay: 5 });
  await composer.press("Enter");
  await expect(chat.locator(".msg.from-agent").filter({ hasText: "Hi, this is Priya from Acme" })).toBeVisible();
  await expect(chat.getByText("Connecting you to a person")).toBeHidden();
  await expect(chat.getByText("Priya joined the chat.")).toBeVisible();

  // The customer types too; the agent sees it.
  await message.pressSequentially("Thanks!", { delay: 30 });
  await expect(agent.getByText(/is typing…/)).toBeVisible();
  await message.press("Enter");
  await expect(thread.locator('[data-sender="contact"]').filter({ hasText: "Thanks!" })).toBeVisible();

  // The agent resolves; the customer is asked for a rating and gives five stars.
  await composer.press("Escape");
  await agent.keyboard.press("e");
  await expect(agent.getByTestId("thread-status")).toHaveText("Resolved");
  await expect(chat.getByRole("heading", { name: "How did we do?" })).toBeVisible();
  await chat.getByRole("radio", { name: "5 stars" }).click();
  await chat.getByRole("textbox", { name: "Comment (optional)" }).fill("Fast and friendly.");
  await page.screenshot({ path: `${SCREENS}/widget-rating.png` });
  await chat.getByRole("button", { name: "Send rating" }).click();
  await expect(chat.getByText("Thank you for your feedback!")).toBeVisible();
  await agentContext.close();

  // Escape closes the panel and gives focus back to the launcher.
  await message.focus();
  await page.keyboard.press("Escape");
  const launcher = page.getByRole("button", { name: "Chat with us" });
  await expect(launcher).toHaveAttribute("aria-expanded", "false");
  await expect(launcher).toBeFocused();
});

test("the chat fits a phone and follows the dark colour scheme", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, colorScheme: "dark", hasTouch: true, isMobile: true });
  const page = await context.newPage();
  const chat = await openChat(page);
  const frame = page.locator('iframe[title="Chat with us"]');
  const box = (await frame.boundingBox())!;
  // The panel may still be finishing its opening transition by a fraction of a pixel.
  expect(box.width).toBeCloseTo(390, 0);
  expect(box.height).toBeCloseTo(844, 0);
  await expect(chat.getByRole("button", { name: "Take a photo" })).toBeVisible();
  await expect(chat.getByRole("button", { name: "Record a voice note" })).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/widget-phone-dark.png` });
  await context.close();
});

test("a page on an origin the channel does not allow gets nothing", async ({ page }) => {
  await page.goto("/demo");
  const key = await page.locator("script[data-key]").getAttribute("data-key");
  expect(key).toMatch(/^pk_/);

  const session = await page.request.post("/api/widget/session", { data: { key }, headers: { Origin: "https://evil.example" } });
  expect(session.status()).toBe(403);
  expect((await session.json()).error).toMatch(/https:\/\/evil\.example may not use/);
  const config = await page.request.get(`/api/widget/config?key=${key}`, { headers: { Origin: "https://evil.example" } });
  expect(config.status()).toBe(403);
  const frame = await page.request.get(`/widget/${key}`);
  expect(frame.headers()["content-security-policy"]).toMatch(/frame-ancestors 'self' http:\/\/127\.0\.0\.1:3000 http:\/\/localhost:3000;/);
});
