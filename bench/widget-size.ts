/**
 * Sizes of the chat widget's browser bundles, as built for production: the loader every
 * page of a customer's site loads (budget 2.5 KB gzip) and the chat app inside the
 * iframe (budget 80 KB gzip). Run: `npm run bench -- widget-size`.
 */
import { buildWidget, widgetAssetSizes, WIDGET_ASSETS } from "@/dev/build-widget";
import { printRow, runWhenExecuted } from "./lib/report";

const BUDGETS_KB: Partial<Record<keyof typeof WIDGET_ASSETS, number>> = { loader: 2.5, app: 80 };

runWhenExecuted(import.meta.url, async () => {
  await buildWidget();
  const sizes = await widgetAssetSizes();
  const widths = [26, 10, 12, 12];
  printRow(["asset", "raw KB", "gzip KB", "budget KB"], widths);
  for (const [name, file] of Object.entries(WIDGET_ASSETS) as [keyof typeof WIDGET_ASSETS, string][]) {
    const size = sizes[name];
    printRow([file, (size.raw / 1024).toFixed(1), (size.gzip / 1024).toFixed(2), BUDGETS_KB[name]?.toFixed(1) ?? "-"], widths);
  }
});
