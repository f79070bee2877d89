import { describe, expect, it } from "vitest";
import { buildWidget, widgetAssetSizes } from "@/dev/build-widget";

describe("widget bundles", () => {
  it("keep the loader within 2.5 KB and the chat app within 80 KB, gzipped", async () => {
    await buildWidget();
    const sizes = await widgetAssetSizes();
    expect(sizes.loader.gzip).toBeLessThanOrEqual(2.5 * 1024);
    expect(sizes.app.gzip).toBeLessThanOrEqual(80 * 1024);
  });
});
