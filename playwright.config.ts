import { defineConfig, devices } from "@playwright/test";
import { CHROMIUM_ARGS, resolveChromium } from "./e2e/chromium";

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
const dataDir = `.test-data/e2e-${port}`;

export default defineConfig({
  testDir: "e2e",
  outputDir: `test-results/${port}`,
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: { executablePath: await resolveChromium(), args: CHROMIUM_ARGS },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  // The real start path: embedded Postgres, migrations, demo seed, production build.
  webServer: {
    command: `rm -rf ${dataDir} && tsx dev/start.ts --production`,
    url: `${baseURL}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    // SIGTERM lets the start script stop Next.js and shut PostgreSQL down cleanly.
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
    stdout: "pipe",
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      SWITCHBOARD_DATA_DIR: dataDir,
      EMBEDDED_POSTGRES_PORT: String(port + 20000 + 229),
      MAIL_CAPTURE_PORT: String(port + 1),
      REALTIME_PORT: String(port + 2),
      WORKFLOWS_PORT: String(port + 3),
      // Declares the API channel the inbox tests post customer messages through.
      API_CHANNEL_SECRET: "e2e-api-channel-secret-0123456789abcdef",
    },
  },
});
