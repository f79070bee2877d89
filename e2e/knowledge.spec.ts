import path from "node:path";
import { expect, test } from "@playwright/test";
import { ADMIN, signIn } from "./helpers";

const SCREENS = "test-results/screens";
const FIXTURES = path.resolve("tests/fixtures/knowledge");

test.use({ viewport: { width: 1440, height: 900 } });

test("an admin uploads files, edits and publishes articles, and deletes a document", async ({ page, browser }) => {
  // Extraction runs through the workflow executor; the first PDF also loads PDF.js.
  test.setTimeout(120_000);
  await signIn(page, ADMIN);

  await page.getByRole("link", { name: "Knowledge" }).click();
  await expect(page.getByRole("heading", { name: "Knowledge base", level: 1 })).toBeVisible();
  await expect(page.getByTestId("knowledge-row-shipping-times-and-costs")).toContainText("Ready");

  // Upload Markdown, a PDF, a password-protected PDF, Word and HTML in one go.
  await page.getByLabel("Files to upload").setInputFiles([
    path.join(FIXTURES, "gift-wrapping.md"),
    path.join(FIXTURES, "jacket-care.pdf"),
    path.join(FIXTURES, "password-protected.pdf"),
    path.join(FIXTURES, "store-pickup.docx"),
    path.join(FIXTURES, "loyalty-program.html"),
  ]);
  await expect(page.getByRole("progressbar", { name: "Upload of gift-wrapping.md" })).toBeVisible();

  // Each becomes a document that is processed on its own; titles come from the files.
  const markdownRow = page.getByTestId("knowledge-row-gift-wrapping");
  const pdfRow = page.getByTestId("knowledge-row-jacket-care");
  const lockedRow = page.getByTestId("knowledge-row-password-protected");
  await expect(markdownRow).toContainText("Ready", { timeout: 60_000 });
  await expect(markdownRow).toContainText("Gift wrapping");
  await expect(pdfRow).toContainText("Ready", { timeout: 60_000 });
  await expect(pdfRow).toContainText("Care guide for waterproof jackets");
  await expect(lockedRow).toContainText("Failed", { timeout: 60_000 });
  await expect(lockedRow).toContainText("This PDF is password-protected; upload an unlocked copy.");
  await expect(page.getByTestId("knowledge-row-store-pickup")).toContainText("Ready", { timeout: 60_000 });
  await expect(page.getByTestId("knowledge-row-loyalty-program")).toContainText("Ready", { timeout: 60_000 });
  await page.screenshot({ path: `${SCREENS}/knowledge-list.png`, fullPage: true });

  // A renamed archive is refused at once, by name.
  await page.getByLabel("Files to upload").setInputFiles(path.join(FIXTURES, "not-really.pdf"));
  await expect(page.getByRole("list", { name: "Uploads" })).toContainText("“not-really.pdf” is named like a PDF but its content is a ZIP archive");

  // The PDF's extracted text, with its headings.
  await pdfRow.getByRole("link", { name: "Care guide for waterproof jackets" }).click();
  await expect(page.getByRole("heading", { name: "Care guide for waterproof jackets", level: 1 })).toBeVisible();
  const extracted = page.getByRole("region", { name: "Extracted text" });
  await expect(extracted.getByRole("heading", { name: "Restoring water repellency" })).toBeVisible();
  await expect(extracted).toContainText("Never use fabric softener");
  await page.screenshot({ path: `${SCREENS}/knowledge-pdf.png`, fullPage: true });

  // Edit a seeded article: the preview renders it, saving re-indexes it.
  await page.goto("/knowledge");
  await page.getByTestId("knowledge-row-shipping-times-and-costs").getByRole("link").click();
  const editor = page.getByRole("form", { name: "Edit article" });
  const body = editor.getByRole("textbox", { name: "Body" });
  await expect(body).toHaveValue(/# Shipping times and costs/);
  await body.fill(`${await body.inputValue()}\n\n## Gift shipping\n\nGift orders ship in **plain packaging** with no prices inside.`);
  await editor.getByRole("tab", { name: "Preview" }).click();
  await expect(page.getByTestId("article-preview").getByRole("heading", { name: "Gift shipping" })).toBeVisible();
  await expect(page.getByTestId("article-preview").locator("strong", { hasText: "plain packaging" })).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/knowledge-editor-preview.png`, fullPage: true });
  await editor.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Article saved", { exact: true })).toBeVisible();

  // Its public page shows the new section to anyone, signed in or not.
  const visitor = await browser.newContext();
  const publicPage = await visitor.newPage();
  await publicPage.goto("/help/acme/shipping-times-and-costs");
  await expect(publicPage.getByRole("heading", { name: "Shipping times and costs", level: 1 })).toBeVisible();
  await expect(publicPage.getByRole("heading", { name: "Gift shipping" })).toBeVisible();
  await expect(publicPage.getByRole("navigation", { name: "More articles" }).getByRole("link", { name: "Gift wrapping" })).toBeVisible();
  await publicPage.screenshot({ path: `${SCREENS}/help-article.png`, fullPage: true });
  expect((await publicPage.goto("/help/acme/password-protected"))?.status()).toBe(404);
  await visitor.close();

  // Write a new article.
  await page.goto("/knowledge/new");
  const create = page.getByRole("form", { name: "New article" });
  await create.getByLabel("Title").fill("Repairs and alterations");
  await expect(create.getByLabel("Slug")).toHaveValue("repairs-and-alterations");
  await create.getByRole("textbox", { name: "Body" }).fill("# Repairs and alterations\n\nWe hem trousers for free within 30 days of delivery.");
  await create.getByRole("button", { name: "Publish article" }).click();
  await expect(page.getByRole("heading", { name: "Repairs and alterations", level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/\/knowledge\/[a-z0-9]+$/);

  // Delete the uploaded Markdown document, after confirming.
  await page.goto("/knowledge");
  await page.getByRole("button", { name: "Delete Gift wrapping" }).click();
  const confirm = page.getByRole("dialog");
  await expect(confirm).toContainText("Delete “Gift wrapping”?");
  await confirm.getByRole("button", { name: "Delete" }).click();
  await expect(confirm).toBeHidden();
  await expect(markdownRow).toHaveCount(0);
  await expect(page.getByTestId("knowledge-row-repairs-and-alterations")).toContainText("Ready");

  // An image is ready at once and asks for a description; the failed PDF offers a retry.
  await page.getByLabel("Files to upload").setInputFiles(path.join(FIXTURES, "size-chart.png"));
  const imageRow = page.getByTestId("knowledge-row-size-chart");
  await expect(imageRow).toContainText("Ready", { timeout: 60_000 });
  await imageRow.getByRole("link", { name: "Size chart" }).click();
  await expect(page.getByText("Describe this image so the assistant can use it")).toBeVisible();
  await page.getByRole("form", { name: "Image description" }).getByRole("textbox", { name: "Description" }).fill("Size chart for jackets: S fits a 35–37 in chest, M 38–40 in.");
  await page.getByRole("button", { name: "Save description" }).click();
  await expect(page.getByText("Describe this image so the assistant can use it")).toBeHidden();
  await page.screenshot({ path: `${SCREENS}/knowledge-image.png`, fullPage: true });
  await page.goto("/knowledge");
  await lockedRow.getByRole("link", { name: "Password protected" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "This file could not be read" })).toContainText("This PDF is password-protected");
  await expect(page.getByRole("button", { name: "Try again" })).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/knowledge-failed.png`, fullPage: true });
  await page.goto("/knowledge");

  // Files dropped on the zone upload the same way.
  const dropped = await page.evaluateHandle(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(["# Loyalty FAQ\n\nPoints never expire for members."], "loyalty-faq.md", { type: "text/markdown" }));
    return transfer;
  });
  const zone = page.getByTestId("knowledge-drop-zone");
  await zone.dispatchEvent("dragenter", { dataTransfer: dropped });
  await expect(zone).toContainText("Drop to upload");
  await zone.dispatchEvent("drop", { dataTransfer: dropped });
  await expect(page.getByTestId("knowledge-row-loyalty-faq")).toContainText("Ready", { timeout: 60_000 });

  // Dark mode.
  await page.emulateMedia({ colorScheme: "dark" });
  await expect(page.locator("html")).toHaveClass(/dark/);
  await page.screenshot({ path: `${SCREENS}/knowledge-list-dark.png`, fullPage: true });
  await page.goto("/knowledge/new");
  await page.getByRole("form", { name: "New article" }).getByRole("textbox", { name: "Body" }).fill("# Preview in the dark\n\n| Size | Chest |\n| --- | --- |\n| S | 35–37 in |\n\n- one\n- two");
  await page.getByRole("tab", { name: "Preview" }).click();
  await page.screenshot({ path: `${SCREENS}/knowledge-editor-dark.png`, fullPage: true });
});
