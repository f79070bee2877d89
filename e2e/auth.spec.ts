import { expect, test } from "@playwright/test";
import { ADMIN, AGENT, signIn } from "./helpers";

test("a signed-out visitor is sent to the login page", async ({ page }) => {
  await page.goto("/settings/users");
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
  await expect(page.getByRole("heading", { name: "Sign in to Switchboard" })).toBeVisible();
});

test("wrong password and unknown email get the same message", async ({ page }) => {
  const messageFor = async (email: string, password: string) => {
    await page.goto("/login");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    const alert = page.getByRole("alert").filter({ hasText: /password/i });
    await expect(alert).toBeVisible();
    return alert.textContent();
  };
  const wrongPassword = await messageFor(ADMIN.email, "not the password");
  const unknownEmail = await messageFor("nobody@acme.test", "not the password");
  expect(wrongPassword).toBe("Incorrect email or password.");
  expect(unknownEmail).toBe(wrongPassword);
  await expect(page).toHaveURL(/\/login/);
});

test("repeated failures are rate-limited with a clear message", async ({ page }) => {
  await page.goto("/login");
  for (let attempt = 0; attempt < 6; attempt++) {
    await page.getByLabel("Email").fill("sam@acme.test");
    await page.getByLabel("Password").fill(`wrong guess ${attempt}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  }
  await expect(page.getByText("Too many failed sign-in attempts. Wait 5 minutes, then try again.")).toBeVisible();
});

test("the admin signs in, adds an agent and sees it listed", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.screenshot({ path: "test-results/screens/overview-light.png", fullPage: true });
  await page.getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("heading", { name: "Users" })).toBeVisible();
  await expect(page.getByTestId(`member-${AGENT.email}`)).toBeVisible();

  await page.getByRole("button", { name: "Add user" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Email").fill("not an email");
  await dialog.getByRole("button", { name: "Add user" }).click();
  await expect(dialog.getByText("Enter a valid email address.")).toBeVisible();
  await dialog.getByLabel("Name").fill("Nora Night");
  await dialog.getByLabel("Email").fill("nora@acme.test");
  await dialog.getByLabel("Initial password").fill("nora-night-shift");
  await dialog.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByText("User added", { exact: true })).toBeVisible();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("member-nora@acme.test")).toContainText("agent");
  await page.screenshot({ path: "test-results/screens/users.png", fullPage: true });
});

test("an agent cannot open admin pages and does not see them", async ({ page }) => {
  await signIn(page, AGENT);
  await expect(page.getByRole("link", { name: "Users" })).toHaveCount(0);
  const response = await page.goto("/settings/users");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Admins only" })).toBeVisible();
});

test("everyone can change their own password", async ({ page }) => {
  await signIn(page, { email: "marco@acme.test", password: AGENT.password });
  await page.goto("/settings/profile");
  await page.getByLabel("Current password").fill("wrong current password");
  await page.getByLabel("New password").fill("marco-new-password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("The current password is not correct.")).toBeVisible();
  await page.getByLabel("Current password").fill(AGENT.password);
  await page.getByLabel("New password").fill("marco-new-password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Password changed", { exact: true })).toBeVisible();
});

test("dark mode renders the signed-in shell", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await signIn(page, ADMIN);
  await expect(page.locator("html")).toHaveClass(/dark/);
  await page.screenshot({ path: "test-results/screens/overview-dark.png", fullPage: true });
});
