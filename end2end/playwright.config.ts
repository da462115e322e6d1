import { defineConfig } from "@playwright/test";

// The server is started by .ci/test.sh (a fresh SQLite database with the demo loaded) and its
// address passed in SKIFTET_URL. Chromium is Debian's; Playwright never downloads a browser here.
export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: process.env.SKIFTET_URL ?? "http://127.0.0.1:3100",
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: "sv-SE",
    timezoneId: "Europe/Stockholm",
    // The service worker's first install downloads every chunk of the (large, debug) build; the
    // tests of the worker itself allow it (phone.spec.ts), the others run without one.
    serviceWorkers: "block",
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
});
