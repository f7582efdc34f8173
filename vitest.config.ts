import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["test/fixtures/global-setup.ts"],
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: "fast", include: ["test/unit/**/*.test.ts", "test/integration/**/*.test.ts"], sequence: { groupOrder: 0 } } },
      // Real agent CLIs are heavy: their files run after the others, one at a time.
      {
        extends: true,
        test: { name: "e2e", include: ["test/e2e/**/*.test.ts"], poolOptions: { forks: { singleFork: true } }, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
